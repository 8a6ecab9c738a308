/**
 * `npm run test:node22`: the Node unit and conformance suites (every vitest file, the CLI's
 * included) on Node 22.19, the lowest version `engines` promises, so the supported range is
 * tested at both ends (the rest of `npm test` runs on Node 24).
 *
 * Node 22.19 comes from the npm registry like Node 24 does: the private workspace
 * test/runtime/node22 depends on `node@22.19.0`, whose bin stays in that folder, so the
 * repository's node_modules/.bin/node remains Node 24 for every other script. The check first
 * proves both: the two binaries are the pinned versions and the lower one is the `engines` bound.
 *
 * Accepted by decision: vitest itself runs on Node 22 too (its workers and the CLI processes the
 * tests spawn use `process.execPath`), so a vitest or Node 22 incompatibility fails this part.
 */
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { delimiter, dirname, join } from "node:path"
import { root } from "./lib/sh.ts"

const json = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"))
const node22 = join(root, "test/runtime/node22/node_modules/.bin/node")
const want22 = (json("test/runtime/node22/package.json") as { devDependencies: { node: string } }).devDependencies.node
const pkg = json("package.json") as { engines: { node: string }; devDependencies: { node: string } }

const versionOf = (bin: string): string => spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "(missing)"
const problems: Array<string> = []
const main = versionOf(join(root, "node_modules/.bin/node"))
const low = versionOf(node22)
if (main !== `v${pkg.devDependencies.node}`) problems.push(`node_modules/.bin/node is ${main}, expected v${pkg.devDependencies.node}`)
if (low !== `v${want22}`) problems.push(`${node22.replace(root, "")} is ${low}, expected v${want22} (run npm ci)`)
if (pkg.engines.node !== `>=${want22}`) problems.push(`engines.node is "${pkg.engines.node}", but the lowest version tested is ${want22}`)
if (problems.length > 0) {
  for (const p of problems) console.log(`FAIL ${p}`)
  process.exit(1)
}
console.log(`node_modules/.bin/node ${main}; lowest supported ${low} (engines ${pkg.engines.node}): running vitest on ${low}`)

const env = { ...process.env, PATH: [dirname(node22), join(root, "node_modules/.bin"), process.env.PATH ?? ""].join(delimiter) }
const r = spawnSync(node22, [join(root, "node_modules/vitest/vitest.mjs"), "run", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" })
process.exit(r.status ?? 1)
