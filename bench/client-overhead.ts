/**
 * Per-call overhead of the client: sequential `getAttrNames()` against an in-memory handler
 * that answers OK at once, versus a hand-written call to the same handler (build the URL,
 * JSON.stringify, fetch, JSON.parse). Local rate limits and retries are off (they wait; they
 * are not overhead); the admin UserSig is cached in both. Target: client ≤ 2× hand-written.
 *
 * Variants run interleaved in rounds, and the median round is reported, because a shared
 * machine is noisy. Each round is timed both in CPU time of this process (what the ratios use:
 * other processes' load does not count) and in wall time.
 *
 *   node_modules/.bin/node bench/client-overhead.ts [callsPerRound] [rounds]
 */
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as RateLimiter from "effect/persistence/RateLimiter"
import { loadavg } from "node:os"
import { createClient, TencentChat } from "../src/client/mod.ts"
import { createSigner } from "../src/usersig/mod.ts"

const N = Number(process.argv[2] ?? 2_000)
const ROUNDS = Number(process.argv[3] ?? 15)
const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" }
const answer = JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, AttrNames: { "0": "city" } })
const handler = async (_input: string | URL | Request, _init?: RequestInit): Promise<Response> =>
  new Response(answer, { headers: { "content-type": "application/json" } })
const options = { ...APP, adminId: "administrator", baseUrl: "http://bench.test", rateLimits: false, retry: false, fetch: handler } as const

// The hand-written peer: what a minimal fetch wrapper does per call.
const sig = createSigner(APP).genUserSig({ userId: "administrator", expireSeconds: 86400 })
const byHand = (withTimeout: boolean) => async () => {
  const random = (Math.random() * 4294967296) >>> 0
  const url = `http://bench.test/v4/timpush/get_attr_name?sdkappid=${APP.sdkAppId}&identifier=administrator&usersig=${encodeURIComponent(sig)}&random=${random}&contenttype=json`
  const res = await handler(url, {
    method: "POST",
    body: JSON.stringify({}),
    headers: { "content-type": "application/json" },
    ...(withTimeout ? { signal: AbortSignal.timeout(10_000) } : {}),
  })
  const json = JSON.parse(await res.text()) as { ErrorCode: number }
  if (json.ErrorCode !== 0) throw new Error(String(json.ErrorCode))
  return json
}

// Effect's fetch-based HttpClient alone: execute + read text, tracing off as in the client.
const httpRuntime = ManagedRuntime.make(FetchHttpClient.layer)
const url = `http://bench.test/v4/timpush/get_attr_name?sdkappid=${APP.sdkAppId}&identifier=administrator&usersig=${encodeURIComponent(sig)}&random=1&contenttype=json`
const httpOnce = HttpClient.HttpClient.use((c) =>
  c.execute(HttpClientRequest.post(url).pipe(HttpClientRequest.bodyText("{}", "application/json")))
).pipe(
  Effect.flatMap((r) => r.text),
  Effect.provideService(FetchHttpClient.Fetch, handler as typeof globalThis.fetch),
  Effect.provideService(HttpClient.TracerDisabledWhen, () => true),
)

// The client three ways: the Promise facade and the Effect API over the direct fetch transport
// (the default), and the Effect API over an injected fetch-based HttpClient.
const promiseClient = createClient(options)
const direct = ManagedRuntime.make(TencentChat.layer(options))
const overHttpClient = ManagedRuntime.make(
  TencentChat.layerWithoutDependencies(options).pipe(
    Layer.provide(FetchHttpClient.layer),
    Layer.provide(RateLimiter.layer.pipe(Layer.provide(RateLimiter.layerStoreMemory))),
  ),
)
const inOneProgram = (runtime: typeof direct) => () =>
  runtime.runPromise(TencentChat.use((c) => Effect.forEach(Array.from({ length: N }), () => c.getAttrNames(), { discard: true })))

type Variant = { readonly name: string; readonly round: () => Promise<unknown> }
const loop = (f: () => Promise<unknown>) => async () => {
  for (let i = 0; i < N; i++) await f()
}
const HAND = "hand-written fetch + JSON"
const variants: ReadonlyArray<Variant> = [
  { name: HAND, round: loop(byHand(false)) },
  { name: "hand-written + AbortSignal.timeout", round: loop(byHand(true)) },
  { name: "client, Promise facade", round: loop(() => promiseClient.getAttrNames()) },
  { name: "client, Effect API, one program", round: inOneProgram(direct) },
  { name: "client, Effect API, runPromise per call", round: loop(() => direct.runPromise(TencentChat.use((c) => c.getAttrNames()))) },
  { name: "client over HttpClient, one program", round: inOneProgram(overHttpClient) },
  { name: "Effect HttpClient alone, one program", round: () => httpRuntime.runPromise(Effect.forEach(Array.from({ length: N }), () => httpOnce, { discard: true })) },
]

const cpu = new Map<string, Array<number>>(variants.map((v) => [v.name, []]))
const wall = new Map<string, Array<number>>(variants.map((v) => [v.name, []]))
for (const v of variants) await v.round() // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const v of variants) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await v.round()
    wall.get(v.name)!.push(((performance.now() - t0) * 1000) / N)
    const c = process.cpuUsage(c0)
    cpu.get(v.name)!.push((c.user + c.system) / N)
  }
}
const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const cpuBase = median(cpu.get(HAND)!)
const wallBase = median(wall.get(HAND)!)

console.log(`per-call overhead: ${ROUNDS} rounds × ${N} sequential getAttrNames(), in-memory OK handler, median round`)
console.log(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`)
console.log("")
console.log(`  ${"variant".padEnd(42)} ${"CPU µs".padStart(7)} ${"ratio".padStart(6)}   ${"wall µs".padStart(7)} ${"ratio".padStart(6)}`)
for (const v of variants) {
  const c = median(cpu.get(v.name)!)
  const w = median(wall.get(v.name)!)
  console.log(`  ${v.name.padEnd(42)} ${c.toFixed(1).padStart(7)} ${(c / cpuBase).toFixed(2).padStart(5)}x   ${w.toFixed(1).padStart(7)} ${(w / wallBase).toFixed(2).padStart(5)}x`)
}
await promiseClient.dispose()
await direct.dispose()
await overHttpClient.dispose()
await httpRuntime.dispose()
