/**
 * Type-check, three projects:
 * - tsconfig.json: the runtime-neutral library (mod.ts, src/ except src/node and src/cli) with
 *   `types: []`, so a Node global (`process`, `Buffer`) or a `node:*` import fails to compile.
 * - tsconfig.isolated.json: src/usersig, src/callbacks and src/api again with `isolatedDeclarations`, so every
 *   export has an explicit type (no JSR slow types, declarations emittable per file; a new
 *   catalogue schema without its type does not compile).
 * - tsconfig.node.json: Node-only code, tests (including type tests with @ts-expect-error),
 *   benchmarks and scripts, with Node types.
 *
 * The projects run in parallel (tsc is single-threaded; CI has 2 cores); each one's output is
 * printed whole when it finishes.
 *
 * Accepted by decision: src/client and src/emulator are not held to isolatedDeclarations (their
 * internals may infer; `deno publish --dry-run` in check:deno checks their public surface for
 * slow types); `skipLibCheck` is on, so errors inside dependencies' .d.ts files are not ours to fix.
 */
import { spawn } from "node:child_process"
import { bin, root } from "./lib/sh.ts"

const projects = ["tsconfig.json", "tsconfig.isolated.json", "tsconfig.node.json"]

const check = (project: string): Promise<boolean> =>
  new Promise((resolve) => {
    const t0 = performance.now()
    const child = spawn(bin("tsc"), ["-p", project, "--noEmit", "--pretty", "false"], { cwd: root })
    let out = ""
    child.stdout.on("data", (d: Buffer) => (out += d))
    child.stderr.on("data", (d: Buffer) => (out += d))
    child.on("error", (e) => (out += String(e)))
    child.on("close", (code) => {
      const s = ((performance.now() - t0) / 1000).toFixed(1)
      console.log(`$ tsc -p ${project} --noEmit  (${code === 0 ? "ok" : "FAILED"}, ${s} s)`)
      if (out) process.stdout.write(out)
      resolve(code === 0)
    })
  })

const results = await Promise.all(projects.map(check))
const failed = results.filter((ok) => !ok).length
console.log(failed === 0 ? "types: ok" : `types: ${failed} project(s) failed`)
process.exit(failed === 0 ? 0 : 1)
