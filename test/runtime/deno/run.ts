/**
 * Deno entry for the conformance suites: `deno run -A test/runtime/deno/run.ts`
 * (npm run test:deno). Resolves npm packages from the npm-installed node_modules through
 * deno.json (`nodeModulesDir: "manual"`), so it runs offline.
 */
import { run, runOk } from "../../conformance/harness.ts"
import { suites } from "../../conformance/index.ts"

declare const Deno: { exit(code: number): never; version: { deno: string } }

console.log(`deno ${Deno.version.deno}`)
Deno.exit(runOk(await run(suites)) ? 0 : 1)
