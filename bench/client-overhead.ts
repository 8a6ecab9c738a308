/**
 * Per-call overhead of the client: sequential `getAttrNames()` against an in-memory handler
 * that answers OK at once, versus a hand-written call to the same handler (build the URL,
 * JSON.stringify, fetch, JSON.parse). Local rate limits and retries are off (they wait; they
 * are not overhead); the admin UserSig is cached in both. Target: client ≤ 2× hand-written.
 *
 * A shared machine is noisy, and so is one process: how fast the hand-written loop runs varies
 * by up to 2× from one process to the next (JIT and GC state). So the bench runs `processes`
 * child processes one after another; in each, the variants run interleaved in rounds (in a
 * random order per round) and the median round counts, timed in CPU time of the process and in wall time. It prints, per
 * variant, the median over the processes of µs per call and of the ratio to the hand-written
 * call, with the range of that ratio.
 *
 *   node_modules/.bin/node bench/client-overhead.ts [callsPerRound] [rounds] [processes]
 */
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { execFileSync } from "node:child_process"
import { loadavg } from "node:os"
import { createClient, memoryStore, TencentChat } from "../src/client/mod.ts"
import { createSigner } from "../src/usersig/mod.ts"

const N = Number(process.argv[2] ?? 2_000)
const ROUNDS = Number(process.argv[3] ?? 15)
const PROCESSES = Number(process.argv[4] ?? 7)
const CHILD = process.argv.includes("--child")
const HAND = "hand-written fetch + JSON"
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** One process's medians: variant → [CPU µs, wall µs]. */
type Medians = Record<string, readonly [number, number]>

if (!CHILD) {
  const runs: Array<Medians> = []
  for (let i = 0; i < PROCESSES; i++) {
    const out = execFileSync(process.execPath, [process.argv[1]!, String(N), String(ROUNDS), "1", "--child"], { encoding: "utf8" })
    runs.push(JSON.parse(out) as Medians)
  }
  const names = Object.keys(runs[0]!)
  const ratios = (k: 0 | 1, name: string) => runs.map((r) => r[name]![k] / r[HAND]![k])
  console.log(`per-call overhead: ${PROCESSES} processes × ${ROUNDS} rounds × ${N} sequential getAttrNames(), in-memory OK handler`)
  console.log(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}; medians over the processes (ratio range in brackets)`)
  console.log("")
  console.log(`  ${"variant".padEnd(46)} ${"CPU µs".padStart(7)} ${"ratio".padStart(6)} ${"range".padStart(12)}   ${"wall µs".padStart(7)} ${"ratio".padStart(6)} ${"range".padStart(12)}`)
  for (const name of names) {
    const cols = ([0, 1] as const).map((k) => {
      const rs = ratios(k, name)
      const us = median(runs.map((r) => r[name]![k]))
      const range = `[${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)}]`
      return `${us.toFixed(1).padStart(7)} ${median(rs).toFixed(2).padStart(5)}x ${range.padStart(12)}`
    })
    console.log(`  ${name.padEnd(46)} ${cols[0]}   ${cols[1]}`)
  }
  process.exit(0)
}
const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" }
const answer = JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, AttrNames: { "0": "city" } })
const handler = async (_input: string | URL | Request, _init?: RequestInit): Promise<Response> =>
  new Response(answer, { headers: { "content-type": "application/json" } })
const options = { ...APP, adminId: "administrator", baseUrl: "http://bench.test", rateLimits: false, retry: false, fetch: handler } as const

// The hand-written peer: what a minimal fetch wrapper does per call. The variant with a
// timeout clears its timer, as the client does (`AbortSignal.timeout` would leave one pending
// timer per call behind for 10 s, which slows down whatever runs next).
const sig = createSigner(APP).genUserSig({ userId: "administrator", expireSeconds: 86400 })
const byHand = (withTimeout: boolean) => async () => {
  const random = (Math.random() * 4294967296) >>> 0
  const url = `http://bench.test/v4/timpush/get_attr_name?sdkappid=${APP.sdkAppId}&identifier=administrator&usersig=${encodeURIComponent(sig)}&random=${random}&contenttype=json`
  const controller = withTimeout ? new AbortController() : undefined
  const timer = controller === undefined ? undefined : setTimeout(() => controller.abort(), 10_000)
  try {
    const res = await handler(url, {
      method: "POST",
      body: JSON.stringify({}),
      headers: { "content-type": "application/json" },
      ...(controller === undefined ? {} : { signal: controller.signal }),
    })
    const json = JSON.parse(await res.text()) as { ErrorCode: number }
    if (json.ErrorCode !== 0) throw new Error(String(json.ErrorCode))
    return json
  } finally {
    clearTimeout(timer)
  }
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
    Layer.provide(memoryStore()),
  ),
)
const inOneProgram = (runtime: typeof direct) => () =>
  runtime.runPromise(TencentChat.use((c) => Effect.forEach(Array.from({ length: N }), () => c.getAttrNames(), { discard: true })))

type Variant = { readonly name: string; readonly round: () => Promise<unknown> }
const loop = (f: () => Promise<unknown>) => async () => {
  for (let i = 0; i < N; i++) await f()
}
const variants: ReadonlyArray<Variant> = [
  { name: HAND, round: loop(byHand(false)) },
  { name: "hand-written + timeout (timer, AbortController)", round: loop(byHand(true)) },
  { name: "client, Promise facade", round: loop(() => promiseClient.getAttrNames()) },
  { name: "client, Effect API, one program", round: inOneProgram(direct) },
  { name: "client, Effect API, runPromise per call", round: loop(() => direct.runPromise(TencentChat.use((c) => c.getAttrNames()))) },
  { name: "client over HttpClient, one program", round: inOneProgram(overHttpClient) },
  { name: "Effect HttpClient alone, one program", round: () => httpRuntime.runPromise(Effect.forEach(Array.from({ length: N }), () => httpOnce, { discard: true })) },
]

const cpu = new Map<string, Array<number>>(variants.map((v) => [v.name, []]))
const wall = new Map<string, Array<number>>(variants.map((v) => [v.name, []]))
// A variant can leave work behind for the next one (garbage to collect), so each round runs
// the variants in a fresh random order.
const shuffled = () => {
  const xs = [...variants]
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j]!, xs[i]!]
  }
  return xs
}
for (const v of variants) await v.round() // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const v of shuffled()) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await v.round()
    wall.get(v.name)!.push(((performance.now() - t0) * 1000) / N)
    const c = process.cpuUsage(c0)
    cpu.get(v.name)!.push((c.user + c.system) / N)
  }
}
const medians: Medians = {}
for (const v of variants) medians[v.name] = [median(cpu.get(v.name)!), median(wall.get(v.name)!)]
console.log(JSON.stringify(medians))
await promiseClient.dispose()
await direct.dispose()
await overHttpClient.dispose()
await httpRuntime.dispose()
