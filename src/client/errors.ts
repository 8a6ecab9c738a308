/**
 * The client's tagged errors. Every failure the client can produce is one of these, so callers
 * can `Effect.catchTag` (or `instanceof` / `_tag` through the Promise facade).
 *
 * None of them carries a secret: URLs are stored with `usersig` redacted (see redact.ts), and no
 * error keeps the raw `HttpClientRequest` (whose URL holds the usersig) or the options object.
 *
 * @module
 */
import * as Schema from "effect/Schema"

/**
 * Tencent answered (HTTP 200) with `ErrorCode` ≠ 0. `reason` and `retryable` come from the
 * catalogue's error-code table, so they are the same wherever the code appears.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TencentChat } from "tencent-chat-push/client"
 *
 * const tags = TencentChat.use((chat) => chat.getUserTags(["alice"])).pipe(
 *   Effect.catchTag("ChatApiError", (e) => Effect.logError(`${e.endpoint}: ${e.code} (${e.reason}), retryable: ${e.retryable}`)),
 * )
 * ```
 */
export class ChatApiError extends Schema.TaggedError<ChatApiError>()("ChatApiError", {
  /** Catalogue key of the command (e.g. `"add_tag"`). */
  endpoint: Schema.String,
  /** Tencent's `ErrorCode`. */
  code: Schema.Number,
  /** Tencent's `ErrorInfo`. */
  info: Schema.String,
  /** Classified reason from the code table (e.g. `"rate_limited"`, `"auth"`). */
  reason: Schema.String,
  /** Whether the code table says a retry may succeed. */
  retryable: Schema.Boolean,
}) {
  override get message(): string {
    return `${this.endpoint}: ErrorCode ${this.code} (${this.reason})${this.info ? `: ${this.info}` : ""}`
  }
}

/**
 * A request broke a documented limit (or cannot be sent on this family) and was rejected before
 * any network call. `field` is the wire path (e.g. `UserTags[3].Tags[0]`), `rule` a stable
 * identifier of the limit, `code` the ErrorCode the service would have answered, when known.
 *
 * @example
 * ```ts
 * import { ChatRequestError, createClient } from "tencent-chat-push/client"
 *
 * const chat = createClient({ sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "singapore" })
 * await chat.addUserTags([{ userId: "alice", tags: [""] }]).catch((e) => {
 *   if (e instanceof ChatRequestError) console.log(e.field, e.rule) // "UserTags[0].Tags[0]" "tag_empty"
 * })
 * ```
 */
export class ChatRequestError extends Schema.TaggedError<ChatRequestError>()("ChatRequestError", {
  endpoint: Schema.String,
  field: Schema.String,
  rule: Schema.String,
  code: Schema.optionalKey(Schema.Number),
  detail: Schema.String,
}) {
  override get message(): string {
    const where = this.detail.startsWith(this.field) ? "" : `${this.field}: `
    return `${this.endpoint}: ${where}${this.detail} [${this.rule}]`
  }
}

/** How a request failed to get an answer. */
export const TransportKind = Schema.Literals(["timeout", "connection", "http-status"])
/**
 * `"timeout"`, `"connection"` (no response at all) or `"http-status"` (a non-200 answer).
 *
 * @example
 * ```ts
 * import type { TransportKind } from "tencent-chat-push/client"
 *
 * const failover: TransportKind = "connection" // the only kind that moves a retry to the standby domain
 * ```
 */
export type TransportKind = typeof TransportKind.Type

/**
 * No usable HTTP answer: a timeout, a connection failure, or a non-200 status. `url` has its
 * `usersig` redacted. `retryable` is true for timeouts, connection failures, 5xx, 429 and 408.
 * Retry-safe calls have already been retried (see the `retry` option) when this reaches you.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TencentChat } from "tencent-chat-push/client"
 *
 * TencentChat.use((chat) => chat.getAttrNames()).pipe(
 *   Effect.catchTag("ChatTransportError", (e) => Effect.logWarning(e.kind, e.status, e.url)), // url: usersig=<redacted>
 * )
 * ```
 */
export class ChatTransportError extends Schema.TaggedError<ChatTransportError>()("ChatTransportError", {
  endpoint: Schema.String,
  kind: TransportKind,
  status: Schema.optionalKey(Schema.Number),
  url: Schema.String,
  detail: Schema.String,
  retryable: Schema.Boolean,
}) {
  override get message(): string {
    return `${this.endpoint}: ${this.kind}${this.status === undefined ? "" : ` ${this.status}`}: ${this.detail} (${this.url})`
  }
}

/**
 * HTTP 200 but the body is not JSON or not the documented shape. `body` is a short, redacted
 * excerpt of what came back. Retry-safe calls retry it (like a transport failure) and fail with
 * it once their retries are used up; a push or `pushToUsers` reports `ChatPushOutcomeUnknown`
 * (`kind: "undecodable"`) instead.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TencentChat } from "tencent-chat-push/client"
 *
 * TencentChat.use((chat) => chat.getAttrNames()).pipe(
 *   Effect.catchTag("ChatDecodeError", (e) => Effect.logError(`unreadable answer: ${e.detail}; ${e.body}`)),
 * )
 * ```
 */
