/**
 * The bulk-import engine: reads records, turns them into items, sends them in requests of the
 * maximum size with bounded concurrency, and records every outcome (checkpoint + report).
 *
 * Ordering: rows of the same user never share a request and are never in flight together; a
 * row whose user is busy waits (held) until the earlier row is acknowledged. So the service
 * applies one user's rows in file order, and after a resume the rows still to do are exactly
 * the unacknowledged ones, which makes a resumed run end in the same state as an
 * uninterrupted one (later rows of a user are never acknowledged before earlier ones).
 *
 * @module
 */
import { DoneSet } from "./done-set.ts"
import type { CheckpointData, Counts, Fingerprint } from "./checkpoint.ts"
import { CheckpointWriter, describeTarget, fingerprintMismatch, readCheckpoint, targetMismatch } from "./checkpoint.ts"
import { lockCheckpoint, staleUntil } from "./lock.ts"
import type { HeldLock } from "./lock.ts"
import { FailureReport } from "./report.ts"
import type { Failure } from "./report.ts"
import type { Progress, ProgressState } from "./progress.ts"
import type { InputRecord } from "./records.ts"
import type { RowKind } from "./rows.ts"
import { UsageError } from "../errors.ts"

/** The outcome of one item of a request. */
export type ItemOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string | number; readonly reason: string }

/**
 * Thrown by a sender when the whole run must stop (bad credentials, service unreachable after
 * retries...). The request's rows are NOT marked done, so a rerun retries them.
 */
export class AbortImport extends Error {
  override readonly name = "AbortImport"
  readonly exitCode: number
  constructor(message: string, exitCode: number) {
    super(message)
    this.exitCode = exitCode
  }
}

/** Sends one request's worth of items. */
export interface Sender<T> {
  /** Largest number of items per request. */
  readonly maxBatch: number
  /**
   * Sends `items` (at most maxBatch, distinct users) and returns one outcome per item, in order.
   * A request the service rejects as a whole for its content comes back as failed outcomes;
   * throw AbortImport to stop the run.
   */
  send(items: readonly T[]): Promise<readonly ItemOutcome[]>
}

/** One readable row waiting to be sent. */
interface Row<T> {
  readonly seq: number
  readonly line: number
  readonly userId: string
  readonly item: T
}

/** Engine options. */
export interface EngineOptions<T> {
  readonly kind: RowKind<T>
  readonly records: AsyncIterable<InputRecord>
  readonly sender: Sender<T>
  readonly concurrency: number
  /** Checkpoint file; undefined disables resuming. */
  readonly checkpointPath?: string | undefined
  readonly fingerprint: Fingerprint
  /** Failure report file; undefined: failures go to `onFailure` only (dry-run). */
  readonly reportPath?: string | undefined
  readonly onFailure?: ((failure: Failure) => void) | undefined
  /**
   * Called before a row is queued (e.g. to define the attribute names it uses); a returned
   * problem makes the row a bad row.
   */
  readonly beforeRow?: ((item: T) => Promise<{ code: string; reason: string } | undefined>) | undefined
  readonly progress: (initialDone: number) => Progress
  /** Held rows (waiting for an earlier row of their user) before reading pauses. */
  readonly maxHeld?: number | undefined
  /**
   * The per-request timeout of this run's client (default 10 s): recorded in the checkpoint
   * lock, so that a rerun after a kill knows how long the killed run's requests may still be
   * executed (see lock.ts).
   */
  readonly requestTimeoutMs?: number | undefined
  /** Receives the checkpoint lock once taken, so the sender can `touch` it before each request. */
  readonly onLocked?: ((lock: HeldLock) => void) | undefined
  /** Messages for the user (stderr): a wait, a replaced checkpoint. */
  readonly notice?: ((line: string) => void) | undefined
}

