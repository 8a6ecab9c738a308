/**
 * The import checkpoint: what the service has acknowledged, so a killed import (even
 * `kill -9`) resumes without redoing that work.
 *
 * Two files:
 * - `<path>`: a snapshot (JSON), always replaced atomically: written to `<path>.tmp`, then
 *   renamed over `<path>` (rename is atomic on POSIX), so a reader sees the old or the new
 *   file, never half of one. It carries a `generation` number.
 * - `<path>.journal`: one NDJSON line appended per acknowledged request, tagged with the
 *   snapshot's generation: the rows it finished and the totals after it. An append of a short
 *   line is one `write(2)` on an O_APPEND file: a killed process leaves it whole or absent
 *   (a torn last line, possible only on power loss, is ignored).
 *
 * Per acknowledged request: failed rows are appended to the report file, then the journal line
 * is written (only after the acknowledgement, and after the report, whose length it records).
 * Every few seconds the state is compacted into a new snapshot (generation + 1) and the journal
 * emptied; journal lines of an older generation are ignored, so a kill between those two steps
 * loses nothing. Rewriting the snapshot per request instead cost a rename per request, up to
 * several ms each on overlay file systems: a third of the run time at 1,000,000 rows.
 *
 * A kill between an acknowledgement and its journal line loses only that acknowledgement: those
 * rows are sent again on the rerun (every import command is idempotent per row). On resume the
 * report is truncated to the recorded length, so no failure is listed twice.
 *
 * No fsync: the files must survive the process dying, not the machine losing power.
 *
 * @module
 */
import * as fs from "node:fs"
import type { DoneSetJson } from "./done-set.ts"
import { DoneSet } from "./done-set.ts"

/**
 * Where an import writes: the app, the service origin (a region's primary domain, a base URL or
 * an emulator URL) and the URL family. A checkpoint records the target it was written for,
 * because "done" only means done THERE: the same file imported into another app, service or
 * emulator has done nothing yet.
 */
export interface Target {
  readonly sdkAppId: number
  readonly service: string
  readonly family: string
}

/** What identifies one import, so a checkpoint is never applied to different work. */
export interface Fingerprint {
  readonly command: string
  readonly input: string
  readonly format: string
  readonly size?: number | undefined
  readonly mtimeMs?: number | undefined
  readonly options: Readonly<Record<string, string | number | boolean>>
  /** Absent only in checkpoints written before targets were recorded (version 1). */
  readonly target?: Target | undefined
}

/** Running totals, restored on resume so the final summary covers the whole import. */
export interface Counts {
  rows: number
  ok: number
  failed: number
  bad: number
  requests: number
}

/** A checkpoint's content (the snapshot with its journal applied). */
export interface CheckpointData {
  /** 2 since the target is recorded; 1 (no target) is still read. */
  readonly version: 1 | 2
  readonly generation: number
  readonly fingerprint: Fingerprint
  readonly done: DoneSetJson
  readonly counts: Counts
  readonly reportBytes: number
  readonly complete: boolean
  readonly updatedAt: string
}

/** One journal line. */
interface JournalLine {
  readonly g: number
  /** Sequence ranges finished since the previous line (inclusive). */
  readonly d: ReadonlyArray<readonly [number, number]>
  readonly c: Counts
  readonly r: number
}

const journalOf = (path: string) => `${path}.journal`

const writeAtomic = (path: string, text: string) => {
  const tmp = `${path}.tmp`
  fs.writeFileSync(tmp, text)
  fs.renameSync(tmp, path)
}

/**
 * Reads a checkpoint (snapshot plus the journal lines of its generation); undefined when there
 * is none. Throws when the snapshot is not a checkpoint.
 */
