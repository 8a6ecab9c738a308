/**
 * What the console's bookkeeping costs the REST path when nobody is watching: the same calls
 * through `em.fetch` on an emulator with the console on (the default: durations, per-endpoint
 * counters, the bodies of the last 1000 calls) and on one with `console: false`.
 *
 * Run by hand (prints figures and the ratio, asserts nothing):
 *   node_modules/.bin/node bench/console-overhead.ts [rounds=9] [callsPerKind=3000]
 *
 * Each round runs three child processes one after the other, in a rotating order: console off,
 * console on, and console off again (the A/A pair: its ratio is the noise floor of this machine
 * in this run, to read the on / off ratio against). Separate processes because one emulator per
 * process is how it is used: two in one process share V8's feedback for the same code and slow
 * each other down. Each child warms up, then measures each kind three times and keeps the least
 * CPU time (user + system, which other jobs on a busy machine disturb far less than wall time)
 * and its GC pause time; a ratio is the median over rounds of the ratio within a round.
 *
 * Three kinds of call: `add_tag` answered OK (URL, UserSig, JSON, rules, handler, answer),
 * `get_attr_name` answered OK (the smallest successful call), and a call refused before the
 * UserSig check (60012, the cheapest path, where a fixed cost shows most).
 *
 * On a busy shared machine whole-call figures move by ±15 % between identical runs (the A/A
 * column shows by how much in this run), more than the bookkeeping costs. So the script also
 * times the bookkeeping's own work alone, in one process: the same log entries added with and
 * without a trace (begin, query, request body, log entry, answer) and the recorder as the log's
 * observer, and prints it per call and as a share of the add_tag call measured above.
 */
import { spawnSync } from "node:child_process"
import { PerformanceObserver } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { pathOf } from "../src/api/mod.ts"
import { Recorder } from "../src/emulator/console/recorder.ts"
import { RequestLog } from "../src/emulator/request-log.ts"
import { createEmulator } from "../src/emulator/mod.ts"
import { genUserSig } from "../src/usersig/mod.ts"

const KINDS = ["add_tag OK", "get_attr_name OK", "refused (60012)"] as const

const child = async (setting: "on" | "off", calls: number): Promise<void> => {
  let gcMs = 0
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) gcMs += e.duration
  }).observe({ entryTypes: ["gc"] })
  const app = { sdkAppId: 1400000000, secretKey: "bench-secret-key", admins: ["administrator"] }
  const sig = genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId: "administrator", expireSeconds: 86400 })
  const em = createEmulator({ apps: [app], console: setting === "on", limits: { rates: { add_tag: false, get_attr_name: false } } })
  const query = `sdkappid=${app.sdkAppId}&identifier=administrator&usersig=${sig}&random=7&contenttype=json`
  const at = (key: "add_tag" | "get_attr_name" | "multiaccount_import", q = query) => `http://emulator.test/${pathOf(key, "timpush")}?${q}`
  await em.fetch(new Request(at("multiaccount_import"), { method: "POST", body: JSON.stringify({ AccountList: Array.from({ length: 50 }, (_, i) => `u${i}`) }) }))
  const build: Record<(typeof KINDS)[number], (i: number) => Request> = {
    "add_tag OK": (i) => new Request(at("add_tag"), { method: "POST", body: JSON.stringify({ UserTags: [{ To_Account: `u${i % 50}`, Tags: ["vip"] }] }) }),
    "get_attr_name OK": () => new Request(at("get_attr_name"), { method: "POST", body: "{}" }),
    "refused (60012)": () => new Request(at("get_attr_name", "identifier=administrator"), { method: "POST", body: "{}" }),
  }
  const out: Record<string, { cpu: number; gc: number }> = {}
  for (const kind of KINDS) {
    for (let i = 0; i < calls / 2; i++) await (await em.fetch(build[kind](i))).text()
    let best = { cpu: Number.POSITIVE_INFINITY, gc: 0 }
    for (let rep = 0; rep < 3; rep++) {
      await new Promise((r) => setTimeout(r, 20))
      gcMs = 0
      const c0 = process.cpuUsage()
      for (let i = 0; i < calls; i++) await (await em.fetch(build[kind](i))).text()
      const c = process.cpuUsage(c0)
      await new Promise((r) => setTimeout(r, 20))
      const cpu = (c.user + c.system) / calls
      if (cpu < best.cpu) best = { cpu, gc: (gcMs * 1000) / calls }
    }
    out[kind] = best
  }
  console.log(JSON.stringify(out))
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** CPU µs per call of the bookkeeping alone (with a trace minus without), median of 7 runs. */
const bookkeepingAlone = (): { with: number; without: number } => {
  const n = 200_000
  const query = `?sdkappid=1400000000&identifier=administrator&usersig=${"eJwtjMEKgjAQRH9lr5HEbtq0kZ5EKTqFzX8BMDWUxdSDRtDKz9S5u".repeat(4)}&random=7&contenttype=json`
  const entry = { time: 1, method: "POST", path: "/v4/timpush/add_tag", endpoint: "add_tag", family: "timpush", sdkAppId: 1, status: 200, code: 0 } as const
  const once = (on: boolean): number => {
    const log = new RequestLog(100_000)
    const recorder = new Recorder(log.limit)
    if (on) log.observer = recorder
    const c0 = process.cpuUsage()
    for (let i = 0; i < n; i++) {
      // The strings a call makes anyway (its body and its answer), in both settings.
      const body = JSON.stringify({ UserTags: [{ To_Account: `u${i % 50}`, Tags: ["vip"] }] })
      const answer = JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, ErrorList: [] })
      if (on) {
        const trace = recorder.begin()
        trace.search = query
        trace.setRequestBody(body)
        log.add(entry, trace)
        trace.answered(answer, "application/json; charset=utf-8")
      } else {
        log.add(entry)
      }
    }
    const c = process.cpuUsage(c0)
    return (c.user + c.system) / n
  }
  const a: Array<number> = []
  const b: Array<number> = []
  for (let r = 0; r < 7; r++) {
    b.push(once(false))
    a.push(once(true))
  }
  return { with: median(a), without: median(b) }
}