/** What happened. */
export interface ImportSummary {
  readonly counts: Counts
  /** Rows skipped because the checkpoint had them done. */
  readonly resumed: number
  readonly alreadyComplete: boolean
  /**
   * Set when the checkpoint recorded a finished import into another target and this run
   * started from the first row instead: that target, in words.
   */
  readonly replacedTarget?: string | undefined
  /** Milliseconds waited before sending, for the requests of a killed run (lock.ts). */
  readonly waitedForStaleMs: number
  readonly reportPath?: string | undefined
  readonly reportWritten: boolean
  readonly abort?: AbortImport | undefined
  readonly seconds: number
  /** Seconds the pipeline stood still waiting for the service (a free request slot or acks). */
  readonly waitSeconds: number
}

const defaultTimeoutMs = 10_000

/**
 * Runs an import to completion (or until a sender aborts).
 *
 * With a checkpoint: takes its lock; when the lock was left by a killed run, first waits until
 * that run's last request is past its timeout (lock.ts), so no request of the killed run that
 * the service executes within its timeout can land after this run's newer rows.
 */
export const runImport = async <T>(o: EngineOptions<T>): Promise<ImportSummary> => {
  let lock: HeldLock | undefined
  let waitedForStaleMs = 0
  if (o.checkpointPath !== undefined) {
    try {
      lock = lockCheckpoint(o.checkpointPath, o.requestTimeoutMs ?? defaultTimeoutMs)
    } catch (e) {
      throw new UsageError(`${(e as Error).message} (${o.checkpointPath})`)
    }
  }
  try {
    if (lock?.stale !== undefined) {
      const until = staleUntil(lock.stale, o.requestTimeoutMs ?? defaultTimeoutMs)
      waitedForStaleMs = Math.max(0, until - Date.now())
      if (waitedForStaleMs > 0) {
        const ago = ((Date.now() - lock.stale.lastSendMs) / 1000).toFixed(1)
        o.notice?.(
          `a previous run of this import (pid ${lock.stale.pid}) was killed; its last request left ${ago} s ago and may still be ` +
            `executed by the service: waiting ${(waitedForStaleMs / 1000).toFixed(1)} s (its request timeout, ` +
            `${((lock.stale.timeoutMs ?? o.requestTimeoutMs ?? defaultTimeoutMs) / 1000).toFixed(1)} s, has to pass) ` +
            "so it cannot land after the rows this run sends",
        )
        await new Promise((r) => setTimeout(r, waitedForStaleMs))
      }
    }
    if (lock !== undefined) o.onLocked?.(lock)
    return { ...(await run(o)), waitedForStaleMs }
  } finally {
    lock?.release()
  }
}

