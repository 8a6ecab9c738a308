/**
 * Deno and JSR (docs/toolchain.md), offline, using the npm-installed node_modules
 * (deno.json: nodeModulesDir "manual"; `imports` maps effect/, @noble/hashes/ and fflate):
 *   1. deno.json mirrors package.json: the same export subpaths (package.json's Node-only
 *      `./cli` and `./package.json` excepted) and the same versions for every mapped npm import.
 *      A mapped import may be a devDependency (fflate: the Deno run of the conformance suites
 *      compares against it); check:boundaries keeps src/ to the runtime dependencies, so such an
 *      import never reaches what JSR publishes;
 *   2. `deno check` of mod.ts, every deno.json export and the Deno test entry;
 *   3. `deno doc --lint` over every deno.json export at once: every public symbol has JSDoc and
 *      an explicit type, and every type a public signature names can be imported from some entry;
 *   4. `deno publish --dry-run --allow-dirty --no-check`: what JSR would build and check, slow
 *      types included (`--no-check` because step 2 already type-checked the same exports with
 *      the same checker; `--allow-dirty` so it runs on a working tree too). No
 *      `--allow-slow-types`: the library declares explicit types (tsconfig.json's
 *      isolatedDeclarations), so JSR users get real types.
 *
 * Step 3, dependencies: Deno 2.9's lint calls a type "private" unless one of the linted roots
 * exports it, so `Effect.Effect` or `Redacted` in our signatures would be reported although
 * users import them from `effect` (denoland/deno#27364, fixed upstream by denoland/deno#34339
 * after this Deno). So the public modules of our npm dependencies that src/ imports are linted
 * as extra roots, which makes their exports public, and only diagnostics located in this
 * repository count; the dependencies' own documentation is theirs.
 *
 * A real `deno publish` needs the JSR registry, which this check never contacts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative, sep } from "node:path"
import { bin, capture, root, sh } from "./lib/sh.ts"

const readJson = (f: string): Record<string, unknown> => JSON.parse(readFileSync(`${root}${f}`, "utf8"))
const denoJson = readJson("deno.json") as { exports: Record<string, string>; imports?: Record<string, string> }
const pkg = readJson("package.json") as {
  exports: Record<string, unknown>
  dependencies: Record<string, string>
  devDependencies?: Record<string, string>
}
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
  const want = pkg.dependencies[name!] ?? pkg.devDependencies?.[name!]
  if (want === undefined) problems.push(`deno.json imports ${key} -> ${target}, but ${name} is not in package.json`)
  else if (want !== version) problems.push(`deno.json pins ${name}@${version}, package.json has ${want}`)
}
console.log(`deno.json mirrors package.json: ${problems.length === 0 ? "yes" : "no"} (exports ${denoSubpaths.join(", ")})`)

// 2. deno check.
const deno = bin("deno")
const exported = [...new Set(Object.values(denoJson.exports).map((p) => p.replace(/^\.\//, "")))]
const entries = [...new Set(["mod.ts", ...exported, "test/runtime/deno/run.ts"])]
if (!sh(deno, ["check", ...entries])) problems.push("deno check failed")

// 3. deno doc --lint.
const env = { ...process.env, NO_COLOR: "1" }
const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : []
  })
/** `npm:<pkg>@<version>/<subpath>` for every bare import of a dependency in the library's sources. */
const dependencyRoots = (): Array<string> => {
  const specs = new Set<string>()
  const library = walk(join(root, "src")).filter((f) => !/[\\/]src[\\/](node|cli)[\\/]/.test(f))
  for (const file of library) {
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "")
    for (const m of code.matchAll(/\bfrom\s+["']([^"'.][^"']*)["']/g)) {
      const spec = m[1]!
      const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!
      const version = pkg.dependencies[name]
      if (version !== undefined) specs.add(`npm:${name}@${version}${spec.slice(name.length)}`)
    }
  }
  return [...specs].sort()
}
const ours = (file: string): boolean => {
  const rel = relative(root, file)
  return !rel.startsWith("..") && !rel.split(sep).includes("node_modules")
}
console.log(`$ deno doc --lint ${exported.join(" ")}  (+ ${dependencyRoots().length} dependency modules as public roots)`)
const lint = capture(deno, ["doc", "--lint", ...exported, ...dependencyRoots()], { env, quiet: true })
const diagnostics = lint.output.split(/\n(?=error\[)/).filter((block) => block.startsWith("error["))
const mine = diagnostics.filter((block) => {
  const at = /-->\s*(\S+?):\d+:\d+/.exec(block)
  return at !== null && ours(at[1]!)
})
if (mine.length > 0) {
  for (const block of mine) console.log(block.replace(/\n\s*(?:error: Found|Stack backtrace:)[\s\S]*$/, "").trimEnd())
  problems.push(`deno doc --lint: ${mine.length} problem(s) in the public API`)
} else if (!lint.ok && diagnostics.length === 0) {
  process.stdout.write(lint.output)
  problems.push("deno doc --lint failed")
}
console.log(`deno doc --lint: ${mine.length} problem(s) in ${exported.length} entries`)

// 4. deno publish --dry-run, slow types included (its file list is printed only on failure).
console.log("$ deno publish --dry-run --allow-dirty --no-check")
const publish = capture(deno, ["publish", "--dry-run", "--allow-dirty", "--no-check"], { env, quiet: true })
if (!publish.ok || /^(?:error|warning)/m.test(publish.output)) {
  process.stdout.write(publish.output)
  problems.push("deno publish --dry-run failed (or warned)")
} else console.log("deno publish --dry-run: ok, no slow types")

for (const p of problems) console.log(`FAIL ${p}`)
console.log(problems.length === 0 ? "deno: ok" : `deno: ${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
