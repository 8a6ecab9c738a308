/**
 * The console's bookkeeping on the REST path: per-endpoint counters, the real duration of every
 * call, and the bodies of recent calls for the requests monitor, within a character budget
 * (oldest dropped first). Its cost per call is one small object, two clock reads and a copy of
 * the answer's text (bench/console-overhead.ts measures it against `console: false`).
 *
 * Nothing here waits for a watcher: a page polls what was recorded (see api.ts for why polling).
 *
 * @module
 */
import { isDroppedConnection } from "../faults.ts"
import type { LogObserver, RequestLogEntry } from "../request-log.ts"
import { bounded, redactQuery, RequestTrace } from "./trace.ts"

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

/** Default budget of kept body text, in UTF-16 code units (at most ~16 MB of memory). */
export const DEFAULT_KEEP_BODIES = 8_000_000

type Route = (request: Request, trace: RequestTrace) => Promise<Response>

export class Recorder implements LogObserver {
  readonly keepBodies: number
  readonly counters = new Map<string, EndpointCounter>()
  /** seq → trace, oldest first (a Map iterates in insertion order). */
  readonly #details = new Map<number, RequestTrace>()
  #chars = 0

  constructor(keepBodies: number = DEFAULT_KEEP_BODIES) {
    this.keepBodies = keepBodies
  }

  /** Runs `route` with a trace, then records the answer's duration and text. */
  async track(request: Request, route: Route): Promise<Response> {
    const trace = new RequestTrace(request.url, performance.now())
    let response: Response
    try {
      response = await route(request, trace)
    } catch (e) {
      this.#finish(trace, isDroppedConnection(e) ? "dropped" : "aborted", undefined, undefined)
      throw e
    }
    // Inspection calls, OPTIONS and the console itself are not logged: nothing to record.
    if (trace.entry === undefined) return response
    const text = await response.text()
    this.#finish(trace, "answered", text, response.headers.get("content-type") ?? undefined)
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers })
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
    if (trace === undefined) return
    trace.entry = entry
    trace.query = redactQuery(trace.url ?? "")
    trace.url = undefined
    if (this.keepBodies > 0) {
      this.#details.set(entry.seq, trace)
      this.#grow(trace.size)
    }
  }

  cleared(reset: boolean): void {
    this.#details.clear()
    this.#chars = 0
    if (reset) this.counters.clear()
  }

  /** The trace of the call logged as `seq`, while its bodies are still kept. */
  detail(seq: number): RequestTrace | undefined {
    return this.#details.get(seq)
  }

  /** How many calls have their bodies kept, and their size in characters. */
  get kept(): { readonly calls: number; readonly chars: number } {
    return { calls: this.#details.size, chars: this.#chars }
  }

  #finish(trace: RequestTrace, outcome: RequestTrace["outcome"], text: string | undefined, type: string | undefined): void {
    const ms = Math.round((performance.now() - trace.started) * 10) / 10
    trace.durationMs = ms
    trace.outcome = outcome
    const entry = trace.entry
    if (entry === undefined) return
    ;(entry as { durationMs?: number }).durationMs = ms
    if (text === undefined || !this.#details.has(entry.seq)) return
    const b = bounded(text)
    trace.responseBody = b.text
    trace.responseCut = b.cut
    trace.responseType = type
    this.#grow(b.text.length)
  }

  #grow(chars: number): void {
    this.#chars += chars
    if (this.#chars <= this.keepBodies) return
    for (const [seq, t] of this.#details) {
      if (this.#chars <= this.keepBodies) break
      this.#details.delete(seq)
      this.#chars -= t.size
    }
  }
}