if (process.argv[2] === "--child") {
  await child(process.argv[3] as "on" | "off", Number(process.argv[4]))
} else {
  const rounds = Number(process.argv[2] ?? 9)
  const calls = Number(process.argv[3] ?? 3000)
  const self = fileURLToPath(import.meta.url)
  const runChild = (setting: "on" | "off") => {
    const r = spawnSync(process.execPath, [self, "--child", setting, String(calls)], { encoding: "utf8" })
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`)
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, { cpu: number; gc: number }>
  }
  type Figures = Record<string, { cpu: number; gc: number }>
  const runs: { off: Array<Figures>; on: Array<Figures>; off2: Array<Figures> } = { off: [], on: [], off2: [] }
  const orders = [["off", "on", "off2"], ["on", "off2", "off"], ["off2", "off", "on"]] as const
  for (let r = 0; r < rounds; r++) {
    for (const which of orders[r % 3]!) runs[which].push(runChild(which === "on" ? "on" : "off"))
  }
  const med = (xs: Array<Figures>, kind: string, k: "cpu" | "gc") => median(xs.map((x) => x[kind]![k])).toFixed(1)
  const ratio = (a: Array<Figures>, b: Array<Figures>, kind: string) => median(a.map((x, i) => x[kind]!.cpu / b[i]![kind]!.cpu)).toFixed(3)
  console.log(`console bookkeeping on the REST path: ${rounds} rounds, ${calls} calls per kind (CPU and GC µs per call, medians)`)
  console.log("| call | off: CPU | GC | on: CPU | GC | on / off | off again / off (noise floor) |")
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
  for (const kind of KINDS) {
    console.log(`| ${kind} | ${med(runs.off, kind, "cpu")} | ${med(runs.off, kind, "gc")} | ${med(runs.on, kind, "cpu")} | ${med(runs.on, kind, "gc")} | ${ratio(runs.on, runs.off, kind)} | ${ratio(runs.off2, runs.off, kind)} |`)
  }
  const alone = bookkeepingAlone()
  const extra = alone.with - alone.without
  const call = median(runs.off.map((x) => x["add_tag OK"]!.cpu))
  console.log(
    `\nbookkeeping alone: ${alone.with.toFixed(2)} µs per call with a trace, ${alone.without.toFixed(2)} without: ` +
      `${extra.toFixed(2)} µs, ${((100 * extra) / call).toFixed(1)} % of an add_tag call (${call.toFixed(0)} µs), ratio ${((call + extra) / call).toFixed(3)}`,
  )
}
