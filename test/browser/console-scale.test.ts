/**
 * The console at scale, in Chromium: an app of 1,000,000 accounts (a generated state, imported)
 * and a full 100,000-entry request log. The page stays usable because everything is paged and
 * filtered on the server: it receives one page of calls and one page of accounts, never the
 * whole log or app (asserted on the bytes the page received, not on time).
 */
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { endpointKeys, pathOf } from "../../src/api/mod.ts"
import { createEmulator } from "../../src/emulator/mod.ts"
import type { AccountSnapshot, Emulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"
import type { Served } from "../../src/node/serve.ts"
import type { Browser } from "./lib/chromium.ts"
import { browserSkipReason, launch, SCREENSHOTS } from "./lib/chromium.ts"

// console.test.ts prints the one skip line for the browser part.
const skip = browserSkipReason()

const APP = { sdkAppId: 1400000000, secretKey: "console-scale-test-secret-key-0001", admins: ["administrator"] }
const ACCOUNTS = 1_000_000
const LOG = 100_000

let em: Emulator
let server: Served
let browser: Browser

/** Fills the log with calls refused before their body is read, so each Request can be reused. */
const fillLog = async () => {
  const requests: Array<Request> = []
  for (const key of endpointKeys) {
    const path = pathOf(key, "timpush")
    requests.push(new Request(`http://emulator.test/${path}?identifier=administrator`, { method: "POST", body: "{}" })) // 60012
    requests.push(new Request(`http://emulator.test/${path}?sdkappid=1400000009&identifier=a&usersig=x&random=1&contenttype=json`, { method: "POST", body: "{}" })) // 70020
    requests.push(new Request(`http://emulator.test/${path}?sdkappid=${APP.sdkAppId}&identifier=a&usersig=&random=1&contenttype=json`, { method: "POST", body: "{}" })) // 70002
  }
  for (let i = 0; i < LOG; i++) await (await em.fetch(requests[i % requests.length]!)).body?.cancel()
}

const generatedState = () => {
  const accounts: Array<AccountSnapshot> = new Array(ACCOUNTS)
  for (let i = 0; i < ACCOUNTS; i++) {
    accounts[i] = { UserID: `user-${i}`, importedAt: 1767585600000, ...(i % 1000 === 7 ? { tags: ["vip"], attrs: { city: "Shenzhen" } } : {}) }
  }
  return {
    version: 1 as const,
    apps: [{ sdkAppId: APP.sdkAppId, attrNames: { "0": "city" }, attrTypes: {}, accounts, tasks: [], taskCounter: 0, pushDay: 0, pushesToday: 0 }],
  }
}

/** A page on `#/view` that counts the bytes of every answer it receives. */
const open = async (view: string): Promise<{ page: Page; received: () => Promise<number> }> => {
  const page = await browser.context.newPage()
  let bytes = 0
  const reads: Array<Promise<void>> = []
  page.on("response", (r) => {
    reads.push(r.body().then((b) => void (bytes += b.byteLength), () => {}))
  })
  await page.goto(`${server.url}/__emulator/ui#/${view}`)
  await page.locator("#live", { hasText: "connected" }).waitFor()
  return { page, received: async () => (await Promise.all(reads), bytes) }
}

describe.skipIf(skip !== undefined)("the console with 1,000,000 accounts and a 100,000-entry log", () => {
  beforeAll(async () => {
    em = createEmulator({ apps: [APP] })
    em.importState(generatedState())
    await fillLog()
    server = await serve(em, { port: 0 })
    browser = await launch()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it("pages the request log: one page of 100, filtered and counted on the server", async () => {
    expect(em.countRequests()).toBe(LOG)
    const { page, received } = await open("requests")
    await expect.poll(() => page.locator("#requests-count").textContent()).toBe("100,000 matching · 100,000 in the log")
    expect(await page.locator("#requests-table tbody tr").count()).toBe(100)
    await page.fill('input[name="code"]', "70020")
    await page.press('input[name="code"]', "Enter")
    const want = em.countRequests({ code: 70020 })
    await expect.poll(() => page.locator("#requests-count").textContent()).toBe(`${want.toLocaleString("en-US")} matching · 100,000 in the log`)
    await page.selectOption('select[name="endpoint"]', "push")
    const both = em.countRequests({ code: 70020, endpoint: "push" })
    await expect.poll(() => page.locator("#requests-count").textContent()).toBe(`${both.toLocaleString("en-US")} matching · 100,000 in the log`)
    const rows = await page.locator("#requests-table tbody tr td:nth-child(3)").allTextContents()
    expect(rows.length).toBe(Math.min(100, both))
    expect(new Set(rows)).toEqual(new Set(["push"]))
    await page.click("text=Load older")
    await expect.poll(() => page.locator("#requests-table tbody tr").count()).toBe(Math.min(200, both))
    await page.screenshot({ path: `${SCREENSHOTS}/console-scale-requests.png` })
    // The whole log as JSON is over 10 MB; the page got a few pages of it.
    expect(await received()).toBeLessThan(1024 * 1024)
    await page.close()
  })

  it("pages and searches a million accounts without shipping them", async () => {
    const { page, received } = await open("accounts")
    await expect.poll(() => page.locator("#accounts-count").textContent()).toBe("1,000,000 accounts · 50 shown")
    expect(await page.locator("#accounts-table tbody tr").count()).toBe(50)
    await page.fill('input[name="q"]', "user-999999")
    await page.press('input[name="q"]', "Enter")
    const first = page.locator("#accounts-table tbody tr").first()
    await expect.poll(() => first.textContent()).toContain("user-999999")
    await page.fill('input[name="q"]', "tag:vip")
    await page.press('input[name="q"]', "Enter")
    await expect.poll(() => page.locator("#accounts-table tbody tr").count()).toBe(50)
    expect(await page.locator("#accounts-table tbody tr td:first-child").first().textContent()).toBe("user-7")
    await page.click("text=More")
    await expect.poll(() => page.locator("#accounts-table tbody tr").count()).toBe(100)
    await page.locator("#accounts-table tbody tr", { hasText: "user-99007" }).click()
    await page.locator("#account-detail .account-tags").waitFor()
    expect(await page.locator("#account-detail").textContent()).toContain("Shenzhen")
    await page.screenshot({ path: `${SCREENSHOTS}/console-scale-accounts.png` })
    expect(await received()).toBeLessThan(1024 * 1024)
    await page.close()
  })

  it("shows the overview of the big app", async () => {
    const { page } = await open("overview")
    const row = page.locator("table tbody tr", { hasText: String(APP.sdkAppId) }).first()
    await expect.poll(() => row.textContent()).toContain("1,000,000")
    await page.close()
  })
})
