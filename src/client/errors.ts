/**
 * The client's tagged errors. Every failure the client can produce is one of these, so callers
 * can `Effect.catchTag` (or `instanceof` / `_tag` through the Promise facade).
 *
 * None of them carries a secret: URLs are stored with `usersig` redacted (see internal/redact.ts), and no
 * error keeps the raw `HttpClientRequest` (whose URL holds the usersig) or the options object.
 *
 * @module
 */
import type * as Cause from "effect/Cause"
import * as Schema from "effect/Schema"
import type { ErrorReason, RuleName } from "../api/mod.ts"
import { errorReasons, ruleNames } from "../api/mod.ts"

/**
 * The type of an error class built with Effect's `Schema.TaggedError`: instances carry `_tag: Tag`
 * and the fields `F`, can be yielded in `Effect.gen`, and match `Effect.catchTag(Tag, ...)`.
 */
export type ChatErrorClass<Self, Tag extends string, F extends Schema.Struct.Fields> = Schema.Class<
  Self,
  Schema.TaggedStruct<Tag, F>,
  Cause.YieldableError
>

/**
 * The rules only the client checks, beside the catalogue's (`RuleName`, shared with the
 * emulator): a body of the wrong shape, a non-string user id, `onlineOnly` with a lifetime, a
 * command the configured family does not offer, an unusable `idempotencyKey`, and an
 * `idempotencyKey` of `pushToUsers` reused with other users.
 */
export const clientRuleNames = [
  "shape",
  "user_id_type",
  "online_only_lifetime",
  "unsupported_family",
  "idempotency_key",
  "idempotency_key_reused",
] as const

/**
 * What `ChatRequestError.rule` can be: a catalogue rule (`RuleName`) or a client-only rule.
 *
 * @example
 * ```ts
 * import type { RequestRule } from "tencent-chat-push/client"
 *
 * const tooLong = (rule: RequestRule): boolean => rule === "tag_bytes" || rule === "attr_value_bytes"
 * ```
 */
export type RequestRule = RuleName | (typeof clientRuleNames)[number]

const requestRules: readonly [...typeof ruleNames, ...typeof clientRuleNames] = [...ruleNames, ...clientRuleNames]

/** How a request failed to get an answer. */
export const TransportKind: Schema.Literals<readonly ["timeout", "connection", "http-status"]> = Schema.Literals([
  "timeout",
  "connection",
  "http-status",
])
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
 * The Effect Schema classes the client's errors extend, one per error. They are public only
 * because JSR needs a super class whose type is written out; use the error classes themselves.
 */
