/**
 * Both npm packages as consumers get them (docs/toolchain.md): the library `tencent-chat-push` (this
 * directory) and the CLI `@tencent-chat-push/cli` (packages/cli).
 *
 *   1. build: the library (`tsc -p tsconfig.build.json` -> dist/), then the CLI against the
 *      library's built .d.ts, as a consumer would compile against it;
 *   2. `npm pack` each; print files and sizes; every `exports` target and `bin` must be in the
 *      tarball, and nothing from test/, bench/, scripts/, packages/ or node_modules;
 *   3. `publint --strict` on each tarball (warnings fail too);
 *   4. attw on the library: every entry's types resolve under node16 (ESM) and bundler. The
 *      package is ESM-only by decision, so the CJS and node10 columns are not checked; the JSON
 *      report is summarised here rather than printing attw's table of ignored cells;
 *   5. the library installed from its tarball with `npm install --omit=dev` into an empty
 *      project: it must bring exactly `effect`, `@noble/hashes` and their own
 *      dependencies (no @types/node, no CLI dependency); then every subpath is imported there;
 *   6. the CLI installed from its tarball (with the library's) the same way: its bin runs
 *      (`tencent-chat-push --version`, `usersig gen`), outside this repository.
 *
 * Installs use the npm cache first (`--prefer-offline`): `npm ci` has just filled it.
 *
 * Accepted by decision: ESM only (no CJS build: Effect 4 is ESM-first and `require(esm)` works on
 * the Node versions we support); the library ships its sources and maps with dist so declaration
 * maps resolve (and the `@tencent-chat-push/source` export condition, for this repository's own
 * development, points at them); the CLI ships dist only (no types: it is a bin, not a library).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { bin, capture, root, sh } from "./lib/sh.ts"

interface Manifest {
  readonly name: string
  readonly version: string
  readonly exports?: Record<string, string | Record<string, string>>
  readonly bin?: Record<string, string>
  readonly dependencies?: Record<string, string>
}

interface Packed {
  readonly manifest: Manifest
  readonly tarball: string
  readonly files: ReadonlySet<string>
}

const problems: Array<string> = []
const tmp = mkdtempSync(join(tmpdir(), "tcp-pack-"))
const npmQuiet = ["--no-audit", "--no-fund", "--loglevel=error"]

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest

/** `npm pack` of the package in `dir`; checks the file list against its exports and bin. */
const pack = (dir: string): Packed => {
  const manifest = readManifest(dir)
  const out = capture("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp, ...npmQuiet], { cwd: dir, quiet: true })
  if (!out.ok) throw new Error(`npm pack of ${manifest.name} failed:\n${out.output}`)
  const info = (JSON.parse(out.stdout) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>)[0]!
  const files = new Set(info.files.map((f) => f.path))
  console.log(`packed ${info.filename}: ${files.size} files, ${info.size} bytes (${info.unpackedSize} unpacked)`)
  const targets = [
    ...Object.entries(manifest.exports ?? {}).flatMap(([sub, t]) => (typeof t === "string" ? [t] : Object.values(t)).map((f) => [`exports["${sub}"]`, f] as const)),
    ...Object.entries(manifest.bin ?? {}).map(([name, f]) => [`bin["${name}"]`, f] as const),
  ]
  for (const [what, t] of targets) if (!files.has(t.replace(/^\.\//, ""))) problems.push(`${manifest.name}: ${what} -> ${t} is not in the tarball`)
  const stray = [...files].filter((f) => /^(?:test|bench|scripts|packages|node_modules|\.ci|\.tmp)\//.test(f))
  if (stray.length > 0) problems.push(`${manifest.name}: unexpected files in the tarball: ${stray.slice(0, 5).join(", ")}`)
  return { manifest, tarball: join(tmp, info.filename), files }
}

/** attw's JSON report, summarised: problems only for the resolutions an ESM-only package supports. */
const attw = (p: Packed): void => {
  const r = capture(bin("attw"), [p.tarball, "--profile", "esm-only", "--format", "json"], { quiet: true })
  let report: { analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> }; problems?: Record<string, Array<{ entrypoint: string; resolutionKind?: string }>> }
  try {
    report = JSON.parse(r.stdout)
  } catch {
    problems.push(`attw produced no report:\n${r.output}`)
    return
  }
  const checked = ["node16-esm", "bundler"]
  const entries = Object.keys(report.analysis.entrypoints).filter((e) => e !== "./package.json")
  const found = Object.entries(report.problems ?? {}).flatMap(([kind, list]) =>
    list.filter((x) => x.resolutionKind === undefined || checked.includes(x.resolutionKind)).map((x) => `${kind} (${x.entrypoint}, ${x.resolutionKind ?? "any"})`)
  )
  for (const e of entries) {
    for (const k of checked) {
      const file = report.analysis.entrypoints[e]!.resolutions[k]?.resolution?.fileName
      if (file === undefined || !file.endsWith(".d.ts")) found.push(`no types for ${e} under ${k}`)
    }
  }
  console.log(`attw --profile esm-only: ${entries.length} entries (${entries.join(", ")}) x ${checked.join(", ")}: ${found.length === 0 ? "types resolve, no problems" : `${found.length} problem(s)`}`)
  for (const f of found) problems.push(`attw: ${f}`)
  if (!r.ok && found.length === 0) problems.push(`attw failed:\n${r.output}`)
}

/** Every package installed in a project's node_modules (name -> directory), nested ones too. */
const installed = (nodeModules: string, into = new Map<string, string>()): Map<string, string> => {
  if (!existsSync(nodeModules)) return into
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith(".")) continue
    const dirs = name.startsWith("@") ? readdirSync(join(nodeModules, name)).map((n) => join(name, n)) : [name]
    for (const d of dirs) {
      const full = join(nodeModules, d)
      if (!existsSync(join(full, "package.json"))) continue
      into.set(`${d}@${(JSON.parse(readFileSync(join(full, "package.json"), "utf8")) as Manifest).version}`, full)
      installed(join(full, "node_modules"), into)
    }
  }
  return into
}

const sizeOf = (dir: string): number => {
  let n = 0
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    const s = statSync(p)
    n += s.isDirectory() ? sizeOf(p) : s.size
  }
  return n
}

/** An empty project with `tarballs` installed as a consumer would (`--omit=dev`). */
const consumer = (name: string, tarballs: ReadonlyArray<string>): string | undefined => {
  const dir = join(tmp, name)
  mkdirSync(dir)
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, private: true, type: "module" })}\n`)
  if (!sh("npm", ["install", "--omit=dev", "--prefer-offline", ...npmQuiet, ...tarballs], { cwd: dir })) {
    problems.push(`npm install --omit=dev ${tarballs.map((t) => t.replace(tmp, "")).join(" ")} failed`)
    return undefined
  }
  return dir
}

/** The library's install: only its two dependencies and theirs. */
const checkLibraryInstall = (lib: Packed): void => {
  const dir = consumer("library-consumer", [lib.tarball])
  if (dir === undefined) return
  const want = Object.keys(lib.manifest.dependencies ?? {}).sort()
  if (want.join() !== "@noble/hashes,effect") problems.push(`library dependencies are ${want.join(", ")}; expected effect, @noble/hashes`)
  // The allowed closure: the library, its dependencies, and theirs, transitively.
  const all = installed(join(dir, "node_modules"))
  const byName = new Map([...all].map(([key, path]) => [key.slice(0, key.lastIndexOf("@")), path]))
  const allowed = new Set<string>()
  const visit = (name: string) => {
    if (allowed.has(name)) return
    allowed.add(name)
    const path = byName.get(name)
    if (path === undefined) return
    for (const dep of Object.keys(readManifest(path).dependencies ?? {})) visit(dep)
  }
  visit(lib.manifest.name)
  const extra = [...byName.keys()].filter((n) => !allowed.has(n))
  const bytes = sizeOf(join(dir, "node_modules"))
  console.log(`library install (--omit=dev): ${all.size} packages, ${(bytes / 1e6).toFixed(1)} MB: ${[...all.keys()].sort().join(", ")}`)
  if (extra.length > 0) problems.push(`the library's install brings packages outside effect, @noble/hashes and their dependencies: ${extra.join(", ")}`)

  const subpaths = Object.keys(lib.manifest.exports ?? {}).filter((s) => s !== "./package.json")
  const probe = subpaths
    .map((s) => {
      const spec = s === "." ? lib.manifest.name : `${lib.manifest.name}/${s.slice(2)}`
      return `{ const m = await import(${JSON.stringify(spec)}); const n = Object.keys(m).length; ` +
        `if (n === 0) throw new Error("${spec}: no exports"); console.log("import ${spec}: " + n + " exports") }`
    })
    .join("\n")
  writeFileSync(join(dir, "smoke.mjs"), `${probe}\n`)
  if (!sh(process.execPath, ["smoke.mjs"], { cwd: dir })) problems.push("smoke import of the library's subpaths failed")
}

