/**
 * A fleet on a real Redis: four processes (worker.ts) with the Redis store from a URL, one
 * emulator served over HTTP, and every limit measured where it counts, at the emulator's door:
 * per-command rate (≤ 100 in any sliding second, ≥ 90 % of it), batch, push spacing and the daily
 * quota, recall spacing, and idempotency keys (exactly one task per key, an unknown outcome
 * replayed, never resent). The built-in client (`redisStoreFromUrl`) on Node, Bun and Deno at
 * once: one push per idempotency key across the three runtimes. Then Redis is killed mid-run, is
 * unreachable, and stalls: every call fails with `ChatRateLimitError { kind: "store" }` in bounded
 * time and nothing more is sent.
 *
 * First, the store suite (test/unit/client/store-conformance.ts) on the real server: the Lua
 * scripts keep the same contract as the in-memory store and the Durable Object.
 *
 * Push, recall and quota scenarios use shorter intervals than Tencent's (same code, scaled time)
 * so the file stays within a few seconds each. Each scenario uses its own SDKAppID, so the keys
 * one leaves in Redis cannot affect another.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ChatRateLimitError, createClient } from "../../src/client/mod.ts"
import type { ClientOptions } from "../../src/client/mod.ts"
import type { EmulatorOptions } from "../../src/emulator/mod.ts"
import { redisStoreFromUrl } from "../../src/node/redis.ts"
import { storeConformance } from "../unit/client/store-conformance.ts"
import { fileURLToPath } from "node:url"
import { execFile } from "node:child_process"
import { createServer } from "node:net"
import type { AddressInfo, Socket } from "node:net"
import { serveEmulatorHere, startEmulatorProcess } from "./lib/emulator-process.ts"
import type { Answer, Fleet } from "./lib/fleet.ts"
import { minGap, peakIn, rateOf, startFleet } from "./lib/fleet.ts"
import type { RedisServer } from "./lib/redis-server.ts"
import { freePort, redisSkipReason, startRedis } from "./lib/redis-server.ts"

const SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
const PROCESSES = 4
const skip = redisSkipReason()
if (skip !== undefined) console.log(skip)

let redis: RedisServer
let fleet: Fleet
const closers: Array<() => Promise<void>> = []
let nextApp = 1400000100

/**
 * A fresh app on a fresh emulator served over HTTP: from a process of its own (at a higher
 * priority) where arrival times are measured (rates, spacing: a busy test process would stamp
 * them late and together), else, for counts, from this process.
 */
const emulator = async (options: Omit<EmulatorOptions, "apps"> = {}, own = false) => {
  const sdkAppId = nextApp++
  const start = own ? startEmulatorProcess : serveEmulatorHere
  const em = await start({ ...options, apps: [{ sdkAppId, secretKey: SECRET, admins: ["administrator"] }] })
  closers.push(() => em.stop())
  const client = { sdkAppId, secretKey: SECRET, adminId: "administrator", baseUrl: em.url }
  return { em, client }
}

const times = (requests: ReadonlyArray<{ readonly time: number }>) => requests.map((r) => r.time)

const startSoon = () => Date.now() + 400
const all = (answers: ReadonlyArray<Answer>) => answers.flatMap((a) => a.calls)
const failures = (answers: ReadonlyArray<Answer>) =>
  all(answers).filter((c) => !c.ok).map((c) => `${c.tag}${c.kind ? `:${c.kind}` : ""}${c.code === undefined ? "" : `:${c.code}`}`)

describe.skipIf(skip !== undefined)("the store suite on a real redis-server", () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
  })
  afterAll(async () => {
    await server?.stop()
  })
  storeConformance("redis", () => redisStoreFromUrl(server.url))
})

