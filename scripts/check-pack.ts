/**
 * The npm package as consumers get it (docs/toolchain.md):
 *   1. `npm run build` (tsc -p tsconfig.build.json -> dist/, JS + .d.ts + maps);
 *   2. `npm pack` into a temp dir; print the file count and size; every `exports` target must be
 *      in the tarball, and nothing from test/, bench/, scripts/ or node_modules may be;
 *   3. `publint --strict` on the tarball (warnings fail too);
 *   4. `attw --profile esm-only` on the tarball: every subpath's types resolve under node16,
 *      bundler and (for require) are skipped because the package is ESM-only by decision;
 *   5. a smoke import of every subpath from the unpacked tarball on this Node, as an installed
 *      dependency would be imported (its own dependencies linked from node_modules).
 *
 * Accepted by decision: ESM only (no CJS build: Effect 4 is ESM-first and `require(esm)` works on
 * the Node versions we support); sources and maps ship with dist so declaration maps resolve.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { bin, capture, root, sh } from "./lib/sh.ts"

const problems: Array<string> = []
const tmp = mkdtempSync(join(tmpdir(), "tcp-pack-"))
try {
  if (!sh("npm", ["run", "build", "--silent"])) throw new Error("build failed")

  const packed = capture("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], { quiet: true })
  if (!packed.ok) throw new Error(`npm pack failed:\n${packed.output}`)
  const info = (JSON.parse(packed.stdout) as Array<{
    filename: string
    size: number
    unpackedSize: number
    files: Array<{ path: string }>
  }>)[0]!
  const tarball = join(tmp, info.filename)
  const files = new Set(info.files.map((f) => f.path))
  console.log(`packed ${info.filename}: ${files.size} files, ${info.size} bytes (${info.unpackedSize} unpacked)`)

  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    name: string
    exports: Record<string, string | Record<string, string>>
    dependencies?: Record<string, string>
  }
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const targets = typeof target === "string" ? [target] : Object.values(target)
    for (const t of targets) if (!files.has(t.replace(/^\.\//, ""))) problems.push(`exports["${subpath}"] -> ${t} is not in the tarball`)
  }
  const stray = [...files].filter((f) => /^(?:test|bench|scripts|node_modules|\.ci|\.tmp)\//.test(f))
  if (stray.length > 0) problems.push(`unexpected files in the tarball: ${stray.slice(0, 5).join(", ")}`)

  if (!sh(bin("publint"), ["run", tarball, "--strict"])) problems.push("publint failed")
  if (!sh(bin("attw"), [tarball, "--profile", "esm-only", "--format", "table-flipped", "--no-emoji", "--no-color"])) problems.push("attw failed")

  // Smoke import: unpack as node_modules/<name>, link its dependencies, import every subpath.
  const consumer = join(tmp, "consumer")
  const installed = join(consumer, "node_modules", pkg.name)
  mkdirSync(installed, { recursive: true })
  if (!sh("tar", ["xzf", tarball, "-C", installed, "--strip-components=1"])) throw new Error("tar failed")
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    const link = join(consumer, "node_modules", dep)
    mkdirSync(join(link, ".."), { recursive: true })
    symlinkSync(join(root, "node_modules", dep), link)
  }
  const subpaths = Object.keys(pkg.exports).filter((s) => s !== "./package.json" && s !== "./cli")
  const probe = subpaths
    .map((s) => {
      const spec = s === "." ? pkg.name : `${pkg.name}/${s.slice(2)}`
      return `{ const m = await import(${JSON.stringify(spec)}); const n = Object.keys(m).length; ` +
        `if (n === 0) throw new Error("${spec}: no exports"); console.log("import ${spec}: " + n + " exports") }`
    })
    .join("\n")
  writeFileSync(join(consumer, "smoke.mjs"), `${probe}\n`)
  if (!sh(process.execPath, ["smoke.mjs"], { cwd: consumer })) problems.push("smoke import failed")
} catch (e) {
  problems.push(e instanceof Error ? e.message : String(e))
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

for (const p of problems) console.log(`FAIL ${p}`)
console.log(problems.length === 0 ? "pack: ok" : `pack: ${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
