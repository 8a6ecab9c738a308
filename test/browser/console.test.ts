/**
 * The console in a real browser (headless Chromium), driven as a person would: the emulator is
 * served on a free loopback port, a client runs a push workflow against it, and the page shows
 * the calls live, filters them, opens a task and its audience, advances the clock, scripts a
 * fault that the next call meets, and exports, resets and re-imports the state. A screenshot of
 * each view is written to .tmp/screenshots/ for review.
 */
import { readFileSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { pathOf } from "../../src/api/mod.ts"
import { ChatApiError, createClient } from "../../src/client/mod.ts"
import type { PromiseClient } from "../../src/client/mod.ts"
import { createEmulator } from "../../src/emulator/mod.ts"
import type { Emulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"
import type { Served } from "../../src/node/serve.ts"
import { genUserSig } from "../../src/usersig/mod.ts"
import type { Browser } from "./lib/chromium.ts"
import { browserSkipReason, launch, SCREENSHOTS } from "./lib/chromium.ts"

const skip = browserSkipReason()
if (skip !== undefined) console.log(skip)

const APP = { sdkAppId: 1400000000, secretKey: "console-browser-test-secret-key-0001", admins: ["administrator"] }
const OTHER = { sdkAppId: 1400000001, secretKey: "console-browser-test-secret-key-0002", admins: ["administrator"] }

let em: Emulator
let server: Served
let browser: Browser
let chat: PromiseClient
let taskId = ""

/** A page on `#/view`, once the console has loaded its overview. */
const open = async (view: string): Promise<Page> => {
  const page = await browser.context.newPage()
  const errors: Array<string> = []
  page.on("pageerror", (e) => errors.push(e.message))
  ;(page as Page & { errors?: Array<string> }).errors = errors
  await page.goto(`${server.url}/__emulator/ui#/${view}`)
  await page.locator("#live", { hasText: "connected" }).waitFor()
  return page
}

/** The monitor's rows for one endpoint (its cell, exactly: "timpush" in every row contains "push"). */
const rowsOf = (page: Page, endpoint: string) =>
  page.locator("#requests-table tbody tr").filter({ has: page.locator("td:nth-child(3) code", { hasText: new RegExp(`^${endpoint}$`) }) })

const noPageErrors = (page: Page) => expect((page as Page & { errors?: Array<string> }).errors).toEqual([])

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`) })

/** A hand-made REST call (the client would refuse a bad body before sending it). */
const rawCall = (key: "add_tag", body: unknown) => {
  const sig = genUserSig({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, userId: "administrator" })
  return fetch(`${server.url}/${pathOf(key, "timpush")}?sdkappid=${APP.sdkAppId}&identifier=administrator&usersig=${sig}&random=1&contenttype=json`, {
    method: "POST",
    body: JSON.stringify(body),
  })
}

describe.skipIf(skip !== undefined)("the console in Chromium", () => {
  beforeAll(async () => {
    em = createEmulator({ apps: [APP, OTHER] })
    server = await serve(em, { port: 0 })
    browser = await launch()
    chat = createClient({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminId: "administrator", baseUrl: server.url })
  })

  afterAll(async () => {
    await chat?.dispose()
    await browser?.close()
    await server?.close()
  })

  it("shows a client's calls live in the requests monitor, and one call's bodies with the usersig redacted", async () => {
    const page = await open("requests")
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true))
    await chat.setAttrNames({ "0": "city", "1": "plan" })
    await chat.importAccounts(Array.from({ length: 30 }, (_, i) => ({ userId: `user-${i}`, nick: `User ${i}` })))
    await chat.addUserTags(Array.from({ length: 20 }, (_, i) => ({ userId: `user-${i}`, tags: i % 4 === 0 ? ["vip", "churned"] : ["vip"] })))
    await chat.setUserAttrs([{ userId: "user-1", attrs: { city: "Shenzhen", plan: "pro" } }])
    const push = await chat.push({
      condition: { tagsAnd: ["vip"], tagsNot: ["churned"] },
      message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "Sale starts now" } }],
      offlinePush: { Title: "Sale", Desc: "Sale starts now" },
    })
    taskId = push.taskId
    const pushRow = rowsOf(page, "push").first()
    await pushRow.waitFor()
    // The rows came in without a reload of the page.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
    const endpoints = await page.locator("#requests-table tbody tr td:nth-child(3)").allTextContents()
    expect(endpoints).toEqual(expect.arrayContaining(["set_attr_name", "multiaccount_import", "add_tag", "set_attr", "push"]))
    await expect.poll(() => page.locator("#requests-count").textContent()).toContain(`${em.countRequests()} matching`)

    await pushRow.click()
    const detail = page.locator("#request-detail")
    await detail.locator("pre.query").waitFor()
    expect(await detail.locator("pre.query").textContent()).toContain("usersig=<redacted>")
    const shown = (await detail.textContent()) ?? ""
    expect(shown).toContain("Sale starts now")
    expect(shown).toContain(taskId)
    const sig = genUserSig({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, userId: "administrator" })
    expect(await page.content()).not.toContain(sig.slice(0, 20))
    expect(await page.content()).not.toContain(APP.secretKey)
    await shot(page, "requests")
    noPageErrors(page)
    await page.close()
  })

  it("filters the monitor by endpoint and by ErrorCode on the server", async () => {
    const bad = await rawCall("add_tag", { UserTags: [{ To_Account: "user-1", Tags: [""] }] })
    expect((await bad.json()).ErrorCode).toBe(90040)
    const page = await open("requests")
    await page.locator("#requests-table tbody tr").first().waitFor()
    await page.selectOption('select[name="endpoint"]', "add_tag")
    await expect.poll(async () => new Set(await page.locator("#requests-table tbody tr td:nth-child(3)").allTextContents())).toEqual(new Set(["add_tag"]))
    await page.fill('input[name="code"]', "90040")
    await page.press('input[name="code"]', "Enter")
    await expect.poll(() => page.locator("#requests-table tbody tr").count()).toBe(1)
    expect(await page.locator("#requests-table tbody tr td:nth-child(6)").textContent()).toBe("90040")
    expect(await page.locator("#requests-count").textContent()).toContain("1 matching")
    await page.click("text=Clear filters")
    await expect.poll(() => page.locator("#requests-table tbody tr").count()).toBe(em.countRequests())
    noPageErrors(page)
    await page.close()
  })

  it("opens a push task with its audience in words, its size and a recipient sample", async () => {
    const page = await open("tasks")
    const row = page.locator("#tasks-table tbody tr").first()
    await row.waitFor()
    expect(await row.textContent()).toContain('has tag "vip" and does not have tag "churned"')
    await row.click()
    const detail = page.locator("#task-detail")
    await detail.locator(".audience-size").waitFor()
    const task = em.task(taskId)!
    expect(task.audienceSize).toBe(15)
    expect(await detail.locator(".audience-size").textContent()).toBe("15")
    expect(await detail.locator(".audience").textContent()).toBe('has tag "vip" and does not have tag "churned"')
    const sample = await detail.locator(".recipients .chip").allTextContents()
    expect(sample).toEqual([...task.recipientSample])
    expect(sample).not.toContain("user-0") // churned
    expect(await detail.textContent()).toContain("recallable")
    await shot(page, "tasks")
    noPageErrors(page)
    await page.close()
  })

  it("advances the emulator clock from the overview", async () => {
    const page = await open("overview")
    await page.locator("#clock-now").waitFor()
    const before = em.now()
    await page.click("text=+1 h")
    await page.locator(".toast", { hasText: "Clock moved" }).waitFor()
    const after = em.now()
    expect(after - before).toBeGreaterThanOrEqual(3600_000)
    expect(after - before).toBeLessThan(3600_000 + 60_000)
    const shown = Date.parse(`${((await page.locator("#clock-now").textContent()) ?? "").replace(" UTC", "Z").replace(" ", "T")}`)
    expect(shown - before).toBeGreaterThanOrEqual(3600_000)
    // The quota shown is today's (the day may have turned: it ends at midnight Beijing time).
    const overview = (await (await fetch(`${server.url}/__emulator/ui/api/overview`)).json()) as { apps: Array<{ push: { usedToday: number } }> }
    const quota = page.locator("table tbody tr", { hasText: String(APP.sdkAppId) }).first()
    await expect.poll(() => quota.textContent()).toContain(`${overview.apps[0]!.push.usedToday} / 100`)
    await shot(page, "overview")
    noPageErrors(page)
    await page.close()
  })

  it("finds accounts by tag and shows one account's attributes and tags", async () => {
    const page = await open("accounts")
    await page.locator("#accounts-table tbody tr").first().waitFor()
    expect(await page.locator("#attr-names").textContent()).toContain("0: city")
    await page.fill('input[name="q"]', "tag:churned")
    await page.press('input[name="q"]', "Enter")
    await expect.poll(() => page.locator("#accounts-table tbody tr").count()).toBe(5)
    await page.fill('input[name="q"]', "user-1")
    await page.press('input[name="q"]', "Enter")
    const first = page.locator("#accounts-table tbody tr").first()
    await expect.poll(() => first.textContent()).toContain("user-1")
    await first.click()
    const detail = page.locator("#account-detail")
    await detail.locator(".account-tags").waitFor()
    expect(await detail.textContent()).toContain("Shenzhen")
    expect(await detail.locator(".account-tags .chip").allTextContents()).toEqual(["vip"])
    await shot(page, "accounts")
    noPageErrors(page)
    await page.close()
  })

  it("scripts a fault that the next call meets, then turns faults off", async () => {
    const page = await open("faults")
    await page.selectOption('select[name="endpoint"]', "push")
    await page.selectOption('select[name="step"]', "error-91000")
    await page.click("#script-add")
    await page.locator("#faults-state", { hasText: "push" }).waitFor()
    expect(em.faults.pending()).toEqual({ push: 1 })
    await shot(page, "faults")
    em.advanceClock(2000) // push spacing
    const failed = await chat
      .push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "x" } }], offlinePush: { Title: "t", Desc: "d" } })
      .then(() => undefined, (e: unknown) => e)
    expect(failed).toBeInstanceOf(ChatApiError)
    expect((failed as ChatApiError).code).toBe(91000)
    await page.locator("#faults-badge", { hasText: "faults off" }).waitFor()

    await page.fill('input[name="rate"]', "0.5")
    await page.click("#random-apply")
    await page.locator("#faults-badge", { hasText: "faults on" }).waitFor()
    await page.click("#faults-off")
    await page.locator("#faults-badge", { hasText: "faults off" }).waitFor()
    const monitor = await open("requests")
    await monitor.selectOption('select[name="fault"]', "error-91000")
    await expect.poll(() => monitor.locator("#requests-table tbody tr").count()).toBe(1)
    expect(await rowsOf(monitor, "push").count()).toBe(1)
    expect(await monitor.locator("#requests-table tbody tr td:nth-child(7)").textContent()).toBe("error-91000")
    noPageErrors(page)
    noPageErrors(monitor)
    await monitor.close()
    await page.close()
  })

  it("exports the state to a file, resets after a confirmation, and imports the file back", async () => {
    const accounts = em.accountCount(APP.sdkAppId)
    const tasks = em.tasks().length
    const page = await open("state")
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#state-export")])
    const file = join(SCREENSHOTS, `state-export.${download.suggestedFilename().split(".").pop()}`)
    await download.saveAs(file)
    expect(readFileSync(file, "utf8")).toContain("user-29")
    expect(readFileSync(file, "utf8")).not.toContain(APP.secretKey)

    await page.click("#state-reset")
    await page.locator("dialog button", { hasText: "Cancel" }).click()
    expect(em.accountCount(APP.sdkAppId)).toBe(accounts) // cancelled: nothing happened
    await page.click("#state-reset")
    await page.locator("dialog button", { hasText: "Reset" }).click()
    await page.locator(".toast", { hasText: "Emulator reset" }).waitFor()
    expect(em.accountCount(APP.sdkAppId)).toBe(0)
    expect(em.tasks()).toEqual([])

    await page.setInputFiles('input[name="state-file"]', file)
    await page.click("#state-import")
    await page.locator("dialog button", { hasText: "Import" }).click()
    await page.locator("#state-result", { hasText: "Imported" }).waitFor()
    expect(em.accountCount(APP.sdkAppId)).toBe(accounts)
    expect(em.tasks().map((t) => t.TaskId)).toHaveLength(tasks)
    expect(em.task(taskId)?.audienceSize).toBe(15)
    await shot(page, "state")
    noPageErrors(page)
    await page.close()
  })
})

describe.skipIf(skip !== undefined)("the console under the inspection API's access rules, in Chromium", () => {
  const TOKEN = "console-browser-token-0123456789"
  let guarded: Emulator
  let guardedServer: Served
  let foreign: ReturnType<typeof createServer>
  let foreignUrl = ""

  beforeAll(async () => {
    guarded = createEmulator({ apps: [APP], inspection: { token: TOKEN } })
    guarded.importState({ version: 1, apps: [{ sdkAppId: APP.sdkAppId, attrNames: {}, attrTypes: {}, accounts: [{ UserID: "kept", importedAt: 0 }], tasks: [], taskCounter: 0, pushDay: 0, pushesToday: 0 }] })
    guardedServer = await serve(guarded, { port: 0 })
    browser = await launch()
    // Another origin on this machine: a page that tries to read and to drive the emulator.
    foreign = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" })
      res.end(`<!doctype html><title>foreign</title><iframe src="${guardedServer.url}/__emulator/ui"></iframe><script>
        window.results = {};
        fetch("${guardedServer.url}/__emulator/ui/api/overview", { headers: { authorization: "Bearer ${TOKEN}" } })
          .then(function (r) { window.results.read = "read " + r.status; }, function () { window.results.read = "blocked"; });
        fetch("${guardedServer.url}/__emulator/reset", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: "{}" })
          .then(function () { window.results.reset = "sent"; }, function () { window.results.reset = "blocked"; });
      </script>`)
    })
    await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve))
    foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`
  })

  afterAll(async () => {
    // The browser first: its keep-alive connections would hold the servers' close().
    await browser?.close()
    await guardedServer?.close()
    foreign?.closeAllConnections()
    await new Promise<void>((resolve) => (foreign ? foreign.close(() => resolve()) : resolve()))
  })

  it("asks for the token, then works; a #token= link skips the prompt and leaves the address bar", async () => {
    const page = await browser.context.newPage()
    await page.goto(`${guardedServer.url}/__emulator/ui#/overview`)
    const input = page.locator('dialog input[type="password"]')
    await input.waitFor()
    await input.fill(TOKEN)
    await page.locator("dialog button", { hasText: "Use token" }).click()
    await page.locator("table tbody tr", { hasText: String(APP.sdkAppId) }).first().waitFor()
    await page.close()

    const linked = await browser.context.newPage()
    await linked.goto(`${guardedServer.url}/__emulator/ui#token=${encodeURIComponent(TOKEN)}`)
    await linked.locator("table tbody tr", { hasText: String(APP.sdkAppId) }).first().waitFor()
    expect(linked.url()).not.toContain(TOKEN)
    expect(await linked.locator("dialog[open]").count()).toBe(0)
    await linked.close()
  })

  it("a page of another origin can neither read the console's data, nor reset, nor frame the console", async () => {
    const page = await browser.context.newPage()
    await page.goto(foreignUrl)
    await expect.poll(() => page.evaluate(() => JSON.stringify((window as unknown as { results: object }).results))).toMatch(/"read":"blocked".*"reset"|"reset".*"read":"blocked"/)
    expect(guarded.accountCount(APP.sdkAppId)).toBe(1)
    const frame = page.frames().find((f) => f !== page.mainFrame())
    expect(frame).toBeDefined()
    expect(await frame!.locator("#nav").count()).toBe(0)
    await page.close()
  })
})
