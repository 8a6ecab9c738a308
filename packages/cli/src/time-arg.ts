/**
 * Times on the command line (`--at`, `--from`, `--to`): an ISO-8601 time WITH its zone
 * (`2027-01-01T09:00:00Z`, `2027-01-01T17:00:00+08:00`) or epoch milliseconds. A time without a
 * zone is refused: the scheduled-push API takes UTC, and guessing the machine's zone would move
 * a push by hours. Epoch values below 10^11 are refused as probably seconds (as the client does).
 *
 * @module
 */
import { UsageError } from "./errors.ts"

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i

/** Parses a time flag's text into epoch ms, or throws a `UsageError` naming the flag. */
export const parseTimeArg = (flag: string, text: string): number => {
  const t = text.trim()
  if (/^\d+$/.test(t)) {
    const n = Number(t)
    if (!Number.isSafeInteger(n) || n < 1e11) {
      throw new UsageError(`${flag}: ${t} looks like seconds, not epoch milliseconds (or is out of range); give ms or an ISO-8601 time with a zone`)
    }
    return n
  }
  if (!iso.test(t)) {
    throw new UsageError(`${flag}: expected an ISO-8601 time with a zone (2027-01-01T09:00:00Z, 2027-01-01T17:00:00+08:00) or epoch ms, got ${JSON.stringify(t.slice(0, 60))}`)
  }
  const [y, mo, d, h, mi, se] = t.split(/[-T:.Z+]/i).map(Number) as [number, number, number, number, number, number | undefined]
  // Date.parse rolls 2027-02-30 over to March 2: check the fields themselves.
  const daysIn = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  const ms = Date.parse(t)
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn || h > 23 || mi > 59 || (se ?? 0) > 59 || !Number.isFinite(ms) || ms < 0) {
    throw new UsageError(`${flag}: not a valid time: ${t}`)
  }
  return ms
}

/** A wire time (`YYYY-MM-DD HH:MM:SS`, UTC) as ISO `…Z`, or the text itself when not that form. */
export const isoOfWire = (wire: string): string => {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(wire)
  return m === null ? wire : `${m[1]}T${m[2]}Z`
}

/** How a scheduled time is shown to people: UTC, then the wire's text as Tencent shows it. */
export const showSchedTime = (wire: string): string => `${isoOfWire(wire)} (SchedAt "${wire}", UTC)`
