/**
 * Reading one answer: status → JSON → envelope verdict → the command's response schema.
 *
 * - Why HTTP 200 can still fail: Tencent reports every application outcome in the body
 *   (`ErrorCode` ≠ 0 → `ChatApiError`); only network-level faults change the status.
 * - A FAIL body usually lacks the command's fields (batch keeps `TaskId: ""`), so the verdict
 *   is read from the bare envelope first, and the full schema is checked only on success.
 * - Decoding uses the compiled fast decoders (fast-decode.ts), with Schema's own message when a
 *   body does not match.
 * - Every text that reaches an error is redacted (usersig, secret key, any usersig-like run),
 *   before it is cut to an excerpt.
 * - A redirect is a failure (the transport never follows one), and so is an answer whose body was
 *   over the size limit. `Retry-After` on a non-200 answer is kept as `retryAfterMillis`.
 * - A verdict must agree with itself: `ActionStatus: "FAIL"` with `ErrorCode: 0` is not the
 *   documented shape (undecodable, never a success), while any `ErrorCode` ≠ 0 is a failure
 *   whatever `ActionStatus` says. An OK push or batch answer must carry its `TaskId`.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { Endpoint, EndpointKey } from "../../api/mod.ts"
import { describeErrorCode, endpoints, Envelope } from "../../api/mod.ts"
import type { ChatError } from "../errors.ts"
import { ChatApiError, ChatDecodeError, ChatTransportError } from "../errors.ts"
import type { FastDecoder } from "./fast-decode.ts"
import { fastDecoder } from "./fast-decode.ts"
import type { RawAnswer } from "./transport.ts"
import { isRedirectStatus } from "./transport.ts"
import { overLimit } from "./read-body.ts"
import { excerpt, redactText, redactUsersig } from "./redact.ts"

export { excerpt } from "./redact.ts"

/** Codes meaning "this UserSig is no good any more": the caller drops its cached sig. */
export const staleSigCodes: ReadonlySet<number> = new Set([70001, 70052])

/**
 * A `Retry-After` value in milliseconds from `now`: delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3); `undefined` when absent or unreadable, 0 for a date in the past.
 */
export const retryAfterMillis = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const date = Date.parse(v)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** An `ErrorList` / `ResultItem` entry, as far as its text goes. */
type InfoItem = { readonly ErrorInfo?: string; readonly ResultInfo?: string }

const scrubbed = (
  items: ReadonlyArray<InfoItem> | undefined,
  field: "ErrorList" | "ResultItem",
  info: "ErrorInfo" | "ResultInfo",
  secrets: ReadonlyArray<string>,
): { readonly [k: string]: ReadonlyArray<InfoItem> } => {
  if (items === undefined || !items.some((i) => typeof i[info] === "string" && redactText(i[info], secrets) !== i[info])) return {}
  return { [field]: items.map((i) => (typeof i[info] === "string" ? { ...i, [info]: redactText(i[info], secrets) } : i)) }
}

// Commands whose OK answer is documented with a TaskId the caller needs (to recall the push).
const taskIdKeys: ReadonlySet<EndpointKey> = new Set(["push", "batch"])

const envelope = fastDecoder(Envelope)
const decoders = new Map<EndpointKey, FastDecoder>()
const decoderOf = (key: EndpointKey): FastDecoder => {
  let d = decoders.get(key)
  if (d === undefined) {
    d = fastDecoder((endpoints[key] as Endpoint).response)
    decoders.set(key, d)
  }
  return d
}

/**
 * The decoded response of `key` in `answer`, or the tagged error it amounts to. `url` is the
 * request URL (redacted here), `secrets` the texts to scrub from excerpts; `onStaleSig` runs
 * before failing with a code that says the UserSig is no good.
 */
