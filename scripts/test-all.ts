/**
 * `npm test`: every check, in sequence, with streamed output, a summary table with timings and a
 * final line `N passed, N failed` counting the parts. Exits non-zero if any part failed. Every
 * part is an npm script and also runs alone (`npm run <script>`); this file runs the script's
 * command directly (with node_modules/.bin first on PATH, as npm does) so package.json stays the
 * single source of truth.
 *
 *   npm test                       # all parts
 *   npm test -- deno bun           # only the parts whose name or script contains a filter word
 *
 * Accepted by decision: a failing part does not stop the run (CI shows every failure at once);
 * parts run one at a time, because several of them (tsc, vitest, deno) use both cores.
 */
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { delimiter, join } from "node:path"
import { root } from "./lib/sh.ts"

const parts: ReadonlyArray<{ name: string; script: string }> = [
  { name: "lock file accepted by npm ci", script: "check:lock" },
  { name: "types", script: "test:types" },
  { name: "unit + conformance on Node 24 (vitest)", script: "test:unit" },
  { name: "unit + conformance on Node 22.19 (vitest)", script: "test:node22" },
  { name: "one process: limits measured at the server", script: "test:limits" },
  { name: "fleet: Redis and Durable Object stores", script: "test:fleet" },
  { name: "console in Chromium (playwright-core)", script: "test:browser" },
  { name: "conformance on Deno", script: "test:deno" },
  { name: "conformance on Bun", script: "test:bun" },
  { name: "conformance on workerd (default flags)", script: "test:workerd:default" },
  { name: "conformance on workerd (no_nodejs_compat)", script: "test:workerd:no-node-compat" },
  { name: "deno check + publish --dry-run", script: "check:deno" },
  { name: "pack (library and CLI): publint, attw, install, smoke", script: "check:pack" },
  { name: "bundle: ./usersig size and contents", script: "check:bundle" },
  { name: "layer boundaries", script: "check:boundaries" },
  { name: "references stay inside the repository", script: "check:refs" },
]

const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts
const filters = process.argv.slice(2)
const selected = filters.length === 0 ? parts : parts.filter((p) => filters.some((f) => p.name.includes(f) || p.script.includes(f)))
if (selected.length === 0) {
  console.error(`no part matches ${filters.join(" ")}; parts: ${parts.map((p) => p.script).join(", ")}`)
  process.exit(2)
}

const env = { ...process.env, PATH: `${join(root, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}` }
const results: Array<{ name: string; script: string; ok: boolean; seconds: number }> = []
const started = performance.now()
for (const part of selected) {
  const command = scripts[part.script]
  console.log(`\n=== ${part.name}  (npm run ${part.script}: ${command ?? "MISSING"})`)
  const t0 = performance.now()
  const ok = command !== undefined && spawnSync("sh", ["-c", command], { cwd: root, env, stdio: "inherit" }).status === 0
  const seconds = (performance.now() - t0) / 1000
  results.push({ ...part, ok, seconds })
  console.log(`=== ${ok ? "PASS" : "FAIL"} ${part.name} (${seconds.toFixed(1)} s)`)
}

const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
const width = Math.max(...results.map((r) => r.name.length))
console.log("\n| result | part" + " ".repeat(width - 4) + " | script | seconds |")
for (const r of results) {
  console.log(`| ${r.ok ? "PASS  " : "FAIL  "} | ${r.name.padEnd(width)} | ${r.script} | ${r.seconds.toFixed(1).padStart(7)} |`)
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