export const ChatErrorBases: {
  /** Fields of `ChatApiError`. */
  readonly ChatApiError: ChatErrorClass<ChatApiError, "ChatApiError", {
    /** Catalogue key of the command (e.g. `"add_tag"`). */
    readonly endpoint: Schema.String
    /** Tencent's `ErrorCode`. */
    readonly code: Schema.Number
    /** Tencent's `ErrorInfo`. */
    readonly info: Schema.String
    /** Classified reason from the code table (e.g. `"rate_limited"`, `"auth"`). */
    readonly reason: Schema.Literals<typeof errorReasons>
    /** Whether the code table says a retry may succeed. */
    readonly retryable: Schema.Boolean
  }>
  /** Fields of `ChatRequestError`. */
  readonly ChatRequestError: ChatErrorClass<ChatRequestError, "ChatRequestError", {
    /** Catalogue key of the command. */
    readonly endpoint: Schema.String
    /** The wire path of the offending value (e.g. `UserTags[3].Tags[0]`), or the option. */
    readonly field: Schema.String
    /** The rule broken: a catalogue `RuleName` or a client-only rule. */
    readonly rule: Schema.Literals<readonly [...typeof ruleNames, ...typeof clientRuleNames]>
    /** The ErrorCode the service would have answered, when known. */
    readonly code: Schema.optionalKey<Schema.Number>
    /** What is wrong, quoting lengths and limits, never values. */
    readonly detail: Schema.String
  }>
  /** Fields of `ChatTransportError`. */
  readonly ChatTransportError: ChatErrorClass<ChatTransportError, "ChatTransportError", {
    /** Catalogue key of the command. */
    readonly endpoint: Schema.String
    /** How the request failed to get an answer. */
    readonly kind: typeof TransportKind
    /** The HTTP status of a non-200 answer. */
    readonly status: Schema.optionalKey<Schema.Number>
    /** The answer's `Retry-After`, in milliseconds, when it sent one. */
    readonly retryAfterMillis: Schema.optionalKey<Schema.Number>
    /** True when the request provably never left (connection refused, host not resolved). */
    readonly notSent: Schema.optionalKey<Schema.Boolean>
    /** The request URL, `usersig` redacted. */
    readonly url: Schema.String
    /** What happened, redacted. */
    readonly detail: Schema.String
    /** True for timeouts, connection failures, 5xx, 429 and 408. */
    readonly retryable: Schema.Boolean
  }>
  /** Fields of `ChatDecodeError`. */
  readonly ChatDecodeError: ChatErrorClass<ChatDecodeError, "ChatDecodeError", {
    /** Catalogue key of the command. */
    readonly endpoint: Schema.String
    /** The HTTP status (200). */
    readonly status: Schema.Number
    /** Why the body could not be read. */
    readonly detail: Schema.String
    /** A short, redacted excerpt of the body. */
    readonly body: Schema.String
  }>
  /** Fields of `ChatPushOutcomeUnknown`. */
  readonly ChatPushOutcomeUnknown: ChatErrorClass<ChatPushOutcomeUnknown, "ChatPushOutcomeUnknown", {
    /** `"push"` or `"batch"`. */
    readonly endpoint: Schema.String
    /** The `MsgRandom` that was sent. */
    readonly msgRandom: Schema.Number
    /** Why no answer could be read. */
    readonly kind: Schema.Literals<readonly ["timeout", "connection", "http-status", "undecodable", "in-flight", "interrupted"]>
    /** The HTTP status of a non-200 answer. */
    readonly status: Schema.optionalKey<Schema.Number>
    /** What happened, redacted. */
    readonly detail: Schema.String
  }>
  /** Fields of `ChatRateLimitError`. */
  readonly ChatRateLimitError: ChatErrorClass<ChatRateLimitError, "ChatRateLimitError", {
    /** Catalogue key of the command. */
    readonly endpoint: Schema.String
    /** `"daily-quota"` (the local quota is used up) or `"store"` (the rate-limiter store failed). */
    readonly kind: Schema.Literals<readonly ["daily-quota", "store"]>
    /** The limit that was reached. */
    readonly limit: Schema.optionalKey<Schema.Number>
    /** When a retry may succeed. */
    readonly retryAfterMillis: Schema.optionalKey<Schema.Number>
    /** What happened. */
    readonly detail: Schema.String
  }>
  /** Fields of `ChatConfigError`. */
  readonly ChatConfigError: ChatErrorClass<ChatConfigError, "ChatConfigError", {
    /** The option (or environment variable) at fault, never its value. */
    readonly field: Schema.String
    /** What is wrong with it. */
    readonly detail: Schema.String
  }>
} = {
  ChatApiError: Schema.TaggedError<ChatApiError>()("ChatApiError", {
    endpoint: Schema.String,
    code: Schema.Number,
    info: Schema.String,
    reason: Schema.Literals(errorReasons),
    retryable: Schema.Boolean,
  }),
  ChatRequestError: Schema.TaggedError<ChatRequestError>()("ChatRequestError", {
    endpoint: Schema.String,
    field: Schema.String,
    rule: Schema.Literals(requestRules),
    code: Schema.optionalKey(Schema.Number),
    detail: Schema.String,
  }),
  ChatTransportError: Schema.TaggedError<ChatTransportError>()("ChatTransportError", {
    endpoint: Schema.String,
    kind: TransportKind,
    status: Schema.optionalKey(Schema.Number),
    retryAfterMillis: Schema.optionalKey(Schema.Number),
    notSent: Schema.optionalKey(Schema.Boolean),
    url: Schema.String,
    detail: Schema.String,
    retryable: Schema.Boolean,
  }),
  ChatDecodeError: Schema.TaggedError<ChatDecodeError>()("ChatDecodeError", {
    endpoint: Schema.String,
    status: Schema.Number,
    detail: Schema.String,
    body: Schema.String,
  }),
  ChatPushOutcomeUnknown: Schema.TaggedError<ChatPushOutcomeUnknown>()("ChatPushOutcomeUnknown", {
    endpoint: Schema.String,
    msgRandom: Schema.Number,
    kind: Schema.Literals(["timeout", "connection", "http-status", "undecodable", "in-flight", "interrupted"]),
    status: Schema.optionalKey(Schema.Number),
    detail: Schema.String,
  }),
  ChatRateLimitError: Schema.TaggedError<ChatRateLimitError>()("ChatRateLimitError", {
    endpoint: Schema.String,
    kind: Schema.Literals(["daily-quota", "store"]),
    limit: Schema.optionalKey(Schema.Number),
    retryAfterMillis: Schema.optionalKey(Schema.Number),
    detail: Schema.String,
  }),
  ChatConfigError: Schema.TaggedError<ChatConfigError>()("ChatConfigError", {
    field: Schema.String,
    detail: Schema.String,
  }),
}

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
export class ChatApiError extends ChatErrorBases.ChatApiError {
  /** A one-line description (no secret: URLs are redacted, values are not quoted). */
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
export class ChatRequestError extends ChatErrorBases.ChatRequestError {
  /** A one-line description (no secret: URLs are redacted, values are not quoted). */
  override get message(): string {
    const where = this.detail.startsWith(this.field) ? "" : `${this.field}: `
    return `${this.endpoint}: ${where}${this.detail} [${this.rule}]`
  }
}

/**
 * No usable HTTP answer: a timeout, a connection failure, or a non-200 status (a redirect, which
 * is never followed, included). `url` has its `usersig` redacted. `retryable` is true for
 * timeouts, connection failures, 5xx, 429 and 408. `retryAfterMillis` is the answer's
 * `Retry-After`, when it sent one. `notSent` is true when the connection was refused or the host
 * name did not resolve: the request provably never left, so even a push can be sent again.
 * Retry-safe calls have already been retried (see the `retry` option) when this reaches you.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TencentChat } from "tencent-chat-push/client"
 *
 * TencentChat.use((chat) => chat.getAttrNames()).pipe(
 *   Effect.catchTag("ChatTransportError", (e) => Effect.logWarning(e.kind, e.status, e.retryAfterMillis, e.url)), // url: usersig=<redacted>
 * )
 * ```
 */
export class ChatTransportError extends ChatErrorBases.ChatTransportError {
  /** A one-line description (no secret: URLs are redacted, values are not quoted). */
  override get message(): string {
    const wait = this.retryAfterMillis === undefined || this.detail.includes("Retry-After") ? "" : ` (Retry-After: ${this.retryAfterMillis} ms)`
    return `${this.endpoint}: ${this.kind}${this.status === undefined ? "" : ` ${this.status}`}: ${this.detail}${wait} (${this.url})`
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
export class ChatDecodeError extends ChatErrorBases.ChatDecodeError {
  /** A one-line description (no secret: URLs are redacted, values are not quoted). */
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
 * With an `idempotencyKey`, a later caller gets this error when the first caller's outcome is
 * unknown (its `kind`), when the first caller was interrupted mid-call (`"interrupted"`), or when
 * the first caller still has not reported after `idempotency.wait` (`"in-flight"`).
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
export class ChatPushOutcomeUnknown extends ChatErrorBases.ChatPushOutcomeUnknown {
  /** A one-line description (no secret: URLs are redacted, values are not quoted). */
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
export class ChatRateLimitError extends ChatErrorBases.ChatRateLimitError {
  /** A one-line description (no secret: URLs are redacted, values are not quoted). */
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
export class ChatConfigError extends ChatErrorBases.ChatConfigError {
  /** A one-line description (no secret: URLs are redacted, values are not quoted). */
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
