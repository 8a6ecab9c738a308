/**
 * The store that keeps a Worker fleet's limits in one Durable Object (`ChatStoreObject`): every
 * operation is one `fetch` to the object, made from the calling request.
 *
 * A stub is made per operation from the namespace (cheap, and never shared between requests:
 * Workers forbid one request from using I/O objects another request made). The object is found
 * by name (default `"tencent-chat-push"`), so every isolate reaches the same one.
 *
 * Every operation is bounded by `timeout` (default 1 s, the request is aborted); a failure
 * becomes `ChatRateLimitError { kind: "store" }` in the client, which then sends nothing. The
 * bound is twice Redis's: a call makes two or three requests to the object, each a subrequest
 * that may cross to another location, and a loaded workerd answered some of them after more
 * than 500 ms in the fleet test.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"
import type { StoreRequest, StoreResponse } from "./durable-object.ts"
import type { ChatStoreShape } from "./store.ts"
import { bounded, ChatStore, noAdaptive, storeFailure } from "./store.ts"

/**
 * A Durable Object stub, as far as the store uses it (Cloudflare's `DurableObjectStub` fits it).
 *
 * @example
 * ```ts
 * import type { DurableObjectStubLike } from "tencent-chat-push/client"
 *
 * const ping = (stub: DurableObjectStubLike) => stub.fetch("https://chat-store.internal/", { method: "POST", body: JSON.stringify({ op: "read", key: "k" }) })
 * ```
 */
export interface DurableObjectStubLike {
  /** Sends a request to the object (a store operation as JSON). */
  fetch(input: string, init?: RequestInit): Promise<Response>
}

/**
 * The binding of a Durable Object namespace (`env.CHAT_STORE`), as far as the store uses it.
 *
 * @example
 * ```ts
 * import type { DurableObjectNamespaceLike } from "tencent-chat-push/client"
 *
 * interface Env {
 *   readonly CHAT_STORE: DurableObjectNamespaceLike
 * }
 * ```
 */
export interface DurableObjectNamespaceLike {
  /** The id of the object named `name`. */
  idFromName(name: string): unknown
  /** A stub for the object with `id`. */
  get(id: never): DurableObjectStubLike
}

/**
 * Options of `durableObjectStore`.
 *
 * @example
 * ```ts
 * import type { DurableObjectStoreOptions } from "tencent-chat-push/client"
 *
 * const options: DurableObjectStoreOptions = { name: "chat-store-1400000000", timeout: "1 second" }
 * ```
 */
export interface DurableObjectStoreOptions {
  /** The object's name (`idFromName`); default `"tencent-chat-push"`. One object serves any number of apps. */
  readonly name?: string | undefined
  /** Bound of every operation (default 1 s). */
  readonly timeout?: Duration.Input | undefined
}

/** The store's operations over `namespace` (unbounded; `durableObjectStore` adds the bound). */
export const makeDurableObjectStoreOn = (namespace: DurableObjectNamespaceLike, name: string): ChatStoreShape => {
  let id: unknown
  const call = <A>(request: StoreRequest): Effect.Effect<A, RateLimiter.RateLimiterError> =>
    Effect.tryPromise({
      try: async (signal) => {
        id ??= namespace.idFromName(name)
        const stub = namespace.get(id as never)
        const res = await stub.fetch("https://chat-store.internal/", { method: "POST", body: JSON.stringify(request), signal })
        const answer = (await res.json()) as StoreResponse
        if (!answer.ok) throw new Error(`HTTP ${res.status}: ${answer.error}`)
        return answer.value as A
      },
      catch: (e) => storeFailure(`durable-object store: ${request.op} failed: ${e instanceof Error ? e.message : String(e)}`, e),
    })
  return {
    kind: "durable-object",
    shared: true,
    limits: RateLimiter.RateLimiterStore.of({
      tokenBucket: (o) =>
        call<readonly [number, number]>({
          op: "tokenBucket",
          key: o.key,
          tokens: o.tokens,
          limit: o.limit,
          refillMillis: Duration.toMillis(o.refillRate),
          allowOverflow: o.allowOverflow,
        }),
      fixedWindow: (o) =>
        call<readonly [number, number]>({ op: "fixedWindow", key: o.key, tokens: o.tokens, refillMillis: Duration.toMillis(o.refillRate), limit: o.limit ?? null }),
      ...noAdaptive,
    }),
    admit: (key, ticket, limit, windowMillis, maxOpenMillis) => call<number>({ op: "admit", key, ticket, limit, windowMillis, maxOpenMillis }),
    close: (key, ticket, extraMillis) => Effect.asVoid(call<boolean>({ op: "close", key, ticket, extraMillis })),
    claims: {
      claim: (key, value, ttlMillis) => Effect.map(call<string | null>({ op: "claim", key, value, ttlMillis }), (v) => v ?? undefined),
      settle: (key, expected, next, ttlMillis) => call<boolean>({ op: "settle", key, expected, next: next ?? null, ttlMillis }),
      read: (key) => Effect.map(call<string | null>({ op: "read", key }), (v) => v ?? undefined),
    },
  }
}

/**
 * A store in a Durable Object (`ChatStoreObject`) for Cloudflare Worker fleets: every isolate
 * and request using the same namespace and name shares the app's rate limits and idempotency
 * keys. Each operation is one request to the object, bounded by `timeout` (default 1 s);
 * when the object cannot be reached the client fails the call with
 * `ChatRateLimitError { kind: "store" }` and sends nothing.
 *
 * @example
 * ```ts
 * import { ChatStoreObject, createClient, durableObjectStore } from "tencent-chat-push/client"
 * import type { DurableObjectNamespaceLike } from "tencent-chat-push/client"
 *
 * export { ChatStoreObject }
 * export default {
 *   async fetch(request: Request, env: { CHAT_STORE: DurableObjectNamespaceLike; SECRET: string }) {
 *     const chat = createClient({ sdkAppId: 1400000000, secretKey: env.SECRET, adminId: "administrator", region: "singapore", store: durableObjectStore(env.CHAT_STORE) })
 *     const { taskId } = await chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }], idempotencyKey: "launch-2026-12-01" })
 *     return new Response(taskId)
 *   },
 * }
 * ```
 */
export const durableObjectStore = (namespace: DurableObjectNamespaceLike, options: DurableObjectStoreOptions = {}): Layer.Layer<ChatStore> =>
  Layer.sync(ChatStore, () =>
    bounded(
      makeDurableObjectStoreOn(namespace, options.name ?? "tencent-chat-push"),
      Duration.toMillis(Duration.fromInputUnsafe(options.timeout ?? "1 second")),
    ))
