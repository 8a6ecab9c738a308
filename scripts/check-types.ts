/**
 * Type-check, three projects:
 * - tsconfig.json: the runtime-neutral library (mod.ts, src/ except src/node and src/cli) with
 *   `types: []`, so a Node global (`process`, `Buffer`) or a `node:*` import fails to compile.
 * - tsconfig.usersig.json: src/usersig again with `isolatedDeclarations`, so its public API has
 *   explicit types (no JSR slow types, declarations emittable per file).
 * - tsconfig.node.json: Node-only code, tests (including type tests with @ts-expect-error),
 *   benchmarks and scripts, with Node types.
 *
 * Accepted by decision: the Effect-based areas are not held to isolatedDeclarations (their
 * schema values would need hand-written types restating each schema); `skipLibCheck` is on, so
 * errors inside dependencies' .d.ts files are not ours to fix.
 */
import { bin, sh } from "./lib/sh.ts"

const projects = ["tsconfig.json", "tsconfig.usersig.json", "tsconfig.node.json"]
let failed = 0
for (const p of projects) if (!sh(bin("tsc"), ["-p", p, "--noEmit"])) failed++
console.log(failed === 0 ? "types: ok" : `types: ${failed} project(s) failed`)
process.exit(failed === 0 ? 0 : 1)
