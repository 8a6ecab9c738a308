/**
 * `ChatStore`: where a client keeps everything that must hold app-wide. Tencent's limits belong
 * to the app, not to a process (100 calls/s per command, pushes more than 1 s apart, the daily
 * push quota, recall 1/s, batch), and an idempotent push must be sent once per fleet. So the
 * client keeps both the rate-limit state and the idempotency claims in one store, which every
 * process of a fleet can share:
 *
 * - `memoryStore()` (the default): this process only.
 * - `redisStore(redis)`: a Redis server (any client, through Effect's `Redis` service).
 * - `durableObjectStore(namespace)`: a Cloudflare Durable Object (`ChatStoreObject`).
 *
 * `limits` is Effect's `RateLimiterStore` interface, so Effect's `RateLimiter` runs the
 * algorithms unchanged on every store; `claims` is a compare-and-set register with a TTL.
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "effect/persistence/RateLimiter"

/**
 * Idempotency claims: a register per key holding an opaque string, with a time to live. Every
 * operation is atomic in the store (a Lua script in Redis, one Durable Object's serialised
 * requests, a synchronous step in memory).
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import type { ClaimStore } from "tencent-chat-push/client"
 *
 * const firstWins = (claims: ClaimStore) =>
 *   Effect.map(claims.claim("job:2026-12-01", "mine", 60_000), (held) => held === undefined)
 * ```
 */
export interface ClaimStore {
  /**
   * Sets `key` to `value` for `ttlMillis` when the key is absent, returning `undefined`; when it
   * is present, changes nothing and returns its current value.
   */
  readonly claim: (key: string, value: string, ttlMillis: number) => Effect.Effect<string | undefined, RateLimiter.RateLimiterError>
  /**
   * When `key` still holds exactly `expected`, replaces it with `next` for `ttlMillis`, or
   * deletes it when `next` is `undefined`; returns whether it did.
   */
  readonly settle: (
    key: string,
    expected: string,
    next: string | undefined,
    ttlMillis: number,
  ) => Effect.Effect<boolean, RateLimiter.RateLimiterError>
  /** The current value of `key`, or `undefined`. */
  readonly read: (key: string) => Effect.Effect<string | undefined, RateLimiter.RateLimiterError>
}

/**
 * What a `ChatStore` provides: implement it to keep a client's state in a store of your own
 * (every operation atomic, failing with `RateLimiterError` and reason `RateLimitStoreError`).
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * import { ChatStore, memoryStore } from "tencent-chat-push/client"
 * import type { ChatStoreShape } from "tencent-chat-push/client"
 *
 * // A store that logs every idempotency claim, delegating to an in-memory one.
 * const logged = Layer.effect(ChatStore, Effect.map(Effect.service(ChatStore), (inner): ChatStoreShape => ({
 *   ...inner,
 *   claims: { ...inner.claims, claim: (key, value, ttl) => Effect.tap(inner.claims.claim(key, value, ttl), () => Effect.log(`claim ${key}`)) },
 * }))).pipe(Layer.provide(memoryStore()))
 * ```
 */
export interface ChatStoreShape {
  /** `"memory"`, `"redis"`, `"durable-object"`, or a custom store's name (used in error details). */
  readonly kind: string
  /**
   * Whether other clients (in this process or others) may share this store. A shared store's
   * `admit` / `close` guard every call (each client's own guard only sees its own calls), and the
   * default headroom is 1.05 instead of 1.03, since every process's timers drift independently.
   */
  readonly shared: boolean
  /** Rate-limit state (Effect's `RateLimiterStore` operations). */
  readonly limits: RateLimiter.RateLimiterStore["Service"]
  /**
   * The fleet-wide arrival guard, just before a call leaves: lets call `ticket` through (returns
   * 0) when fewer than `limit` calls of `key` count, else returns how many milliseconds to wait
   * before asking again. A call counts from admission until `windowMillis` after `close` (store
   * clock), or `maxOpenMillis` after admission if it is never closed.
   */
  readonly admit: (
    key: string,
    ticket: string,
    limit: number,
    windowMillis: number,
    maxOpenMillis: number,
  ) => Effect.Effect<number, RateLimiter.RateLimiterError>
  /** Call `ticket` of `key` ended now; it counts `extraMillis` more (a window when it got no answer). */
  readonly close: (key: string, ticket: string, extraMillis: number) => Effect.Effect<void, RateLimiter.RateLimiterError>
  /** Idempotency claims of `push`, `pushToUsers` and `revokePush`. */
  readonly claims: ClaimStore
}

