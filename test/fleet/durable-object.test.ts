/**
 * A Worker fleet on one Durable Object, in workerd: four caller Workers (four isolates), two
 * concurrent requests each, every request with its own client on
 * `durableObjectStore(env.CHAT_STORE)`, all reaching one `ChatStoreObject` (in-memory Durable
 * Object storage, explicit namespace binding). Measured at the emulator (its own process, over
 * HTTP): ≤ 100 arrivals in any sliding second, ≥ 90 % of the limit, no 60007, both with a client
 * per request and with the Worker pattern (one client at module scope per isolate, shared by its
 * concurrent requests); and idempotency keys pushed by all eight requests at once make exactly
 * one task each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { EmulatorOptions } from "../../src/emulator/mod.ts"
import { startEmulatorProcess } from "./lib/emulator-process.ts"
import { peakIn, rateOf } from "./lib/fleet.ts"
import type { Workerd } from "./lib/workerd.ts"
import { startWorkerd } from "./lib/workerd.ts"
import type { WorkerdJob } from "./workerd/entry.ts"

const SECRET = "7a6b5c4d3e2f10019283746556473829a1b2c3d4e5f60718293a4b5c6d7e8f90"
const CALLERS = 4
const REQUESTS_PER_CALLER = 2

interface CallerAnswer {
  readonly isolate: string
  readonly outcomes: ReadonlyArray<{ readonly ok: boolean; readonly value?: string; readonly tag?: string; readonly kind?: string }>
  readonly sent: ReadonlyArray<number>
  readonly error?: string
}

let workerd: Workerd
const closers: Array<() => Promise<void>> = []
let nextApp = 1400000500

const emulator = async (options: Omit<EmulatorOptions, "apps"> = {}) => {
  const sdkAppId = nextApp++
  const em = await startEmulatorProcess({ ...options, apps: [{ sdkAppId, secretKey: SECRET, admins: ["administrator"] }] })
  closers.push(() => em.stop())
  return { em, client: { sdkAppId, secretKey: SECRET, adminId: "administrator", baseUrl: em.url } }
}

/** Sends `job` as REQUESTS_PER_CALLER concurrent requests to each caller. */
const runEverywhere = async (job: WorkerdJob): Promise<Array<CallerAnswer>> => {
  const answers = await Promise.all(
    Array.from({ length: CALLERS * REQUESTS_PER_CALLER }, (_, i) =>
      fetch(`${workerd.url}/${i % CALLERS}`, { method: "POST", body: JSON.stringify(job) }).then((r) => r.json() as Promise<CallerAnswer>)),
  )
  expect(answers.map((a) => a.error).filter((e) => e !== undefined)).toEqual([])
  return answers
}

describe("a Worker fleet on one Durable Object (workerd), measured at the emulator", () => {
  beforeAll(async () => {
    workerd = await startWorkerd()
    // Warm-up, not measured: the isolates' first requests run cold code (JIT, first connections).
    const { client } = await emulator()
    await runEverywhere({ scenario: "rate", startAt: Date.now() + 300, client, calls: 5, concurrency: 2 })
  }, 120_000)

  afterAll(async () => {
    await workerd?.stop()
    for (const c of closers.splice(0)) await c()
  })

  for (const { name, moduleScope } of [
    { name: "8 requests in 4 isolates", moduleScope: false },
    { name: "the Worker pattern (one module-scope client per isolate), 8 requests in 4 isolates", moduleScope: true },
  ]) {
    it(`${name}: ≤ 100 in any sliding second, ≥ 90 calls/s together, no 60007`, async () => {
      const { em, client } = await emulator()
      const answers = await runEverywhere({ scenario: "rate", startAt: Date.now() + 500, client, calls: 60, concurrency: 8, moduleScope })
      expect(new Set(answers.map((a) => a.isolate)).size).toBe(CALLERS)
      expect(answers.flatMap((a) => a.outcomes).filter((o) => !o.ok)).toEqual([])
      const requests = await em.requests({ endpoint: "get_tag" })
      const arrivals = requests.map((r) => r.time)
      expect(arrivals).toHaveLength(CALLERS * REQUESTS_PER_CALLER * 60)
      expect(requests.filter((r) => r.code === 60007)).toEqual([])
      expect(peakIn(arrivals, 1000)).toBeLessThanOrEqual(100)
      expect(rateOf(arrivals)).toBeGreaterThanOrEqual(90)
    })
  }

  it("idempotencyKey across 8 concurrent requests: one task per key, every request gets its TaskId", async () => {
    // Push spacing scaled down (the emulator's 100 ms, the client's 150 ms) to keep the test short.
    const { em, client } = await emulator({ limits: { pushIntervalMs: 100 } })
    const rateLimits = { buckets: { push: { limit: 1, window: "100 millis" } }, pushSpacing: "150 millis" } as const
    const keys = ["launch", "digest"]
    const answers = await runEverywhere({ scenario: "idempotent", startAt: Date.now() + 500, client: { ...client, rateLimits }, keys })
    const outcomes = answers.flatMap((a) => a.outcomes)
    expect(outcomes.filter((o) => !o.ok)).toEqual([])
    expect(await em.requests({ endpoint: "push" })).toHaveLength(keys.length)
    const tasks = (await em.tasks()).map((t) => t.TaskId).sort()
    expect(new Set(outcomes.map((o) => o.value)).size).toBe(keys.length)
    expect([...new Set(outcomes.map((o) => o.value!))].sort()).toEqual(tasks)
  })
})
