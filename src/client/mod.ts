/**
 * A typed client for Tencent Cloud Chat's server-side push APIs (push to all / by tag / by
 * attribute, recall, push to a list of users, user attributes and tags, accounts), as an Effect
 * service (`TencentChat`) and as a Promise facade (`createClient`).
 *
 * - Every documented limit is checked locally before a request leaves (`ChatRequestError`).
 * - Every documented failure comes back typed: `ChatApiError` (ErrorCode ≠ 0, with `reason` and
 *   `retryable` from the code table), `ChatTransportError`, `ChatDecodeError`,
 *   `ChatPushOutcomeUnknown` (a push that may or may not have gone out, with its `MsgRandom`),
 *   `ChatRateLimitError`.
 * - Bulk methods take any number of accounts, split them into documented maxima, coalesce
 *   concurrent small calls, keep per-account order, and return per-account results.
 * - Rate limits (100 calls/s per attr/tag command, pushes > 1 s apart, daily push quota, recall
 *   1/s) use Effect's `RateLimiter` with a pluggable store.
 * - push and pushToUsers are never retried automatically; retry-safe calls retry with jittered
 *   backoff, failing over to the region's standby domain on connection failures.
 * - Runtime-neutral: Node, Deno, Bun, Cloudflare Workers.
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 *
 * const chat = createClient({ sdkAppId: 1400000000, secretKey: process.env.SECRET!, adminId: "administrator", region: "singapore" })
 * await chat.addUserTags([{ userId: "alice", tags: ["vip"] }])
 * const { taskId } = await chat.push({ condition: { tagsOr: ["vip"] }, message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] })
 * await chat.dispose()
 * ```
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TencentChat } from "tencent-chat-push/client"
 *
 * const program = Effect.gen(function*() {
 *   const chat = yield* TencentChat
 *   return yield* chat.getUserTags(["alice", "bob"])
 * }).pipe(
 *   Effect.catchTag("ChatApiError", (e) => Effect.logError(e.code, e.reason)),
 *   Effect.provide(TencentChat.layerConfig()),
 * )
 * ```
 *
 * @module
 */
// The catalogue types the client's signatures use, so one import serves (they are also in `./api`).
export type {
  Condition,
  EndpointKey,
  ErrorReason,
  Family,
  MsgElement,
  OfflinePushInfo,
  Region,
  RequestOf,
  ResponseOf,
  RuleName,
  WireRequestOf,
  WireResponseOf,
} from "../api/mod.ts"
export { TencentChat, TencentChatBase } from "./service.ts"
export { createClient } from "./promise.ts"
export type { PromiseClient, Promisified } from "./promise.ts"
export { make } from "./make.ts"
export type { SetAttrNamesOptions, TencentChatClient } from "./make.ts"
export { configFromEnv } from "./config.ts"
export { envVariables, optionsFromEnv } from "./env.ts"
export type { ClientTuning, EnvRecord } from "./env.ts"
export type { ClientOptions, FetchLike, IdempotencyOptions, RateLimitOptions, RateOption, RetryOptions } from "./config.ts"
export { ChatStore, ChatStoreBase } from "./store/store.ts"
export type { ChatStoreShape, ClaimStore } from "./store/store.ts"
export { memoryStore } from "./store/memory.ts"
export { redisStore } from "./store/redis.ts"
export type { RedisStoreOptions } from "./store/redis.ts"
export { durableObjectStore } from "./store/durable-object-store.ts"
export type { DurableObjectNamespaceLike, DurableObjectStoreOptions, DurableObjectStubLike } from "./store/durable-object-store.ts"
export { ChatStoreObject } from "./store/durable-object.ts"
export type { DurableObjectStateLike, DurableObjectStorageLike, StoreRequest, StoreResponse } from "./store/durable-object.ts"
export {
  ChatApiError,
  ChatConfigError,
  ChatErrorBases,
  ChatDecodeError,
  ChatPushOutcomeUnknown,
  ChatRateLimitError,
  ChatRequestError,
  ChatTransportError,
  clientRuleNames,
  TransportKind,
} from "./errors.ts"
export type { ChatCallError, ChatError, ChatErrorClass, RequestRule } from "./errors.ts"
export type { AddTagsOptions } from "./wire-map.ts"
export type {
  AccountError,
  AccountFailureReason,
  AccountInput,
  AccountResult,
  AccountStatusResult,
  AttrNames,
  AttrSlot,
  AttrType,
  BatchResult,
  PushCondition,
  PushInput,
  PushResult,
  PushToUsersInput,
  PushToUsersResult,
  PushToUsersTask,
  RemoveUserAttrsInput,
  RevokeOptions,
  UserAttrsInput,
  UserTagsInput,
} from "./types.ts"
