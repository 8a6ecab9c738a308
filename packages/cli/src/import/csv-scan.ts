/**
 * A streaming CSV scanner (RFC 4180: `,` between fields, `"` around a field, `""` for a quote
 * inside one, LF or CRLF between records, a UTF-8 BOM skipped) whose one job beyond parsing is
 * recovering from bad input so that every input line is accounted for exactly once.
 *
 * Recovery rule: a record that is not valid CSV (a character after a closing quote, a quote
 * inside an unquoted value, a quote never closed, a record longer than the bound) is reported
 * once, on the line it starts on, and scanning resumes at the start of the NEXT line. Lines a
 * broken quoted value had swallowed are therefore read again as records of their own: a stray
 * quote costs its own line, never the valid rows after it. (csv-parse, used before, kept reading
 * in quoted mode after a bad closing quote, reported one line twice, and rejected the next valid
 * rows as syntax errors.)
 *
 * Strict by decision: a quote inside an unquoted value (`5" screen`) is an error, not data,
 * because the same bytes are as often a broken attempt at quoting; the report says how to write
 * it. Results never depend on how the input is cut into chunks (the checkpoint numbers records
 * by position): a record is decided from its own bytes, at most `maxRecordBytes` of them.
 *
 * @module
 */
import { isUtf8 } from "node:buffer"

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d

/** A record read whole. */
export interface ScannedRecord {
  readonly type: "record"
  /** Line the record starts on (1-based). */
  readonly line: number
  /** Line it ends on (a quoted value may hold line ends). */
  readonly lastLine: number
  /** Absolute byte offsets of the record: start, and end (after its line end). */
  readonly start: number
  readonly bytes: number
  readonly values: string[]
  /** Index of the first field whose bytes are not UTF-8, or -1. */
  readonly badField: number
}

/** A record that could not be read; scanning resumed on the line after `line`. */
export interface ScanError {
  readonly type: "error"
  readonly line: number
  readonly bytes: number
  readonly code: "csv-syntax" | "too-long"
  readonly reason: string
  /** The record's first value, when it was read before the problem. */
  readonly userId?: string | undefined
}

type Step =
  | { readonly kind: "record"; readonly end: number; readonly lfs: number }
  | { readonly kind: "more" }
  | { readonly kind: "error"; readonly code: "csv-syntax" | "too-long"; readonly reason: string }

const MORE: Step = { kind: "more" }

const show = (byte: number): string =>
  byte >= 0x20 && byte < 0x7f ? JSON.stringify(String.fromCharCode(byte)) : `byte 0x${byte.toString(16).padStart(2, "0")}`

const countLf = (buf: Buffer, from: number, to: number): number => {
  let n = 0
  for (let i = buf.indexOf(LF, from); i !== -1 && i < to; i = buf.indexOf(LF, i + 1)) n++
  return n
}

/**
 * Scans CSV records from `chunks`, yielding them in batches (all the records a chunk completes:
 * one async step per chunk, not per record, which halved the reader's time). `suspect(from, to)`
 * says whether an absolute byte range may hold invalid UTF-8 (Utf8Guard); only then are a
 * record's fields checked one by one.
 */
