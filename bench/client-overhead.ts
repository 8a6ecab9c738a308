/**
 * Per-call overhead of the client: `getAttrNames()` against an in-memory handler that answers
 * OK at once, versus a hand-written call (build the URL, JSON.stringify, fetch, JSON.parse) to
 * the same handler. Local rate limits and retries are off (they wait, they are not overhead);
 * the admin UserSig is cached in both. Calls are sequential; variants run interleaved in
 * rounds and the median round is reported, because a shared machine is noisy.
 * Target: client ≤ 2× the hand-written call.
 *
 *   node_modules/.bin/node bench/client-overhead.ts [callsPerRound] [rounds]
 */
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { createClient, TencentChat } from "../src/client/mod.ts"
import { createSigner } from "../src/usersig/mod.ts"

const N = Number(process.argv[2] ?? 2_000)
const ROUNDS = Number(process.argv[3] ?? 9)
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

// Effect's fetch-based HttpClient alone (what the client is built on): execute + read text,
// tracing off as in the client.
const httpRuntime = ManagedRuntime.make(FetchHttpClient.layer)
const url = `http://bench.test/v4/timpush/get_attr_name?sdkappid=${APP.sdkAppId}&identifier=administrator&usersig=${encodeURIComponent(sig)}&random=1&contenttype=json`
const httpOnce = HttpClient.HttpClient.use((c) =>
  c.execute(HttpClientRequest.post(url).pipe(HttpClientRequest.bodyText("{}", "application/json")))
).pipe(
  Effect.flatMap((r) => r.text),
  Effect.provideService(FetchHttpClient.Fetch, handler as typeof globalThis.fetch),
  Effect.provideService(HttpClient.TracerDisabledWhen, () => true),
)

const promiseClient = createClient(options)
const runtime = ManagedRuntime.make(TencentChat.layer(options))

type Variant = { readonly name: string; readonly round: () => Promise<void> }
const loop = (f: () => Promise<unknown>) => async () => {
  for (let i = 0; i < N; i++) await f()
}
const variants: ReadonlyArray<Variant> = [
  { name: "hand-written fetch + JSON", round: loop(byHand(false)) },
  { name: "hand-written + AbortSignal.timeout", round: loop(byHand(true)) },
  {
    name: "Effect HttpClient alone, in one program",
    round: () => httpRuntime.runPromise(Effect.forEach(Array.from({ length: N }), () => httpOnce, { discard: true })),
  },
  { name: "client, Promise facade", round: loop(() => promiseClient.getAttrNames()) },
  { name: "client, Effect (runPromise per call)", round: loop(() => runtime.runPromise(TencentChat.use((c) => c.getAttrNames()))) },
  {
    name: "client, inside one Effect program",
    round: () => runtime.runPromise(TencentChat.use((c) => Effect.forEach(Array.from({ length: N }), () => c.getAttrNames(), { discard: true }))),
  },
]

const samples = new Map<string, Array<number>>(variants.map((v) => [v.name, []]))
for (const v of variants) await v.round() // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const v of variants) {
    const t0 = performance.now()
    await v.round()
    samples.get(v.name)!.push(((performance.now() - t0) * 1000) / N)
  }
}
const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const results = new Map(variants.map((v) => [v.name, median(samples.get(v.name)!)]))

console.log(`per-call overhead: ${ROUNDS} rounds × ${N} sequential getAttrNames() calls, in-memory OK handler, median round (node ${process.version})`)
for (const [name, us] of results) console.log(`  ${name.padEnd(38)} ${us.toFixed(1).padStart(7)} µs/call`)
const base = results.get("hand-written fetch + JSON")!
console.log("")
for (const name of ["client, Promise facade", "client, Effect (runPromise per call)", "client, inside one Effect program", "Effect HttpClient alone, in one program"]) {
  console.log(`  ratio ${name} / hand-written: ${(results.get(name)! / base).toFixed(2)}x`)
}
const http = results.get("Effect HttpClient alone, in one program")!
console.log(`  ratio client inside Effect / Effect HttpClient alone: ${(results.get("client, inside one Effect program")! / http).toFixed(2)}x`)
await promiseClient.dispose()
await runtime.dispose()
await httpRuntime.dispose()
