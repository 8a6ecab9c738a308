/**
 * Node entry for the conformance suites: registers every suite as vitest tests, so a plain
 * `vitest run` (npm run test:unit) runs them on Node 24 next to the unit tests.
 */
import { describe, expect, it } from "vitest"
import { assertions } from "../../conformance/harness.ts"
import { suites } from "../../conformance/index.ts"

it("has at least one conformance suite", () => {
  expect(suites.length).toBeGreaterThan(0)
})

for (const suite of suites) {
  describe(`conformance: ${suite.name}`, () => {
    suite.register({ ...assertions, test: (name, fn) => it(name, fn) })
  })
}
