/**
 * Rate-limit accuracy: `setUserAttrs` for 20,000 users (200 set_attr calls of 100 accounts)
 * under the documented 100 calls/s, against an in-memory handler that timestamps each arrival.
 * Prints the achieved calls/s and the peak number of calls in any sliding 1 s window.
 * Target: ≥ 95% of the limit, never above it.
 *
 * Variants of the client (headroom, the local sliding-window guard on/off) and the bare
 * `RateLimiter` settings on the same 200 calls (Effect's in-memory store, all calls issued at
 * once) show how the setting was chosen: the obvious `limit: 100, window: 1 s` overshoots in a
 * sliding second; one token refilled every 10 ms × headroom does not, and the guard keeps
 * late timers from bunching calls.
 *
 *   node_modules/.bin/node bench/client-rate-limit.ts [trials]
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "effect/persistence/RateLimiter"
import { createClient } from "../src/client/mod.ts"

const TRIALS = Number(process.argv[2] ?? 3)
const USERS = 20_000
const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" }
const OK = JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 })

/** Largest number of stamps in any half-open window [t, t + 1000 ms). */
const peakPerSecond = (stamps: ReadonlyArray<number>): number => {
  const s = [...stamps].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= 1000) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}
const rate = (stamps: ReadonlyArray<number>) => {
  const s = [...stamps].sort((a, b) => a - b)
  return ((s.length - 1) * 1000) / (s[s.length - 1]! - s[0]!)
}
const line = (name: string, stamps: ReadonlyArray<number>) =>
  console.log(
    `  ${name.padEnd(54)} ${String(stamps.length).padStart(4)} calls  ${rate(stamps).toFixed(1).padStart(6)} calls/s  ` +
      `peak ${String(peakPerSecond(stamps)).padStart(3)} in a sliding 1 s`,
  )

console.log(`rate-limit accuracy: setUserAttrs for ${USERS} users under 100 calls/s per command (node ${process.version})`)
const clientRun = async (rateLimits: Record<string, unknown>) => {
  const stamps: Array<number> = []
  const chat = createClient({
    ...APP,
    adminId: "administrator",
    baseUrl: "http://bench.test",
    rateLimits,
    fetch: async () => {
      stamps.push(performance.now())
      return new Response(OK)
    },
  })
  const items = Array.from({ length: USERS }, (_, i) => ({ userId: `user${i}`, attrs: { city: "Shenzhen" } }))
  const r = await chat.setUserAttrs(items)
  await chat.dispose()
  if (r.successCount !== USERS) throw new Error("not every account succeeded")
  return stamps
}
const variants: Array<[string, Record<string, unknown>]> = [
  ["client default (1 per 10.3 ms + guard)", {}],
  ["client, headroom 1.05 (shared-store default)", { headroom: 1.05 }],
  ["client, headroom 1.00 + guard", { headroom: 1 }],
  ["client, headroom 1.03, guard off", { pacer: false }],
]
for (const [name, rl] of variants) {
  for (let t = 1; t <= TRIALS; t++) line(`${name}, trial ${t}`, await clientRun(rl))
}

console.log("candidate RateLimiter settings (200 calls issued at once, in-memory store):")
const candidates: Array<[string, { algorithm: "fixed-window" | "token-bucket"; limit: number; window: Duration.Input }]> = [
  ["fixed-window, 100 per 1 s (the obvious one)", { algorithm: "fixed-window", limit: 100, window: "1 second" }],
  ["token-bucket, 100 per 1 s", { algorithm: "token-bucket", limit: 100, window: "1 second" }],
  ["token-bucket, 1 per 10 ms (headroom 1.00)", { algorithm: "token-bucket", limit: 1, window: Duration.millis(10) }],
  ["token-bucket, 1 per 10.3 ms (headroom 1.03)", { algorithm: "token-bucket", limit: 1, window: Duration.millis(10.3) }],
  ["token-bucket, 1 per 10.5 ms (headroom 1.05)", { algorithm: "token-bucket", limit: 1, window: Duration.millis(10.5) }],
]
for (const [name, setting] of candidates) {
  const stamps: Array<number> = []
  await Effect.runPromise(
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.RateLimiter
      yield* Effect.forEach(
        Array.from({ length: 200 }),
        () => Effect.andThen(RateLimiter.sleep(limiter, { key: "bench", ...setting }), Effect.sync(() => stamps.push(performance.now()))),
        { concurrency: "unbounded", discard: true },
      )
    }).pipe(Effect.provide(RateLimiter.layer), Effect.provide(RateLimiter.layerStoreMemory)),
  )
  line(name, stamps)
}
