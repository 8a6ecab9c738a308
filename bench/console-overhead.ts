/**
 * What the console's bookkeeping costs the REST path when nobody is watching: the same calls
 * through `em.fetch` on an emulator with the console on (the default: durations, per-endpoint
 * counters, the bodies of the last 1000 calls) and on one with `console: false`.
 *
 * Run by hand (prints figures and the ratio, asserts nothing):
 *   node_modules/.bin/node bench/console-overhead.ts [rounds=8] [callsPerKind=4000]
 *
 * Each round runs two child processes, one per setting, one after the other (alternating which
 * goes first); each warms up, then measures. Separate processes because one emulator per process
 * is how it is used: two in one process share V8's feedback for the same code and slow each
 * other down. Figures are the child's CPU time per call (user + system, which other jobs on a
 * busy machine disturb far less than wall time) and the GC pause time per call; the ratio is the
 * median over rounds of on / off within the round.
 *
 * Three kinds of call: `add_tag` answered OK (URL, UserSig, JSON, rules, handler, answer),
 * `get_attr_name` answered OK (the smallest successful call), and a call refused before the
 * UserSig check (60012, the cheapest path, where a fixed cost shows most).
 */
import { spawnSync } from "node:child_process"
import { PerformanceObserver } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { pathOf } from "../src/api/mod.ts"
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
    await new Promise((r) => setTimeout(r, 20))
    gcMs = 0
    const c0 = process.cpuUsage()
    for (let i = 0; i < calls; i++) await (await em.fetch(build[kind](i))).text()
    const c = process.cpuUsage(c0)
    await new Promise((r) => setTimeout(r, 20))
    out[kind] = { cpu: (c.user + c.system) / calls, gc: (gcMs * 1000) / calls }
  }
  console.log(JSON.stringify(out))
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

if (process.argv[2] === "--child") {
  await child(process.argv[3] as "on" | "off", Number(process.argv[4]))
} else {
  const rounds = Number(process.argv[2] ?? 8)
  const calls = Number(process.argv[3] ?? 4000)
  const self = fileURLToPath(import.meta.url)
  const runChild = (setting: "on" | "off") => {
    const r = spawnSync(process.execPath, [self, "--child", setting, String(calls)], { encoding: "utf8" })
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`)
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, { cpu: number; gc: number }>
  }
  const on: Array<Record<string, { cpu: number; gc: number }>> = []
  const off: Array<Record<string, { cpu: number; gc: number }>> = []
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      off.push(runChild("off"))
      on.push(runChild("on"))
    } else {
      on.push(runChild("on"))
      off.push(runChild("off"))
    }
  }
  console.log(`console bookkeeping on the REST path: ${rounds} rounds, ${calls} calls per kind (CPU and GC µs per call, medians)`)
  console.log("| call | console off: CPU | GC | console on: CPU | GC | on / off (CPU, median of rounds) |")
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |")
  for (const kind of KINDS) {
    const ratio = median(on.map((o, i) => o[kind]!.cpu / off[i]![kind]!.cpu))
    const f = (xs: typeof on, k: "cpu" | "gc") => median(xs.map((x) => x[kind]![k])).toFixed(1)
    console.log(`| ${kind} | ${f(off, "cpu")} | ${f(off, "gc")} | ${f(on, "cpu")} | ${f(on, "gc")} | ${ratio.toFixed(3)} |`)
  }
}
