/**
 * Reading one answer: status → JSON → envelope verdict → the command's response schema.
 *
 * - Why HTTP 200 can still fail: Tencent reports every application outcome in the body
 *   (`ErrorCode` ≠ 0 → `ChatApiError`); only network-level faults change the status.
 * - A FAIL body usually lacks the command's fields (batch keeps `TaskId: ""`), so the verdict
 *   is read from the bare envelope first, and the full schema is checked only on success.
 * - Decoding uses the compiled fast decoders (fast-decode.ts), with Schema's own message when a
 *   body does not match.
 * - Every text that reaches an error is redacted (usersig, secret key).
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
import { redactText, redactUsersig } from "./redact.ts"

/** Codes meaning "this UserSig is no good any more": the caller drops its cached sig. */
export const staleSigCodes: ReadonlySet<number> = new Set([70001, 70052])

/** A short, redacted excerpt of `text` for an error. */
export const excerpt = (text: string, secrets: ReadonlyArray<string>): string =>
  redactText(text.length > 200 ? `${text.slice(0, 200)}…` : text, secrets)

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
): Effect.Effect<unknown, ChatError> => {
  if (answer.status !== 200) {
    return Effect.fail(
      new ChatTransportError({
        endpoint: key,
        kind: "http-status",
        status: answer.status,
        url: redactUsersig(url),
        detail: excerpt(answer.text, secrets),
        retryable: answer.status >= 500 || answer.status === 429 || answer.status === 408,
      }),
    )
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
  if (Exit.isSuccess(decoded)) return decoded as Exit.Exit<unknown>
  const detail = decoded.cause.reasons.map((r) => (r._tag === "Fail" ? r.error.message : "invalid")).join("; ")
  return Effect.fail(new ChatDecodeError({ endpoint: key, status: 200, detail: excerpt(detail, secrets), body: excerpt(answer.text, secrets) }))
}
