/**
 * The failure report: one CSV line per row that did not make it, with the input line number,
 * the user id (when known), an error code and a reason. Codes are Tencent's numeric codes for
 * rows the service rejected, and short names for rows rejected locally (`bad-column-count`,
 * `invalid-utf8`, `too-long`, `invalid-user-id`, `invalid-json`, `csv-syntax`...).
 *
 * Lines are buffered and flushed with `flush()` right before each checkpoint, so the
 * checkpoint can record the report's exact length (see checkpoint.ts).
 *
 * @module
 */
import * as fs from "node:fs"

/** One failed or rejected row. */
export interface Failure {
  readonly line: number
  readonly userId?: string | undefined
  readonly code: string | number
  readonly reason: string
}

const header = "line,user_id,code,reason\n"

/** RFC 4180 quoting: quote when the value holds a comma, quote, CR or LF; double inner quotes. */
export const csvField = (value: string): string => /[",\r\n]/.test(value) ? `"${value.replaceAll("\"", "\"\"")}"` : value

/** Appends failures to a report file, created on the first failure. */
export class FailureReport {
  private fd: number | undefined
  private pending: string[] = []
  private bytes: number
  private count = 0
  readonly path: string

  /**
   * @param path the report file.
   * @param resumeBytes on resume, the length recorded in the checkpoint: the file is truncated
   *   to it (dropping lines written after the last checkpoint, which will be written again).
   *   Undefined for a fresh run: an existing file is replaced.
   */
  constructor(path: string, resumeBytes?: number) {
    this.path = path
    if (resumeBytes === undefined || resumeBytes === 0 || !fs.existsSync(path)) {
      // A report deleted by hand before a resume restarts empty: the rows it listed stay done.
      fs.rmSync(path, { force: true })
      this.bytes = 0
    } else {
      this.fd = fs.openSync(path, "r+")
      fs.ftruncateSync(this.fd, resumeBytes)
      this.bytes = resumeBytes
    }
  }

  /** Queues one failure (written on the next flush). */
  add(failure: Failure): void {
    this.count++
    const code = typeof failure.code === "number" ? String(failure.code) : failure.code
    this.pending.push(`${failure.line},${csvField(failure.userId ?? "")},${csvField(code)},${csvField(failure.reason)}\n`)
  }

  /** Failures added in this run. */
  get added(): number {
    return this.count
  }

  /** Writes queued lines; returns the file's length afterwards (0 if never created). */
  flush(): number {
    if (this.pending.length === 0) return this.bytes
    if (this.fd === undefined) {
      this.fd = fs.openSync(this.path, "w")
      this.pending.unshift(header)
    }
    const chunk = Buffer.from(this.pending.join(""), "utf8")
    this.pending = []
    fs.writeSync(this.fd, chunk, 0, chunk.length, this.bytes)
    this.bytes += chunk.length
    return this.bytes
  }

  /** True once the file has content (or will, on the next flush). */
  get exists(): boolean {
    return this.bytes > 0 || this.pending.length > 0
  }

  close(): void {
    this.flush()
    if (this.fd !== undefined) fs.closeSync(this.fd)
    this.fd = undefined
  }
}
