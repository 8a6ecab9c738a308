/**
 * The CLI across processes (issue 8 §4): `accounts import` processes against one emulator in a
 * process of its own, measured at the emulator (its request log), in one run:
 *
 *   1 import, memory store     one process's rate on this machine now: the floor to compare with
 *   4 imports, --redis          the fleet on one redis-server: the target is ≤ 100 in any sliding
 *                               second, no 60007, ≥ 90 calls/s together
 *   4 imports, no --redis       the same without a shared store: each process keeps 100/s alone
 *
 * For each: calls, calls/s together (from the moment every process had its input, see
 * test/fleet/lib/cli-imports.ts), the most arrivals in any sliding second, 60007
 * refusals, and processes that did not exit 0.
 *
 *   node_modules/.bin/node --conditions=@tencent-chat-push/source bench/cli-fleet.ts [rows per process, default 12000]
 *
 * Needs redis-server (apt-get install -y redis-server). Timing on a shared machine: the load
 * average is printed with each row; compare rounds.
 */
import * as fs from "node:fs"
import { loadavg, tmpdir } from "node:os"
import * as path from "node:path"
import { startEmulatorProcess } from "../test/fleet/lib/emulator-process.ts"
import { peakIn, rateOf } from "../test/fleet/lib/fleet.ts"
import { redisSkipReason, startRedis } from "../test/fleet/lib/redis-server.ts"
import { runImportFleet } from "../test/fleet/lib/cli-imports.ts"
import { ADMIN, SDKAPPID, SECRET } from "../packages/cli/test/process/harness.ts"

const rows = Number(process.argv[2] ?? 12_000)
const skip = redisSkipReason()
if (skip !== undefined) {
  console.log(skip.replace("tests", "benchmark"))
  process.exit(0)
}
const redis = await startRedis()
const dir = fs.mkdtempSync(path.join(tmpdir(), "cli-fleet-"))
try {
  console.log(`| run | calls | calls/s together | peak in a sliding second | 60007 | failed processes | load average |`)
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`)
  for (const [name, processes, redisUrl] of [["1 import, memory store", 1, undefined], ["4 imports, --redis", 4, redis.url], ["4 imports, no --redis", 4, undefined]] as const) {
    const em = await startEmulatorProcess({ apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: [ADMIN] }] })
    try {
      const { runs, requests, measured } = await runImportFleet({ em, processes, rows, redisUrl, dir })
      const arrivals = requests.map((r) => r.time)
      const refused = requests.filter((r) => r.code === 60007).length
      console.log(
        `| ${name} | ${requests.length} | ${rateOf(measured).toFixed(1)} | ${peakIn(arrivals, 1000)} | ${refused} | ${runs.filter((r) => r.code !== 0).length} | ${loadavg()[0]!.toFixed(1)} |`,
      )
    } finally {
      await em.stop()
    }
  }
} finally {
  await redis.stop()
  fs.rmSync(dir, { recursive: true, force: true })
}
