/**
 * The node:http bridge (src/node/serve.ts) against a minimal node:http server, around a trivial
 * handler: both read a small POST body and echo it as JSON. Each server runs in its own process
 * and the load comes from a third (wrk, or a fetch loop), so server and load generator each get a
 * core. Rounds alternate between the servers; the ratio is bridge req/s over minimal req/s, per
 * round and as the median, by throughput and by the server's CPU time per request (steadier when
 * other jobs share the machine). A third server is the bridge with `fastResponse: false`, where
 * each answer is a real undici Response read back through its body stream (the bridge before
 * FastResponse, and what a user who keeps the platform's Response gets). A last row serves the
 * emulator itself (a REST call refused at the UserSig check) for scale.
 *
 * Run by hand (prints figures, asserts nothing; target: ratio >= 0.7):
 *   node_modules/.bin/node bench/node-bridge.ts [rounds=5] [seconds=4] [connections=16]
 * The load comes from `wrk` when it is on PATH (`apt-get install wrk`), else from a fetch loop
 * (bench/lib/load.ts; `BENCH_LOADER=fetch` forces it), which is itself slower than a bare
 * node:http server and so understates the gap.
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const [rounds = 5, seconds = 4, connections = 16] = process.argv.slice(2).map(Number)
const node = process.execPath
const file = (p: string) => fileURLToPath(new URL(p, import.meta.url))

const start = async (kind: string) => {
  const child = spawn(node, [file("./lib/bridge-server.ts"), kind], { stdio: ["ignore", "pipe", "inherit", "ipc"] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ""
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString()
      if (out.includes("\n")) resolve(out.trim())
    })
    child.once("exit", (code) => reject(new Error(`${kind} server exited ${code}`)))
  })
  const cpu = () =>
    new Promise<number>((resolve) => {
      child.once("message", (u) => resolve(((u as NodeJS.CpuUsage).user + (u as NodeJS.CpuUsage).system) / 1000))
      child.send("cpu")
    })
  return { url, cpu, stop: () => child.kill("SIGKILL") }
}

const body = JSON.stringify({ To_Account: ["alice", "bob"], MsgRandom: 12345 })
// wrk (Debian's `wrk` package) when installed: a C load generator, so it is never the bottleneck.
const wrk = spawnSync("wrk", ["--version"]).error === undefined && process.env["BENCH_LOADER"] !== "fetch"
const lua = join(mkdtempSync(join(tmpdir(), "bridge-bench-")), "post.lua")
writeFileSync(lua, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n`)

const run = (url: string, secs: number): { rps: number; requests: number } => {
  if (wrk) {
    const r = spawnSync("wrk", ["-t1", `-c${connections}`, `-d${secs}s`, "-s", lua, url], { encoding: "utf8" })
    const rps = /Requests\/sec:\s+([0-9.]+)/.exec(r.stdout)
    if (rps === null) throw new Error(`wrk failed: ${r.stdout}${r.stderr}`)
    if (/Non-2xx/.test(r.stdout) && !url.includes("/v4/")) throw new Error(`non-2xx answers from ${url}: ${r.stdout}`)
    const total = /([0-9]+) requests in/.exec(r.stdout)
    return { rps: Number(rps[1]), requests: Number(total![1]) }
  }
  const r = spawnSync(node, [file("./lib/load.ts"), url, String(secs), String(connections), body], { encoding: "utf8" })
  const line = JSON.parse(r.stdout.trim().split("\n").pop()!) as { rps: number; errors: number }
  if (line.errors > 0 && !url.includes("/v4/")) throw new Error(`load errors against ${url}: ${r.stdout}`)
  return { rps: line.rps, requests: line.rps * secs }
}

/** Throughput, and the server's CPU time per request (less sensitive to other load on the machine). */
const load = async (s: { url: string; cpu: () => Promise<number> }, secs: number) => {
  const before = await s.cpu()
  const { rps, requests } = run(s.url, secs)
  return { rps, cpuMicros: ((await s.cpu()) - before) * 1000 / requests }
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(`load generator: ${wrk ? "wrk -t1" : "fetch loop (bench/lib/load.ts)"}, ${connections} connections, ${seconds} s per run`)
const servers = {
  minimal: await start("minimal"),
  bridge: await start("bridge"),
  platform: await start("bridge-platform"),
  emulator: await start("emulator"),
}
type Kind = keyof typeof servers
try {
  for (const s of Object.values(servers)) await load(s, 1) // warm-up
  type Figures = { rps: number; cpuMicros: number }
  const rows: Array<Record<Kind, Figures>> = []
  for (let i = 0; i < rounds; i++) {
    const order: ReadonlyArray<Kind> = i % 2 === 0 ? ["minimal", "bridge", "platform", "emulator"] : ["bridge", "minimal", "platform", "emulator"]
    const row = {} as Record<Kind, Figures>
    for (const k of order) row[k] = await load(servers[k], seconds)
    rows.push(row)
    const f = (x: Figures) => `${x.rps.toFixed(0)} req/s, ${x.cpuMicros.toFixed(1)} µs CPU/req`
    console.log(
      `round ${i + 1}: minimal ${f(row.minimal)} | bridge ${f(row.bridge)} | ratio ${(row.bridge.rps / row.minimal.rps).toFixed(2)} by req/s, ` +
        `${(row.minimal.cpuMicros / row.bridge.cpuMicros).toFixed(2)} by CPU | fastResponse: false ${f(row.platform)} | emulator via bridge ${f(row.emulator)}`,
    )
  }
  const ratios = rows.map((r) => r.bridge.rps / r.minimal.rps)
  const cpuRatios = rows.map((r) => r.minimal.cpuMicros / r.bridge.cpuMicros)
  const m = (k: Kind) =>
    `${median(rows.map((r) => r[k].rps)).toFixed(0)} req/s, ${median(rows.map((r) => r[k].cpuMicros)).toFixed(1)} µs CPU/req`
  console.log(`median: minimal ${m("minimal")}; bridge ${m("bridge")}; fastResponse: false ${m("platform")}; emulator via bridge ${m("emulator")}`)
  console.log(
    `bridge / minimal: ${median(ratios).toFixed(2)} by req/s (range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), ` +
      `${median(cpuRatios).toFixed(2)} by CPU per request (range ${Math.min(...cpuRatios).toFixed(2)}–${Math.max(...cpuRatios).toFixed(2)}); target >= 0.70`,
  )
  const platform = rows.map((r) => r.platform.rps / r.minimal.rps)
  const platformCpu = rows.map((r) => r.minimal.cpuMicros / r.platform.cpuMicros)
  console.log(
    `bridge with fastResponse: false / minimal: ${median(platform).toFixed(2)} by req/s (range ${Math.min(...platform).toFixed(2)}–${Math.max(...platform).toFixed(2)}), ` +
      `${median(platformCpu).toFixed(2)} by CPU per request (every answer an undici Response)`,
  )
} finally {
  for (const s of Object.values(servers)) s.stop()
}
