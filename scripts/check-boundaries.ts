/**
 * Layer boundaries (docs/toolchain.md), checked on the import specifiers of every .ts file:
 *
 *   usersig   imports no effect / @effect, no Node built-in, nothing from other src areas
 *   callbacks the same: no effect / @effect, nothing from other src areas; and only emulator,
 *             client and the Node-only entry point (node) import it (not usersig, not api)
 *   api       imports nothing from client, emulator, node
 *   client    never imports emulator; emulator never imports client
 *   src/client/internal/  imported from src/client only (tests may test its pieces)
 *   src outside src/node (and mod.ts): no Node built-in (`node:*` or bare `fs`, `crypto`...),
 *             nothing from src/node, nor a Node-only package (@effect/platform-node*, redis,
 *             cli-progress)
 *   src, mod.ts: bare imports only of packages in package.json "dependencies" (a devDependency
 *             would be missing for consumers); nothing from packages/
 *   packages/cli (src and test): the library only through its public entries: a bare
 *             `tencent-chat-push/<subpath>` that the library's package.json `exports` lists,
 *             never a relative import out of packages/cli (so never `../../src/...`); its src
 *             imports by bare name only packages in packages/cli/package.json "dependencies"
 *   everywhere (src, packages, test, bench, scripts): never the `effect` barrel
 *             (`from "effect"`), which makes esbuild bundles 3-4x larger; import `effect/<Module>`
 *
 * Accepted by decision: imports are found by a regex over the source text (static `import`/
 * `export ... from`, side-effect `import "x"`, and `import("literal")`), not by a parser, after
 * removing block comments (JSDoc `@example`s import the public specifier) and whole-line or
 * trailing `//` comments. It cannot see computed `import(expr)` specifiers.
 */
import { readFileSync, readdirSync, statSync } from "node:fs"
import { builtinModules } from "node:module"
import { dirname, join, relative, resolve, sep } from "node:path"
import { root } from "./lib/sh.ts"

const importRe =
  /(?:^|[;\s}])(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/gm

const walk = (dir: string): Array<string> => {
  let out: Array<string> = []
  let names: Array<string>
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of names) {
    if (name === "node_modules" || name.startsWith(".")) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out = out.concat(walk(p))
    else if (/\.(?:m|c)?tsx?$/.test(name)) out.push(p)
  }
  return out
}

const builtins = new Set(builtinModules.filter((m) => !m.startsWith("_")))
const isNodeBuiltin = (spec: string): boolean => spec.startsWith("node:") || builtins.has(spec.split("/")[0]!)
// Packages that only work on Node (they import node:* themselves); the list is by decision, grow it as needed.
const nodeOnlyPackages = new Set(["@effect/platform-node", "@effect/platform-node-shared", "redis", "cli-progress"])
const packageName = (spec: string): string => {
  const parts = spec.split("/")
  return spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!
}
interface Manifest {
  readonly name: string
  readonly exports?: Record<string, unknown>
  readonly dependencies?: Record<string, string>
  readonly devDependencies?: Record<string, string>
}
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Manifest
const pkg = manifest(".")
const cliPkg = manifest("packages/cli")
const deps = new Set(Object.keys(pkg.dependencies ?? {}))
const cliDeps = new Set(Object.keys(cliPkg.dependencies ?? {}))
const cliTestDeps = new Set([...cliDeps, ...Object.keys(cliPkg.devDependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})])
const publicEntries = new Set(Object.keys(pkg.exports ?? {}).filter((s) => s !== "./package.json").map((s) => (s === "." ? pkg.name : `${pkg.name}/${s.slice(2)}`)))

