/**
 * The CLI across processes on a real redis-server (issue 8 §4): four `accounts import`
 * processes with different files and one `--redis`, run at once against one emulator in a
 * process of its own, measured at the emulator's door (its request log): together ≤ 100 calls
 * to the command in any sliding second, no 60007, every row imported (the rate is printed; the
 * ≥ 90 calls/s target is measured by bench/cli-fleet.ts). And `push send
 * --idempotency-key` from three processes at once: one task, the same TaskId for all.
 *
 * Part of the fleet run (vitest.fleet.config.ts: one file at a time, nothing else on the cores);
 * here rather than in packages/cli/test because it uses the fleet helpers (lib/), which the CLI
 * package's own files may not import. redis-server is started on a free loopback port and
 * stopped by its PID (lib/redis-server.ts).
 */
import { loadavg } from "node:os"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startEmulatorProcess, serveEmulatorHere } from "./lib/emulator-process.ts"
import type { EmulatorProcess } from "./lib/emulator-process.ts"
import { peakIn, rateOf } from "./lib/fleet.ts"
import { FLEET_PRIORITY, prioritize } from "./lib/priority.ts"
import { runImportFleet } from "./lib/cli-imports.ts"
import { redisSkipReason, startRedis } from "./lib/redis-server.ts"
import type { RedisServer } from "./lib/redis-server.ts"
import { ADMIN, baseEnv, cli, SDKAPPID, SECRET, tempDir } from "../../packages/cli/test/process/harness.ts"

const skip = redisSkipReason()
if (skip !== undefined) console.log(skip)

const PROCESSES = 4
const ROWS = 12_000 // per process: 120 requests of 100 accounts each

const tmp = tempDir()
let redis: RedisServer
const stops: Array<() => Promise<void>> = []

describe.skipIf(skip !== undefined)("the CLI on one Redis (real processes, real redis-server)", () => {
  beforeAll(async () => {
    redis = await startRedis()
  }, 60_000)
  afterAll(async () => {
    for (const s of stops.splice(0)) await s()
    await redis?.stop()
    tmp.cleanup()
  })

  const app = { apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: [ADMIN] }] }
  const fleetCli = (args: string[], env = baseEnv()) => cli(args, { env, onSpawn: (child) => prioritize(child.pid, FLEET_PRIORITY) })

  // The throughput of the same run (≥ 90 calls/s is the target) is a figure, not an assertion:
  // bench/cli-fleet.ts prints it against one process's rate measured in the same run.
  it("four imports with different files on one Redis: ≤ 100 calls in any sliding second at the emulator, no 60007, every row imported", async () => {
    const em: EmulatorProcess = await startEmulatorProcess(app)
    stops.push(() => em.stop())
    const { runs, requests, measured } = await runImportFleet({ em, processes: PROCESSES, rows: ROWS, redisUrl: redis.url, dir: tmp.dir })
    for (const r of runs) {
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      const summary = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>
      expect(summary).toMatchObject({ ok: 100 + ROWS, failed: 0, requests: 1 + ROWS / 100 })
    }
    const arrivals = requests.map((r) => r.time)
    console.log(
      `4 CLI imports on one Redis: ${arrivals.length} calls, peak ${peakIn(arrivals, 1000)} in a sliding second, ` +
        `${rateOf(measured).toFixed(1)} calls/s together (load average ${loadavg()[0]!.toFixed(1)})`,
    )
    expect(requests).toHaveLength(PROCESSES * (1 + ROWS / 100))
    expect(requests.filter((r) => r.code !== 0)).toEqual([])
    expect(peakIn(arrivals, 1000)).toBeLessThanOrEqual(100)
  }, 120_000) // 484 calls take 5-7 s at the limit; a loaded machine (load 15) took 16 s and more

  it("push send --idempotency-key from three processes at once: one task, every process reports its TaskId", async () => {
    const em = await serveEmulatorHere(app)
    stops.push(() => em.stop())
    const send = () => fleetCli(["push", "send", "--all", "--text", "nightly digest", "--idempotency-key", "digest-2026-12-03", "--redis", redis.url, "--emulator", em.url, "--json"])
    const runs = await Promise.all([send(), send(), send()])
    const reports = runs.map((r) => {
      expect(r.code).toBe(0)
      return JSON.parse(r.stdout) as { outcome: string; taskId: string; idempotencyKey: string }
    })
    expect((await em.requests({ endpoint: "push" })).length).toBe(1)
    const tasks = await em.tasks()
    expect(tasks).toHaveLength(1)
    for (const report of reports) expect(report).toMatchObject({ outcome: "sent", taskId: tasks[0]!.TaskId, idempotencyKey: "digest-2026-12-03" })
    // A later run with the key, once the first is done: the same TaskId, still nothing sent.
    const later = await send()
    expect(JSON.parse(later.stdout)).toMatchObject({ taskId: tasks[0]!.TaskId })
    expect((await em.requests({ endpoint: "push" })).length).toBe(1)
  }, 60_000)
})