export async function* scanCsv(
  chunks: AsyncIterable<Buffer>,
  maxRecordBytes: number,
  suspect: (from: number, to: number) => boolean = () => false,
): AsyncGenerator<ReadonlyArray<ScannedRecord | ScanError>> {
  let buf: Buffer = Buffer.alloc(0)
  let base = 0 // absolute offset of buf[0]
  let pos = 0
  let line = 1
  let skipping = false // after an error whose line end was not buffered yet: drop bytes up to the next LF
  let bomChecked = false
  const values: string[] = []
  const ranges: number[] = [] // field byte ranges of the current record, [a0, b0, a1, b1, ...]

  // Scans one record starting at `start` within buf[start, limit).
  const record = (start: number, limit: number, atEnd: boolean, bounded: boolean): Step => {
    values.length = 0
    ranges.length = 0
    let i = start
    let lfs = 0
    const where = (at: number) => {
      const l = line + countLf(buf, start, at)
      return l === line ? "" : ` on line ${l}`
    }
    const incomplete = (quotedFrom: number | undefined): Step => {
      if (bounded) {
        return quotedFrom === undefined
          ? { kind: "error", code: "too-long", reason: `record longer than ${maxRecordBytes} bytes` }
          : { kind: "error", code: "csv-syntax", reason: `the quote that opens column ${values.length + 1} is not closed within ${maxRecordBytes} bytes` }
      }
      if (atEnd && quotedFrom !== undefined) {
        return { kind: "error", code: "csv-syntax", reason: `the quote that opens column ${values.length + 1} is never closed` }
      }
      return MORE
    }
    for (;;) {
      if (i < limit && buf[i] === QUOTE) {
        let j = i + 1
        let escaped = false
        for (;;) {
          let q = buf.indexOf(QUOTE, j)
          if (q >= limit) q = -1
          if (q === -1) return incomplete(i)
          if (q + 1 >= limit) {
            if (!atEnd) return incomplete(i)
            // The closing quote is the last byte of the input.
            push(i + 1, q, escaped)
            return { kind: "record", end: limit, lfs: lfs + countLf(buf, i + 1, q) }
          }
          const next = buf[q + 1]!
          if (next === QUOTE) {
            escaped = true
            j = q + 2
            continue
          }
          let end = -1
          if (next === LF) end = q + 2
          else if (next === CR) {
            if (q + 2 >= limit) {
              if (!atEnd) return incomplete(i)
              end = limit
            } else if (buf[q + 2] === LF) end = q + 3
          }
          if (next !== COMMA && end === -1) {
            return {
              kind: "error",
              code: "csv-syntax",
              reason: `unexpected ${show(next)} after the closing quote of column ${values.length + 1}${where(q)} (a quote inside a quoted value is written "")`,
            }
          }
          lfs += countLf(buf, i + 1, q)
          push(i + 1, q, escaped)
          if (end !== -1) return { kind: "record", end, lfs: lfs + (buf[end - 1] === LF ? 1 : 0) }
          i = q + 2
          break
        }
        continue
      }
      let k = i
      while (k < limit) {
        const c = buf[k]
        if (c === COMMA || c === LF || c === QUOTE) break
        k++
      }
      if (k < limit && buf[k] === QUOTE) {
        return {
          kind: "error",
          code: "csv-syntax",
          reason: `a quote inside the unquoted value of column ${values.length + 1}${where(k)} (quote the whole value and double the quote: "a""b")`,
        }
      }
      if (k === limit) {
        if (!atEnd) return incomplete(undefined)
        push(i, k > i && buf[k - 1] === CR ? k - 1 : k, false)
        return { kind: "record", end: limit, lfs }
      }
      if (buf[k] === COMMA) {
        push(i, k, false)
        i = k + 1
        continue
      }
      push(i, k > i && buf[k - 1] === CR ? k - 1 : k, false)
      return { kind: "record", end: k + 1, lfs: lfs + 1 }
    }
  }
  const push = (a: number, b: number, escaped: boolean) => {
    const text = buf.toString("utf8", a, b)
    values.push(escaped ? text.replaceAll("\"\"", "\"") : text)
    ranges.push(a, b)
  }

  const drain = (eof: boolean): Array<ScannedRecord | ScanError> => {
    const batch: Array<ScannedRecord | ScanError> = []
    for (;;) {
      if (skipping) {
        const lf = buf.indexOf(LF, pos)
        if (lf === -1) {
          pos = buf.length
          return batch
        }
        pos = lf + 1
        line++
        skipping = false
      }
      if (!bomChecked) {
        if (buf.length < 3 && !eof) return batch
        bomChecked = true
        if (base === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3
      }
      if (pos >= buf.length) return batch
      // Blank lines (LF or CRLF alone) are skipped.
      if (buf[pos] === LF) {
        pos++
        line++
        continue
      }
      if (buf[pos] === CR) {
        if (pos + 1 >= buf.length && !eof) return batch
        if (pos + 1 >= buf.length || buf[pos + 1] === LF) {
          pos = Math.min(pos + 2, buf.length)
          line++
          continue
        }
      }
      const limit = Math.min(buf.length, pos + maxRecordBytes)
      const atEnd = eof && limit === buf.length
      const step = record(pos, limit, atEnd, !atEnd && limit === pos + maxRecordBytes)
      if (step.kind === "more") return batch
      if (step.kind === "record") {
        let badField = -1
        if (suspect(base + pos, base + step.end)) {
          for (let f = 0; f < ranges.length; f += 2) {
            if (!isUtf8(buf.subarray(ranges[f]!, ranges[f + 1]!))) {
              badField = f / 2
              break
            }
          }
        }
        const lastLine = line + step.lfs - (buf[step.end - 1] === LF ? 1 : 0)
        batch.push({ type: "record", line, lastLine, start: base + pos, bytes: base + step.end, values: values.slice(), badField })
        pos = step.end
        line += step.lfs
        continue
      }
      const errorLine = line
      const userId = values.length > 0 && !suspect(base + ranges[0]!, base + ranges[1]!) ? values[0] : undefined
      const lf = buf.indexOf(LF, pos)
      if (lf !== -1) {
        pos = lf + 1
        line++
      } else {
        pos = buf.length
        skipping = !eof
      }
      batch.push({ type: "error", line: errorLine, bytes: base + pos, code: step.code, reason: step.reason, userId })
    }
  }

  for await (const chunk of chunks) {
    if (pos >= buf.length) {
      base += buf.length
      buf = chunk
    } else {
      base += pos
      buf = Buffer.concat([buf.subarray(pos), chunk])
    }
    pos = 0
    const batch = drain(false)
    if (batch.length > 0) yield batch
  }
  const last = drain(true)
  if (last.length > 0) yield last
}
