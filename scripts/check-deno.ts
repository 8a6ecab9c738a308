/**
 * Deno and JSR (docs/toolchain.md), offline, using the npm-installed node_modules
 * (deno.json: nodeModulesDir "manual"; `imports` maps effect/, @noble/hashes/ and fflate):
 *   1. deno.json mirrors package.json: the same export subpaths (package.json's Node-only
 *      `./cli` and `./package.json` excepted) and the same versions for every mapped npm import;
 *   2. `deno check` of mod.ts, every deno.json export and the Deno test entry;
 *   3. `deno publish --dry-run --allow-dirty --no-check`: what JSR would build and check,
 *      including slow types (`--no-check` because step 2 already type-checked the same
 *      exports with the same checker; `--allow-dirty` so it runs on a working tree too).
 *
 * Accepted by decision (slow types): src/usersig and src/callbacks must have none (also enforced
 * by tsconfig.usersig.json's and tsconfig.callbacks.json's isolatedDeclarations). The Effect-based areas may have them: their
 * schema values would need hand-written types restating each schema. So the dry run is tried
 * strictly first; if the only errors are slow types outside src/usersig, they are listed by
 * file and the dry run is repeated with --allow-slow-types, whose result is the verdict.
 * A real `deno publish` needs the JSR registry, which this check never contacts.
 */
import { readFileSync } from "node:fs"
import { bin, capture, root, sh } from "./lib/sh.ts"

const readJson = (f: string): Record<string, unknown> => JSON.parse(readFileSync(`${root}${f}`, "utf8"))
const denoJson = readJson("deno.json") as { exports: Record<string, string>; imports?: Record<string, string> }
const pkg = readJson("package.json") as { exports: Record<string, unknown>; dependencies: Record<string, string> }
const nodeOnlyExports = new Set(["./cli", "./package.json"])
const problems: Array<string> = []

// 1. Mirror.
const npmSubpaths = Object.keys(pkg.exports).filter((k) => !nodeOnlyExports.has(k)).sort()
const denoSubpaths = Object.keys(denoJson.exports).filter((k) => !nodeOnlyExports.has(k)).sort()
if (npmSubpaths.join() !== denoSubpaths.join()) {
  problems.push(`exports differ: package.json [${npmSubpaths.join(", ")}], deno.json [${denoSubpaths.join(", ")}]`)
}
for (const [key, target] of Object.entries(denoJson.imports ?? {})) {
  const m = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)@([^/]+)/.exec(target)
  if (!m) continue
  const [, name, version] = m
  const want = pkg.dependencies[name!]
  if (want === undefined) problems.push(`deno.json imports ${key} -> ${target}, but ${name} is not a package.json dependency`)
  else if (want !== version) problems.push(`deno.json pins ${name}@${version}, package.json has ${want}`)
}
console.log(`deno.json mirrors package.json: ${problems.length === 0 ? "yes" : "no"} (exports ${denoSubpaths.join(", ")})`)

// 2. deno check.
const deno = bin("deno")
const entries = [...new Set(["mod.ts", ...Object.values(denoJson.exports), "test/runtime/deno/run.ts"].map((p) => p.replace(/^\.\//, "")))]
if (!sh(deno, ["check", ...entries])) problems.push("deno check failed")

// 3. deno publish --dry-run, strict first.
const env = { ...process.env, NO_COLOR: "1" }
console.log("$ deno publish --dry-run (strict; output shown only if it fails for a reason other than accepted slow types)")
const strict = capture(deno, ["publish", "--dry-run", "--allow-dirty", "--no-check"], { env, quiet: true })
if (!strict.ok) {
  const errors = [...strict.output.matchAll(/^error\[([\w-]+)\][^\n]*\n\s*-->\s*(\S+?):\d+:\d+/gm)].map((m) => ({
    code: m[1]!,
    file: m[2]!.replace(root, ""),
  }))
  const slow = errors.filter((e) => /^(?:missing-explicit-|unsupported-)/.test(e.code))
  const inUsersig = slow.filter((e) => e.file.startsWith("src/usersig/") || e.file.startsWith("src/callbacks/") || e.file === "mod.ts")
  const slowOnly = slow.length > 0 && slow.length === errors.length && /slow types/.test(strict.output)
  if (!slowOnly || inUsersig.length > 0) {
    process.stdout.write(strict.output)
    problems.push(inUsersig.length > 0 ? `slow types in src/usersig, src/callbacks or mod.ts: ${inUsersig.map((e) => e.file).join(", ")}` : "deno publish --dry-run failed")
  } else {
    const byFile = new Map<string, number>()
    for (const e of slow) byFile.set(e.file, (byFile.get(e.file) ?? 0) + 1)
    console.log(`accepted by decision: ${slow.length} slow type(s) in Effect-based modules:`)
    for (const [f, n] of [...byFile].sort()) console.log(`  ${String(n).padStart(4)}  ${f}`)
    if (!sh(deno, ["publish", "--dry-run", "--allow-dirty", "--no-check", "--allow-slow-types"], { env })) problems.push("deno publish --dry-run --allow-slow-types failed")
  }
}

for (const p of problems) console.log(`FAIL ${p}`)
console.log(problems.length === 0 ? "deno: ok" : `deno: ${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
