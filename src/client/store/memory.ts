/**
 * The in-memory store: this process only (the default). Time is Effect's `Clock`, so tests drive
 * it with `TestClock`. Expired state is dropped as new state is written, so memory stays bounded
 * by what is live: a few buckets, one quota counter per day, and the idempotency claims of the
 * last TTL.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"
import type { AdmitLog, BucketState, ClaimState, WindowState } from "./algorithms.ts"
import * as Algo from "./algorithms.ts"
import type { ChatStoreShape } from "./store.ts"
import { ChatStore, noAdaptive } from "./store.ts"

/** A map whose entries carry an expiry, swept from the oldest write on each write. */
const expiringMap = <V extends { readonly expiresAt: number }>() => {
  const map = new Map<string, V>()
  return {
    get: (key: string, now: number): V | undefined => {
      const v = map.get(key)
      return v !== undefined && v.expiresAt > now ? v : undefined
    },
    set: (key: string, value: V | undefined, now: number): void => {
      // Re-inserting moves the key to the end, so the map stays in write order and the sweep
      // can stop at the first live entry.
      map.delete(key)
      if (value !== undefined) map.set(key, value)
      for (const [k, v] of map) {
        if (v.expiresAt > now) break
        map.delete(k)
      }
    },
  }
}

/**
 * Builds one in-memory store (its state lives as long as the returned object). `shared`: other
 * clients use it too (`memoryStore()`), so `admit` / `close` must guard their calls together.
 */
export const makeMemoryStore = (shared = false): ChatStoreShape => {
  const buckets = expiringMap<BucketState & { readonly expiresAt: number }>()
  const logs = expiringMap<{ readonly log: AdmitLog; readonly expiresAt: number }>()
  const windows = expiringMap<WindowState>()
  const claims = expiringMap<ClaimState>()
  // Sub-millisecond time: a spacing such as 10.3 ms stays 10.3 ms (as on Redis's TIME).
  const withNow = <A>(f: (now: number) => A) => Effect.map(Clock.currentTimeNanos, (ns) => f(Number(ns) / 1e6))

  return {
    kind: "memory",
    shared,
    limits: RateLimiter.RateLimiterStore.of({
      tokenBucket: (o) =>
        withNow((now) => {
          const r = Algo.tokenBucket(buckets.get(o.key, now), {
            tokens: o.tokens,
            limit: o.limit,
            refillMillis: Duration.toMillis(o.refillRate),
            allowOverflow: o.allowOverflow,
          }, now)
          buckets.set(o.key, { ...r.next, expiresAt: r.expiresAt }, now)
          return r.result
        }),
      fixedWindow: (o) =>
        withNow((now) => {
          const r = Algo.fixedWindow(windows.get(o.key, now), { tokens: o.tokens, refillMillis: Duration.toMillis(o.refillRate), limit: o.limit }, now)
          if (r.next !== undefined) windows.set(o.key, r.next, now)
          return r.result
        }),
      ...noAdaptive,
    }),
    admit: (key, ticket, limit, windowMillis, maxOpenMillis) =>
      withNow((now) => {
        const r = Algo.admit(logs.get(key, now)?.log, { ticket, limit, windowMillis, maxOpenMillis }, now)
        logs.set(key, { log: r.next, expiresAt: now + maxOpenMillis + 2 * windowMillis }, now)
        return r.wait
      }),
    close: (key, ticket, extraMillis) =>
      withNow((now) => {
        const current = logs.get(key, now)
        const next = Algo.close(current?.log, ticket, extraMillis, now)
        if (current !== undefined && next !== undefined) logs.set(key, { log: next, expiresAt: current.expiresAt }, now)
      }),
    claims: {
      claim: (key, value, ttl) =>
        withNow((now) => {
          const r = Algo.claim(claims.get(key, now), value, ttl, now)
          if (r.next !== undefined) claims.set(key, r.next, now)
          return r.found
        }),
      settle: (key, expected, value, ttl) =>
        withNow((now) => {
          const r = Algo.settle(claims.get(key, now), expected, value, ttl, now)
          if (r.applied) claims.set(key, r.next, now)
          return r.applied
        }),
      read: (key) => withNow((now) => claims.get(key, now)?.value),
    },
  }
}

/**
 * An in-memory store: rate limits and idempotency claims for this process only. Each call
 * makes a new store; pass the same layer to several clients of one process to make them share
 * it (each client gets a private one by default). Never fails.
 *
 * @example
 * ```ts
 * import { createClient, memoryStore } from "tencent-chat-push/client"
 *
 * const store = memoryStore()
 * const a = createClient({ sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "singapore", store })
 * const b = createClient({ sdkAppId: 1400000000, secretKey, adminId: "ops", region: "singapore", store }) // same budget as `a`
 * ```
 */
export const memoryStore = (): Layer.Layer<ChatStore> => Layer.succeed(ChatStore, makeMemoryStore(true))
