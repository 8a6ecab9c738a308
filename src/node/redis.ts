/**
 * Redis from a URL, with no Redis client dependency: Effect's `Redis` service over the minimal
 * RESP client of resp.ts, and `redisStoreFromUrl`, the client's shared store built from it.
 * Node-only (`node:net`), and runs on Bun and Deno through their Node compatibility.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redis from "effect/persistence/Redis"
import type { ChatStore, RedisStoreOptions } from "../client/mod.ts"
import { redisStore } from "../client/mod.ts"
import type { RespClient, RespTimings } from "./resp.ts"
import { makeRespClient, parseRedisUrl } from "./resp.ts"

/**
 * Options of `redisFromUrl`.
 *
 * @example
 * ```ts
 * import type { RedisUrlOptions } from "tencent-chat-push/node"
 *
 * const options: RedisUrlOptions = { connectTimeout: "1 second", commandTimeout: "300 millis" }
 * ```
 */
export interface RedisUrlOptions {
  /** How long connecting (and AUTH / SELECT) may take (default 500 ms). */
  readonly connectTimeout?: Duration.Input | undefined
  /** How long one command may wait for its reply; then its connection is closed (default 500 ms). */
  readonly commandTimeout?: Duration.Input | undefined
  /** After a failed connect, commands fail at once for this long before dialling again (default 100 ms). */
  readonly retryDelay?: Duration.Input | undefined
}

const ms = (input: Duration.Input): number => Duration.toMillis(Duration.fromInputUnsafe(input))

const sendOn = (client: RespClient) => <A = unknown>(command: string, ...args: ReadonlyArray<string>): Effect.Effect<A, Redis.RedisError> =>
  Effect.tryPromise({
    try: () => client.command([command, ...args]) as Promise<A>,
    catch: (cause) => new Redis.RedisError({ cause }),
  })

/**
 * Effect's `Redis` service for `url` (`redis://[user[:password]@]host[:port][/db]`, or
 * `rediss://` for TLS), on a built-in client: nothing to install, no offline queue, every
 * command bounded. It connects on first use and reconnects on the next command after a
 * failure. Commands fail with `RedisError`; pub/sub is not supported. Throws `TypeError` at
 * once for a malformed URL. Errors never contain the URL's password.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as Redis from "effect/persistence/Redis"
 * import { redisFromUrl } from "tencent-chat-push/node"
 *
 * const pong = Effect.runPromise(
 *   Effect.scoped(Effect.flatMap(Redis.Redis.asEffect(), (r) => r.send("PING"))).pipe(Effect.provide(redisFromUrl("redis://127.0.0.1:6379"))),
 * )
 * ```
 */
export const redisFromUrl = (url: string, options: RedisUrlOptions = {}): Layer.Layer<Redis.Redis> => {
  const target = parseRedisUrl(url)
  const timings: RespTimings = {
    connectTimeout: ms(options.connectTimeout ?? "500 millis"),
    commandTimeout: ms(options.commandTimeout ?? "500 millis"),
    retryDelay: ms(options.retryDelay ?? "100 millis"),
  }
  return Layer.effect(
    Redis.Redis,
    Effect.gen(function*() {
      const client = makeRespClient(target, timings)
      yield* Effect.addFinalizer(() => Effect.sync(client.close))
      return yield* Redis.make({
        send: sendOn(client),
        subscribe: () => Effect.fail(new Redis.RedisError({ cause: new Error("redisFromUrl: pub/sub is not supported") })),
        connect: Effect.sync(() => {
          const dedicated = makeRespClient(target, timings)
          return { send: sendOn(dedicated), close: Effect.sync(dedicated.close) }
        }),
      })
    }),
  )
}

/**
 * The client's shared store in the Redis at `url`: every process of a fleet that uses the same
 * Redis shares the app's rate limits and idempotency keys (see `redisStore`). Connects on first
 * use; when Redis is down, slow or unreachable, each call fails within `timeout` (default
 * 500 ms) with `ChatRateLimitError { kind: "store" }` and sends nothing. Throws `TypeError` at
 * once for a malformed URL.
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 * import { redisStoreFromUrl } from "tencent-chat-push/node"
 *
 * const chat = createClient({
 *   sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "singapore",
 *   store: redisStoreFromUrl(process.env.REDIS_URL ?? "redis://127.0.0.1:6379"),
 * })
 * ```
 */
export const redisStoreFromUrl = (url: string, options: RedisStoreOptions & RedisUrlOptions = {}): Layer.Layer<ChatStore> => {
  const timeout = options.timeout ?? "500 millis"
  return redisStore(
    redisFromUrl(url, { connectTimeout: options.connectTimeout ?? timeout, commandTimeout: options.commandTimeout ?? timeout, ...(options.retryDelay === undefined ? {} : { retryDelay: options.retryDelay }) }),
    { prefix: options.prefix, timeout },
  )
}
