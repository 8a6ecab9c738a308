/**
 * Fleet throughput against Tencent's 100 calls/s per command, per store, measured at the
 * emulator (served from its own process over HTTP, at a higher priority where the OS allows):
 *
 *   memory            1 process, the default in-memory store
 *   redis             4 processes, one redis-server (the built-in URL client)
 *   durable-object    workerd: 4 caller isolates × 2 concurrent requests, one ChatStoreObject
 *
 * For each: calls/s between the first and last arrival, the most arrivals in any sliding
 * second, the ratio of the rate to the limit, and 60007 refusals. Then, in the same run, the
 * per-call cost a shared store adds against the in-memory store (sequential calls with the
 * bucket raised so nothing waits for the limit), and why the Redis token bucket uses Redis's
 * clock: four clients, one with its clock 300 ms ahead, on Effect's `makeStoreRedis` (client
 * clock) and on ours (Redis `TIME`), limiter only (guards off).
 *
 *   node_modules/.bin/node bench/fleet.ts [rounds]
 *
 * Needs redis-server (apt-get install -y redis-server) for the Redis rows; prints a line and
 * skips them without it. Timing on a shared machine: check `uptime` and compare rounds.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"
import { loadavg } from "node:os"
import { ChatStore, createClient, TencentChat } from "../src/client/mod.ts"
import { createEmulator } from "../src/emulator/mod.ts"
import type { ClientOptions } from "../src/client/mod.ts"
import { redisFromUrl, redisStoreFromUrl } from "../src/node/redis.ts"
import { startEmulatorProcess } from "../test/fleet/lib/emulator-process.ts"
import { peakIn, rateOf, startFleet } from "../test/fleet/lib/fleet.ts"
import { redisSkipReason, startRedis } from "../test/fleet/lib/redis-server.ts"
import type { RedisServer } from "../test/fleet/lib/redis-server.ts"
import { startWorkerd } from "../test/fleet/lib/workerd.ts"

const rounds = Number(process.argv[2] ?? 1)
const SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0"
const LIMIT = 100
let nextApp = 1400000700

const emulator = async () => {
  const sdkAppId = nextApp++
  const em = await startEmulatorProcess({ apps: [{ sdkAppId, secretKey: SECRET, admins: ["administrator"] }] })
  return { em, client: { sdkAppId, secretKey: SECRET, adminId: "administrator", baseUrl: em.url } }
}

const row = (cells: ReadonlyArray<string | number>) => console.log(`| ${cells.join(" | ")} |`)

/** Failed calls by error, e.g. "ChatRateLimitError:store ×9", or "none". */
const failuresOf = (outcomes: ReadonlyArray<{ readonly ok: boolean; readonly tag?: string; readonly kind?: string }>): string => {
  const counts = new Map<string, number>()
  for (const o of outcomes) if (!o.ok) counts.set(`${o.tag}${o.kind ? `:${o.kind}` : ""}`, (counts.get(`${o.tag}${o.kind ? `:${o.kind}` : ""}`) ?? 0) + 1)
  return counts.size === 0 ? "none" : [...counts].map(([k, n]) => `${k} ×${n}`).join(", ")
}

const report = async (
  store: string,
  shape: string,
  em: Awaited<ReturnType<typeof emulator>>["em"],
  outcomes: ReadonlyArray<{ readonly ok: boolean; readonly tag?: string; readonly kind?: string }>,
) => {
  const requests = await em.requests({ endpoint: "get_tag" })
  const arrivals = requests.map((r) => r.time)
  const rate = rateOf(arrivals)
  row([store, shape, arrivals.length, rate.toFixed(1), peakIn(arrivals, 1000), (rate / LIMIT).toFixed(3), requests.filter((r) => r.code === 60007).length, failuresOf(outcomes)])
}

const skip = redisSkipReason()
if (skip !== undefined) console.log(skip)
const redis: RedisServer | undefined = skip === undefined ? await startRedis() : undefined
const workerd = await startWorkerd()
const memoryFleet = startFleet(1, "memory")
const redisFleet = redis === undefined ? undefined : startFleet(4, redis.url)
await Promise.all([memoryFleet.ready, redisFleet?.ready])

