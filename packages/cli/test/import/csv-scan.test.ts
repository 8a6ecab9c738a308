import { Readable } from "node:stream"
import { describe, expect, it } from "vitest"
import { scanCsv } from "../../src/import/csv-scan.ts"

const scan = async (text: string, size: number, max: number) => {
  const b = Buffer.from(text)
  const parts: Buffer[] = []
  for (let i = 0; i < b.length; i += size) parts.push(b.subarray(i, i + size))
  const out: unknown[] = []
  for await (const batch of scanCsv(Readable.from(parts), max)) {
    for (const r of batch) out.push(r.type === "record" ? [r.line, r.lastLine, r.values] : [r.line, r.code, r.reason])
  }
  return out
}

describe("scanCsv", () => {
  it("bounds a record's length the same way whatever the chunking, and resumes on the next line", async () => {
    const text = `a,b\n${"x".repeat(30)},y\nc,"${"q".repeat(10)}\n${"r".repeat(30)}"\nd,e\nf,"open\ng,h`
    const expected = [
      [1, 1, ["a", "b"]],
      [2, "too-long", "record longer than 20 bytes"],
      [3, "csv-syntax", "the quote that opens column 2 is not closed within 20 bytes"],
      [4, "too-long", "record longer than 20 bytes"], // the rest of the broken value, read as a row
      [5, 5, ["d", "e"]],
      [6, "csv-syntax", "the quote that opens column 2 is never closed"],
      [7, 7, ["g", "h"]],
    ]
    for (const size of [1, 2, 5, 64, 4096]) {
      expect(await scan(text, size, 20), `chunks of ${size}`).toEqual(expected)
    }
  })
  it("keeps memory to one record: a huge unterminated line is skipped, not buffered", async () => {
    const big = "a,b\n" + "z".repeat(200_000) + "\nc,d\n"
    expect(await scan(big, 1000, 1024)).toEqual([
      [1, 1, ["a", "b"]],
      [2, "too-long", "record longer than 1024 bytes"],
      [3, 3, ["c", "d"]],
    ])
  })
})
