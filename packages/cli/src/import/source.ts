/**
 * Opening an import's input: a file path or `-` for stdin, and its format (CSV or NDJSON),
 * named by `--format` or guessed from the extension, else from the first byte (`{` → NDJSON).
 *
 * @module
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { Readable } from "node:stream"
import { UsageError } from "../errors.ts"

/** The two input formats. */
export type InputFormat = "csv" | "ndjson"

/** An opened input. */
export interface Input {
  readonly stream: Readable
  readonly format: InputFormat
  /** Absolute path, or `-` for stdin. */
  readonly name: string
  /** File size and mtime (undefined for stdin): for progress ETA and the checkpoint fingerprint. */
  readonly size?: number | undefined
  readonly mtimeMs?: number | undefined
}

const byExtension = (file: string): InputFormat | undefined => {
  const ext = path.extname(file).toLowerCase()
  if (ext === ".csv" || ext === ".txt") return "csv"
  if (ext === ".ndjson" || ext === ".jsonl" || ext === ".json") return "ndjson"
  return undefined
}

/** Waits for the first chunk without consuming it (it is pushed back with `unshift`). */
const peekFirstByte = (stream: Readable): Promise<number | undefined> =>
  new Promise((resolve, reject) => {
    const done = (value: number | undefined) => {
      stream.off("readable", onReadable)
      stream.off("end", onEnd)
      stream.off("error", reject)
      resolve(value)
    }
    const onReadable = () => {
      const chunk = stream.read() as Buffer | null
      if (chunk === null) return
      stream.unshift(chunk)
      // Skip a UTF-8 BOM and leading whitespace when sniffing.
      let i = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0
      while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x0a || chunk[i] === 0x0d || chunk[i] === 0x09)) i++
      done(i < chunk.length ? chunk[i] : undefined)
    }
    const onEnd = () => done(undefined)
    stream.on("readable", onReadable)
    stream.once("end", onEnd)
    stream.once("error", reject)
  })

/**
 * Opens `file` (`-` = stdin). Throws UsageError when the file cannot be read.
 *
 * @param stdin injectable for tests; defaults to process.stdin.
 */
export const openInput = async (
  file: string,
  format: InputFormat | undefined,
  stdin: Readable = process.stdin,
): Promise<Input> => {
  let stream: Readable
  let name: string
  let size: number | undefined
  let mtimeMs: number | undefined
  if (file === "-") {
    stream = stdin
    name = "-"
  } else {
    name = path.resolve(file)
    let st: fs.Stats
    try {
      st = fs.statSync(name)
    } catch {
      throw new UsageError(`cannot read ${file}: no such file`)
    }
    if (!st.isFile()) throw new UsageError(`cannot read ${file}: not a regular file`)
    size = st.size
    mtimeMs = st.mtimeMs
    stream = fs.createReadStream(name, { highWaterMark: 256 * 1024 })
  }
  let fmt = format ?? (file === "-" ? undefined : byExtension(file))
  if (fmt === undefined) {
    const first = await peekFirstByte(stream)
    fmt = first === 0x7b ? "ndjson" : "csv"
  }
  return { stream, format: fmt, name, size, mtimeMs }
}
