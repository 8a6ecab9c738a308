/**
 * The import checkpoint: what the service has acknowledged, so a killed import (even
 * `kill -9`) resumes without redoing that work.
 *
 * Protocol, in this order, per completed request:
 *   1. the request's response arrives (acknowledgement, success or per-row failure);
 *   2. failed rows are appended to the report file (flushed, so its length is known);
 *   3. the checkpoint is rewritten atomically: written to `<path>.tmp`, then renamed over
 *      `<path>` (rename is atomic on POSIX), so a reader sees the old or the new file, never
 *      half of one.
 * A kill between 1 and 3 loses only that acknowledgement: the rows are resent on the rerun
 * (the import commands are idempotent per row). The checkpoint also records the report's
 * length, and a rerun truncates the report to it, so no failure is listed twice.
 *
 * No fsync: the file must survive the process dying, not the machine losing power, and an
 * fsync per request would cost more than the request itself.
 *
 * @module
 */
import * as fs from "node:fs"
import type { DoneSetJson } from "./done-set.ts"

/** What identifies one import, so a checkpoint is never applied to different work. */
export interface Fingerprint {
  readonly command: string
  readonly input: string
  readonly format: string
  readonly size?: number | undefined
  readonly mtimeMs?: number | undefined
  readonly options: Readonly<Record<string, string | number | boolean>>
}

/** Running totals, restored on resume so the final summary covers the whole import. */
export interface Counts {
  rows: number
  ok: number
  failed: number
  bad: number
  requests: number
}

/** The checkpoint file's content. */
export interface CheckpointData {
  readonly version: 1
  readonly fingerprint: Fingerprint
  readonly done: DoneSetJson
  readonly counts: Counts
  readonly reportBytes: number
  readonly complete: boolean
  readonly updatedAt: string
}

/** Reads a checkpoint; undefined when the file does not exist. Throws on unreadable content. */
export const readCheckpoint = (path: string): CheckpointData | undefined => {
  let text: string
  try {
    text = fs.readFileSync(path, "utf8")
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw e
  }
  const data = JSON.parse(text) as CheckpointData
  if (data.version !== 1 || typeof data.done?.below !== "number") {
    throw new Error(`${path} is not a tencent-chat-push checkpoint (version ${String(data.version)})`)
  }
  return data
}

/** Writes a checkpoint atomically (temp file + rename). */
export const writeCheckpoint = (path: string, data: CheckpointData): void => {
  const tmp = `${path}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(data))
  fs.renameSync(tmp, path)
}

/** Field-by-field comparison; returns the name of the first field that differs, if any. */
export const fingerprintMismatch = (a: Fingerprint, b: Fingerprint): string | undefined => {
  for (const key of ["command", "input", "format", "size", "mtimeMs"] as const) {
    if (a[key] !== b[key]) return key
  }
  const ka = Object.keys(a.options).sort()
  const kb = Object.keys(b.options).sort()
  if (ka.join("\0") !== kb.join("\0")) return "options"
  for (const k of ka) if (a.options[k] !== b.options[k]) return `option ${k}`
  return undefined
}
