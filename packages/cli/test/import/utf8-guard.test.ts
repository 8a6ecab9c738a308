import { Readable } from "node:stream"
import { describe, expect, it } from "vitest"
import { Utf8Guard } from "../../src/import/utf8-guard.ts"
import { readCsv } from "../../src/import/records.ts"
import type { InputRecord } from "../../src/import/records.ts"

const through = async (parts: Buffer[]) => {
  const g = new Utf8Guard()
  const out: Buffer[] = []
  Readable.from(parts).pipe(g)
  for await (const c of g) out.push(c as Buffer)
  return { g, out: Buffer.concat(out) }
}

describe("Utf8Guard", () => {
  it("passes bytes through and accepts characters split across chunks", async () => {
    const text = Buffer.from("ab é 用户 😀 z")
    const parts = Array.from(text).map((_, i) => text.subarray(i, i + 1)) // one byte per chunk
    const { g, out } = await through(parts)
    expect(out.equals(text)).toBe(true)
    expect(g.invalid).toEqual([])
    expect(g.suspect(0, text.length)).toBe(false)
  })
  it("flags the chunks holding invalid bytes, and a truncated final character", async () => {
    const { g } = await through([Buffer.from("good "), Buffer.from([0x61, 0xff, 0x62]), Buffer.from(" good"), Buffer.from([0xe7, 0x94])])
    expect(g.invalid).toEqual([[5, 8], [13, 15]])
    expect(g.suspect(0, 5)).toBe(false)
    expect(g.suspect(6, 7)).toBe(true)
    expect(g.suspect(9, 12)).toBe(false)
  })
})

describe("readCsv and U+FFFD", () => {
  it("a real U+FFFD in a valid file is data, not an error", async () => {
    const recs: InputRecord[] = []
    for await (const r of readCsv(Readable.from([Buffer.from("userId,nick\nu1,\uFFFD\n")]), () => {})) recs.push(r)
    expect(recs).toMatchObject([{ type: "csv", values: ["u1", "\uFFFD"] }])
  })
})
