/**
 * The scheduled-push time format: `YYYY-MM-DD HH:MM:SS`, always UTC
 * (docs/protocol/push-lifecycle.md#schedat). `SchedAt`, `CreateAt`, `BeginTime` and `EndTime` of
 * the scheduled-task commands use it; the client, the request rules and the emulator all read and
 * write it here, so they agree on what a valid time is (a real calendar date, 1970..9999).
 *
 * @module
 */

const FORMAT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

const two = (n: number): string => String(n).padStart(2, "0")

/**
 * Epoch milliseconds as Tencent's UTC `YYYY-MM-DD HH:MM:SS` (milliseconds are dropped, rounding
 * down). Throws `RangeError` for a time outside 1970-01-01..9999-12-31.
 *
 * @example
 * ```ts
 * import { formatSchedTime } from "tencent-chat-push/api"
 *
 * formatSchedTime(Date.UTC(2025, 5, 1, 10, 0, 0)) // "2025-06-01 10:00:00"
 * ```
 */
export const formatSchedTime = (epochMs: number): string => {
  if (!Number.isFinite(epochMs) || epochMs < 0 || epochMs > 253_402_300_799_999) {
    throw new RangeError("a scheduled-push time must lie between 1970-01-01 and 9999-12-31 (UTC)")
  }
  const d = new Date(Math.floor(epochMs / 1000) * 1000)
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
}

/**
 * Reads a UTC `YYYY-MM-DD HH:MM:SS` time as epoch milliseconds, or `undefined` when the text is
 * not exactly that format or names no real time (`2025-02-30 00:00:00`, `24:00:00`).
 *
 * @example
 * ```ts
 * import { parseSchedTime } from "tencent-chat-push/api"
 *
 * parseSchedTime("2025-06-01 10:00:00") // 1748772000000
 * parseSchedTime("2025-06-01T10:00:00Z") // undefined
 * ```
 */
export const parseSchedTime = (text: string): number | undefined => {
  const m = typeof text === "string" ? FORMAT.exec(text) : null
  if (m === null) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  if (y < 1970) return undefined
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  // Date.UTC rolls invalid fields over (Feb 30 → Mar 2); a real time formats back to itself.
  return formatSchedTime(ms) === text ? ms : undefined
}
