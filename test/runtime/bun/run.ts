/**
 * Bun entry for the conformance suites: `bun test/runtime/bun/run.ts` (npm run test:bun).
 */
import { run, runOk } from "../../conformance/harness.ts"
import { suites } from "../../conformance/index.ts"

declare const Bun: { version: string }

console.log(`bun ${Bun.version}`)
process.exit(runOk(await run(suites)) ? 0 : 1)
