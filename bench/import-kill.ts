/**
 * Resume under repeated `kill -9`: an `accounts import` of 200,000 rows in which every user
 * appears four times with a newer nick each time (so order matters: the last row must win) is
 * killed with SIGKILL (the launcher; its child must stop too) at random moments, rerun at once
 * each time, until a run completes. Then the emulator's accounts are compared with what the file
 * says (the last nick of each user), and the request log with the checkpoint.
 *
 * Run by hand (prints figures; exits 1 if the final state differs):
 *   node_modules/.bin/node --conditions=@tencent-chat-push/source bench/import-kill.ts [kills=28] [rows=200000] [seed=1]
 *
 * Each rerun takes over a killed run's lock and waits out its request timeout first (2 s here,
 * `--timeout 2s`), which is most of the wall time.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { createEmulator } from "tencent-chat-push/emulator"
import { serve } from "tencent-chat-push/node"

const [killsArg, rowsArg, seedArg] = process.argv.slice(2)
const KILLS = Number(killsArg ?? 28)
const ROWS = Number(rowsArg ?? 200_000)
let seed = Number(seedArg ?? 1) >>> 0 || 1
const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647)

const root = path.resolve(import.meta.dirname, "..")
const main = path.join(root, "packages/cli/src/main.ts")
const SDKAPPID = 1400000000
const SECRET = "bench-import-kill-secret-key"
const USERS = Math.ceil(ROWS / 4)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-kill-"))
const csv = path.join(dir, "users.csv")
const expected = new Map<string, string>()
{
  const out = fs.openSync(csv, "w")
  fs.writeSync(out, "userId,nick\n")
  let chunk = ""
  for (let i = 0; i < ROWS; i++) {
    const user = `u${i % USERS}`
    expected.set(user, `v${i}`)
    chunk += `${user},v${i}\n`
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk)
      chunk = ""
    }
  }
  fs.writeSync(out, chunk)
  fs.closeSync(out)
}

const em = createEmulator({ apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: ["administrator"] }], limits: { rates: { multiaccount_import: false } } })
const server = await serve(em, { port: 0 })
const args = ["--conditions=@tencent-chat-push/source", main, "accounts", "import", csv, "--rate-limit", "off", "--concurrency", "8", "--timeout", "2s", "--progress", "none", "--emulator", server.url]
const env = { PATH: process.env.PATH ?? "", HOME: os.homedir(), TENCENT_CHAT_SDKAPPID: String(SDKAPPID), TENCENT_CHAT_SECRET_KEY: SECRET }

const runOnce = (killAfterMs: number | undefined) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.resume()
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs)
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer)
      resolve({ code, signal, stdout })
    })
  })

const started = performance.now()
let kills = 0
let runs = 0
for (;;) {
  runs++
  const killAfter = kills < KILLS ? 1500 + Math.round(random() * 3000) : undefined
  const r = await runOnce(killAfter)
  if (r.signal === "SIGKILL") {
    kills++
    continue
  }
  if (r.code !== 0) {
    console.error(`run ${runs} exited ${r.code}:\n${r.stdout}`)
    process.exitCode = 1
  }
  if (kills >= KILLS || r.code !== 0) break
  // Finished before the kill came: nothing left to kill.
  break
}
const seconds = (performance.now() - started) / 1000

const accounts = em.exportState().apps[0]!.accounts
let wrong = 0
for (const a of accounts) if (expected.get(a.UserID) !== a.Nick) wrong++
const missing = USERS - accounts.length
const requests = em.countRequests({ endpoint: "multiaccount_import" })
const ck = JSON.parse(fs.readFileSync(`${csv}.checkpoint.json`, "utf8")) as { complete: boolean; counts: { requests: number; rows: number } }
console.log(`import-kill: ${ROWS.toLocaleString("en-US")} rows (${USERS.toLocaleString("en-US")} users, 4 rows each), ${kills} kill -9 of the launcher, ${runs} runs, ${seconds.toFixed(1)} s, load average ${os.loadavg()[0]!.toFixed(1)}`)
console.log(`  final state: ${accounts.length.toLocaleString("en-US")} accounts, ${wrong} with an older nick, ${missing} missing`)
console.log(`  requests: ${requests.toLocaleString("en-US")} received, ${ck.counts.requests.toLocaleString("en-US")} acknowledged in the checkpoint (complete: ${ck.complete}); ${(requests - ck.counts.requests).toLocaleString("en-US")} resent after kills (at most 8 per kill)`)
if (wrong > 0 || missing !== 0 || !ck.complete || requests - ck.counts.requests > 8 * kills) process.exitCode = 1
await server.close()
fs.rmSync(dir, { recursive: true, force: true })
