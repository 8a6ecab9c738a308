/**
 * One REST call as the console's requests monitor shows it, besides its log entry: the query
 * string with the UserSig redacted, the request and answer bodies (each cut to a bound), and the
 * real time from arrival to the answer.
 *
 * A trace is created per REST call while the console is on. The raw query (which carries the
 * usersig) stays in a private field and is redacted the first time anything reads it.
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

/** What a trace tells the recorder (kept as an interface so trace.ts needs no recorder import). */
export interface TraceSink {
  answered(trace: RequestTrace, text: string): void
}

export class RequestTrace implements AnswerSink {
  /** `performance.now()` at arrival. */
  readonly started: number
  readonly #sink: TraceSink
  /**
   * The raw query string: it carries the usersig, so it is private (no `JSON.stringify` or
   * `String()` of a trace shows it) and only ever read through `query`, which redacts it.
   */
  #search: string | undefined = undefined
  #query: string | undefined = undefined
  /** The log entry, once the call is logged (calls the emulator does not log are not kept). */
  entry: RequestLogEntry | undefined = undefined
  /** The recorder's epoch when it was logged. */
  epoch = 0
  /** Real time from arrival to the answer, once answered (never, for a dropped connection). */
  durationMs: number | undefined = undefined
  requestBody: string | undefined = undefined
  requestCut = false
  responseBody: string | undefined = undefined
  responseCut = false
  /** The answer's content type. */
  responseType: string | undefined = undefined

  constructor(sink: TraceSink, started: number) {
    this.#sink = sink
    this.started = started
  }

  /** The query string as received (redacted only when read: most calls are never looked at). */
  set search(search: string) {
    this.#search = search
    this.#query = undefined
  }

  /** The query string with every usersig value replaced by `<redacted>`. */
  get query(): string {
    if (this.#query === undefined) {
      this.#query = redactQuery(this.#search ?? "")
      this.#search = undefined
    }
    return this.#query
  }

  /** The request body, as the emulator read it (after the URL and UserSig checks passed). */
  setRequestBody(text: string): void {
    const b = bounded(text)
    this.requestBody = b.text
    this.requestCut = b.cut
  }

  /**
   * The answer's text, as sent: recorded where the answer is built (no second read of the
   * Response), which is also when the call's duration ends.
   */
  answered(text: string, type: string): void {
    this.responseType = type
    this.#sink.answered(this, text)
  }

  /** Characters this trace holds (for the store's budget). */
  get size(): number {
    return (this.requestBody?.length ?? 0) + (this.responseBody?.length ?? 0) + 400
  }
}
