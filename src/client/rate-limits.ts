/**
 * Local rate limits, on Effect's `RateLimiter` (effect/persistence). The store is whatever
 * `RateLimiterStore` the layer is given: in-memory by default, Redis (`layerStoreRedis`) to share
 * one budget across a fleet. Keys carry the SDKAppID, so apps sharing a store do not interfere.
 *
 * Call rates (the catalogue's `rate` per bucket, e.g. 100 calls/s for each attr/tag command):
 * the obvious `{ limit: 100, window: "1 second" }` lets up to 200 calls through in a sliding
 * second (a token bucket starts full; a fixed window allows a burst at each window edge;
 * docs/protocol/rate-limits.md#sliding-second). So each bucket is a token bucket of ONE token refilled every
 * `window / limit × headroom` (10.3 ms for 100/s with the default headroom 1.03; 10.5 ms,
 * headroom 1.05, with a shared store): calls are spaced evenly, and any sliding second holds at
 * most 1 + 1000/10.3 ≈ 98 of them (measured: bench/client-rate-limit.ts, docs/client.md).
 *
 * Timers fire late when the event loop is busy, and late timers fire together: calls granted
 * 10.5 ms apart could leave in a burst. So after the limiter's grant, a local guard keeps the
 * (sub-millisecond) Clock times of the bucket's last `limit` calls in this process and lets a
 * call go only when the oldest is a full window old: no sliding window ever holds more than the
 * documented limit. The check-and-set is synchronous, so it is exact in a single-threaded
 * runtime. The limiter holds the budget and the margin (shared across a fleet with a Redis
 * store); the guard only removes this process's timer jitter, and rarely waits, since the
 * limiter already runs below the limit. Measured in bench/client-rate-limit.ts.
 *
 * A shared store (other clients, other processes) adds a guard fleet-wide, around the POST: the
 * store admits a call only while fewer than `limit` of the bucket's calls count, and a call counts
 * from its admission until `window` after its answer (on the store's clock). A call reaches the
 * server between those two moments, so no window at the server can hold more than `limit` calls
 * of the fleet, whatever delays a busy process or the network add on the way. Each process's
 * own guard only sees its own calls (docs/protocol/rate-limits.md#fleet-wide-guard).
 *
 * Pushes must be more than 1 s apart, measured at the server, so the push bucket's spacing is at
 * least `pushSpacing` (default 1.1 s) to absorb network jitter.
 *
 * The daily push quota fails fast (`ChatRateLimitError`, kind "daily-quota") rather than waiting
 * until tomorrow. It counts per calendar day at a configurable UTC offset (default UTC+8, since
 * the docs do not say which day the service counts).
 *
 * @module
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Random from "effect/Random"
import type { Endpoint, EndpointKey } from "../api/mod.ts"
import { endpoints } from "../api/mod.ts"
import type { ResolvedConfig } from "./config.ts"
import { ChatRateLimitError } from "./errors.ts"
import type { NoAnswer } from "./internal/transport.ts"
import type { ChatStoreShape } from "./store/store.ts"

/**
 * The rate-limit gate of one client. Both return `undefined` when there is nothing to do for
 * `key` (its bucket or the quota is off), so the call path skips the step instead of running
 * an empty effect (bench/client-overhead.ts).
 */
export interface RateGate {
  /** Waits for a slot in `key`'s bucket. */
  readonly acquire: (key: EndpointKey) => Effect.Effect<void, ChatRateLimitError> | undefined
  /** With a shared store: the fleet-wide arrival guard of `key`'s bucket around a POST. */
  readonly fleet: (key: EndpointKey) => (<A>(post: Effect.Effect<A, NoAnswer>) => Effect.Effect<A, NoAnswer | ChatRateLimitError>) | undefined
  /** Takes one unit of `key`'s daily quota, or fails at once when it is used up. */
  readonly dailyQuota: (key: EndpointKey) => Effect.Effect<void, ChatRateLimitError> | undefined
}

const DAY_MS = 86_400_000

// An interruption or a timeout may leave the request on its way to the server.
const noAnswer = (cause: Cause.Cause<NoAnswer>): boolean =>
  Cause.hasInterrupts(cause) || cause.reasons.some((r) => Cause.isFailReason(r) && r.error.kind === "timeout")

/** A gate that never waits (rate limits turned off). */
export const unlimitedGate: RateGate = {
  acquire: () => undefined,
  fleet: () => undefined,
  dailyQuota: () => undefined,
}

const storeError = (endpoint: string, e: RateLimiter.RateLimiterError) =>
  new ChatRateLimitError({ endpoint, kind: "store", detail: e.message })

/**
 * Builds the gate for `config` on the ambient `RateLimiter` (whose state is in `store`); a
 * shared store picks the default headroom and adds its fleet-wide guard.
 */
