/**
 * Streaming readers: CSV (our own scanner, csv-scan.ts) and NDJSON, turning bytes into numbered
 * records without holding the file in memory. Each record gets a sequence number (1, 2...,
 * header excluded) that identifies it in the checkpoint, and the input line it starts on,
 * which is what the user sees in reports.
 *
 * Rows that cannot be read (invalid UTF-8, wrong column count, CSV syntax, bad JSON) come out
 * as `problem` records in input order: reported and skipped, never dropped silently.
 *
 * @module
 */
import { isUtf8 } from "node:buffer"
import type { Readable } from "node:stream"
import { UsageError } from "../errors.ts"
import { scanCsv } from "./csv-scan.ts"
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
  /** For a CSV record spanning several lines (line ends inside quotes): the line it ends on. */
  readonly lastLine?: number | undefined
}

/** Anything a reader yields after the header. */
export type InputRecord = CsvRecord | JsonRecord | ProblemRecord

/** Decodes strictly; undefined when the bytes are not valid UTF-8 (checked natively by `isUtf8`). */
export const decodeUtf8 = (bytes: Uint8Array): string | undefined => {
  if (!isUtf8(bytes)) return undefined
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("utf8")
}

/**
 * Reads CSV with a header row (RFC 4180, comma-separated, `"` quotes, `""` inside quotes; LF
 * or CRLF line ends; a UTF-8 BOM is skipped). `onHeader` receives the column names (first
 * non-empty record) and may throw to reject them. Wrong column counts become problems, not
 * parser errors.
 *
 * Recovery (see csv-scan.ts): a record that is not valid CSV is reported once, as a problem on
 * the line it starts on, and reading resumes on the next line, so every input line ends up in
 * exactly one record or one problem. A record is at most `maxLineBytes` long.
 */
export async function* readCsv(
  stream: Readable,
  onHeader: (names: readonly string[]) => void,
): AsyncGenerator<InputRecord> {
  const guard = new Utf8Guard()
  stream.on("error", (e) => guard.destroy(e))
  stream.pipe(guard)

  let header: string[] | undefined
  let seq = 0
  const problem = (line: number, bytes: number, code: string, reason: string, userId?: string, lastLine = line): ProblemRecord => ({
    type: "problem",
    seq: ++seq,
    line,
    bytes,
    code,
    reason: lastLine > line ? `${reason} (the record spans lines ${line}-${lastLine})` : reason,
    userId,
    ...(lastLine > line ? { lastLine } : {}),
  })

  for await (const batch of scanCsv(guard as AsyncIterable<Buffer>, maxLineBytes, (a, b) => guard.suspect(a, b))) {
    for (const item of batch) {
      if (item.type === "error") {
        if (header === undefined) throw new UsageError(`line ${item.line}: the header row cannot be read: ${item.reason}`)
        yield problem(item.line, item.bytes, item.code, item.reason, item.userId)
        continue
      }
      const { line, lastLine, bytes, values, badField } = item
      if (header === undefined) {
        if (badField >= 0) throw new UsageError(`line ${line}: the header row is not valid UTF-8`)
        header = values.map((v) => v.trim())
        onHeader(header)
        continue
      }
      const userId = badField === 0 ? undefined : values[0]
      if (badField >= 0) {
        yield problem(line, bytes, "invalid-utf8", `column ${badField + 1} (${header[badField] ?? "?"}) is not valid UTF-8`, userId, lastLine)
      } else if (values.length !== header.length) {
        yield problem(line, bytes, "bad-column-count", `expected ${header.length} columns (${header.join(",")}), got ${values.length}`, userId, lastLine)
      } else {
        yield { type: "csv", seq: ++seq, line, bytes, values }
      }
    }
  }
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
