/**
 * Bulk import at scale: `tencent-chat-push accounts import` of 1,000,000 generated rows into an
 * emulator served by a separate process (`tencent-chat-push emulator --rate-limit off`), with the
 * CLI's rate limit raised (`--rate-limit off`), checkpointing on as in real use.
 *
 * Run by hand (prints figures, asserts nothing):
 *   node_modules/.bin/node bench/import.ts [rows=1000000] [--concurrency 8] [--cli packages/cli/dist/main.js] [--no-peer]
 *
 * Figures:
 * - rows/s over the whole run (CLI start to exit);
 * - peak RSS of the CLI process that does the import (its own `process.resourceUsage().maxRSS`,
 *   cross-checked by polling /proc); imports run in a child Node with a bounded heap
 *   (packages/cli/src/relaunch.ts), so the thin launcher's RSS is printed too;
 * - time in the CLI versus waiting on the emulator: the import engine counts the seconds its
 *   pipeline stood still waiting for a response ("waiting"); the rest of the wall time the CLI
 *   was reading, parsing, validating, building requests or writing checkpoints. CPU seconds of
 *   both processes (from /proc) are printed too.
 * - the peer (unless --no-peer): the same rows imported by a naive script that reads the whole
 *   file into memory and hands every row to the Promise client's `importAccounts` at once (what
 *   a one-off script would do). Printed as ratios: peak RSS and rows/s, CLI ÷ peer.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { once } from "node:events"

const argv = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const ROWS = Number(argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000)
const CONCURRENCY = flag("--concurrency") ?? "8"
const root = path.resolve(import.meta.dirname, "..")
const node = path.join(root, "node_modules/.bin/node")
const cliMain = path.resolve(root, flag("--cli") ?? "packages/cli/src/main.ts")
// From source, the CLI's `tencent-chat-push/*` imports resolve to the library's sources too.
const cliNode = cliMain.endsWith(".ts") ? ["--conditions=@tencent-chat-push/source", cliMain] : [cliMain]
const peer = !argv.includes("--no-peer")
const env = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? os.tmpdir(),
  TENCENT_CHAT_SDKAPPID: "1400000000",
  TENCENT_CHAT_SECRET_KEY: "bench-secret-key",
  TENCENT_CHAT_ADMIN: "administrator",
}

const ticks = 100 // USER_HZ on Linux
const cpuOf = (pid: number): number => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
    return (Number(f[11]) + Number(f[12])) / ticks
  } catch {
    return NaN
  }
}
const rssOf = (pid: number): number => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`
const fmt = (n: number) => Math.round(n).toLocaleString("en-US")

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-bench-import-"))
const csv = path.join(dir, "accounts.csv")

// 1. Generate the rows (streamed to disk).
{
  const t = performance.now()
  const out = fs.createWriteStream(csv)
  out.write("userId,nick,faceUrl\n")
  for (let i = 0; i < ROWS; i++) {
    const line = `user_${i.toString(36).padStart(6, "0")},Nick ${i},https://cdn.example.com/a/${i % 997}.png\n`
    if (!out.write(line)) await once(out, "drain")
  }
  out.end()
  await once(out, "finish")
  console.log(`generated ${fmt(ROWS)} rows (${mb(fs.statSync(csv).size)}) in ${((performance.now() - t) / 1000).toFixed(1)} s`)
}

// 2. The emulator, in its own process.
const emulator = spawn(node, [...cliNode, "emulator", "--port", "0", "--rate-limit", "off"], { env, stdio: ["ignore", "pipe", "inherit"] })
const url = await new Promise<string>((resolve, reject) => {
  let text = ""
  emulator.stdout!.setEncoding("utf8").on("data", (d: string) => {
    text += d
    const m = /listening on (http:\/\/\S+)/.exec(text)
    if (m) resolve(m[1]!)
  })
  emulator.on("exit", (code) => reject(new Error(`emulator exited ${code}`)))
})
const emuPid = emulator.pid!

/** Child pids of `pid` (the CLI relaunches imports in a child Node with a bounded heap). */
const childrenOf = (pid: number): number[] => {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter((x) => x).map(Number)
  } catch {
    return []
  }
}

interface Run {
  readonly stdout: string
  readonly seconds: number
  /** Peak RSS seen by polling: of the process itself, and of its children (the worker). */
  readonly polledPeak: number
  readonly polledChildPeak: number
  readonly child: ChildProcess
}

