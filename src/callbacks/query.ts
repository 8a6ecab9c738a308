// Verifying the callback URL's query string: the app id the docs require every receiver to check
// (https://trtc.io/document/67551: "must check whether the SDKAppID contained in the request URL
// is consistent with its own"), the token signature, and a freshness window the docs do not set.
import { fail } from "./errors.ts"
import { checkToken, signature, signatureMatches } from "./sign.ts"
import { Q } from "./wire.ts"

/**
 * What a verified callback URL says.
 *
 * @example
 * ```ts
 * import type { CallbackQuery } from "tencent-chat-push/callbacks"
 *
 * const label = (q: CallbackQuery) => `${q.command} for app ${q.sdkAppId} signed at ${q.requestTime}`
 * ```
 */
export interface CallbackQuery {
  /** `SdkAppid`: equal to the app's own (checked). */
  readonly sdkAppId: number
  /** `CallbackCommand`, e.g. `Push.AllMemberPush`. */
  readonly command: string
  /** `RequestTime`: when Tencent signed the request, unix seconds (checked against the window). */
  readonly requestTime: number
  /** `ClientIP`, when Tencent sent one. */
  readonly clientIp: string | undefined
  /** `OptPlatform` (`RESTAPI`, `Web`, `Android`, `iOS`…), when Tencent sent one. */
  readonly optPlatform: string | undefined
}

/**
 * The app a receiver belongs to and how strict it is about time.
 *
 * @example
 * ```ts
 * import type { VerifyCallbackOptions } from "tencent-chat-push/callbacks"
 *
 * const options: VerifyCallbackOptions = { sdkAppId: 1400000000, token: "from-the-console", maxSkewSeconds: 120 }
 * ```
 */
export interface VerifyCallbackOptions {
  /** The app's SDKAppID; a callback naming another app is refused (`FOREIGN_APP`). */
  readonly sdkAppId: number
  /** The callback token set in the Chat console (Callback configuration → authentication token). */
  readonly token: string
  /**
   * How far `RequestTime` may be from now, in seconds, either way. Default 300. Tencent's docs set
   * no window; see docs/callbacks.md for why 300.
   */
  readonly maxSkewSeconds?: number
  /** The current time, unix seconds. Default `Date.now() / 1000`. */
  readonly now?: number
}

/** The default freshness window, seconds either way. */
export const DEFAULT_MAX_SKEW_SECONDS: number = 300

const hex64 = /^[0-9a-fA-F]{64}$/
const decimal = /^\d{1,15}$/

/** Checked options, prepared once per handler. */
export interface Verifier {
  readonly sdkAppId: number
  readonly maxSkewSeconds: number
  readonly verify: (params: URLSearchParams, nowSeconds: number) => CallbackQuery
}

/** Checks the options (INVALID_INPUT) and returns the per-request check. The token stays in this closure. */
export const createVerifier = (options: Omit<VerifyCallbackOptions, "now">): Verifier => {
  const sdkAppId = options?.sdkAppId
  if (typeof sdkAppId !== "number" || !Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) {
    fail("INVALID_INPUT", "sdkAppId must be a positive integer")
  }
  const token = checkToken(options.token)
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS
  if (typeof maxSkewSeconds !== "number" || !Number.isFinite(maxSkewSeconds) || maxSkewSeconds < 0) {
    fail("INVALID_INPUT", "maxSkewSeconds must be a non-negative number")
  }

  const verify = (params: URLSearchParams, nowSeconds: number): CallbackQuery => {
    const one = (name: string): string | undefined => {
      const all = params.getAll(name)
      // A repeated parameter is ambiguous (a proxy may read the other copy), so it is refused.
      if (all.length > 1) fail("BAD_QUERY", `${name} appears more than once`)
      return all[0]
    }
    const app = one(Q.sdkAppId)
    if (app === undefined || !decimal.test(app)) fail("BAD_QUERY", `${Q.sdkAppId} is missing or not a number`)
    if (Number(app) !== sdkAppId) fail("FOREIGN_APP", `${Q.sdkAppId} is not this app's SDKAppID`)
    const command = one(Q.command)
    if (command === undefined || command.length === 0 || command.length > 100) {
      fail("BAD_QUERY", `${Q.command} is missing or longer than 100 characters`)
    }
    const sign = one(Q.sign)
    const time = one(Q.requestTime)
    if (sign === undefined || time === undefined) {
      fail("MISSING_SIGNATURE", `${Q.sign} and ${Q.requestTime} are required (set a callback token in the console)`)
    }
    if (!decimal.test(time!)) fail("BAD_SIGNATURE", `${Q.requestTime} is not unix seconds`)
    if (!hex64.test(sign!) || !signatureMatches(signature(token, time!), sign!)) {
      fail("BAD_SIGNATURE", `${Q.sign} does not match the token and ${Q.requestTime}`)
    }
    // Checked after the signature, so STALE_REQUEST always means "genuinely signed, but old or
    // ahead": a clock problem or a replay, never a forgery.
    const requestTime = Number(time)
    const skew = Math.floor(nowSeconds) - requestTime
    if (skew > maxSkewSeconds || -skew > maxSkewSeconds) {
      fail("STALE_REQUEST", `${Q.requestTime} is ${Math.abs(skew)} s ${skew > 0 ? "in the past" : "in the future"}; the window is ±${maxSkewSeconds} s`)
    }
    return {
      sdkAppId,
      command: command!,
      requestTime,
      clientIp: one(Q.clientIp),
      optPlatform: one(Q.optPlatform),
    }
  }
  return { sdkAppId, maxSkewSeconds, verify }
}

const paramsOf = (query: URL | URLSearchParams | string): URLSearchParams => {
  if (query instanceof URLSearchParams) return query
  if (query instanceof URL) return query.searchParams
  if (typeof query === "string") return query.includes("://") ? new URL(query).searchParams : new URLSearchParams(query)
  return fail("INVALID_INPUT", "query must be a URL, URLSearchParams or a string")
}

/**
 * Verifies a push callback's URL: `SdkAppid` is this app's, `Sign` is `sha256(token +
 * RequestTime)` (compared in constant time), and `RequestTime` is within `maxSkewSeconds`
 * (default ±300 s) of `now`. Returns what the URL says. The body is not covered by Tencent's
 * signature; parse it with `parseCallbackBody`.
 *
 * `query` is the request's URL (a `URL`, or a string with `://`) or its query string.
 * Throws `CallbackError`: `BAD_QUERY`, `FOREIGN_APP`, `MISSING_SIGNATURE`, `BAD_SIGNATURE`,
 * `STALE_REQUEST`; `INVALID_INPUT` for bad options. Messages never contain the token or `Sign`.
 *
 * @example
 * ```ts
 * import { verifyCallbackQuery } from "tencent-chat-push/callbacks"
 *
 * const q = verifyCallbackQuery(new URL(request.url), { sdkAppId: 1400000000, token: "from-the-console" })
 * console.log(q.command, q.requestTime)
 * ```
 */
export const verifyCallbackQuery = (query: URL | URLSearchParams | string, options: VerifyCallbackOptions): CallbackQuery => {
  const verifier = createVerifier(options)
  const now = options.now ?? Date.now() / 1000
  if (typeof now !== "number" || !Number.isFinite(now)) fail("INVALID_INPUT", "now must be unix seconds")
  return verifier.verify(paramsOf(query), now)
}
