/**
 * Streaming readers: CSV (csv-parse's stream API) and NDJSON, turning bytes into numbered
 * records without holding the file in memory. Each record gets a sequence number (1, 2...,
 * header excluded) that identifies it in the checkpoint, and the input line it starts on,
 * which is what the user sees in reports.
 *
 * Rows that cannot be read (invalid UTF-8, wrong column count, CSV syntax, bad JSON) come out
 * as `problem` records in input order: reported and skipped, never dropped silently.
 *
 * @module
 */
import { parse } from "csv-parse"
import type { CsvError, Options } from "csv-parse"
import { isUtf8 } from "node:buffer"
import type { Readable } from "node:stream"
import { Utf8Guard } from "./utf8-guard.ts"

/** A CSV data row: values in header order, already checked to be UTF-8. */
export interface CsvRecord {
  readonly type: "csv"
  readonly seq: number
  readonly line: number
  /** Input bytes consumed up to the end of this record (for progress). */
  readonly bytes: number
  readonly values: readonly string[]
}

/** An NDJSON line, parsed. */
export interface JsonRecord {
  readonly type: "json"
  readonly seq: number
  readonly line: number
  readonly bytes: number
  readonly value: unknown
}

/** A record that could not be read. */
export interface ProblemRecord {
  readonly type: "problem"
  readonly seq: number
  readonly line: number
  readonly bytes: number
  readonly code: string
  readonly reason: string
  readonly userId?: string | undefined
}

/** Anything a reader yields after the header. */
export type InputRecord = CsvRecord | JsonRecord | ProblemRecord

/** Decodes strictly; undefined when the bytes are not valid UTF-8 (checked natively by `isUtf8`). */
export const decodeUtf8 = (bytes: Uint8Array): string | undefined => {
  if (!isUtf8(bytes)) return undefined
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("utf8")
}

/**
 * Reads CSV with a header row. `onHeader` receives the column names (first record) and may
 * throw to reject them. Wrong column counts become problems, not parser errors.
 */
export async function* readCsv(
  stream: Readable,
  onHeader: (names: readonly string[]) => void,
  delimiter = ",",
): AsyncGenerator<InputRecord> {
  // Errors the parser skipped, each with the line it was detected on; they are emitted just
  // before the first record that starts after that line, which keeps output in input order
  // whatever the chunking.
  const skipped: Array<{ line: number; bytes: number; error: CsvError }> = []
  const parser = parse({
    bom: true,
    delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (error !== undefined) {
        skipped.push({ line: Number((error as { lines?: number }).lines ?? 0), bytes: parser.info.bytes, error })
      }
      return undefined
    },
  } as Options)
  const guard = new Utf8Guard()
  stream.on("error", (e) => guard.destroy(e))
  guard.on("error", (e) => parser.destroy(e))
  stream.pipe(guard).pipe(parser)

  let header: string[] | undefined
  let seq = 0
  let lastLine = 0 // last input line covered by a yielded record, so syntax errors name a range
  let lastBytes = 0 // input offset where the previous record ended
  const syntax = (s: { line: number; bytes: number; error: CsvError }): ProblemRecord => {
    const from = Math.min(lastLine + 1, s.line)
    const where = from < s.line ? `lines ${from}-${s.line} could not be read: ` : ""
    lastLine = Math.max(lastLine, s.line)
    return problem(from, s.bytes, "csv-syntax", where + s.error.message)
  }
  const problem = (line: number, bytes: number, code: string, reason: string, userId?: string): ProblemRecord => ({
    type: "problem",
    seq: ++seq,
    line,
    bytes,
    code,
    reason,
    userId,
  })

  for await (const chunk of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
    const values = chunk.record
    const endLine = chunk.info.lines
    const from = lastBytes
    lastBytes = chunk.info.bytes
    let newlines = 0
    for (const v of values) for (let i = v.indexOf("\n"); i !== -1; i = v.indexOf("\n", i + 1)) newlines++
    const line = endLine - newlines
    while (skipped.length > 0 && skipped[0]!.line < line) {
      yield syntax(skipped.shift()!)
    }
    lastLine = endLine
    // Only records in a region with invalid bytes are inspected: there, U+FFFD is what the
    // decoder put in place of bytes that were not UTF-8.
    const badColumn = guard.suspect(from - 4, lastBytes + 4) ? values.findIndex((v) => v.includes("\uFFFD")) : -1
    if (header === undefined) {
      if (badColumn >= 0) throw new Error(`line ${line}: the header row is not valid UTF-8`)
      header = values.map((v) => v.trim())
      onHeader(header)
      continue
    }
    const userId = badColumn === 0 ? undefined : values[0]
    if (badColumn >= 0) {
      yield problem(line, lastBytes, "invalid-utf8", `column ${badColumn + 1} (${header[badColumn] ?? "?"}) is not valid UTF-8`, userId)
    } else if (values.length !== header.length) {
      yield problem(line, lastBytes, "bad-column-count", `expected ${header.length} columns (${header.join(",")}), got ${values.length}`, userId)
    } else {
      yield { type: "csv", seq: ++seq, line, bytes: lastBytes, values }
    }
  }
  for (const s of skipped) yield syntax(s)
  if (header === undefined) onHeader([])
}

/** Longest NDJSON line accepted; longer lines are reported, not buffered without bound. */
export const maxLineBytes = 1024 * 1024

/** Reads newline-delimited JSON: one object per line; blank lines are ignored. */
export async function* readNdjson(stream: Readable): AsyncGenerator<InputRecord> {
  let seq = 0
  let line = 0
  let offset = 0 // bytes consumed before `rest`
  let rest: Buffer = Buffer.alloc(0)
  let overlong = false // inside a line longer than maxLineBytes: skip to its end
  let first = true

  const handle = (raw: Buffer, endOffset: number): InputRecord | undefined => {
    line++
    let bytes = raw
    if (first) {
      first = false
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3)
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1)
    const text = decodeUtf8(bytes)
    if (text === undefined) {
      return { type: "problem", seq: ++seq, line, bytes: endOffset, code: "invalid-utf8", reason: "line is not valid UTF-8" }
    }
    if (text.trim() === "") return undefined
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (e) {
      return { type: "problem", seq: ++seq, line, bytes: endOffset, code: "invalid-json", reason: (e as Error).message }
    }
    return { type: "json", seq: ++seq, line, bytes: endOffset, value }
  }

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let buf: Buffer = rest.length === 0 ? chunk : Buffer.concat([rest, chunk])
    let start = 0
    for (let nl = buf.indexOf(0x0a); nl !== -1; nl = buf.indexOf(0x0a, start)) {
      const end = offset + nl + 1
      if (overlong) {
        overlong = false
        line++
        yield { type: "problem", seq: ++seq, line, bytes: end, code: "too-long", reason: `line longer than ${maxLineBytes} bytes` }
      } else {
        const r = handle(buf.subarray(start, nl), end)
        if (r !== undefined) yield r
      }
      start = nl + 1
    }
    offset += start
    rest = buf.subarray(start)
    if (rest.length > maxLineBytes) {
      offset += rest.length
      rest = Buffer.alloc(0)
      overlong = true
    } else if (start > 0 && rest.length > 0) {
      rest = Buffer.from(rest) // do not pin the whole chunk for a short tail
    }
    buf = rest
  }
  if (overlong) {
    line++
    yield { type: "problem", seq: ++seq, line, bytes: offset, code: "too-long", reason: `line longer than ${maxLineBytes} bytes` }
  } else if (rest.length > 0) {
    const r = handle(rest, offset + rest.length)
    if (r !== undefined) yield r
  }
}