export const readAnswer = (
  key: EndpointKey,
  answer: RawAnswer,
  url: string,
  secrets: ReadonlyArray<string>,
  onStaleSig: Effect.Effect<void>,
  now: number,
): Effect.Effect<unknown, ChatError> => {
  const status = answer.status
  if (answer.redirect === true || isRedirectStatus(status)) {
    return Effect.fail(
      new ChatTransportError({
        endpoint: key,
        kind: "http-status",
        status,
        url: redactUsersig(url),
        detail: status >= 300 && status < 400
          ? `the service answered with a redirect (HTTP ${status}); redirects are never followed`
          : "the answer came through a redirect; redirects are never followed",
        retryable: false,
      }),
    )
  }
  if (status !== 200) {
    const wait = retryAfterMillis(answer.retryAfter, now)
    return Effect.fail(
      new ChatTransportError({
        endpoint: key,
        kind: "http-status",
        status,
        ...(wait === undefined ? {} : { retryAfterMillis: wait }),
        url: redactUsersig(url),
        detail: answer.overLimit === true ? overLimit : excerpt(answer.text, secrets),
        retryable: status >= 500 || status === 429 || status === 408,
      }),
    )
  }
  if (answer.overLimit === true) {
    return Effect.fail(new ChatDecodeError({ endpoint: key, status: 200, detail: overLimit, body: "" }))
  }
  let json: unknown
  try {
    json = JSON.parse(answer.text)
  } catch {
    return Effect.fail(new ChatDecodeError({ endpoint: key, status: 200, detail: "body is not JSON", body: excerpt(answer.text, secrets) }))
  }
  // The verdict first: a FAIL body may lack the command's fields. An OK body (ErrorCode 0) is
  // checked whole, envelope included, by the command's decoder below.
  const code = typeof json === "object" && json !== null ? (json as { readonly ErrorCode?: unknown }).ErrorCode : undefined
  if (code === 0 && (json as { readonly ActionStatus?: unknown }).ActionStatus === "FAIL") {
    return Effect.fail(
      new ChatDecodeError({ endpoint: key, status: 200, detail: "ActionStatus is FAIL but ErrorCode is 0", body: excerpt(answer.text, secrets) }),
    )
  }
  if (code !== 0) {
    const verdict = envelope(json)
    if (Exit.isSuccess(verdict)) {
      const { ErrorCode: code, ErrorInfo: info } = verdict.value as { readonly ErrorCode: number; readonly ErrorInfo: string }
      const described = describeErrorCode(code)
      const error = Effect.fail(
        new ChatApiError({ endpoint: key, code, info: redactText(info, secrets), reason: described.reason, retryable: described.retryable }),
      )
      return staleSigCodes.has(code) ? Effect.andThen(onStaleSig, error) : error
    }
  }
  const decoded = decoderOf(key)(json)
  if (Exit.isSuccess(decoded)) {
    const value = decoded.value as { readonly TaskId?: string; readonly ErrorList?: ReadonlyArray<InfoItem>; readonly ResultItem?: ReadonlyArray<InfoItem> }
    if (taskIdKeys.has(key) && !value.TaskId) {
      return Effect.fail(
        new ChatDecodeError({ endpoint: key, status: 200, detail: "an OK answer without its TaskId", body: excerpt(answer.text, secrets) }),
      )
    }
    // Per-account texts reach results (and logs) too: scrub them like error texts.
    if (value.ErrorList === undefined && value.ResultItem === undefined) return decoded as Exit.Exit<unknown>
    return Exit.succeed({ ...value, ...scrubbed(value.ErrorList, "ErrorList", "ErrorInfo", secrets), ...scrubbed(value.ResultItem, "ResultItem", "ResultInfo", secrets) })
  }
  const detail = decoded.cause.reasons.map((r) => (r._tag === "Fail" ? r.error.message : "invalid")).join("; ")
  return Effect.fail(new ChatDecodeError({ endpoint: key, status: 200, detail: excerpt(detail, secrets), body: excerpt(answer.text, secrets) }))
}