// An unmeasured warm-up round per store: fresh processes and isolates run cold code at first.
{
  const { em, client } = await emulator()
  await Promise.all([
    memoryFleet.run(() => ({ scenario: "rate", startAt: Date.now() + 300, client, calls: 20, concurrency: 4 })),
    redisFleet?.run(() => ({ scenario: "rate", startAt: Date.now() + 300, client, calls: 20, concurrency: 4 })),
    ...Array.from({ length: 8 }, (_, i) =>
      fetch(`${workerd.url}/${i % 4}`, { method: "POST", body: JSON.stringify({ scenario: "rate", startAt: Date.now() + 300, client, calls: 5, concurrency: 2 }) }).then((x) => x.json())
    ),
  ])
  await em.stop()
}

console.log(`\nload average ${loadavg().map((x) => x.toFixed(2)).join(" ")}, ${rounds} round(s)`)
console.log("\nthroughput, measured at the emulator (get_tag, limit 100 calls/s):")
row(["store", "fleet", "arrivals", "calls/s", "max in any sliding 1 s", "ratio to limit", "60007", "failed calls"])
row(["---", "---", "---", "---", "---", "---", "---", "---"])
for (let r = 0; r < rounds; r++) {
  {
    const { em, client } = await emulator()
    const answers = await memoryFleet.run(() => ({ scenario: "rate", startAt: Date.now() + 400, client, calls: 320, concurrency: 16 }))
    await report("memory", "1 process", em, answers.flatMap((a) => a.calls))
    await em.stop()
  }
  if (redisFleet !== undefined) {
    const { em, client } = await emulator()
    const answers = await redisFleet.run(() => ({ scenario: "rate", startAt: Date.now() + 400, client, calls: 80, concurrency: 16 }))
    await report("redis", "4 processes", em, answers.flatMap((a) => a.calls))
    await em.stop()
  }
  {
    const { em, client } = await emulator()
    const startAt = Date.now() + 500
    const answers = (await Promise.all(Array.from({ length: 8 }, (_, i) =>
      fetch(`${workerd.url}/${i % 4}`, { method: "POST", body: JSON.stringify({ scenario: "rate", startAt, client, calls: 40, concurrency: 8 }) }).then((x) => x.json())
    ))) as Array<{ outcomes: Array<{ ok: boolean; tag?: string; kind?: string }> }>
    await report("durable-object", "4 isolates × 2 requests", em, answers.flatMap((a) => a.outcomes ?? []))
    await em.stop()
  }
}

// Per-call cost: sequential calls, the bucket raised so nothing waits; only the store differs.
// In Node the emulator answers in-process (em.fetch), so the difference is the store's round
// trips alone; in workerd a clock advances only across I/O, so both sides call the emulator
// process over HTTP and the difference is the Durable Object's requests.
const CALLS = 1000
console.log(`\nper-call cost of the store (${CALLS} sequential get_tag calls, nothing waits for the limit):`)
row(["store", "µs per call", "added vs memory", "ratio"])
row(["---", "---", "---", "---"])
{
  const sdkAppId = nextApp++
  const em = await startEmulatorProcess({ apps: [{ sdkAppId, secretKey: SECRET, admins: ["administrator"] }], limits: { rates: { get_tag: false } } })
  const inProcess = createEmulator({ apps: [{ sdkAppId, secretKey: SECRET, admins: ["administrator"] }], limits: { rates: { get_tag: false } } })
  const base: ClientOptions = {
    sdkAppId,
    secretKey: SECRET,
    adminId: "administrator",
    baseUrl: "http://emulator.invalid",
    fetch: inProcess.fetch,
    coalesce: false,
    retry: false,
    rateLimits: { buckets: { get_tag: { limit: 100_000, window: "1 second" } } },
  }
  const micros = async (options: ClientOptions) => {
    const chat = createClient(options)
    for (let i = 0; i < 50; i++) await chat.call("get_tag", { To_Account: ["warm"] })
    const t0 = performance.now()
    for (let i = 0; i < CALLS; i++) await chat.call("get_tag", { To_Account: [`u${i}`] })
    const us = ((performance.now() - t0) * 1000) / CALLS
    await chat.dispose()
    return us
  }
  const memory = await micros(base) // the client's own in-memory store (the default)
  row(["memory (Node, in-process emulator)", memory.toFixed(0), "—", "1.00"])
  if (redis !== undefined) {
    const shared = await micros({ ...base, store: redisStoreFromUrl(redis.url) })
    row(["redis (Node, in-process emulator)", shared.toFixed(0), `+${(shared - memory).toFixed(0)} µs`, (shared / memory).toFixed(2)])
  }
  const inWorker = (await fetch(`${workerd.url}/0`, {
    method: "POST",
    body: JSON.stringify({ scenario: "cost", startAt: 0, client: { sdkAppId, secretKey: SECRET, adminId: "administrator", baseUrl: em.url }, calls: CALLS }),
  }).then((x) => x.json())) as { memoryMicros: number; durableObjectMicros: number }
  row(["memory (workerd, emulator over HTTP)", inWorker.memoryMicros.toFixed(0), "—", "1.00"])
  row([
    "durable-object (workerd, emulator over HTTP)",
    inWorker.durableObjectMicros.toFixed(0),
    `+${(inWorker.durableObjectMicros - inWorker.memoryMicros).toFixed(0)} µs`,
    (inWorker.durableObjectMicros / inWorker.memoryMicros).toFixed(2),
  ])
  await em.stop()
}