describe.skipIf(skip !== undefined)("a fleet of 4 processes on one Redis, measured at the emulator", () => {
  beforeAll(async () => {
    redis = await startRedis()
    fleet = startFleet(PROCESSES, redis.url)
    await fleet.ready
    // Warm-up, not measured: the first calls of a fresh process run cold code (JIT, first
    // connections), which would be charged to whichever scenario came first.
    const { client } = await emulator()
    await fleet.run(() => ({ scenario: "rate", startAt: startSoon(), client, calls: 20, concurrency: 4 }))
  }, 120_000)

  afterAll(async () => {
    await fleet?.close()
    await redis?.stop()
    for (const c of closers.splice(0)) await c()
  })

  it("per-command rate: ≤ 100 in any sliding second, ≥ 90 calls/s together, no 60007", async () => {
    const { em, client } = await emulator({}, true)
    const startAt = startSoon()
    const answers = await fleet.run(() => ({ scenario: "rate", startAt, client, calls: 100, concurrency: 16 }))
    expect(failures(answers)).toEqual([])
    const requests = await em.requests({ endpoint: "get_tag" })
    const arrivals = times(requests)
    expect(arrivals).toHaveLength(PROCESSES * 100)
    expect(requests.filter((r) => r.code === 60007)).toEqual([])
    expect(peakIn(arrivals, 1000)).toBeLessThanOrEqual(100)
    expect(rateOf(arrivals)).toBeGreaterThanOrEqual(90)
  })

  it("batch (30/s): ≤ 30 in any sliding second, ≥ 90 % of it, no 60007", async () => {
    const { em, client } = await emulator({}, true)
    const startAt = startSoon()
    const answers = await fleet.run(() => ({ scenario: "batch", startAt, client, calls: 16, concurrency: 8 }))
    expect(failures(answers)).toEqual([])
    const requests = await em.requests({ endpoint: "batch" })
    const arrivals = times(requests)
    expect(arrivals).toHaveLength(PROCESSES * 16)
    expect(requests.filter((r) => r.code === 60007)).toEqual([])
    expect(peakIn(arrivals, 1000)).toBeLessThanOrEqual(30)
    expect(rateOf(arrivals)).toBeGreaterThanOrEqual(27)
  })

  it("push spacing and the daily quota hold across processes (scaled: pushes > 200 ms apart, 6 a day)", async () => {
    const { em, client } = await emulator({ limits: { pushIntervalMs: 200, dailyPushQuota: 6 } }, true)
    const startAt = startSoon()
    const rateLimits: ClientOptions["rateLimits"] = { buckets: { push: { limit: 1, window: "200 millis" } }, pushSpacing: "250 millis", dailyPushQuota: 6 }
    const answers = await fleet.run(() => ({ scenario: "push", startAt, client: { ...client, rateLimits }, calls: 3, concurrency: 3 }))
    expect(failures(answers)).toEqual(Array(6).fill("ChatRateLimitError:daily-quota"))
    const arrivals = await em.requests({ endpoint: "push" })
    expect(arrivals).toHaveLength(6)
    expect(arrivals.every((r) => r.code === 0)).toBe(true)
    expect(minGap(times(arrivals))).toBeGreaterThan(200)
  })

  it("recall spacing holds across processes (scaled: one recall per 200 ms)", async () => {
    const { em, client } = await emulator({ limits: { revokeIntervalMs: 200, pushIntervalMs: 5 } }, true)
    const parent = createClient({ ...client, rateLimits: false, retry: false })
    closers.push(() => parent.dispose())
    const tasks: Array<string> = []
    for (let i = 0; i < PROCESSES; i++) {
      tasks.push((await parent.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: `t${i}` } }] })).taskId)
      await new Promise((r) => setTimeout(r, 10)) // this emulator's push spacing is 5 ms
    }
    const startAt = startSoon()
    // Scaled like Tencent's 1/s with the push spacing's margin: 250 ms for the emulator's 200.
    const rateLimits: ClientOptions["rateLimits"] = { buckets: { revoke: { limit: 1, window: "250 millis" } } }
    const answers = await fleet.run((i) => ({ scenario: "revoke", startAt, client: { ...client, rateLimits }, items: [tasks[i]!] }))
    expect(failures(answers)).toEqual([])
    const recalls = await em.requests({ endpoint: "revoke" })
    expect(recalls).toHaveLength(PROCESSES)
    expect(recalls.every((r) => r.code === 0)).toBe(true)
    expect(minGap(times(recalls))).toBeGreaterThan(200)
  })

  it("idempotencyKey: 4 processes push with the same keys at once → exactly one task per key, every process gets its TaskId", async () => {
    const { em, client } = await emulator({ limits: { pushIntervalMs: 100 } })
    const rateLimits: ClientOptions["rateLimits"] = { buckets: { push: { limit: 1, window: "100 millis" } }, pushSpacing: "150 millis" }
    const keys = ["digest:a", "digest:b", "users:c"]
    const startAt = startSoon()
    const answers = await fleet.run(() => ({ scenario: "idempotent", startAt, client: { ...client, rateLimits }, items: keys }))
    expect(failures(answers)).toEqual([])
    expect(await em.requests({ endpoint: "push" })).toHaveLength(2)
    expect(await em.requests({ endpoint: "batch" })).toHaveLength(1)
    const tasks = (await em.tasks()).map((t) => t.TaskId)
    expect(tasks).toHaveLength(3)
    for (let k = 0; k < keys.length; k++) {
      const ids = new Set(answers.map((a) => a.calls[k]!.value))
      expect(ids.size).toBe(1)
      expect(tasks).toContain([...ids][0])
    }
  })

  it("idempotencyKey: the first push's outcome is unknown (connection dropped) → every process gets ChatPushOutcomeUnknown, one request", async () => {
    const { em, client } = await emulator()
    await em.script("push", "drop")
    const startAt = startSoon()
    const answers = await fleet.run(() => ({ scenario: "idempotent", startAt, client, items: ["once"] }))
    const calls = all(answers)
    expect(calls.map((c) => c.tag)).toEqual(Array(PROCESSES).fill("ChatPushOutcomeUnknown"))
    expect(new Set(calls.map((c) => c.msgRandom)).size).toBe(1)
    expect(await em.requests({ endpoint: "push" })).toHaveLength(1)
  })

  it("Redis killed mid-run: every later call fails fast with ChatRateLimitError (store), nothing more is sent; a restart recovers", async () => {
    const { em, client } = await emulator({}, true)
    const startAt = startSoon()
    const killAt = startAt + 800
    const until = startAt + 1800
    const running = fleet.run(() => ({ scenario: "loop", startAt, until, client, concurrency: 4 }))
    await new Promise((r) => setTimeout(r, killAt - Date.now()))
    const killed = Date.now()
    await redis.kill()
    const calls = all(await running)
    const before = calls.filter((c) => c.end < killed)
    const after = calls.filter((c) => c.start > killed)
    expect(before.length).toBeGreaterThan(20)
    expect(before.every((c) => c.ok)).toBe(true)
    expect(after.length).toBeGreaterThan(0)
    expect(new Set(after.map((c) => `${c.tag}:${c.kind}`))).toEqual(new Set(["ChatRateLimitError:store"]))
    // Bounded: refused connections fail at once; the store's bound is 500 ms.
    expect(Math.max(...after.map((c) => c.end - c.start))).toBeLessThan(1500)
    // Only calls that already held a slot when Redis died may still arrive; none after that.
    const arrivals = times(await em.requests({ endpoint: "get_tag" }))
    expect(arrivals.filter((t) => t > killed + 300)).toEqual([])
    expect(peakIn(arrivals, 1000)).toBeLessThanOrEqual(100)

    redis = await startRedis(redis.port)
    const again = await fleet.run(() => ({ scenario: "rate", startAt: startSoon(), client, calls: 3, concurrency: 1 }))
    expect(failures(again)).toEqual([])
  }, 20_000)
})

