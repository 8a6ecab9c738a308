/**
 * One process keeps Tencent's per-command limit where it counts: at the server's door.
 * `npm run test:limits` (a part of `npm test` of its own, so no other test shares the machine's
 * cores with it).
 *
 * The emulator runs in a process of its own (emulator-process.ts), served over HTTP by the
 * node:http bridge, and its request log is the judge: each request's arrival time, and whether it
 * was refused with 60007 (more than 100 calls to a command in a sliding second). One client, two
 * paths, 20,000 calls each:
 *
 * - the coalescing path: 20,000 concurrent single-account `addUserTags` (200 requests);
 * - the bulk path: one `removeUserTags` of 20,000 accounts (200 requests).
 *
 * Each must show at most 100 arrivals in any sliding second, no 60007, and at least 90 calls/s
 * between the first and the last arrival (90 % of the limit). Measured before the arrival guard:
 * the coalescing path reached the emulator bunched, 111–112 arrivals in a sliding second, and
 * 11–12 of 212 requests were refused. These are assertions on the server's log (what arrived,
 * what was refused, at what rate), not timing assertions on the client. Exits 1 on a failure.
 */
import { loadavg } from "node:os"
import { createClient } from "../../src/client/mod.ts"
import { peakInWindow, ratePerSecond, startEmulatorProcess } from "./emulator-process.ts"

const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", admins: ["administrator"] }
const N = 20_000
const LIMIT = 100

const em = await startEmulatorProcess({ apps: [APP] })
const failures: Array<string> = []
try {
  console.log(`one process, measured at the emulator (its own process, over HTTP); load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`)
  const client = () => createClient({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminId: "administrator", baseUrl: em.url })
  const paths: ReadonlyArray<{ name: string; endpoint: string; run: () => Promise<number> }> = [
    {
      name: `coalescing path: ${N} concurrent single-account addUserTags`,
      endpoint: "add_tag",
      run: async () => {
        const chat = client()
        const rs = await Promise.all(Array.from({ length: N }, (_, i) => chat.addUserTags([{ userId: `c${i}`, tags: ["seen"] }])))
        await chat.dispose()
        return rs.filter((r) => r.results.length === 1).length
      },
    },
    {
      name: `bulk path: one removeUserTags of ${N} accounts`,
      endpoint: "remove_tag",
      run: async () => {
        const chat = client()
        const r = await chat.removeUserTags(Array.from({ length: N }, (_, i) => ({ userId: `b${i}`, tags: ["seen"] })))
        await chat.dispose()
        return r.results.length
      },
    },
  ]
  // Warm-up on another command (its own rate window): the measured runs should not pay for the
  // JIT compiling the client, which a long-running service has done long before.
  const warm = client()
  await Promise.all(Array.from({ length: 2_000 }, (_, i) => warm.getUserTags([`w${i}`])))
  await warm.checkAccounts(Array.from({ length: 2_000 }, (_, i) => `w${i}`))
  await warm.dispose()
  for (const path of paths) {
    await em.clearRequests()
    const answered = await path.run()
    const log = await em.requests(path.endpoint)
    const times = log.map((r) => r.time)
    const refused = log.filter((r) => r.code === 60007).length
    const peak = peakInWindow(times)
    const rate = ratePerSecond(times)
    console.log(`  ${path.name}: ${log.length} requests, ${rate.toFixed(1)} calls/s (${(rate / LIMIT).toFixed(2)}× the limit), peak ${peak} in a sliding second, ${refused} refused with 60007, ${answered} of ${N} calls answered per account`)
    const check = (ok: boolean, what: string) => {
      if (!ok) failures.push(`${path.name}: ${what}`)
    }
    check(answered === N, `${N - answered} calls not answered per account`)
    check(log.length === N / 100, `${log.length} requests reached the emulator, expected ${N / 100}`)
    check(refused === 0, `${refused} requests refused with 60007`)
    check(peak <= LIMIT, `${peak} arrivals in one sliding second (limit ${LIMIT})`)
    check(rate >= 0.9 * LIMIT, `${rate.toFixed(1)} calls/s, below 90 % of the limit`)
    await new Promise((r) => setTimeout(r, 1_100)) // the emulator's window empties between paths
  }
} finally {
  await em.stop()
}
if (failures.length > 0) {
  console.log(`FAIL\n${failures.map((f) => `  ${f}`).join("\n")}`)
  process.exit(1)
}
console.log("PASS: at most 100 arrivals per command in any sliding second, no 60007, at least 90 % of the limit")
