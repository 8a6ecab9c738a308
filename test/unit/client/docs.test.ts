/**
 * docs/client.md's "Methods" table names every method of the client and no other, so a method
 * added to the client cannot go undocumented.
 */
import { readFileSync } from "node:fs"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { TencentChat } from "../../../src/client/mod.ts"
import { fakeClient } from "./helpers.ts"

const doc = readFileSync(new URL("../../../docs/client.md", import.meta.url), "utf8")

describe("docs/client.md", () => {
  it("lists every client method in its Methods table", async () => {
    const client = await Effect.runPromise(Effect.provide(TencentChat.use(Effect.succeed), fakeClient().layer))
    const methods = Object.keys(client).sort()
    const section = doc.slice(doc.indexOf("## Methods"), doc.indexOf("\n## ", doc.indexOf("## Methods") + 1))
    const documented = [...section.matchAll(/^\| `(\w+)\(/gm)].map((m) => m[1]!).sort()
    expect(methods.length).toBeGreaterThan(0)
    expect(documented).toStrictEqual(methods)
  })
})
