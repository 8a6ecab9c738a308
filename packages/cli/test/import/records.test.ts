import * as fc from "fast-check"
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
  it("reports a malformed record once, on its own line, and reads the next line as a row (issue 9 item 20)", async () => {
    const csv = (rows: string[], eol = "\n") => Buffer.from(["userId,nick", ...rows].join(eol) + eol)
    const cases: Array<{ name: string; data: Buffer; expected: unknown[] }> = [
      {
        name: "stray quote after a closing quote, mid-field",
        data: csv(["u1,a", "u2,\"ab\"c\"", "u3,b", "u4,c"]),
        expected: [
          { seq: 1, line: 2, values: ["u1", "a"] },
          { seq: 2, line: 3, code: "csv-syntax" },
          { seq: 3, line: 4, values: ["u3", "b"] },
          { seq: 4, line: 5, values: ["u4", "c"] },
        ],
      },
      {
        name: "a quote in an unquoted field (csv-parse reported this line twice)",
        data: csv(["u1,a", "u2,x\"y\"", "u3,\"b\"", "u4,c"]),
        expected: [
          { seq: 1, line: 2, values: ["u1", "a"] },
          { seq: 2, line: 3, code: "csv-syntax" },
          { seq: 3, line: 4, values: ["u3", "b"] },
          { seq: 4, line: 5, values: ["u4", "c"] },
        ],
      },
      {
        name: "an unterminated quote at the end of the file",
        data: csv(["u1,a", "u2,\"x\"", "u3,\"never closed", "u4,c", "u5,d"]),
        expected: [
          { seq: 1, line: 2, values: ["u1", "a"] },
          { seq: 2, line: 3, values: ["u2", "x"] },
          { seq: 3, line: 4, code: "csv-syntax" },
          { seq: 4, line: 5, values: ["u4", "c"] },
          { seq: 5, line: 6, values: ["u5", "d"] },
        ],
      },
      {
        name: "a bad closing quote on the second line of a quoted value (csv-parse rejected the valid rows after it)",
        data: csv(["u1,a", "u2,\"x", "y\"z", "u3,b", "u4,\"c\""]),
        expected: [
          { seq: 1, line: 2, values: ["u1", "a"] },
          { seq: 2, line: 3, code: "csv-syntax" },
          { seq: 3, line: 4, code: "csv-syntax" }, // `y"z` read again as a row of its own
          { seq: 4, line: 5, values: ["u3", "b"] },
          { seq: 5, line: 6, values: ["u4", "c"] },
        ],
      },
      {
        name: "CRLF line ends, a quoted CRLF inside a value, a blank line",
        data: Buffer.from("userId,nick\r\nu1,a\r\nu2,\"x\r\ny\"\r\nu3,b\r\n\r\nu4,\"q\"\r\nu5,\"ab\"c\r\nu6,d"),
        expected: [
          { seq: 1, line: 2, values: ["u1", "a"] },
          { seq: 2, line: 3, values: ["u2", "x\r\ny"] },
          { seq: 3, line: 5, values: ["u3", "b"] },
          { seq: 4, line: 7, values: ["u4", "q"] },
          { seq: 5, line: 8, code: "csv-syntax" },
          { seq: 6, line: 9, values: ["u6", "d"] },
        ],
      },
      {
        name: "a BOM, escaped quotes, an empty last value without a line end",
        data: Buffer.from("\uFEFFuserId,nick\nu1,\"say \"\"hi\"\"\"\nu2,\"b\"x\nu3,"),
        expected: [
          { seq: 1, line: 2, values: ["u1", "say \"hi\""] },
          { seq: 2, line: 3, code: "csv-syntax" },
          { seq: 3, line: 4, values: ["u3", ""] },
        ],
      },
    ]
    for (const c of cases) {
      for (const size of [1, 7, 4096]) {
        let header: readonly string[] = []
        const recs = await collect(readCsv(chunked(c.data, size), (h) => (header = h)))
        expect(header, c.name).toEqual(["userId", "nick"])
        expect(recs.map(brief), `${c.name} (chunks of ${size})`).toEqual(c.expected)
      }
    }
  })
  it("says why: the column, the character, and the line where a quoted value went wrong", async () => {
    const recs = await collect(readCsv(chunked(Buffer.from("userId,nick\nu2,\"x\ny\"z\nu3,a\"b\nu4,\"open\n")), () => {}))
    expect(recs.map((r) => r.type === "problem" ? [r.line, r.userId, r.code, r.reason] : r.type)).toEqual([
      [2, "u2", "csv-syntax", "unexpected \"z\" after the closing quote of column 2 on line 3 (a quote inside a quoted value is written \"\")"],
      [3, undefined, "csv-syntax", "a quote inside the unquoted value of column 1 (quote the whole value and double the quote: \"a\"\"b\")"],
      [4, "u3", "csv-syntax", "a quote inside the unquoted value of column 2 (quote the whole value and double the quote: \"a\"\"b\")"],
      [5, "u4", "csv-syntax", "the quote that opens column 2 is never closed"],
    ])
  })
  it("accounts for every input line exactly once, whatever quotes a line holds (property)", async () => {
    const line = fc.oneof(
      fc.constantFrom("u,a", "u,\"a\"", "u,\"a,b\"", "u,"),
      fc.stringMatching(/^u,[a"\r,]{0,6}$/),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 9 }), async (lines, size) => {
        const data = Buffer.from(["userId,nick", ...lines].join("\n"))
        const recs = await collect(readCsv(chunked(data, size), () => {}))
        const whole = await collect(readCsv(chunked(data, 1 << 16), () => {}))
        expect(recs.map(brief)).toEqual(whole.map(brief))
        // Each record covers its start line and the line ends inside its values; problems cover
        // their own line. Together: every line from 2 on, each once.
        const covered: number[] = []
        for (const r of recs) {
          const last = r.type === "csv" ? r.line + r.values.join(",").split("\n").length - 1 : r.type === "problem" ? r.lastLine ?? r.line : r.line
          for (let l = r.line; l <= last; l++) covered.push(l)
        }
        expect(covered).toEqual(Array.from({ length: lines.length }, (_, i) => i + 2))
        expect(recs.map((r) => r.seq)).toEqual(recs.map((_, i) => i + 1))
      }),
      { numRuns: 300 },
    )
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
