/**
 * The streamed state past the old ceiling (issue 9 item 22): `--state` and GET /__emulator/state
 * built one JSON string, ~173 MB per million accounts (3 attributes, 5 tags), so about 3.1 M
 * accounts hit V8's longest string (2^29 − 24 characters) and the save was lost.
 *
 * Seeds N accounts with `importStateStream` from generated NDJSON, exports them with
 * `exportStateStream` to a file, imports that file into a fresh emulator, checks the copy, and
 * prints time, file size and memory for each step. With `--old` it also tries the old path,
 * `JSON.stringify(em.exportState())`, and prints how it fails.
 *
 * Run by hand (prints figures, asserts nothing; needs a large heap):
 *   node_modules/.bin/node --max-old-space-size=16000 bench/emulator-state.ts [accounts=3500000] [--old]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import { createEmulator } from "../src/emulator/mod.ts"

const N = Number(process.argv.find((a) => /^[0-9]+$/.test(a)) ?? 3_500_000)
const old = process.argv.includes("--old")
const app = { sdkAppId: 1400000000, secretKey: "bench-secret", admins: ["administrator"] }
const MB = 1024 * 1024
const V8_MAX_STRING = 2 ** 29 - 24

const mem = () => {
  const m = process.memoryUsage()
  return `heap ${(m.heapUsed / MB).toFixed(0)} MB, RSS ${(m.rss / MB).toFixed(0)} MB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`
}
const gc = () => (globalThis as { gc?: () => void }).gc?.()
const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
  const t0 = performance.now()
  const r = await f()
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s; ${mem()}`)
  return r
}

const enc = new TextEncoder()
async function* seed(): AsyncGenerator<Uint8Array> {
  const cities = ["SZ", "BJ", "SH", "GZ", "HZ"]
  yield enc.encode(`${JSON.stringify({ state: { version: 2 } })}\n`)
  yield enc.encode(`${JSON.stringify({ app: { sdkAppId: app.sdkAppId, attrNames: { "0": "city", "1": "tier", "2": "platform" }, attrTypes: {}, taskCounter: 0, pushDay: 0, pushesToday: 0 } })}\n`)
  const lines: Array<string> = []
  for (let i = 0; i < N; i++) {
    lines.push(
      JSON.stringify({
        account: {
          UserID: `user-${i}`,
          importedAt: 1767585600000 + i,
          attrs: { city: cities[i % 5], tier: i % 3 ? "free" : "gold", platform: i % 2 ? "ios" : "android" },
          tags: ["active", `interest-${i % 40}`, `cohort-${i % 12}`, i % 7 ? "push-on" : "push-off", `region-${i % 9}`],
        },
      }),
    )
    if (lines.length === 2000) {
      yield enc.encode(`${lines.join("\n")}\n`)
      lines.length = 0
    }
  }
  if (lines.length > 0) yield enc.encode(`${lines.join("\n")}\n`)
  yield enc.encode(`${JSON.stringify({ end: { apps: 1, accounts: N, tasks: 0 } })}\n`)
}

const dir = mkdtempSync(join(tmpdir(), "emulator-state-"))
const file = join(dir, "state.ndjson")
try {
  console.log(`${N.toLocaleString("en-US")} accounts, 3 attributes and 5 tags each; ${mem()}`)
  const em = createEmulator({ apps: [app] })
  await time("seed with importStateStream (generated NDJSON)", () => em.importStateStream(seed()))
  await time("exportStateStream → file", () => pipeline(Readable.fromWeb(em.exportStateStream() as never), createWriteStream(file)))
  const bytes = statSync(file).size
  console.log(
    `state file: ${(bytes / MB).toFixed(0)} MB (${(bytes / N).toFixed(0)} bytes per account; ` +
      `${(bytes / V8_MAX_STRING).toFixed(2)}× V8's longest string${bytes > V8_MAX_STRING ? ": no single-string export could hold it" : ""})`,
  )
  if (old) {
    try {
      await time("old path: JSON.stringify(em.exportState())", async () => JSON.stringify(em.exportState()).length)
    } catch (e) {
      console.log(`old path: JSON.stringify(em.exportState()) failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`)
    }
  }
  const copy = createEmulator({ apps: [app] })
  gc()
  const summary = await time("importStateStream ← file (into a fresh emulator)", () => copy.importStateStream(createReadStream(file)))
  const sameCount = copy.accountCount(app.sdkAppId) === em.accountCount(app.sdkAppId)
  const probe = [0, Math.floor(N / 2), N - 1].map((i) => `user-${i}`)
  const sameAccounts = probe.every((id) => JSON.stringify(copy.account(app.sdkAppId, id)) === JSON.stringify(em.account(app.sdkAppId, id)))
  console.log(`imported ${summary.accounts.toLocaleString("en-US")} accounts (${summary.format}); counts equal: ${sameCount}; probed accounts equal: ${sameAccounts}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