// Clock skew: the limiter alone (guards off), four clients in this process, one 300 ms ahead.
if (redis !== undefined) {
  console.log("\nclock skew, limiter only (4 clients × 150 calls, one clock +300 ms, guards off; released calls per sliding second):")
  row(["token bucket on", "max in any sliding 1 s", "calls/s"])
  row(["---", "---", "---"])
  const effectStore = (url: string): Layer.Layer<ChatStore> =>
    Layer.effect(
      ChatStore,
      Effect.gen(function*() {
        const ours = yield* Effect.service(ChatStore).pipe(Effect.provide(redisStoreFromUrl(url)))
        const limits = yield* RateLimiter.makeStoreRedis({ prefix: "effect:" })
        return { ...ours, limits }
      }),
    ).pipe(Layer.provide(redisFromUrl(url)))
  const base = Effect.runSync(Effect.service(Clock.Clock))
  const skewed = (ms: number): Clock.Clock => ({
    currentTimeMillisUnsafe: () => base.currentTimeMillisUnsafe() + ms,
    currentTimeMillis: Effect.sync(() => base.currentTimeMillisUnsafe() + ms),
    currentTimeNanosUnsafe: () => base.currentTimeNanosUnsafe() + BigInt(ms) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => base.currentTimeNanosUnsafe() + BigInt(ms) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => base.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: base.monotonicTimeNanos,
    sleep: (d) => base.sleep(d),
  })
  for (const [name, store] of [["Effect's makeStoreRedis (client clock)", effectStore(redis.url)], ["ours (Redis TIME)", redisStoreFromUrl(redis.url)]] as const) {
    const stamps: Array<number> = []
    const sdkAppId = nextApp++
    const fetch = () => {
      stamps.push(Date.now())
      return Promise.resolve(new Response(JSON.stringify({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", UserTags: [] })))
    }
    const options: ClientOptions = {
      sdkAppId,
      secretKey: SECRET,
      adminId: "administrator",
      baseUrl: "http://emulator.invalid",
      fetch,
      coalesce: false,
      retry: false,
      rateLimits: { pacer: false },
      store,
    }
    const client = (skewMillis: number) =>
      TencentChat.use((chat) =>
        Effect.forEach(Array.from({ length: 150 }, (_, i) => i), (i) => chat.call("get_tag", { To_Account: [`u${i}`] }), { concurrency: 16, discard: true })
      ).pipe(
        Effect.provide(TencentChat.layer(options)),
        Effect.provideService(Clock.Clock, skewed(skewMillis)),
      )
    await Effect.runPromise(Effect.all([client(0), client(0), client(0), client(300)], { concurrency: "unbounded" }))
    row([name, peakIn(stamps, 1000), rateOf(stamps).toFixed(1)])
  }
}

await memoryFleet.close()
await redisFleet?.close()
await workerd.stop()
await redis?.stop()
