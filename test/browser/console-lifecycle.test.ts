/**
 * The console's lifecycle views in headless Chromium, against the emulator served on a loopback
 * socket whose callbacks go to `createCallbackHandler` served on a second socket: a push is
 * scheduled, the clock is advanced from the page, the Push tasks tab shows it dispatch and, for
 * the push task it created, the stages of its callbacks, which the receiver verified; the
 * Callbacks tab lists them and sends a test callback the receiver gets. Then, on an emulator with
 * no callbacks option, the form takes the receiver's URL and token, says the token must be
 * configured when it is missing, and never shows it. Screenshots go to .tmp/screenshots/.
 */
import { join } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { formatSchedTime } from "../../src/api/mod.ts"
import { createCallbackHandler } from "../../src/callbacks/mod.ts"
import type { AllMemberPushEvent, CallbackError } from "../../src/callbacks/mod.ts"
import { createClient } from "../../src/client/mod.ts"
import type { PromiseClient } from "../../src/client/mod.ts"
import { createEmulator } from "../../src/emulator/mod.ts"
import type { Emulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"
import type { Served } from "../../src/node/serve.ts"
import type { Browser } from "./lib/chromium.ts"
import { browserSkipReason, launch, SCREENSHOTS } from "./lib/chromium.ts"

const skip = browserSkipReason()
if (skip !== undefined) console.log(skip)

const APP = { sdkAppId: 1400000000, secretKey: "console-lifecycle-test-secret-key-01", admins: ["administrator"] }
const TOKEN = "console-lifecycle-callback-token-7f3a"
const USERS = Array.from({ length: 180 }, (_, i) => `member${String(i).padStart(3, "0")}`)

/** A verifying receiver on its own socket; its clock is the emulator's (callbacks are signed on it). */
const receiverFor = async (clock: () => number) => {
  const received: Array<AllMemberPushEvent> = []
  const rejected: Array<CallbackError> = []
  const served = await serve({
    fetch: createCallbackHandler({
      sdkAppId: APP.sdkAppId,
      token: TOKEN,
      now: () => clock() / 1000,
      onEvents: (events) => {
        for (const e of events) if (e.command === "Push.AllMemberPush") received.push(e)
      },
      onRejected: (e) => rejected.push(e),
    }),
  })
  return { served, received, rejected }
}

let browser: Browser
let em: Emulator
let server: Served
let receiver: Awaited<ReturnType<typeof receiverFor>>
let chat: PromiseClient

const open = async (base: string, view: string): Promise<Page> => {
  const page = await browser.context.newPage()
  const errors: Array<string> = []
  page.on("pageerror", (e) => errors.push(e.message))
  ;(page as Page & { errors?: Array<string> }).errors = errors
  await page.goto(`${base}/__emulator/ui#/${view}`)
  await page.locator("#live", { hasText: "connected" }).waitFor()
  return page
}
const noPageErrors = (page: Page) => expect((page as Page & { errors?: Array<string> }).errors).toEqual([])
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage })

