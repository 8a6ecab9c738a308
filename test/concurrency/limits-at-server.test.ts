/**
 * One process keeps Tencent's per-command limit where it counts: at the server's door. The
 * emulator runs in a process of its own (emulator-process.ts), served over HTTP by the node:http
 * bridge, and its request log is the judge: every request's arrival time and whether it was
 * refused with 60007 (more than 100 calls to a command in a sliding second).
 *
 * Measured before the arrival guard: 20,000 concurrent single-account `addUserTags` (the
 * coalescing path) reached the emulator up to 840 ms after `fetch()` and bunched, up to 111–112
 * arrivals in a sliding second, and 11–12 of 212 requests were refused. These are behaviour
 * assertions on the server's log (what arrived, what was refused, at what rate), not timing
 * assertions on the client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createClient } from "../../src/client/mod.ts"
import type { EmulatorProcess } from "./emulator-process.ts"
import { peakInWindow, ratePerSecond, startEmulatorProcess } from "./emulator-process.ts"

const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", admins: ["administrator"] }
const N = 20_000

describe("one process, measured at the server: ≤ 100 arrivals per command in any sliding second, no 60007, ≥ 90 % of the limit", () => {
  let em: EmulatorProcess
  beforeAll(async () => {
    em = await startEmulatorProcess({ apps: [APP] })
  }, 30_000)
  afterAll(async () => {
    await em?.stop()
  })

  const client = () => createClient({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminId: "administrator", baseUrl: em.url })

  const judge = async (endpoint: string, requests: number) => {
    const log = await em.requests(endpoint)
    const times = log.map((r) => r.time)
    expect(log.filter((r) => r.code === 60007).length).toBe(0)
    expect(log.length).toBe(requests)
    expect(peakInWindow(times)).toBeLessThanOrEqual(100)
    expect(ratePerSecond(times)).toBeGreaterThanOrEqual(90)
  }

  it(`the coalescing path: ${N} concurrent single-account addUserTags over HTTP`, async () => {
    await em.clearRequests()
    const chat = client()
    const results = await Promise.all(Array.from({ length: N }, (_, i) => chat.addUserTags([{ userId: `c${i}`, tags: ["seen"] }])))
    await chat.dispose()
    // Every call answered per account (the accounts were never imported: 70107 each, a result).
    expect(results.every((r) => r.results.length === 1 && r.results[0]!.userId.startsWith("c"))).toBe(true)
    await judge("add_tag", N / 100)
  }, 120_000)

  it(`the bulk path: removeUserTags for ${N} accounts in one call`, async () => {
    await em.clearRequests()
    const chat = client()
    const r = await chat.removeUserTags(Array.from({ length: N }, (_, i) => ({ userId: `b${i}`, tags: ["seen"] })))
    await chat.dispose()
    expect(r.results.length).toBe(N)
    await judge("remove_tag", N / 100)
  }, 120_000)
})
