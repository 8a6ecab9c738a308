/**
 * Why a callback was refused (or an input rejected): a stable string callers can switch on.
 *
 * - `METHOD_NOT_ALLOWED`: not a POST (HTTP 405).
 * - `BAD_QUERY`: `SdkAppid` or `CallbackCommand` missing, repeated or not well-formed (400).
 * - `FOREIGN_APP`: `SdkAppid` is not this app's (403).
 * - `MISSING_SIGNATURE`: no `Sign` or no `RequestTime` in the URL (401).
 * - `BAD_SIGNATURE`: `Sign` is not sha256(token + RequestTime) (401).
 * - `STALE_REQUEST`: `RequestTime` is outside the freshness window (401).
 * - `BODY_TOO_LARGE`: the body is over the byte cap (413).
 * - `MALFORMED_BODY`: not UTF-8 JSON, nested too deeply, or an event field of the wrong type (400).
 * - `BAD_EVENT_COUNT`: `Events` holds 0 or more than 100 events (400).
 * - `OVERLOADED`: too many deliveries are still being processed (503).
 * - `DUPLICATE_DELIVERY`: the same signed delivery (URL time and body) was seen before; it is
 *   answered with success and not handed on again (200).
 * - `UNKNOWN_COMMAND`: a verified callback whose command this version does not parse, with no
 *   `onUnknownCommand` to take it; answered `ErrorCode` 1 with HTTP 200, as an application-level
 *   "callback error" (200).
 * - `INVALID_INPUT`: a local misuse (bad options, an event that cannot be sent); no HTTP meaning (500).
 *
 * @example
 * ```ts
 * import type { CallbackErrorCode } from "tencent-chat-push/callbacks"
 *
 * const isClockProblem = (code: CallbackErrorCode): boolean => code === "STALE_REQUEST"
 * ```
 */
export type CallbackErrorCode =
  | "METHOD_NOT_ALLOWED"
  | "BAD_QUERY"
  | "FOREIGN_APP"
  | "MISSING_SIGNATURE"
  | "BAD_SIGNATURE"
  | "STALE_REQUEST"
  | "BODY_TOO_LARGE"
  | "MALFORMED_BODY"
  | "BAD_EVENT_COUNT"
  | "OVERLOADED"
  | "DUPLICATE_DELIVERY"
  | "UNKNOWN_COMMAND"
  | "INVALID_INPUT"

const statuses: { readonly [K in CallbackErrorCode]: number } = {
  METHOD_NOT_ALLOWED: 405,
  BAD_QUERY: 400,
  FOREIGN_APP: 403,
  MISSING_SIGNATURE: 401,
  BAD_SIGNATURE: 401,
  STALE_REQUEST: 401,
  BODY_TOO_LARGE: 413,
  MALFORMED_BODY: 400,
  BAD_EVENT_COUNT: 400,
  OVERLOADED: 503,
  DUPLICATE_DELIVERY: 200,
  UNKNOWN_COMMAND: 200,
  INVALID_INPUT: 500,
}

/**
 * The one error every `tencent-chat-push/callbacks` function throws, and what the handler reports
 * to `onRejected` for a refused request.
 *
 * Messages say what was wrong but never contain the token, the received `Sign` or the expected
 * one: `Sign` with its `RequestTime` works as a credential until the freshness window closes.
 * Errors: none (this is the error).
 *
 * @example
 * ```ts
 * import { CallbackError, verifyCallbackQuery } from "tencent-chat-push/callbacks"
 *
 * try {
 *   verifyCallbackQuery(new URL(request.url), { sdkAppId: 1400000000, token })
 * } catch (e) {
 *   if (e instanceof CallbackError) console.log(e.code, e.status) // e.g. "BAD_SIGNATURE" 401
 *   else throw e
 * }
 * ```
 */
export class CallbackError extends Error {
  /** Always `"CallbackError"`. */
  override readonly name: "CallbackError" = "CallbackError"
  /** What went wrong, stable across versions. */
  readonly code: CallbackErrorCode
  /** The HTTP status the handler answers with for this code (405, 400, 403, 401, 413, 503, 200; 500 for `INVALID_INPUT`). */
  readonly status: number

  /**
   * Creates the error; the status follows from the code.
   *
   * @example
   * ```ts
   * import { CallbackError } from "tencent-chat-push/callbacks"
   *
   * const e = new CallbackError("FOREIGN_APP", "SdkAppid is not this app's")
   * console.log(e.status) // 403
   * ```
   */
  constructor(code: CallbackErrorCode, message: string) {
    super(message)
    this.code = code
    this.status = statuses[code]
  }
}

/** Throws a `CallbackError`; an expression, so checks can use `cond || fail(...)`. */
export const fail = (code: CallbackErrorCode, message: string): never => {
  throw new CallbackError(code, message)
}
