/**
 * The request log: one entry per request the emulator answered (or dropped), bounded.
 *
 * @module
 */
import type { EndpointKey, Family } from "../api/mod.ts"
import type { RequestTrace } from "./console/trace.ts"
import type { FaultKind } from "./faults.ts"

/** One logged request. */
export interface RequestLogEntry {
  /** 1, 2, 3... in arrival order (survives `clearRequests`, reset by `reset`). */
  readonly seq: number
  /** Arrival time, epoch ms (emulator clock). */
  readonly time: number
  /** HTTP method. */
  readonly method: string
  /** URL path (the query string, which carries the usersig, is never logged). */
  readonly path: string
  /** The catalogue command the path named (absent for unknown paths). */
  readonly endpoint?: EndpointKey
  /** The URL family the path belongs to. */
  readonly family?: Family
  /** The `sdkappid` query parameter, when it parsed. */
  readonly sdkAppId?: number
  /** HTTP status sent (absent when the connection was dropped). */
  readonly status?: number
  /** The `ErrorCode` the emulator decided (0 = success), also when a fault hid it from the client. */
  readonly code?: number
  /** The injected fault, if any. */
  readonly fault?: FaultKind
}

/** Who is told about the log's changes (the console's bookkeeping). */
export interface LogObserver {
  added(entry: RequestLogEntry, trace: RequestTrace | undefined): void
  /** The log was emptied: by `clear` (`reset` false) or by `reset` (`true`). */
  cleared(reset: boolean): void
}

/** Filter for `requests()` / `countRequests()`; every given field must match. */
export interface RequestFilter {
  /** Only this command. */
  readonly endpoint?: EndpointKey
  /** Only this URL family. */
  readonly family?: Family
  /** Only this app. */
  readonly sdkAppId?: number
  /** Only this `ErrorCode`. */
  readonly code?: number
  /** Only requests that got this fault. */
  readonly fault?: FaultKind
  /** Only entries with `time >= since`. */
  readonly since?: number
}

export const matches = (e: RequestLogEntry, f: RequestFilter = {}): boolean =>
  (f.endpoint === undefined || e.endpoint === f.endpoint) &&
  (f.family === undefined || e.family === f.family) &&
  (f.sdkAppId === undefined || e.sdkAppId === f.sdkAppId) &&
  (f.code === undefined || e.code === f.code) &&
  (f.fault === undefined || e.fault === f.fault) &&
  (f.since === undefined || e.time >= f.since)

export class RequestLog {
  readonly limit: number
  #entries: Array<RequestLogEntry> = []
  #seq = 0
  /** Bumped by `clear` and `reset`, so a reader holding a cursor knows to start over. */
  #epoch = 0

  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit))
  }

  /** Told of every entry added and every clear (the console's bookkeeping); unset = no cost. */
  observer: LogObserver | undefined = undefined

  /** Logs one call; `trace` is the console's record of it, when the console is on. */
  add(entry: Omit<RequestLogEntry, "seq">, trace?: RequestTrace): RequestLogEntry {
    const e = { seq: ++this.#seq, ...entry }
    this.#entries.push(e)
    if (this.#entries.length > this.limit * 1.25) this.#entries = this.#entries.slice(-this.limit)
    this.observer?.added(e, trace)
    return e
  }

  /**
   * The kept entries in `seq` order, without a copy, for paging: `entries[start..]` (the array
   * may hold a few more old ones until the next compaction). Read it at once; never mutate it.
   */
  view(): { readonly entries: ReadonlyArray<RequestLogEntry>; readonly start: number; readonly epoch: number } {
    return { entries: this.#entries, start: Math.max(0, this.#entries.length - this.limit), epoch: this.#epoch }
  }

  list(filter?: RequestFilter): Array<RequestLogEntry> {
    const all = this.#entries.length > this.limit ? this.#entries.slice(-this.limit) : this.#entries
    return all.filter((e) => matches(e, filter))
  }

  clear(): void {
    this.#entries = []
    this.#epoch++
    this.observer?.cleared(false)
  }

  reset(): void {
    this.#entries = []
    this.#seq = 0
    this.#epoch++
    this.observer?.cleared(true)
  }
}
