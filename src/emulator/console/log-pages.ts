/**
 * The request log, paged and filtered on the server: the console never receives the whole log
 * (up to `requestLogLimit`, 100,000 by default), only one page, newest first, and then the new
 * entries past a cursor. Both walk the log in place (it is ordered by `seq`): a cursor is found
 * by binary search and a page stops as soon as it is full.
 *
 * @module
 */
import type { EndpointKey, Family } from "../../api/mod.ts"
import type { FaultKind } from "../faults.ts"
import type { RequestLog, RequestLogEntry } from "../request-log.ts"

/** The monitor's filter: every given member must match. */
export interface MonitorFilter {
  readonly endpoint?: EndpointKey | undefined
  readonly family?: Family | undefined
  readonly sdkAppId?: number | undefined
  /** An ErrorCode, `"ok"` (0) or `"failed"` (anything else, or no answer). */
  readonly code?: number | "ok" | "failed" | undefined
  /** A fault kind, `"any"` (some fault) or `"none"`. */
  readonly fault?: FaultKind | "any" | "none" | undefined
}

export const matchesMonitor = (e: RequestLogEntry, f: MonitorFilter): boolean => {
  if (f.endpoint !== undefined && e.endpoint !== f.endpoint) return false
  if (f.family !== undefined && e.family !== f.family) return false
  if (f.sdkAppId !== undefined && e.sdkAppId !== f.sdkAppId) return false
  if (f.code !== undefined) {
    if (f.code === "ok" ? e.code !== 0 : f.code === "failed" ? e.code === 0 : e.code !== f.code) return false
  }
  if (f.fault !== undefined) {
    if (f.fault === "any" ? e.fault === undefined : f.fault === "none" ? e.fault !== undefined : e.fault !== f.fault) return false
  }
  return true
}

/** One page of the log. */
export interface LogPage {
  /** Matching entries, newest first. */
  readonly entries: ReadonlyArray<RequestLogEntry>
  /** Pass as `before` for the next older page; absent when there is none. */
  readonly next?: number
  /** With `after`: more new entries matched than the page holds (the oldest of them are skipped). */
  readonly skipped?: boolean
  /** The highest `seq` in the log (the cursor for the next `after`), 0 when empty. */
  readonly last: number
  /** Changes when the log is cleared or reset: a reader's cursor is then meaningless. */
  readonly epoch: number
  /** Entries kept, and how many match the filter (only when asked: it reads the whole log). */
  readonly size: number
  readonly total?: number
}

/** The first index in `entries[from..]` whose seq is greater than `seq`. */
const firstAfter = (entries: ReadonlyArray<RequestLogEntry>, from: number, seq: number): number => {
  let lo = from
  let hi = entries.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (entries[mid]!.seq > seq) hi = mid
    else lo = mid + 1
  }
  return lo
}

export interface PageQuery {
  readonly filter: MonitorFilter
  /** Only entries older than this seq (the next page). */
  readonly before?: number | undefined
  /** Only entries newer than this seq (the live tail). */
  readonly after?: number | undefined
  readonly limit: number
  readonly count?: boolean | undefined
}

export const pageLog = (log: RequestLog, q: PageQuery): LogPage => {
  const { entries, start, epoch } = log.view()
  const last = entries.length > start ? entries[entries.length - 1]!.seq : 0
  const lower = q.after !== undefined ? firstAfter(entries, start, q.after) : start
  let i = (q.before !== undefined ? firstAfter(entries, start, q.before - 1) : entries.length) - 1
  const out: Array<RequestLogEntry> = []
  for (; i >= lower && out.length < q.limit; i--) {
    const e = entries[i]!
    if (matchesMonitor(e, q.filter)) out.push(e)
  }
  // Is there a further match below where the page stopped?
  let more = false
  for (let j = i; j >= lower; j--) {
    if (matchesMonitor(entries[j]!, q.filter)) {
      more = true
      break
    }
  }
  let total: number | undefined
  if (q.count === true) {
    total = 0
    for (let j = start; j < entries.length; j++) if (matchesMonitor(entries[j]!, q.filter)) total++
  }
  return {
    entries: out,
    ...(more && q.after === undefined ? { next: out[out.length - 1]!.seq } : {}),
    ...(more && q.after !== undefined ? { skipped: true } : {}),
    last,
    epoch,
    size: entries.length - start,
    ...(total !== undefined ? { total } : {}),
  }
}
