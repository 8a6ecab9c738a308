/**
 * The Redis store: every limit and idempotency claim in one Redis, shared by every process that
 * uses it. It runs on Effect's `Redis` service (effect/persistence/Redis), so the library ships
 * no Redis client: bring node-redis (`NodeRedis.layer` from `@effect/platform-node`), Bun's
 * built-in client through `Redis.make`, any other client through `Redis.make`, or the
 * dependency-free URL client of `tencent-chat-push/node` (`redisStoreFromUrl`).
 *
 * Failure behaviour, by design:
 * - every operation is bounded by `timeout` (default 500 ms) and then fails with a store error,
 *   so an outage never holds a call (node-redis, by default, queues commands while it reconnects);
 * - the client turns a store error into `ChatRateLimitError { kind: "store" }` and sends nothing:
 *   a fleet never silently runs without its shared limits;
 * - the `Redis` layer is built on first use, and built again on the next operation if that
 *   failed, so a fleet that starts before its Redis recovers without a restart.
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Redis from "effect/persistence/Redis"
import * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import { admitScript, claimScript, closeScript, fixedWindowScript, settleScript, tokenBucketScript } from "./redis-scripts.ts"
import type { ChatStoreShape } from "./store.ts"
import { bounded, ChatStore, noAdaptive, storeFailure } from "./store.ts"

/**
 * Options of `redisStore`.
 *
 * @example
 * ```ts
 * import type { RedisStoreOptions } from "tencent-chat-push/client"
 *
 * const options: RedisStoreOptions = { prefix: "staging:", timeout: "300 millis" }
 * ```
 */
export interface RedisStoreOptions {
  /** Prepended to every key (the keys already start with `tencent-chat:<SDKAppID>:`). Default `""`. */
  readonly prefix?: string | undefined
  /** Bound of every store operation, connecting included (default 500 ms). */
  readonly timeout?: Duration.Input | undefined
}

const causeText = (e: unknown): string => {
  const cause = (e as { cause?: unknown } | null)?.cause ?? e
  return cause instanceof Error ? cause.message : String(cause)
}

/** The store's operations on one `Redis` service, obtained through `redis` (which may fail). */
export const makeRedisStoreOn = (
  redis: Effect.Effect<Redis.Redis["Service"], RateLimiter.RateLimiterError>,
  prefix: string,
): ChatStoreShape => {
  const run = <A>(op: string, f: (r: Redis.Redis["Service"]) => Effect.Effect<A, Redis.RedisError>) =>
    Effect.flatMap(redis, (r) => Effect.mapError(f(r), (e) => storeFailure(`redis store: ${op} failed: ${causeText(e)}`, e)))
  return {
    kind: "redis",
    shared: true,
    limits: RateLimiter.RateLimiterStore.of({
      tokenBucket: (o) =>
        Effect.map(
          run("tokenBucket", (r) => r.eval(tokenBucketScript)(prefix + o.key, o.tokens, Duration.toMillis(o.refillRate), o.limit, o.allowOverflow)),
          ([remaining, elapsed]) => [Number(remaining), Number(elapsed)] as const,
        ),
      fixedWindow: (o) =>
        Effect.map(
          run("fixedWindow", (r) => r.eval(fixedWindowScript)(prefix + o.key, o.tokens, Duration.toMillis(o.refillRate), o.limit)),
          ([count, ttl]) => [Number(count), Number(ttl)] as const,
        ),
      ...noAdaptive,
    }),
    admit: (key, ticket, limit, windowMillis, maxOpenMillis) =>
      Effect.map(run("admit", (r) => r.eval(admitScript)(prefix + key, ticket, limit, windowMillis, maxOpenMillis)), Number),
    close: (key, ticket, extraMillis) => Effect.asVoid(run("close", (r) => r.eval(closeScript)(prefix + key, ticket, extraMillis))),
    claims: {
      claim: (key, value, ttl) =>
        Effect.map(run("claim", (r) => r.eval(claimScript)(prefix + key, value, Math.ceil(ttl))), (v) => (typeof v === "string" ? v : undefined)),
      settle: (key, expected, next, ttl) =>
        Effect.map(run("settle", (r) => r.eval(settleScript)(prefix + key, expected, next ?? "", Math.ceil(ttl))), (n) => Number(n) === 1),
      read: (key) => Effect.map(run("read", (r) => r.send<string | null>("GET", prefix + key)), (v) => (typeof v === "string" ? v : undefined)),
    },
  }
}

/**
 * Builds `layer` into a child of `scope` on first use, keeps the service, and on failure closes
 * what was built and tries again on the next use (one build at a time).
 */
const lazyService = <E>(layer: Layer.Layer<Redis.Redis, E>, scope: Scope.Scope) => {
  let service: Redis.Redis["Service"] | undefined
  const lock = Semaphore.makeUnsafe(1)
  const build = Effect.flatMap(Scope.fork(scope), (child) =>
    Layer.buildWithScope(layer, child).pipe(
      Effect.map((context) => Context.get(context, Redis.Redis)),
      Effect.onExit((exit) => (Exit.isSuccess(exit) ? Effect.void : Scope.close(child, exit))),
    ))
  const get = Effect.suspend(() =>
    service !== undefined ? Effect.succeed(service) : build.pipe(
      Effect.tap((s) => Effect.sync(() => (service = s))),
      Effect.mapError((e) => storeFailure(`redis store: connecting failed: ${causeText(e)}`, e)),
    )
  )
  return Effect.suspend(() => (service !== undefined ? Effect.succeed(service) : lock.withPermits(1)(get)))
}

/**
 * A store in Redis, shared by every process using the same Redis: per-command buckets, push
 * spacing, the daily push quota, recall spacing and idempotency keys, each kept by one atomic
 * Lua script. `redis` is any layer providing Effect's `Redis` service; it is built on first use
 * and rebuilt after a failure. Every operation fails after `timeout` (default 500 ms), and the
 * client then fails the call with `ChatRateLimitError { kind: "store" }` without sending.
 *
 * @example
 * ```ts
 * import * as NodeRedis from "@effect/platform-node/NodeRedis"
 * import { createClient, redisStore } from "tencent-chat-push/client"
 *
 * const chat = createClient({
 *   sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "singapore",
 *   store: redisStore(NodeRedis.layer({ url: "redis://10.0.0.5:6379", disableOfflineQueue: true })),
 * })
 * ```
 */
export const redisStore = <E>(redis: Layer.Layer<Redis.Redis, E>, options: RedisStoreOptions = {}): Layer.Layer<ChatStore> =>
  Layer.effect(
    ChatStore,
    Effect.map(Effect.scope, (scope) =>
      bounded(
        makeRedisStoreOn(lazyService(redis, scope), options.prefix ?? ""),
        Duration.toMillis(Duration.fromInputUnsafe(options.timeout ?? "500 millis")),
      )),
  )