/**
 * The Effect service class `ChatStore` extends. It is public only because JSR needs a super
 * class whose type is written out; use `ChatStore`.
 *
 * @example
 * ```ts
 * import { ChatStore, ChatStoreBase } from "tencent-chat-push/client"
 *
 * console.log(ChatStore.key === ChatStoreBase.key) // true
 * ```
 */
export const ChatStoreBase: Context.ServiceClass<ChatStore, "tencent-chat-push/ChatStore", ChatStoreShape> = Context.Service<
  ChatStore,
  ChatStoreShape
>()("tencent-chat-push/ChatStore")

/**
 * The store of a client's app-wide state: rate limits and idempotency claims. Pass one as the
 * `store` option (`memoryStore()` is the default), or provide the service yourself with
 * `make` / `TencentChat.layerWithoutDependencies`. A custom store implements `ChatStoreShape`;
 * its operations fail with `RateLimiterError` (reason `RateLimitStoreError`), which the client
 * reports as `ChatRateLimitError { kind: "store" }` without sending anything.
 *
 * @example
 * ```ts
 * import * as Layer from "effect/Layer"
 * import { ChatStore, memoryStore } from "tencent-chat-push/client"
 *
 * const shared: Layer.Layer<ChatStore> = memoryStore() // one instance for every client built on it
 * ```
 */
export class ChatStore extends ChatStoreBase {}

/** A `RateLimiterError` reporting a store failure (never "limit exceeded"). */
export const storeFailure = (message: string, cause?: unknown): RateLimiter.RateLimiterError =>
  new RateLimiter.RateLimiterError({
    reason: new RateLimiter.RateLimitStoreError(cause === undefined ? { message } : { message, cause }),
  })

/**
 * Bounds every operation of `store` by `timeoutMillis`: a store that is down, slow or
 * unreachable fails the call with a store error instead of holding it (node-redis, for one,
 * queues commands while it reconnects, so an outage would otherwise hang every call).
 */
export const bounded = (store: ChatStoreShape, timeoutMillis: number): ChatStoreShape => {
  const limit = <A>(op: string, effect: Effect.Effect<A, RateLimiter.RateLimiterError>) =>
    Effect.timeoutOrElse(effect, {
      duration: Duration.millis(timeoutMillis),
      orElse: () => Effect.fail(storeFailure(`${store.kind} store: ${op} timed out after ${timeoutMillis} ms`)),
    })
  const { limits, claims } = store
  return {
    kind: store.kind,
    shared: store.shared,
    limits: RateLimiter.RateLimiterStore.of({
      fixedWindow: (o) => limit("fixedWindow", limits.fixedWindow(o)),
      tokenBucket: (o) => limit("tokenBucket", limits.tokenBucket(o)),
      adaptiveConsume: (o) => limit("adaptiveConsume", limits.adaptiveConsume(o)),
      adaptiveFeedback: (o) => limit("adaptiveFeedback", limits.adaptiveFeedback(o)),
    }),
    admit: (key, ticket, max, windowMillis, maxOpenMillis) => limit("admit", store.admit(key, ticket, max, windowMillis, maxOpenMillis)),
    close: (key, ticket, extraMillis) => limit("close", store.close(key, ticket, extraMillis)),
    claims: {
      claim: (key, value, ttl) => limit("claim", claims.claim(key, value, ttl)),
      settle: (key, expected, next, ttl) => limit("settle", claims.settle(key, expected, next, ttl)),
      read: (key) => limit("read", claims.read(key)),
    },
  }
}

/** The adaptive operations of a store that keeps no adaptive state (the client does not use them). */
export const noAdaptive: Pick<RateLimiter.RateLimiterStore["Service"], "adaptiveConsume" | "adaptiveFeedback"> = {
  adaptiveConsume: () => Effect.succeed({ delay: Duration.zero, epoch: 0, phase: "inactive" as const }),
  adaptiveFeedback: () => Effect.void,
}
