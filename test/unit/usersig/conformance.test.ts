// Runs the runtime-neutral conformance suite under vitest too, so `vitest run test/unit/usersig`
// covers it (the per-runtime entries in test/runtime run it on Deno, Bun and workerd).
import { it } from "vitest"
import { collect } from "../../conformance/harness.ts"
import { usersigSuite } from "../../conformance/usersig.suite.ts"

for (const c of collect([usersigSuite])) it(c.name, c.fn)
