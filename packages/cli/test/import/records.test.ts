import { Readable } from "node:stream"
import { describe, expect, it } from "vitest"
import { readCsv, readNdjson } from "../../src/import/records.ts"
import type { InputRecord } from "../../src/import/records.ts"

const collect = async (it: AsyncIterable<InputRecord>) => {
  const out: InputRecord[] = []
  for await (const r of it) out.push(r)
  return out
}

// Feed in small chunks so records and errors straddle chunk boundaries.
const chunked = (bytes: Buffer, size = 7) => {
  const parts: Buffer[] = []
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size))
  return Readable.from(parts)
}

const brief = (r: InputRecord) =>
  r.type === "csv"
    ? { seq: r.seq, line: r.line, values: r.values }
    : r.type === "json"
    ? { seq: r.seq, line: r.line, value: r.value }
    : { seq: r.seq, line: r.line, code: r.code }

describe("readCsv", () => {
  it("numbers records, reports the start line of multi-line records, and flags bad rows", async () => {
    const csv = Buffer.concat([
      Buffer.from("\uFEFFuserId,nick\nu1,\"two\nlines\"\nu2,ok\n\nu3,a,b\nu4,"),
      Buffer.from([0xff, 0xfe]),
      Buffer.from("\nu5,last"),
    ])
    let header: readonly string[] = []
    const recs = await collect(readCsv(chunked(csv), (h) => (header = h)))
    expect(header).toEqual(["userId", "nick"])
    expect(recs.map(brief)).toEqual([
      { seq: 1, line: 2, values: ["u1", "two\nlines"] },
      { seq: 2, line: 4, values: ["u2", "ok"] },
      { seq: 3, line: 6, code: "bad-column-count" },
      { seq: 4, line: 7, code: "invalid-utf8" },
      { seq: 5, line: 8, values: ["u5", "last"] },
    ])
    const utf = recs[3]!
    expect(utf.type === "problem" && utf.userId).toBe("u4")
  })
  it("reports CSV syntax errors in input order, covering every line it could not read", async () => {
    // csv-parse does not recover after a bad closing quote: it reads on in quoted mode to the
    // end. Every line from the error on must still appear in a problem.
    const recs = await collect(readCsv(chunked(Buffer.from("userId,nick\nu1,a\nu2,\"x\"y\nu3,b\nu4,c\n")), () => {}))
    expect(recs.map(brief)).toEqual([
      { seq: 1, line: 2, values: ["u1", "a"] },
      { seq: 2, line: 3, code: "csv-syntax" },
      { seq: 3, line: 4, code: "csv-syntax" },
    ])
    const last = recs[2]!
    expect(last.type === "problem" && last.reason).toMatch(/^lines 4-5 could not be read: /)
  })
  it("is deterministic across chunk sizes (so checkpoint sequence numbers are stable)", async () => {
    const text = Buffer.from("userId,nick\n" + Array.from({ length: 50 }, (_, i) => i % 7 === 0 ? `u${i},a,b` : `u${i},n${i}`).join("\n"))
    const a = (await collect(readCsv(chunked(text, 3), () => {}))).map(brief)
    const b = (await collect(readCsv(chunked(text, 4096), () => {}))).map(brief)
    expect(a).toEqual(b)
    expect(a).toHaveLength(50)
  })
})

describe("readNdjson", () => {
  it("parses objects per line, skips blank lines, reports bad JSON and invalid UTF-8", async () => {
    const nd = Buffer.concat([
      Buffer.from("{\"userId\":\"u1\"}\r\n\n{oops}\n{\"userId\":\""),
      Buffer.from([0xc3, 0x28]),
      Buffer.from("\"}\n{\"userId\":\"u9\"}"),
    ])
    const recs = await collect(readNdjson(chunked(nd, 5)))
    expect(recs.map(brief)).toEqual([
      { seq: 1, line: 1, value: { userId: "u1" } },
      { seq: 2, line: 3, code: "invalid-json" },
      { seq: 3, line: 4, code: "invalid-utf8" },
      { seq: 4, line: 5, value: { userId: "u9" } },
    ])
    expect(recs[3]!.bytes).toBe(nd.length)
  })
})