/** The rules for the CLI package: the library only by its public entries, its own dependencies. */
const checkCli = (rel: string, file: string, spec: string, bad: (why: string) => void): void => {
  if (spec.startsWith(".")) {
    const target = relative(root, resolve(dirname(file), spec)).split(sep).join("/")
    if (!target.startsWith("packages/cli/")) bad("a relative import out of packages/cli; import the library by a public entry (tencent-chat-push/...)")
    return
  }
  if (isNodeBuiltin(spec)) return
  const name = packageName(spec)
  if (name === pkg.name) {
    if (!publicEntries.has(spec)) bad(`not a public entry of ${pkg.name} (package.json exports: ${[...publicEntries].join(", ")})`)
    return
  }
  const allowed = rel.startsWith("packages/cli/src/") ? cliDeps : cliTestDeps
  if (!allowed.has(name)) bad(`"${name}" is not in packages/cli/package.json dependencies`)
}

/** The src area a repo-relative path lives in ("usersig", "api", ...), "mod" for root mod.ts, or undefined. */
const areaOf = (rel: string): string | undefined => {
  if (rel === "mod.ts") return "mod"
  const m = /^src\/([^/]+)\//.exec(rel)
  return m ? m[1] : undefined
}

const violations: Array<string> = []
const files = [...walk(join(root, "src")), ...walk(join(root, "packages")), ...walk(join(root, "test")), ...walk(join(root, "bench")), ...walk(join(root, "scripts"))]
files.push(join(root, "mod.ts"))

let importCount = 0
for (const file of files) {
  const rel = relative(root, file).split(sep).join("/")
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch {
    continue
  }
  const from = areaOf(rel)
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1")
  for (const m of code.matchAll(importRe)) {
    const spec = (m[1] ?? m[2])!
    importCount++
    const bad = (why: string) => violations.push(`${rel}: imports "${spec}": ${why}`)
    if (spec === "effect") bad("the effect barrel; import effect/<Module>")
    if (rel.startsWith("packages/cli/")) {
      checkCli(rel, file, spec, bad)
      continue
    }
    if (from === undefined) continue // tests, bench, scripts: only the barrel rule applies

    const isRelative = spec.startsWith(".")
    const target = isRelative ? relative(root, resolve(dirname(file), spec)).split(sep).join("/") : undefined
    const toArea = target === undefined ? undefined : (/^src\/([^/]+)/.exec(target)?.[1])
    const nodeOnly = from === "node"

    if (target !== undefined && !target.startsWith("src/")) bad("a relative import that leaves src/")
    if (!isRelative && !isNodeBuiltin(spec) && !deps.has(packageName(spec))) {
      bad(`"${packageName(spec)}" is not in package.json dependencies`)
    }
    if (!nodeOnly && isNodeBuiltin(spec)) bad("a Node built-in outside src/node")
    if (!nodeOnly && !isRelative && nodeOnlyPackages.has(packageName(spec))) bad("a Node-only package outside src/node")
    if (!nodeOnly && toArea === "node") bad("src/node is the Node-only entry point; nothing else in src imports it")
    if (from === "usersig") {
      if (spec.startsWith("effect/") || spec.startsWith("@effect/")) bad("usersig must stay free of Effect")
      if (toArea !== undefined && toArea !== "usersig") bad("usersig is the bottom layer; it imports no other area")
    }
    if (from === "callbacks") {
      if (spec.startsWith("effect/") || spec.startsWith("@effect/")) bad("callbacks must stay free of Effect")
      if (toArea !== undefined && toArea !== "callbacks") bad("callbacks depends on no other src area")
    }
    if (toArea === "callbacks" && (from === "usersig" || from === "api")) bad("callbacks sits beside api; only emulator, client and node use it")
    if (from === "api" && toArea !== undefined && ["client", "emulator", "node"].includes(toArea)) {
      bad("api is below client and emulator")
    }
    if (from === "client" && toArea === "emulator") bad("the client never imports the emulator")
    if (from === "emulator" && toArea === "client") bad("the emulator never imports the client")
    if (from !== "client" && target?.startsWith("src/client/internal/")) {
      bad("src/client/internal is the client's machinery (its README); import the client's API instead")
    }
  }
}

for (const v of violations) console.log(`FAIL ${v}`)
console.log(`boundaries: ${files.length} files, ${importCount} imports, ${violations.length} violation(s)`)
process.exit(violations.length === 0 ? 0 : 1)
