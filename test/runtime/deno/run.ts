/**
 * Deno entry for the conformance suites: `deno run --no-prompt test/runtime/deno/run.ts`
 * (npm run test:deno). No permission flags on purpose: the suites (and so the library, for what
 * they exercise) need no Deno permission at all (no env, net, read or write); a new need fails
 * loudly instead of prompting. npm packages resolve from the npm-installed node_modules through
 * deno.json (`nodeModulesDir: "manual"`), so it runs offline.
 */
import { run, runOk } from "../../conformance/harness.ts"
import { suites } from "../../conformance/index.ts"

declare const Deno: { exit(code: number): never; version: { deno: string } }

console.log(`deno ${Deno.version.deno}`)
Deno.exit(runOk(await run(suites)) ? 0 : 1)