const run = async (args: string[]): Promise<Run> => {
  const t = performance.now()
  const child = spawn(node, args, { env, stdio: ["ignore", "pipe", "inherit"] })
  let stdout = ""
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d))
  let polledPeak = 0
  let polledChildPeak = 0
  const poll = setInterval(() => {
    polledPeak = Math.max(polledPeak, rssOf(child.pid!))
    for (const c of childrenOf(child.pid!)) polledChildPeak = Math.max(polledChildPeak, rssOf(c))
  }, 100)
  const [code] = await once(child, "exit")
  clearInterval(poll)
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}\n${stdout}`)
  return { stdout, seconds: (performance.now() - t) / 1000, polledPeak, polledChildPeak, child }
}

// 3. The CLI import.
const emuCpu0 = cpuOf(emuPid)
const cli = await run([...cliNode, "accounts", "import", csv, "--emulator", url, "--rate-limit", "off", "--concurrency", CONCURRENCY, "--progress", "none", "--json"])
const emuCpu = cpuOf(emuPid) - emuCpu0
const s = JSON.parse(cli.stdout.trim().split("\n").pop()!) as {
  rows: number
  ok: number
  requests: number
  seconds: number
  waitSeconds: number
  cpuSeconds: number
  maxRssBytes: number
}
const accounts = (await (await fetch(`${url}/__emulator/requests?endpoint=multiaccount_import`)).json() as { count: number }).count

console.log(`\nCLI: tencent-chat-push accounts import (${path.relative(root, cliMain)}, --concurrency ${CONCURRENCY}, --rate-limit off)`)
console.log(`  rows            ${fmt(s.rows)} (${fmt(s.ok)} ok) in ${fmt(s.requests)} requests (emulator logged ${fmt(accounts)})`)
console.log(`  wall            ${cli.seconds.toFixed(1)} s process, ${s.seconds.toFixed(1)} s import  →  ${fmt(s.rows / cli.seconds)} rows/s (${fmt(s.rows / s.seconds)} rows/s import only)`)
console.log(`  peak RSS        ${mb(s.maxRssBytes)} importing process (polled: ${mb(cli.polledChildPeak || cli.polledPeak)}); launcher ${mb(cli.polledPeak)}`)
console.log(`  in the CLI      ${(s.seconds - s.waitSeconds).toFixed(1)} s (${(((s.seconds - s.waitSeconds) / s.seconds) * 100).toFixed(0)}%); waiting on the emulator ${s.waitSeconds.toFixed(1)} s (${((s.waitSeconds / s.seconds) * 100).toFixed(0)}%)`)
console.log(`  CPU             CLI ${s.cpuSeconds.toFixed(1)} s, emulator ${emuCpu.toFixed(1)} s`)

// 4. The peer: everything in memory, one importAccounts call.
if (peer) {
  await fetch(`${url}/__emulator/reset`, { method: "POST", headers: { "content-type": "application/json" } })
  const script = path.join(dir, "peer.ts")
  fs.writeFileSync(
    script,
    `import * as fs from "node:fs"
import { createClient } from ${JSON.stringify(path.join(root, "src/client/mod.ts"))}
const lines = fs.readFileSync(${JSON.stringify(csv)}, "utf8").split("\\n").slice(1).filter((l) => l !== "")
const accounts = lines.map((l) => { const [userId, nick, faceUrl] = l.split(","); return { userId, nick, faceUrl } })
const client = createClient({ sdkAppId: 1400000000, secretKey: "bench-secret-key", adminId: "administrator", baseUrl: ${JSON.stringify(url)}, rateLimits: false, coalesce: false, concurrency: ${CONCURRENCY} })
const r = await client.importAccounts(accounts)
await client.dispose()
const u = process.resourceUsage()
console.log(JSON.stringify({ ok: r.successCount, maxRssBytes: u.maxRSS * 1024, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 }))
`,
  )
  const p = await run([script])
  const ps = JSON.parse(p.stdout.trim().split("\n").pop()!) as { ok: number; maxRssBytes: number; cpuSeconds: number }
  console.log(`\npeer: read the whole file, one importAccounts(all) call (Promise client, same concurrency, no checkpoint)`)
  console.log(`  rows            ${fmt(ps.ok)} ok in ${p.seconds.toFixed(1)} s  →  ${fmt(ps.ok / p.seconds)} rows/s`)
  console.log(`  peak RSS        ${mb(ps.maxRssBytes)} (polled: ${mb(p.polledPeak)})`)
  console.log(`  CPU             ${ps.cpuSeconds.toFixed(1)} s`)
  console.log(`\nratios (CLI ÷ peer): peak RSS ${(s.maxRssBytes / ps.maxRssBytes).toFixed(2)}×, rows/s ${((s.rows / cli.seconds) / (ps.ok / p.seconds)).toFixed(2)}×`)
}

emulator.kill("SIGINT")
await once(emulator, "exit")
fs.rmSync(dir, { recursive: true, force: true })