export class ChatDecodeError extends Schema.TaggedError<ChatDecodeError>()("ChatDecodeError", {
  endpoint: Schema.String,
  status: Schema.Number,
  detail: Schema.String,
  body: Schema.String,
}) {
  override get message(): string {
    return `${this.endpoint}: undecodable response (HTTP ${this.status}): ${this.detail}`
  }
}

/**
 * A push (`push` or `batch`) may or may not have been accepted: the request left the client but
 * no decodable answer came back (timeout, connection lost, 5xx, garbage body). It is never
 * retried automatically, because the docs disagree on what `MsgRandom` de-duplicates
 * (docs/protocol/push-api.md#msgrandom): resending may notify every user twice. `msgRandom` is the value that was
 * sent, so the caller can decide (e.g. resend with the same `msgRandom`, or check delivery first).
 *
 * @example
 * ```ts
 * import { ChatPushOutcomeUnknown, createClient } from "tencent-chat-push/client"
 *
 * const chat = createClient({ sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "singapore" })
 * const input = { condition: { tagsOr: ["vip"] }, message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] } as const
 * try {
 *   await chat.push(input)
 * } catch (e) {
 *   // A deliberate decision, not an automatic retry: same MsgRandom, so the 7-day de-dup reading holds.
 *   if (e instanceof ChatPushOutcomeUnknown) await chat.push({ ...input, msgRandom: e.msgRandom })
 * }
 * ```
 */
export class ChatPushOutcomeUnknown extends Schema.TaggedError<ChatPushOutcomeUnknown>()("ChatPushOutcomeUnknown", {
  endpoint: Schema.String,
  msgRandom: Schema.Number,
  kind: Schema.Literals(["timeout", "connection", "http-status", "undecodable"]),
  status: Schema.optionalKey(Schema.Number),
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.endpoint}: outcome unknown (${this.kind}${this.status === undefined ? "" : ` ${this.status}`}), MsgRandom ${this.msgRandom}: ${this.detail}`
  }
}

/**
 * A local rate-limit guard refused the call: the configured daily push quota is used up
 * (`kind: "daily-quota"`, failing fast instead of waiting for 90047), or the rate-limiter store
 * failed (`kind: "store"`, e.g. Redis unreachable). Nothing was sent.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TencentChat } from "tencent-chat-push/client"
 *
 * TencentChat.use((chat) => chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] })).pipe(
 *   Effect.catchTag("ChatRateLimitError", (e) => Effect.logWarning(`${e.kind}: try again in ${e.retryAfterMillis} ms`)),
 * )
 * ```
 */
export class ChatRateLimitError extends Schema.TaggedError<ChatRateLimitError>()("ChatRateLimitError", {
  endpoint: Schema.String,
  kind: Schema.Literals(["daily-quota", "store"]),
  limit: Schema.optionalKey(Schema.Number),
  retryAfterMillis: Schema.optionalKey(Schema.Number),
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.endpoint}: ${this.kind}: ${this.detail}`
  }
}

/**
 * The client options are unusable (missing region/baseUrl, unknown region, bad number, a secret
 * key or admin id the UserSig module rejects). `field` names the option, never its value.
 *
 * @example
 * ```ts
 * import { ChatConfigError, createClient } from "tencent-chat-push/client"
 *
 * try {
 *   createClient({ sdkAppId: 1400000000, secretKey, adminId: "administrator" }) // no region or baseUrl
 * } catch (e) {
 *   if (e instanceof ChatConfigError) console.log(e.field) // "region"
 * }
 * ```
 */
export class ChatConfigError extends Schema.TaggedError<ChatConfigError>()("ChatConfigError", {
  field: Schema.String,
  detail: Schema.String,
}) {
  override get message(): string {
    return `client options: ${this.field}: ${this.detail}`
  }
}

/**
 * Every error a client method can fail with.
 *
 * @example
 * ```ts
 * import type { ChatError } from "tencent-chat-push/client"
 *
 * const describe = (e: ChatError): string => `${e._tag}: ${e.message}`
 * ```
 */
export type ChatError =
  | ChatApiError
  | ChatRequestError
  | ChatTransportError
  | ChatDecodeError
  | ChatPushOutcomeUnknown
  | ChatRateLimitError

/**
 * Errors of the calls that cannot end in an unknown push outcome (every method but `push`,
 * `pushToUsers` and `call`).
 *
 * @example
 * ```ts
 * import type { ChatCallError } from "tencent-chat-push/client"
 *
 * const retryable = (e: ChatCallError): boolean => "retryable" in e && e.retryable
 * ```
 */
export type ChatCallError = Exclude<ChatError, ChatPushOutcomeUnknown>
