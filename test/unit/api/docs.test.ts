import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { errorCodes } from "../../../src/api/mod.ts"
import { catalogueTable, END, START } from "../../../scripts/lib/api-doc.ts"

const doc = readFileSync(new URL("../../../docs/api.md", import.meta.url), "utf8")

describe("docs/api.md", () => {
  it("carries the catalogue table exactly as the rows say (regenerate with `npm run docs:api`)", () => {
    const committed = doc.slice(doc.indexOf(START), doc.indexOf(END) + END.length)
    expect(committed).toBe(catalogueTable())
  })

  it("lists every error code under its reason in the summary", () => {
    const summary = doc.slice(doc.indexOf("| reason | codes |"), doc.indexOf("The retryable codes"))
    const listed = new Map<string, number[]>()
    for (const m of summary.matchAll(/^\| `(\w+)` \| ([^|]+) \|$/gm)) {
      const codes = m[2]!.split(",").flatMap((part) => {
        const [a, b] = part.trim().split("–").map(Number)
        return errorCodes.map((e) => e.code).filter((c) => c >= a! && c <= (b ?? a)!)
      })
      listed.set(m[1]!, codes)
    }
    const expected = new Map<string, number[]>()
    for (const e of errorCodes) expected.set(e.reason, [...(expected.get(e.reason) ?? []), e.code])
    expect(listed).toStrictEqual(expected)
    const retryable = errorCodes.filter((e) => e.retryable).map((e) => e.code)
    const sentence = doc.slice(doc.indexOf("The retryable codes"), doc.indexOf("`retryable` is advice"))
    expect([...sentence.matchAll(/\d{5}/g)].map((m) => Number(m[0]))).toStrictEqual(retryable)
  })
})
