/**
 * One process against the 100 calls/s per-command limit, measured at the server: the emulator
 * runs in a process of its own (served by the node:http bridge) and its request log gives each
 * request's arrival time and whether it was refused with 60007. Prints, per variant, the calls/s
 * between the first and the last arrival, the most arrivals in any sliding second, the ratio of
 * the rate to the limit, and the refusals.
 *
 * - The client, default settings: the coalescing path (N concurrent single-account
 *   `addUserTags`) and the bulk path (one `removeUserTags` of N accounts), then the same with
 *   the arrival guard off (`rateLimits: { pacer: false }`: the token bucket alone).
 * - The same under a busy event loop (a timer keeps the client's loop busy 8 ms of every 10), and
 *   with 100 ms of latency on the way to the server (the emulator process delays each request
 *   before it arrives).
 * - The mechanism alone, to compare the guard with its alternatives: 300 concurrent calls, each
 *   taking a slot of Effect's token bucket (1 per 10.3 ms), then the arrival guard counting
 *   each call until its answer (the client's), counting it from when it was sent (the guard it
 *   replaced), or no guard, then a `fetch` to the emulator; quiet and busy loop.
 *
 *   node_modules/.bin/node bench/one-process.ts [calls] [trials]
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "effect/persistence/RateLimiter"
import { loadavg } from "node:os"
import { makeArrivalGuard } from "../src/client/arrival-guard.ts"
import type { GuardBasis } from "../src/client/arrival-guard.ts"
import { createClient } from "../src/client/mod.ts"
import type { ClientOptions } from "../src/client/mod.ts"
import { genUserSig } from "../src/usersig/mod.ts"
import { peakInWindow, ratePerSecond, startEmulatorProcess } from "../test/concurrency/emulator-process.ts"

const N = Number(process.argv[2] ?? 20_000)
const TRIALS = Number(process.argv[3] ?? 3)
const LIMIT = 100
const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", admins: ["administrator"] }

const near = await startEmulatorProcess({ apps: [APP] })
const far = await startEmulatorProcess({ apps: [APP] }, 100)
let em = near
const usersig = genUserSig({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, userId: "administrator", expireSeconds: 86400 })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Keeps this process's event loop busy `busyMs` of every `everyMs` while `f` runs. */
const busyWhile = async <A>(busy: boolean, f: () => Promise<A>): Promise<A> => {
  if (!busy) return f()
  const hog = setInterval(() => {
    const end = performance.now() + 8
    while (performance.now() < end) {
      // busy
    }
  }, 10)
  try {
    return await f()
  } finally {
    clearInterval(hog)
  }
}

const line = async (name: string, endpoint: string) => {
  const log = await em.requests(endpoint)
  const times = log.map((r) => r.time)
  const rate = ratePerSecond(times)
  console.log(
    `  ${name.padEnd(68)} ${String(log.length).padStart(4)} req  ${rate.toFixed(1).padStart(6)} calls/s  ` +
      `peak ${String(peakInWindow(times)).padStart(3)}/s  ${(rate / LIMIT).toFixed(2)}× limit  60007: ${log.filter((r) => r.code === 60007).length}`,
  )
}

const options = (extra: Partial<ClientOptions>): ClientOptions => ({
  sdkAppId: APP.sdkAppId,
  secretKey: APP.secretKey,
  adminId: "administrator",
  baseUrl: em.url,
  ...extra,
})

const clientRun = async (name: string, path: "coalescing" | "bulk", extra: Partial<ClientOptions>, busy: boolean) => {
  await em.clearRequests()
  const chat = createClient(options(extra))
  await busyWhile(busy, async () => {
    if (path === "coalescing") await Promise.all(Array.from({ length: N }, (_, i) => chat.addUserTags([{ userId: `c${i}`, tags: ["seen"] }])))
    else await chat.removeUserTags(Array.from({ length: N }, (_, i) => ({ userId: `b${i}`, tags: ["seen"] })))
  })
  await chat.dispose()
  await line(name, path === "coalescing" ? "add_tag" : "remove_tag")
  await sleep(1_100) // the emulator's sliding window empties before the next run
}

const mechanismRun = async (name: string, basis: GuardBasis | undefined, busy: boolean) => {
  await em.clearRequests()
  const guard = makeArrivalGuard({ maxOpenMillis: 21_000, basis: basis ?? "answer" })
  // get_tag, so these runs do not share a rate window with the client's.
  const target = `${em.url}/v4/timpush/get_tag?sdkappid=${APP.sdkAppId}&identifier=administrator&usersig=${encodeURIComponent(usersig)}&random=1&contenttype=json`
  const call = (limiter: RateLimiter.RateLimiter) =>
    Effect.andThen(
      RateLimiter.sleep(limiter, { key: "bench", algorithm: "token-bucket", limit: 1, window: Duration.millis(10.3) }),
      Effect.flatMap(basis === undefined ? Effect.succeed(undefined) : guard.admit("get_tag", LIMIT, 1001), (admitted) =>
        Effect.ensuring(
          Effect.promise(() => fetch(target, { method: "POST", body: JSON.stringify({ To_Account: ["a"] }) }).then((r) => r.text())),
          admitted === undefined ? Effect.void : admitted.close(false),
        )),
    )
  await busyWhile(busy, () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const limiter = yield* RateLimiter.RateLimiter
        yield* Effect.forEach(Array.from({ length: 300 }), () => call(limiter), { concurrency: "unbounded", discard: true })
      }).pipe(Effect.provide(RateLimiter.layer), Effect.provide(RateLimiter.layerStoreMemory)),
    ))
  await line(name, "get_tag")
  await sleep(1_100)
}

try {
  console.log(`one process against ${LIMIT} calls/s per command, measured at the emulator (a separate process, over HTTP)`)
  console.log(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}, ${N} calls per client run`)
  for (let t = 1; t <= TRIALS; t++) {
    console.log(`trial ${t}`)
    for (const [busy, latency] of [[false, 0], [true, 0], [false, 100]] as const) {
      em = latency > 0 ? far : near
      const loop = busy ? ", busy loop" : latency > 0 ? `, ${latency} ms to the server` : ""
      await clientRun(`client, coalescing path (arrival guard)${loop}`, "coalescing", {}, busy)
      await clientRun(`client, coalescing path, pacer off (token bucket only)${loop}`, "coalescing", { rateLimits: { pacer: false } }, busy)
      await clientRun(`client, bulk path (arrival guard)${loop}`, "bulk", {}, busy)
      await clientRun(`client, bulk path, pacer off${loop}`, "bulk", { rateLimits: { pacer: false } }, busy)
      await mechanismRun(`mechanism: bucket + guard counting until the answer${loop}`, "answer", busy)
      await mechanismRun(`mechanism: bucket + guard counting from the send${loop}`, "send", busy)
      await mechanismRun(`mechanism: bucket alone${loop}`, undefined, busy)
    }
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`)
} finally {
  await near.stop()
  await far.stop()
}