export const readCheckpoint = (path: string): CheckpointData | undefined => {
  let text: string
  try {
    text = fs.readFileSync(path, "utf8")
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw e
  }
  const snap = JSON.parse(text) as CheckpointData
  if ((snap.version !== 1 && snap.version !== 2) || typeof snap.done?.below !== "number" || typeof snap.generation !== "number") {
    throw new Error(`${path} is not a tencent-chat-push checkpoint`)
  }
  let journal = ""
  try {
    journal = fs.readFileSync(journalOf(path), "utf8")
  } catch {
    // no journal: the snapshot is the whole state
  }
  const done = new DoneSet(snap.done)
  let counts = snap.counts
  let reportBytes = snap.reportBytes
  const lines = journal.split("\n")
  lines.pop() // the text after the last newline: empty, or a torn line
  for (const raw of lines) {
    let line: JournalLine
    try {
      line = JSON.parse(raw) as JournalLine
    } catch {
      continue
    }
    if (line.g !== snap.generation) continue
    for (const [a, b] of line.d) done.add(a, b)
    counts = line.c
    reportBytes = line.r
  }
  return { ...snap, done: done.toJSON(), counts, reportBytes }
}

/** Writes snapshots and journal lines for one run. */
export class CheckpointWriter {
  private generation: number
  private fd: number | undefined
  private lastSnapshot = 0
  private readonly compactEveryMs: number
  readonly path: string

  /**
   * @param previousGeneration the generation of the checkpoint resumed from (0 for none).
   * @param compactEveryMs how often the journal is folded into a new snapshot.
   */
  constructor(path: string, previousGeneration: number, compactEveryMs = 3000) {
    this.path = path
    this.generation = previousGeneration
    this.compactEveryMs = compactEveryMs
  }

  /** Replaces the snapshot with `data` (next generation) and empties the journal. */
  snapshot(data: Omit<CheckpointData, "generation" | "version" | "updatedAt">): void {
    this.generation++
    writeAtomic(this.path, JSON.stringify({ version: 2, generation: this.generation, ...data, updatedAt: new Date().toISOString() }))
    if (data.complete) {
      this.close()
      fs.rmSync(journalOf(this.path), { force: true })
    } else {
      this.fd ??= fs.openSync(journalOf(this.path), "a")
      fs.ftruncateSync(this.fd, 0)
    }
    this.lastSnapshot = Date.now()
  }

  /**
   * Records one step: appends a journal line, or, when the last snapshot is older than the
   * compaction interval, writes a new snapshot from `full()` instead.
   */
  record(
    fresh: ReadonlyArray<readonly [number, number]>,
    counts: Counts,
    reportBytes: number,
    full: () => Omit<CheckpointData, "generation" | "version" | "updatedAt">,
  ): void {
    if (this.fd === undefined || Date.now() - this.lastSnapshot >= this.compactEveryMs) {
      this.snapshot(full())
      return
    }
    const line: JournalLine = { g: this.generation, d: fresh, c: counts, r: reportBytes }
    fs.writeSync(this.fd, JSON.stringify(line) + "\n")
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd)
    this.fd = undefined
  }
}

/**
 * Compares the targets of two fingerprints; returns what differs (for messages), if anything.
 * An unrecorded target (a version-1 checkpoint) never matches.
 */
export const targetMismatch = (recorded: Target | undefined, current: Target | undefined): string | undefined => {
  if (recorded === undefined && current === undefined) return undefined
  if (recorded === undefined || current === undefined) return "the checkpoint records no target"
  if (recorded.sdkAppId !== current.sdkAppId) return `app ${current.sdkAppId}, not ${recorded.sdkAppId}`
  if (recorded.service !== current.service) return `service ${current.service}, not ${recorded.service}`
  if (recorded.family !== current.family) return `URL family ${current.family}, not ${recorded.family}`
  return undefined
}

/** A target in words. */
export const describeTarget = (t: Target | undefined): string =>
  t === undefined ? "an unrecorded target (a checkpoint written by an earlier version)" : `app ${t.sdkAppId} at ${t.service} (${t.family})`

/** Field-by-field comparison of the work (not the target); returns the name of the first field that differs, if any. */
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
