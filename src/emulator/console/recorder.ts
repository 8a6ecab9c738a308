/**
 * The console's bookkeeping on the REST path: per-endpoint counters, the real duration of every
 * logged call, and the bodies of the most recent calls for the requests monitor (a number of
 * calls and a character budget; oldest dropped first).
 *
 * Kept cheap because it runs whether or not a page is open: per call one small object, two clock
 * reads, a slot in a typed array (durations, indexed by `seq`, so log entries keep their shape)
 * and a Map entry, with no wrapper around the call; the bodies are the strings the emulator
 * already made (the request text it read, the answer text it sent), never read back from a
 * Response, and the query is redacted only when someone reads it. bench/console-overhead.ts
 * measures the cost against `console: false`.
 *
 * Nothing here waits for a watcher: a page polls what was recorded (see api.ts for why polling).
 *
 * @module
 */
import type { LogObserver, RequestLogEntry } from "../request-log.ts"
import { bounded, RequestTrace } from "./trace.ts"
import type { TraceSink } from "./trace.ts"

/** Calls to one endpoint since the emulator started or was reset. */
export interface EndpointCounter {
  calls: number
  /** Answered with ErrorCode 0. */
  ok: number
  /** Answered with another ErrorCode, or an HTTP error with none. */
  failed: number
  /** Got a fault. */
  faults: number
  lastCode: number | undefined
  lastAt: number
}

/** Counter key of calls that named no endpoint. */
export const UNKNOWN_PATH = "(unknown path)"
/** Counter key of non-POST calls. */
export const NOT_POST = "(not POST)"

/**
 * Calls whose bodies are kept by default. Small on purpose: bodies that live for only a few
 * thousand calls die young in V8's new space; a budget of tens of thousands of calls made every
 * trace survive into the old generation and added about 10 µs of GC per REST call.
 */
export const DEFAULT_KEEP_BODIES = 1000

/** The most body text kept in all, in UTF-16 code units (≤ 8 MB), whatever `keepBodies` says. */
export const MAX_KEPT_CHARS = 4_000_000

export class Recorder implements LogObserver, TraceSink {
  readonly keepBodies: number
  readonly counters = new Map<string, EndpointCounter>()
  /** seq → trace. */
  readonly #details = new Map<number, RequestTrace>()
  /**
   * The kept seqs, oldest first, from `#head` on. A queue of its own: iterating a Map from the
   * front after deleting there walks every deleted slot until V8 rehashes, which made each
   * eviction cost tens of microseconds.
   */
  #order: Array<number> = []
  #head = 0
  #chars = 0
  /**
   * Duration (ms) of call `seq` at `seq % length`, NaN while pending. The log keeps at most
   * `logLimit` entries with consecutive seqs, so two kept entries never share a slot.
   */
  readonly #durations: Float64Array
  #lastSeq = 0
  /** Bumped by a reset (seqs start over): a call answered after it must not write a slot. */
  #epoch = 0

  /** `keepBodies`: how many of the most recent calls keep their bodies. */
  constructor(logLimit: number, keepBodies: number = DEFAULT_KEEP_BODIES) {
    this.keepBodies = keepBodies
    this.#durations = new Float64Array(Math.max(1, logLimit)).fill(Number.NaN)
  }

  /** A trace for one call arriving now (synchronous: no wrapper around the call). */
  begin(): RequestTrace {
    return new RequestTrace(this, performance.now())
  }

  added(entry: RequestLogEntry, trace: RequestTrace | undefined): void {
    const key = entry.endpoint ?? (entry.method !== "POST" ? NOT_POST : UNKNOWN_PATH)
    let c = this.counters.get(key)
    if (c === undefined) this.counters.set(key, (c = { calls: 0, ok: 0, failed: 0, faults: 0, lastCode: undefined, lastAt: 0 }))
    c.calls++
    if (entry.code === 0) c.ok++
    else if (entry.code !== undefined || (entry.status ?? 0) >= 400) c.failed++
    if (entry.fault !== undefined) c.faults++
    c.lastCode = entry.code
    c.lastAt = entry.time
    this.#durations[entry.seq % this.#durations.length] = Number.NaN
    this.#lastSeq = entry.seq
    if (trace === undefined) return
    trace.entry = entry
    trace.epoch = this.#epoch
    if (this.keepBodies > 0) {
      this.#details.set(entry.seq, trace)
      this.#order.push(entry.seq)
      this.#grow(trace.size)
    }
  }

  cleared(reset: boolean): void {
    this.#details.clear()
    this.#order = []
    this.#head = 0
    this.#chars = 0
    if (reset) {
      this.counters.clear()
      this.#durations.fill(Number.NaN)
      this.#epoch++
      this.#lastSeq = 0
    }
  }

  /** The duration of the logged call `seq` in ms (undefined while its answer is pending). */
  duration(seq: number): number | undefined {
    const d = this.#durations[seq % this.#durations.length]!
    return Number.isNaN(d) ? undefined : d
  }

  /** The trace of the call logged as `seq`, while its bodies are still kept. */
  detail(seq: number): RequestTrace | undefined {
    return this.#details.get(seq)
  }

  /** How many calls have their bodies kept, and their size in characters. */
  get kept(): { readonly calls: number; readonly chars: number } {
    return { calls: this.#details.size, chars: this.#chars }
  }

  /** The answer was built: the call's duration ends, and its text is kept (cut) with the trace. */
  answered(trace: RequestTrace, text: string): void {
    // Inspection calls, OPTIONS and the console itself are not logged: nothing to record.
    const entry = trace.entry
    if (entry === undefined) return
    const ms = Math.round((performance.now() - trace.started) * 10) / 10
    trace.durationMs = ms
    // A call answered long after it was logged (a delay fault) may have left the log meanwhile.
    if (trace.epoch === this.#epoch && entry.seq > this.#lastSeq - this.#durations.length) {
      this.#durations[entry.seq % this.#durations.length] = ms
    }
    if (!this.#details.has(entry.seq)) return
    const b = bounded(text)
    trace.responseBody = b.text
    trace.responseCut = b.cut
    this.#grow(b.text.length)
  }

  #grow(chars: number): void {
    this.#chars += chars
    while ((this.#chars > MAX_KEPT_CHARS || this.#details.size > this.keepBodies) && this.#head < this.#order.length) {
      const seq = this.#order[this.#head++]!
      const t = this.#details.get(seq)
      if (t === undefined) continue
      this.#details.delete(seq)
      this.#chars -= t.size
    }
    if (this.#head > 4096 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head)
      this.#head = 0
    }
  }
}
