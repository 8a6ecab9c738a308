/**
 * Every runtime-neutral conformance suite, in run order. Each runtime entry
 * (test/runtime/<node|deno|bun|workerd>) imports this list and runs it.
 *
 * To add a suite: write `test/conformance/<area>.suite.ts` exporting a `Suite`, then add ONE
 * import line and ONE array entry below (see README.md in this folder).
 */
import type { Suite } from "./harness.ts"

// Placeholder until usersig.suite.ts lands: checks the harness and the Web globals suites rely on.
const placeholderSuite: Suite = {
  name: "placeholder",
  register: (t) => {
    t.test("harness deep equality", () => {
      t.equal({ a: [1, new Uint8Array([2])], b: new Map([["k", 1]]) }, { a: [1, new Uint8Array([2])], b: new Map([["k", 1]]) })
      t.throws(() => t.equal({ a: 1 }, { a: 2 }))
      t.throws(() => t.equal([1], [1, undefined]))
      t.throws(() => t.equal(new Uint8Array([1]), new Uint8Array([2])))
    })
    t.test("web globals in memory", async () => {
      const res = new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } })
      t.equal(await res.json(), { ok: true })
      t.equal(new TextDecoder().decode(new TextEncoder().encode("é")), "é")
      t.ok(crypto.getRandomValues(new Uint8Array(4)).length === 4)
      await t.rejects(() => Promise.reject(new Error("x")), (e) => e instanceof Error && e.message === "x")
    })
  },
}

export const suites: ReadonlyArray<Suite> = [
  placeholderSuite,
]