export const makeRateGate = (config: ResolvedConfig, store: ChatStoreShape): Effect.Effect<RateGate, never, RateLimiter.RateLimiter> =>
  RateLimiter.RateLimiter.useSync((limiter): RateGate => {
    const limits = config.rateLimits
    if (limits === false) return unlimitedGate
    const prefix = `tencent-chat:${config.sdkAppId}:`
    const headroom = limits.headroom ?? (store.shared ? 1.05 : 1.03)

    // Per command: the limiter's spacing (with headroom) and the hard window the guard keeps.
    const spacing = new Map<EndpointKey, number | undefined>()
    const windows = new Map<EndpointKey, { readonly limit: number; readonly windowMillis: number }>()
    for (const key of Object.keys(endpoints) as Array<EndpointKey>) {
      const row = endpoints[key] as Endpoint
      const override = limits.buckets[row.rate.bucket]
      if (override === false) {
        spacing.set(key, undefined)
        continue
      }
      const { limit, windowMillis } = override ?? {
        limit: row.rate.limit,
        windowMillis: Duration.toMillis(Duration.fromInputUnsafe(row.rate.window as Duration.Input)),
      }
      const base = (windowMillis / limit) * headroom
      if (key === "push") {
        const gap = Math.max(base, limits.pushSpacingMillis)
        spacing.set(key, gap)
        windows.set(key, { limit: 1, windowMillis: gap })
      } else {
        spacing.set(key, base)
        // +1 ms: the guard commits just before the request is built and handed to fetch; the
        // margin absorbs that last stretch (measured: without it, 101 in a sliding second at
        // headroom 1.00).
        windows.set(key, { limit, windowMillis: windowMillis + 1 })
      }
    }

    // The guard: per bucket, the times of the last `limit` calls of this process (a ring). A
    // call may go when the oldest of them is at least `window` old, so no half-open window of
    // that length ever holds more than `limit` calls, however late timers fire.
    const logs = new Map<string, { readonly times: Array<number>; next: number }>()
    const nowMillis = Effect.map(Clock.currentTimeNanos, (ns) => Number(ns) / 1e6)
    const guard = (bucket: string, limit: number, windowMillis: number): Effect.Effect<void> =>
      Effect.flatMap(nowMillis, (now) => {
        let log = logs.get(bucket)
        if (log === undefined) {
          log = { times: [], next: 0 }
          logs.set(bucket, log)
        }
        const oldest = log.times.length < limit ? undefined : log.times[log.next]!
        const wait = oldest === undefined ? 0 : oldest + windowMillis - now
        if (wait <= 0) {
          if (log.times.length < limit) log.times.push(now)
          else log.times[log.next] = now
          log.next = (log.next + 1) % limit
          return Effect.void
        }
        return Effect.andThen(Effect.sleep(Duration.millis(wait)), guard(bucket, limit, windowMillis))
      })

    // The fleet-wide arrival guard. An unanswered call stops counting this long after it was
    // admitted (its request was cancelled and its close never ran): twice its timeout plus a
    // second, a margin for a busy process.
    const maxOpenMillis = 2 * config.timeoutMillis + 1_000
    const part = Random.nextIntBetween(0, 2 ** 31)
    const ticket = Effect.map(Effect.all([part, part]), ([a, b]) => `${a.toString(36)}.${b.toString(36)}`)
    const admit = (key: EndpointKey, storeKey: string, id: string, limit: number, windowMillis: number): Effect.Effect<void, ChatRateLimitError> =>
      Effect.flatMap(
        Effect.mapError(store.admit(storeKey, id, limit, windowMillis, maxOpenMillis), (e) => storeError(key, e)),
        (wait) => (wait <= 0 ? Effect.void : Effect.andThen(Effect.sleep(Duration.millis(wait)), admit(key, storeKey, id, limit, windowMillis))),
      )
    const fleet = (key: EndpointKey) => {
      const ms = spacing.get(key)
      if (!store.shared || !limits.pacer || ms === undefined || ms <= 0) return undefined
      const storeKey = `${prefix}${(endpoints[key] as Endpoint).rate.bucket}:sent`
      const w = windows.get(key)!
      return <A>(post: Effect.Effect<A, NoAnswer>): Effect.Effect<A, NoAnswer | ChatRateLimitError> =>
        Effect.flatMap(ticket, (id) =>
          Effect.andThen(
            admit(key, storeKey, id, w.limit, w.windowMillis),
            // A call that ended without an answer may still be on its way: one more window.
            Effect.onExit(post, (exit) => Effect.ignore(store.close(storeKey, id, Exit.isFailure(exit) && noAnswer(exit.cause) ? w.windowMillis : 0))),
          ))
    }

    const acquire = (key: EndpointKey): Effect.Effect<void, ChatRateLimitError> | undefined => {
      const ms = spacing.get(key)
      if (ms === undefined || ms <= 0) return undefined
      const bucket = (endpoints[key] as Endpoint).rate.bucket
      const w = windows.get(key)!
      return RateLimiter.sleep(limiter, {
        key: prefix + bucket,
        algorithm: "token-bucket",
        limit: 1,
        window: Duration.millis(ms),
      }).pipe(
        Effect.mapError((e) => storeError(key, e)),
        Effect.andThen(limits.pacer ? guard(bucket, w.limit, w.windowMillis) : Effect.void),
      )
    }

    const dailyQuota = (key: EndpointKey): Effect.Effect<void, ChatRateLimitError> | undefined => {
      const quota = (endpoints[key] as Endpoint).dailyQuota
      const limit = limits.dailyPushQuota
      if (quota === undefined || limit === false) return undefined
      return Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const shifted = now + limits.quotaUtcOffsetMinutes * 60_000
        const day = Math.floor(shifted / DAY_MS)
        const untilTomorrow = (day + 1) * DAY_MS - shifted
        // Fixed window whose per-token refill is a whole day: the counter of today's key can
        // only grow, so at most `limit` calls pass per calendar day.
        return limiter.consume({
          key: `${prefix}${quota.bucket}:${day}`,
          algorithm: "fixed-window",
          onExceeded: "fail",
          limit,
          window: Duration.millis(DAY_MS * limit),
        }).pipe(
          Effect.asVoid,
          Effect.mapError((e) =>
            e.reason._tag === "RateLimitExceeded"
              ? new ChatRateLimitError({
                endpoint: key,
                kind: "daily-quota",
                limit,
                retryAfterMillis: untilTomorrow,
                detail: `the local daily push quota of ${limit} is used up (the service would answer 90047)`,
              })
              : storeError(key, e)
          ),
        )
      })
    }

    return { acquire, fleet, dailyQuota }
  })