const run = async <T>(o: EngineOptions<T>): Promise<Omit<ImportSummary, "waitedForStaleMs">> => {
  const startedAt = Date.now()
  let previous = o.checkpointPath === undefined ? undefined : readCheckpointOrUsage(o.checkpointPath)
  let replacedTarget: string | undefined
  if (previous !== undefined) {
    const diff = fingerprintMismatch(previous.fingerprint, o.fingerprint)
    if (diff !== undefined) {
      throw new UsageError(
        `checkpoint ${o.checkpointPath} belongs to a different import (${diff} differs); ` +
          "delete it, or pass --checkpoint with another path",
      )
    }
    // Done there is not done here. An unfinished checkpoint for another target is refused (its
    // progress is worth keeping, and a changed target is more often a wrong flag or variable
    // than a decision); a finished one is replaced: the import starts from the first row.
    const other = targetMismatch(previous.fingerprint.target, o.fingerprint.target)
    if (other !== undefined) {
      const was = describeTarget(previous.fingerprint.target)
      const now = describeTarget(o.fingerprint.target)
      if (!previous.complete) {
        throw new UsageError(
          `checkpoint ${o.checkpointPath} holds an unfinished import into ${was} ` +
            `(${previous.counts.rows.toLocaleString("en-US")} rows done there); this run targets ${now} (${other}). ` +
            "Rerun against that target to finish it, or delete the checkpoint (or pass --checkpoint with another path) " +
            "to import into this target from the first row",
        )
      }
      o.notice?.(
        `checkpoint ${o.checkpointPath} records a finished import into ${was}; this run targets ${now} (${other}): ` +
          "importing from the first row (the checkpoint is replaced)",
      )
      replacedTarget = was
      previous = undefined
    }
  }
  const counts: Counts = previous ? { ...previous.counts } : { rows: 0, ok: 0, failed: 0, bad: 0, requests: 0 }
  if (previous?.complete) {
    return {
      counts,
      resumed: counts.rows,
      alreadyComplete: true,
      reportPath: o.reportPath,
      reportWritten: previous.reportBytes > 0,
      seconds: 0,
      waitSeconds: 0,
    }
  }

  const done = new DoneSet(previous?.done)
  const report = o.reportPath === undefined ? undefined : new FailureReport(o.reportPath, previous?.reportBytes)
  const fail = (f: Failure) => {
    report?.add(f)
    o.onFailure?.(f)
  }
  const progress = o.progress(counts.rows)
  const maxHeld = o.maxHeld ?? 5000
  let bytes = 0
  let resumed = 0
  const state = (): ProgressState => ({ done: counts.rows, failed: counts.failed, bad: counts.bad, bytes })

  // Ranges finished since the last checkpoint step (what the next journal line records).
  let fresh: Array<[number, number]> = []
  const markDone = (seq: number) => {
    done.add(seq)
    const last = fresh[fresh.length - 1]
    if (last !== undefined && last[1] === seq - 1) last[1] = seq
    else fresh.push([seq, seq])
  }
  const writer = o.checkpointPath === undefined ? undefined : new CheckpointWriter(o.checkpointPath, previous?.generation ?? 0)
  const full = (complete: boolean, reportBytes: number) => ({
    fingerprint: o.fingerprint,
    done: done.toJSON(),
    counts: { ...counts },
    reportBytes,
    complete,
  })
  const save = (final: boolean, complete: boolean) => {
    const reportBytes = report?.flush() ?? 0
    if (writer === undefined) return
    if (final) writer.snapshot(full(complete, reportBytes))
    else writer.record(fresh, { ...counts }, reportBytes, () => full(false, reportBytes))
    fresh = []
  }

  const max = o.sender.maxBatch
  let building: Row<T>[] = []
  const busy = new Set<string>() // users in `building` or in flight
  const held: Row<T>[] = []
  const heldUsers = new Map<string, number>()
  const inflight = new Set<Promise<void>>()
  let abort: AbortImport | undefined

  const addBuilding = (row: Row<T>) => {
    building.push(row)
    busy.add(row.userId)
  }

  const enqueue = (row: Row<T>) => {
    if (busy.has(row.userId) || heldUsers.has(row.userId)) {
      held.push(row)
      heldUsers.set(row.userId, (heldUsers.get(row.userId) ?? 0) + 1)
    } else {
      addBuilding(row)
    }
  }

  // Moves held rows whose user is free into `building`, keeping each user's rows in order.
  const pumpHeld = () => {
    if (held.length === 0 || building.length >= max) return
    const blocked = new Set<string>()
    let w = 0
    for (let r = 0; r < held.length; r++) {
      const row = held[r]!
      if (building.length < max && !busy.has(row.userId) && !blocked.has(row.userId)) {
        const n = heldUsers.get(row.userId)! - 1
        if (n === 0) heldUsers.delete(row.userId)
        else heldUsers.set(row.userId, n)
        addBuilding(row)
      } else {
        blocked.add(row.userId)
        held[w++] = row
      }
    }
    held.length = w
  }

  const acknowledge = (rows: readonly Row<T>[], outcomes: readonly ItemOutcome[]) => {
    counts.requests++
    rows.forEach((row, i) => {
      const out = outcomes[i] ?? { ok: false, code: "no-result", reason: "the service returned no result for this row" }
      counts.rows++
      if (out.ok) counts.ok++
      else {
        counts.failed++
        fail({ line: row.line, userId: row.userId, code: out.code, reason: out.reason })
      }
      markDone(row.seq)
      busy.delete(row.userId)
    })
    save(false, false)
    progress.update(state())
  }

  const dispatch = () => {
    const rows = building
    building = []
    const p: Promise<void> = o.sender.send(rows.map((r) => r.item)).then(
      (outcomes) => acknowledge(rows, outcomes),
      (e: unknown) => {
        // Not acknowledged: the rows stay undone (retried on the rerun) and the users stay
        // busy, so nothing later for them is sent in this run.
        abort ??= e instanceof AbortImport ? e : new AbortImport(`unexpected error: ${String(e)}`, 1)
      },
    ).finally(() => inflight.delete(p))
    inflight.add(p)
  }

  let waitMs = 0
  const waitOne = async () => {
    const t = performance.now()
    await Promise.race(inflight)
    waitMs += performance.now() - t
  }

  const waitSlot = async () => {
    while (inflight.size >= o.concurrency) await waitOne()
  }

  // Makes progress until reading may continue (or, when final, until everything is done).
  const drive = async (final: boolean) => {
    for (;;) {
      if (abort !== undefined) {
        while (inflight.size > 0) await waitOne()
        return
      }
      pumpHeld()
      const mustDispatch = building.length >= max || (building.length > 0 && (final || held.length > maxHeld))
      if (mustDispatch) {
        await waitSlot()
        if (abort === undefined) dispatch()
        continue
      }
      if ((final || held.length > maxHeld) && inflight.size > 0) {
        await waitOne()
        continue
      }
      return
    }
  }

  let finished = false
  try {
    for await (const rec of o.records) {
      if (abort !== undefined) break
      if (done.has(rec.seq)) {
        resumed++
        continue
      }
      bytes = rec.bytes
      if (rec.type === "problem") {
        counts.rows++
        counts.bad++
        fail({ line: rec.line, userId: rec.userId, code: rec.code, reason: rec.reason })
        markDone(rec.seq)
        progress.update(state())
        continue
      }
      const r = rec.type === "csv" ? o.kind.fromCsv(rec.values) : o.kind.fromJson(rec.value)
      if (!r.ok) {
        counts.rows++
        counts.bad++
        fail({ line: rec.line, userId: r.userId, code: r.code, reason: r.reason })
        markDone(rec.seq)
        progress.update(state())
        continue
      }
      const refused = o.beforeRow ? await o.beforeRow(r.item) : undefined
      if (refused !== undefined) {
        counts.rows++
        counts.bad++
        fail({ line: rec.line, userId: r.userId, code: refused.code, reason: refused.reason })
        markDone(rec.seq)
        progress.update(state())
        continue
      }
      enqueue({ seq: rec.seq, line: rec.line, userId: r.userId, item: r.item })
      await drive(false)
    }
    await drive(true)
    finished = abort === undefined
  } finally {
    if (inflight.size > 0) await Promise.allSettled([...inflight])
    // A run that failed before doing anything (bad header, unreadable input) leaves no file.
    if (finished || counts.rows !== (previous?.counts.rows ?? 0) || previous !== undefined) save(true, finished)
    writer?.close()
    progress.stop(state())
    report?.close()
  }
  return {
    counts,
    resumed,
    alreadyComplete: false,
    replacedTarget,
    reportPath: o.reportPath,
    reportWritten: report?.exists ?? false,
    abort,
    seconds: (Date.now() - startedAt) / 1000,
    waitSeconds: waitMs / 1000,
  }
}

const readCheckpointOrUsage = (path: string): CheckpointData | undefined => {
  try {
    return readCheckpoint(path)
  } catch (e) {
    throw new UsageError(`cannot use checkpoint ${path}: ${(e as Error).message}`)
  }
}
