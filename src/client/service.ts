/**
 * The `TencentChat` service and its layers.
 *
 * @module
 */
import type * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type { ClientOptions } from "./config.ts"
import { configFromEnv } from "./config.ts"
import type { ChatConfigError } from "./errors.ts"
import type { TencentChatClient } from "./make.ts"
import { make, makeDirect } from "./make.ts"
import { makeMemoryStore } from "./store/memory.ts"
import { ChatStore } from "./store/store.ts"

/** `options.store`, or a fresh in-memory store per build. */
const storeOf = (options: ClientOptions): Layer.Layer<ChatStore> => options.store ?? Layer.sync(ChatStore, () => makeMemoryStore(false))

/**
 * The `Context.Service` class `TencentChat` extends: the service key `"tencent-chat-push/TencentChat"`
 * with the `TencentChatClient` shape. It is public only because JSR needs a super class whose
 * type is written out; use `TencentChat`.
 */
export const TencentChatBase: Context.ServiceClass<TencentChat, "tencent-chat-push/TencentChat", TencentChatClient> = Context.Service<
  TencentChat,
  TencentChatClient
>()("tencent-chat-push/TencentChat")

/**
 * The Tencent Cloud Chat push client as an Effect service (its methods: `TencentChatClient`).
 *
 * - `TencentChat.layer(options)`: self-contained (the global `fetch`, or `options.fetch`, called
 *   directly; rate limits and idempotency keys in `options.store`, by default in memory).
 * - `TencentChat.layerConfig(tuning?)`: the same, reading `TENCENT_CHAT_*` from the `ConfigProvider`.
 * - `TencentChat.layerWithoutDependencies(options)`: needs an `HttpClient` and a `ChatStore`.
 *
 * Building a layer fails with `ChatConfigError` (or `ConfigError` for `layerConfig`) when the
 * options are unusable; the methods' errors are listed on `TencentChatClient`.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TencentChat } from "tencent-chat-push/client"
 *
 * const program = Effect.gen(function*() {
 *   const chat = yield* TencentChat
 *   yield* chat.addUserTags([{ userId: "alice", tags: ["vip"] }])
 *   return yield* chat.push({ condition: { tagsOr: ["vip"] }, message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] })
 * }).pipe(Effect.provide(TencentChat.layer({ sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "singapore" })))
 * ```
 */
export class TencentChat extends TencentChatBase {
  /**
   * A client from explicit options, calling `options.fetch` (default: the global `fetch`)
   * directly; fails with `ChatConfigError` on unusable options.
   */
  static readonly layer = (options: ClientOptions): Layer.Layer<TencentChat, ChatConfigError> =>
    Layer.effect(TencentChat, makeDirect(options)).pipe(Layer.provide(storeOf(options)))

  /**
   * A client from `TENCENT_CHAT_SDKAPPID`, `TENCENT_CHAT_SECRET_KEY` (read as `Redacted`),
   * `TENCENT_CHAT_ADMIN` and `TENCENT_CHAT_REGION` or `TENCENT_CHAT_BASE_URL` (optionally
   * `TENCENT_CHAT_FAMILY`); `tuning` sets the other options.
   */
  static readonly layerConfig = (
    tuning?: Omit<ClientOptions, "sdkAppId" | "secretKey" | "adminId" | "region" | "baseUrl">,
  ): Layer.Layer<TencentChat, ChatConfigError | Config.ConfigError> =>
    Layer.unwrap(Effect.map(configFromEnv(tuning), (options) => TencentChat.layer(options)))

  /**
   * A client on the ambient `HttpClient` and `ChatStore` (bring your own: middleware,
   * proxies, a store shared with other code). `options.fetch`, if given, is installed as the
   * `fetch` of a fetch-based `HttpClient`; `options.store` is not used.
   */
  static readonly layerWithoutDependencies = (
    options: ClientOptions,
  ): Layer.Layer<TencentChat, ChatConfigError, HttpClient.HttpClient | ChatStore> =>
    Layer.effect(TencentChat, make(options))
}
