/**
 * One REST call as the console's requests monitor shows it, besides its log entry: the query
 * string with the UserSig redacted, the request and answer bodies (each cut to a bound), and the
 * real time from arrival to the answer.
 *
 * A trace is created per REST call only while the console is on; the raw URL (which carries the
 * usersig) is held only until the call is logged, then replaced by the redacted query.
 *
 * @module
 */
import type { RequestLogEntry } from "../request-log.ts"

/** Longest body kept per request or answer, in UTF-16 code units; longer ones are cut. */
export const MAX_BODY_CHARS = 32 * 1024

/** The query string (with its `?`) with every `usersig` parameter's value replaced. */
export const redactQuery = (url: string): string => {
  const q = url.indexOf("?")
  if (q < 0) return ""
  const hash = url.indexOf("#", q)
  const query = url.slice(q, hash < 0 ? undefined : hash)
  // Parameter names are matched case-insensitively: a client that sends `UserSig=` must not leak it either.
  return query.replace(/([?&])([^=&]*)=([^&]*)/g, (all, sep: string, name: string) => {
    let decoded = name
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, " "))
    } catch {
      // a malformed escape: match on the raw name
    }
    return /usersig/i.test(decoded) ? `${sep}${name}=<redacted>` : all
  })
}

/**
 * `text` cut to `MAX_BODY_CHARS`. A cut is re-created as a flat string: V8 keeps a slice as a
 * view of its parent, so keeping `slice()` of a 1 MB body would keep the whole megabyte.
 */
export const bounded = (text: string): { readonly text: string; readonly cut: boolean } =>
  text.length <= MAX_BODY_CHARS
    ? { text, cut: false }
    : { text: JSON.parse(JSON.stringify(text.slice(0, MAX_BODY_CHARS))) as string, cut: true }

export class RequestTrace {
  /** `performance.now()` at arrival. */
  readonly started: number
  /** The request URL until the call is logged (it carries the usersig); then undefined. */
  url: string | undefined
  /** The redacted query string, set when the call is logged. */
  query = ""
  /** The log entry, once the call is logged (calls the emulator does not log are not kept). */
  entry: RequestLogEntry | undefined = undefined
  requestBody: string | undefined = undefined
  requestCut = false
  responseBody: string | undefined = undefined
  responseCut = false
  /** Response headers worth showing (content type). */
  responseType: string | undefined = undefined
  /** Why there is no answer body: `"dropped"` (connection dropped), `"aborted"`. */
  outcome: "answered" | "dropped" | "aborted" | "pending" = "pending"
  durationMs: number | undefined = undefined

  constructor(url: string, started: number) {
    this.url = url
    this.started = started
  }

  /** The request body, as the emulator read it (after the URL and UserSig checks passed). */
  setRequestBody(text: string): void {
    const b = bounded(text)
    this.requestBody = b.text
    this.requestCut = b.cut
  }

  /** Characters this trace holds (for the store's budget). */
  get size(): number {
    return (this.requestBody?.length ?? 0) + (this.responseBody?.length ?? 0) + this.query.length + 64
  }
}