describe.skipIf(skip !== undefined)("the console's lifecycle views in Chromium", () => {
  beforeAll(async () => {
    browser = await launch()
    let clock = () => Date.now()
    receiver = await receiverFor(() => clock())
    em = createEmulator({
      apps: [APP],
      callbacks: { url: `${receiver.served.url}/tencent/callbacks?app=demo`, token: TOKEN },
      pushSimulation: { seed: 5, stageDelaysMs: [1_000, 2_000, 3_000] },
    })
    clock = () => em.now()
    server = await serve(em, { port: 0 })
    chat = createClient({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminId: "administrator", baseUrl: server.url, rateLimits: false, retry: false })
    for (let i = 0; i < USERS.length; i += 100) await chat.importAccounts(USERS.slice(i, i + 100).map((userId) => ({ userId })))
    await chat.addUserTags(USERS.slice(0, 120).map((userId) => ({ userId, tags: ["vip"] })))
  })

  afterAll(async () => {
    await chat?.dispose()
    await browser?.close()
    await server?.close()
    await receiver?.served.close()
  })

  it("shows a scheduled push pending, dispatched once the clock is advanced, and its callbacks' stages as the receiver got them", async () => {
    const { TaskID } = await chat.call("add_sched_task", {
      Sdkappid: APP.sdkAppId, Type: "Tag", SchedAt: formatSchedTime(em.now() + 30 * 60_000),
      Content: { Condition: { TagsAnd: ["vip"] }, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "Sale" } }], OfflinePushInfo: { PushFlag: 0, Title: "Flash sale", Desc: "Starts now" }, DataId: "campaign-9" },
    })
    const page = await open(server.url, "tasks")
    const row = page.locator("#sched-table tbody tr", { hasText: String(TaskID) })
    await row.waitFor()
    expect(await row.textContent()).toContain("pending")
    expect(await row.textContent()).toContain("Flash sale")
    await row.click()
    await page.locator("#task-detail", { hasText: "Scheduled push" }).waitFor()
    expect(await page.locator("#task-detail").textContent()).toMatch(/"TagsAnd": \[\s*"vip"\s*\]/)

    // Advance the clock from the overview, as a person would, past the push's time.
    await page.click("nav a[data-view=overview]")
    await page.locator("#clock-now").waitFor()
    await page.click("text=+1 h")
    await page.locator(".toast", { hasText: "Clock moved" }).waitFor()

    await page.click("nav a[data-view=tasks]")
    const dispatched = page.locator("#sched-table tbody tr", { hasText: String(TaskID) })
    await expect.poll(() => dispatched.textContent(), { timeout: 10_000 }).toContain("dispatched")
    const sched = em.scheduledTask(APP.sdkAppId, TaskID!)!
    expect(sched).toMatchObject({ status: "dispatched", DispatchSuccess: 1, DispatchErr: "" })
    expect(await dispatched.textContent()).toContain(sched.PushTaskID)

    // Open the push task it created: its deliveries, stage by stage, live.
    await dispatched.locator("a.push-link").click()
    const detail = page.locator("#task-detail")
    await detail.locator("#stages-table").waitFor()
    expect(await detail.locator(".audience-size").textContent()).toBe("120")
    const stageRow = (stage: string) => detail.locator("#stages-table tbody tr", { hasText: stage })
    for (const stage of ["sent", "delivered", "clicked"]) {
      await expect.poll(() => stageRow(stage).textContent(), { timeout: 20_000 }).toContain("done")
    }
    await em.callbacks.flush()
    // The receiver answers before it hands events on: wait until it has them all.
    await expect.poll(() => receiver.received.length, { timeout: 5_000 }).toBe(em.callbacks.counters().eventsDelivered)
    expect(receiver.rejected).toEqual([])
    const got = (stage: string) => receiver.received.filter((e) => e.stage === stage && e.taskId === sched.PushTaskID).length
    expect(got("sent")).toBe(120)
    expect(got("delivered")).toBeGreaterThan(0)
    expect(got("clicked")).toBeGreaterThan(0)
    // What the page shows per stage is what the receiver verified.
    for (const stage of ["sent", "delivered", "clicked"]) {
      await expect.poll(async () => (await stageRow(stage).locator("td").nth(4).textContent())?.replace(/,/g, "")).toBe(String(got(stage)))
    }
    expect(await detail.locator("#deliveries-note").textContent()).toMatch(/callback requests? sent for this task/)
    const sample = detail.locator("table", { has: page.locator("th", { hasText: "UserID" }) }).locator("tbody tr")
    expect(await sample.count()).toBeGreaterThan(0)
    const firstUser = (await sample.first().locator("td").first().textContent())!
    expect(receiver.received.some((e) => e.userId === firstUser && e.taskId === sched.PushTaskID)).toBe(true)
    await detail.locator("#task-deliveries").scrollIntoViewIfNeeded()
    await page.evaluate(() => {
      window.scrollTo(0, 0)
      document.getElementById("toasts")?.replaceChildren()
    })
    await shot(page, "push-lifecycle", false)
    noPageErrors(page)
    await page.close()
  })

  it("lists the callbacks sent and sends a test callback to the configured receiver, which gets it", async () => {
    const page = await open(server.url, "callbacks")
    await page.locator("#callback-url").waitFor()
    expect(await page.locator("#callback-receiver").textContent()).toContain("configured (never shown)")
    expect(await page.locator("#callback-url").textContent()).toBe(`${receiver.served.url}/tencent/callbacks?app=demo`)
    const rows = page.locator("#callbacks-table tbody tr")
    await expect.poll(() => rows.count()).toBe(Math.min(50, em.callbacks.deliveries().length))
    await rows.first().click()
    await page.locator("#attempt-detail h2", { hasText: "Callback #" }).waitFor()

    const before = receiver.received.length
    await page.fill("#test-form input[name=userId]", "console-user")
    await page.selectOption("#test-form select[name=stage]", "delivered")
    await page.selectOption("#test-form select[name=platform]", "huawei")
    await page.click("#test-send")
    await page.locator("#test-status", { hasText: "HTTP 200" }).waitFor()
    expect(await page.locator("#test-reply").textContent()).toContain('"ErrorCode":0')
    await expect.poll(() => receiver.received.length).toBe(before + 1)
    expect(receiver.received.at(-1)).toMatchObject({ userId: "console-user", stage: "delivered", platform: "huawei" })
    expect(receiver.rejected).toEqual([])
    expect(await page.content()).not.toContain(TOKEN)
    await shot(page, "callbacks")
    noPageErrors(page)
    await page.close()
  })

  it("without a callbacks option, takes the receiver's URL and token, says the token must be configured, and never shows it", async () => {
    const bare = createEmulator({ apps: [APP] })
    const bareServer = await serve(bare, { port: 0 })
    const other = await receiverFor(() => bare.now())
    try {
      const page = await open(bareServer.url, "callbacks")
      await page.locator("#test-form input[name=url]").waitFor()
      expect(await page.locator("#callback-receiver").textContent()).toContain("No callback URL is configured")
      const url = `${other.served.url}/hook`
      await page.fill("#test-form input[name=url]", url)
      await page.click("#test-send")
      await page.locator("#test-error", { hasText: "token must be configured" }).waitFor()
      expect(other.received).toEqual([])

      await page.fill("#test-form input[name=token]", TOKEN)
      await page.fill("#test-form input[name=userId]", "form-user")
      await page.click("#test-send")
      await page.locator("#test-status", { hasText: "HTTP 200" }).waitFor()
      await expect.poll(() => other.received.length).toBe(1)
      expect(other.received[0]).toMatchObject({ userId: "form-user", stage: "sent" })
      expect(await page.locator("#test-result").textContent()).toContain("Sign=<redacted>")
      expect(await page.content()).not.toContain(TOKEN)
      expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))).not.toContain("lifecycle-callback-token")

      // A wrong token: the receiver's refusal is shown as it answered.
      await page.fill("#test-form input[name=token]", "a-wrong-token")
      await page.click("#test-send")
      await page.locator("#test-status", { hasText: "HTTP 401" }).waitFor()
      expect(other.rejected.map((e) => e.code)).toEqual(["BAD_SIGNATURE"])
      expect(other.received).toHaveLength(1)
      await shot(page, "test-callback")
      noPageErrors(page)
      await page.close()
    } finally {
      await bareServer.close()
      await other.served.close()
    }
  })
})
