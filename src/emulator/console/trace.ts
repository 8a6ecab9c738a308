/**
 * One REST call as the console's requests monitor shows it, besides its log entry: the query
 * string with the UserSig redacted, the request and answer bodies (each cut to a bound), and the
 * real time from arrival to the answer.
 *
 * A trace is created per REST call only while the console is on; the raw query (which carries
 * the usersig) is held only until the call is logged, then replaced by the redacted one.
 *
 * @module
 */
import type { AnswerSink } from "../http.ts"
import type { RequestLogEntry } from "../request-log.ts"

/** Longest body kept per request or answer, in UTF-16 code units; longer ones are cut. */
export const MAX_BODY_CHARS = 32 * 1024

const USERSIG = /usersig/i

/** Whether a (still %-encoded) parameter name names a UserSig, in any case. */
const isUserSigName = (name: string): boolean => {
  if (name.length < 7) return false
  let decoded = name
  if (name.includes("%")) {
    try {
      decoded = decodeURIComponent(name)
    } catch {
      // a malformed escape: judged on the raw name
    }
  }
  return USERSIG.test(decoded)
}

/**
 * A query string (`?a=1&usersig=…`) with the value of every parameter whose name contains
 * `usersig` (any case, %-escapes decoded: `UserSig=` or `user%73ig=` must not leak either)
 * replaced by `<redacted>`. A scan with indexOf: it runs on every REST call.
 */
export const redactQuery = (search: string): string => {
  const s = search.startsWith("?") ? search.slice(1) : search
  if (s === "") return ""
  let out = "?"
  let i = 0
  for (;;) {
    let amp = s.indexOf("&", i)
    if (amp < 0) amp = s.length
    const eq = s.indexOf("=", i)
    if (eq >= 0 && eq < amp && isUserSigName(s.slice(i, eq))) out += `${s.slice(i, eq)}=<redacted>`
    else out += s.slice(i, amp)
    if (amp >= s.length) return out
    out += "&"
    i = amp + 1
  }
}

/**
 * `text` cut to `MAX_BODY_CHARS`. A cut is re-created as a flat string: V8 keeps a slice as a
 * view of its parent, so keeping `slice()` of a 1 MB body would keep the whole megabyte.
 */
export const bounded = (text: string): { readonly text: string; readonly cut: boolean } =>
  text.length <= MAX_BODY_CHARS
    ? { text, cut: false }
    : { text: JSON.parse(JSON.stringify(text.slice(0, MAX_BODY_CHARS))) as string, cut: true }

export class RequestTrace implements AnswerSink {
  /** `performance.now()` at arrival. */
  readonly started: number
  /** The raw query string until the call is logged (it carries the usersig); then undefined. */
  search: string | undefined = undefined
  /** The redacted query string, set when the call is logged. */
  query = ""
  /** The log entry, once the call is logged (calls the emulator does not log are not kept). */
  entry: RequestLogEntry | undefined = undefined
  /** The recorder's epoch when it was logged. */
  epoch = 0
  /** Real time from arrival to the answer, once answered. */
  durationMs: number | undefined = undefined
  requestBody: string | undefined = undefined
  requestCut = false
  /** The whole answer text until the call is finished; then cut into `responseBody`. */
  responseText: string | undefined = undefined
  responseBody: string | undefined = undefined
  responseCut = false
  /** Response headers worth showing (content type). */
  responseType: string | undefined = undefined
  /** Why there is no answer body: `"dropped"` (connection dropped), `"aborted"`. */
  outcome: "answered" | "dropped" | "aborted" | "pending" = "pending"

  constructor(started: number) {
    this.started = started
  }

  /** The request body, as the emulator read it (after the URL and UserSig checks passed). */
  setRequestBody(text: string): void {
    const b = bounded(text)
    this.requestBody = b.text
    this.requestCut = b.cut
  }

  /** The answer's text, as sent (recorded where the answer is built: no second read of it). */
  answered(text: string, type: string): void {
    this.responseText = text
    this.responseType = type
  }

  /** Characters this trace holds (for the store's budget). */
  get size(): number {
    return (this.requestBody?.length ?? 0) + (this.responseBody?.length ?? 0) + this.query.length + 64
  }
}
