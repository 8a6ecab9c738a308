/**
 * Bundle check for the Effect-free entries (docs/toolchain.md): an edge user who only mints UserSigs
 * (`./usersig`) or only receives push callbacks (`./callbacks`) must not pay for Effect. esbuild
 * bundles and minifies each entry's mod.ts (the whole public API, so this is the worst case; a
 * user importing one function gets less) twice, as wrangler does (platform browser, conditions
 * workerd/worker/browser) and platform-neutral, and asserts that:
 *   - no input comes from effect or @effect/* (checked on esbuild's metafile, not on strings);
 *   - the output has no `node:` import (Node built-ins are left external so they show up here);
 *   - the output is at most the entry's limit gzipped (gzip -9): 10 KB (10,240 bytes) for
 *     `./usersig`, 9 KB (9,216 bytes) for `./callbacks` (about 7.7 KB today).
 * It prints the minified and gzipped sizes and what each input contributes.
 *
 * Accepted by decision: the limit is on gzip -9 of the minified ESM bundle, with tree-shaking
 * only of what the entry itself does not export (reference points: a bare noble HMAC-SHA256 +
 * fflate zlib/unzlib bundle is about 7.4 KB gzipped; noble's SHA-256 alone about 2 KB).
 */
import { build, type Metafile } from "esbuild"
import { gzipSync } from "node:zlib"
import { root } from "./lib/sh.ts"

const entries = [
  { name: "usersig", entry: "src/usersig/mod.ts", limit: 10 * 1024 },
  { name: "callbacks", entry: "src/callbacks/mod.ts", limit: 9 * 1024 },
] as const

const variants = [
  { name: "browser/workerd", platform: "browser", conditions: ["workerd", "worker", "browser"] },
  { name: "neutral", platform: "neutral", conditions: [] as Array<string>, mainFields: ["module", "main"] },
] as const

const problems: Array<string> = []
for (const { name, entry, limit } of entries) for (const v of variants) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: v.platform,
    conditions: [...v.conditions],
    ...("mainFields" in v ? { mainFields: [...v.mainFields] } : {}),
    external: ["node:*"],
    target: "es2022",
    metafile: true,
    write: false,
    logLevel: "silent",
  }).catch((e: unknown) => {
    problems.push(`${name} (${v.name}): esbuild failed: ${e instanceof Error ? e.message : String(e)}`)
    return undefined
  })
  if (result === undefined) continue
  for (const w of result.warnings) console.log(`warning (${v.name}): ${w.text} at ${w.location?.file ?? "?"}:${w.location?.line ?? "?"}`)
  const code = result.outputFiles[0]!.contents
  const text = new TextDecoder().decode(code)
  const gz = gzipSync(code, { level: 9 }).length
  const meta: Metafile = result.metafile
  const output = Object.values(meta.outputs)[0]!
  console.log(`${name} bundle (${v.name}): ${code.length} bytes minified, ${gz} bytes gzipped (limit ${limit})`)
  const byInput = Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
  for (const [path, info] of byInput) console.log(`  ${String(info.bytesInOutput).padStart(7)}  ${path}`)

  const effectInputs = Object.keys(meta.inputs).filter((p) => /node_modules\/(?:effect|@effect\/[^/]+)\//.test(p))
  if (effectInputs.length > 0) problems.push(`${name} (${v.name}): Effect code in the bundle: ${effectInputs.slice(0, 5).join(", ")}`)
  const nodeImports = output.imports.filter((i) => i.path.startsWith("node:")).map((i) => i.path)
  if (nodeImports.length > 0 || /["']node:[a-z_/]+["']/.test(text)) {
    problems.push(`${name} (${v.name}): node: imports in the bundle: ${[...new Set(nodeImports)].join(", ") || "(found in text)"}`)
  }
  if (gz > limit) problems.push(`${name} (${v.name}): ${gz} bytes gzipped, over the ${limit}-byte limit`)
}

for (const p of problems) console.log(`FAIL ${p}`)
console.log(problems.length === 0 ? "bundle: ok" : `bundle: ${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