describe.skipIf(skip !== undefined)("the built-in Redis client on Node, Bun and Deno", () => {
  let server: RedisServer
  beforeAll(async () => {
    server = await startRedis()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it("one Node, one Bun and one Deno process push with the same idempotencyKey at once: one push request in all, one TaskId everywhere", async () => {
    const script = fileURLToPath(new URL("./lib/runtime-push.ts", import.meta.url))
    const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url))
    const key = `cross-runtime-${Date.now()}`
    const runtimes: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
      [process.execPath, [script, server.url, key]],
      [bin("bun"), [script, server.url, key]],
      [bin("deno"), ["run", "-A", "--quiet", script, server.url, key]],
    ]
    const outputs = await Promise.all(runtimes.map(([file, args]) =>
      new Promise<{ taskIds: Array<string>; pushRequests: number }>((resolve, reject) =>
        execFile(file, [...args], { timeout: 60_000 }, (error, stdout, stderr) =>
          error ? reject(new Error(`${file}: ${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split("\n").at(-1)!)))
      )
    ))
    expect(outputs.reduce((n, o) => n + o.pushRequests, 0)).toBe(1)
    expect(new Set(outputs.flatMap((o) => o.taskIds)).size).toBe(1)
  }, 90_000)
})

describe.skipIf(skip !== undefined)("Redis unreachable or stalled: typed error, bounded time, nothing sent", () => {
  const probe = async (url: string) => {
    const { em, client } = await emulator()
    const chat = createClient({ ...client, coalesce: false, retry: false, store: redisStoreFromUrl(url, { timeout: "300 millis" }) })
    closers.push(() => chat.dispose())
    const outcomes: Array<{ error: unknown; ms: number }> = []
    for (const call of [() => chat.getUserTags(["a"]), () => chat.push({}), () => chat.push({ idempotencyKey: "k" })]) {
      const t0 = performance.now()
      const error = await call().then(() => undefined, (e: unknown) => e)
      outcomes.push({ error, ms: performance.now() - t0 })
    }
    return { em, outcomes }
  }

  afterAll(async () => {
    for (const c of closers.splice(0)) await c()
  })

  it("a port nothing listens on", async () => {
    const { em, outcomes } = await probe(`redis://127.0.0.1:${await freePort()}`)
    for (const o of outcomes) {
      expect(o.error).toBeInstanceOf(ChatRateLimitError)
      expect((o.error as ChatRateLimitError).kind).toBe("store")
      expect(o.ms).toBeLessThan(1000)
    }
    expect(await em.requests()).toEqual([])
  })

  it("a server that accepts connections and never answers: the first call fails at the 300 ms bound, the next ones as fast or faster", async () => {
    const sockets: Array<Socket> = []
    const silent = createServer((s) => sockets.push(s))
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve))
    closers.push(() =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        silent.close(() => resolve())
      })
    )
    const { em, outcomes } = await probe(`redis://127.0.0.1:${(silent.address() as AddressInfo).port}`)
    for (const o of outcomes) {
      expect(o.error).toBeInstanceOf(ChatRateLimitError)
      expect([(o.error as ChatRateLimitError).kind, (o.error as ChatRateLimitError).detail]).toEqual(["store", expect.stringMatching(/timed out|no reply/)])
      expect(o.ms).toBeLessThan(1500)
    }
    // The first waits out the bound; a dead connection then fails its queued commands at once.
    expect(outcomes[0]!.ms).toBeGreaterThanOrEqual(250)
    expect(await em.requests()).toEqual([])
  })
})
