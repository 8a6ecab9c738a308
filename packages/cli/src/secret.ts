/**
 * Reading the secret key without ever echoing it: from a file, or from stdin (`-`), which
 * keeps it out of the process list and shell history (a `--secret-key` flag is visible to
 * every user of the machine through `ps`).
 *
 * @module
 */
import * as fs from "node:fs"
import type { Readable } from "node:stream"
import { UsageError } from "./errors.ts"

/** Reads all of a stream as UTF-8. */
export const readAll = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const c of stream as AsyncIterable<Buffer | string>) chunks.push(typeof c === "string" ? Buffer.from(c) : c)
  return Buffer.concat(chunks).toString("utf8")
}

/**
 * Reads a secret key from `file` (`-` = stdin). Surrounding whitespace (the trailing newline
 * of `echo` or an editor) is removed; an empty result is a usage error. The error messages
 * name the file, never its content.
 */
export const readSecretFile = async (file: string, stdin: Readable = process.stdin): Promise<string> => {
  let text: string
  if (file === "-") {
    if ((stdin as { isTTY?: boolean }).isTTY) {
      throw new UsageError("--secret-key-file -: stdin is a terminal; pipe the key in (e.g. `< key.txt`)")
    }
    text = await readAll(stdin)
  } else {
    try {
      text = fs.readFileSync(file, "utf8")
    } catch (e) {
      throw new UsageError(`--secret-key-file: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? "error"})`)
    }
  }
  const key = text.trim()
  if (key === "") throw new UsageError(`--secret-key-file: ${file === "-" ? "stdin" : file} is empty`)
  return key
}