/** The CLI's install: its bin runs outside this repository. */
const checkCliInstall = (lib: Packed, cli: Packed): void => {
  const dir = consumer("cli-consumer", [lib.tarball, cli.tarball])
  if (dir === undefined) return
  const all = installed(join(dir, "node_modules"))
  console.log(`CLI install (--omit=dev, with the library): ${all.size} packages, ${(sizeOf(join(dir, "node_modules")) / 1e6).toFixed(1)} MB`)
  const binPath = join(dir, "node_modules", ".bin", "tencent-chat-push")
  const version = capture(process.execPath, [binPath, "--version"], { cwd: dir, quiet: true })
  if (!version.ok || version.stdout.trim() !== `tencent-chat-push v${cli.manifest.version}`) {
    problems.push(`installed bin: tencent-chat-push --version printed ${JSON.stringify(version.output.trim())}`)
  }
  const env = { ...process.env, TENCENT_CHAT_SDKAPPID: "1400000000", TENCENT_CHAT_SECRET_KEY: "pack-check-key" }
  const gen = capture(process.execPath, [binPath, "usersig", "gen", "--user", "alice"], { cwd: dir, quiet: true, env })
  const verify = gen.ok ? capture(process.execPath, [binPath, "usersig", "verify", gen.stdout.trim(), "--user", "alice"], { cwd: dir, quiet: true, env }) : undefined
  if (!gen.ok || verify?.ok !== true) problems.push(`installed bin: usersig gen / verify failed:\n${gen.output}${verify?.output ?? ""}`)
  else console.log("installed bin: tencent-chat-push --version, usersig gen and usersig verify ok")
}

try {
  if (!sh("npm", ["run", "build", "--silent"])) throw new Error("library build failed")
  if (!sh("npm", ["run", "build", "--silent"], { cwd: join(root, "packages/cli") })) throw new Error("CLI build failed")
  const lib = pack(root)
  const cli = pack(join(root, "packages/cli"))
  for (const p of [lib, cli]) if (!sh(bin("publint"), ["run", p.tarball, "--strict"])) problems.push(`publint failed for ${p.manifest.name}`)
  attw(lib)
  checkLibraryInstall(lib)
  checkCliInstall(lib, cli)
} catch (e) {
  problems.push(e instanceof Error ? e.message : String(e))
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

for (const p of problems) console.log(`FAIL ${p}`)
console.log(problems.length === 0 ? "pack: ok" : `pack: ${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
