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
 * Spacing at the client is not spacing at the server (a busy event loop or a connection pool
 * bunches requests on their way), so after the limiter's grant the arrival guard
 * (arrival-guard.ts) keeps the documented limit where it counts: a call goes only when fewer than
 * `limit` of the bucket's calls are in flight or were answered less than a window ago, so no
 * sliding window ever holds more than the limit at the server. The limiter holds the budget and
 * the margin (shared across a fleet with a shared store); the guard holds this process's calls
 * to the limit whatever their delay on the way.
 *
 * Pushes must be more than 1 s apart, measured at the server, so the push bucket's spacing is at
 * least `pushSpacing` (default 1.1 s), and the guard lets a push go only once the previous one
 * was answered at least that long ago.
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
import type { Endpoint, EndpointKey } from "../api/mod.ts"
import { endpoints } from "../api/mod.ts"
import { makeArrivalGuard } from "./arrival-guard.ts"
import type { ResolvedConfig } from "./config.ts"
import { ChatRateLimitError } from "./errors.ts"
import type { NoAnswer, RawAnswer } from "./internal/transport.ts"

/**
 * The rate-limit gate of one client. Both return `undefined` when there is nothing to do for
 * `key` (its bucket or the quota is off), so the call path skips the step instead of running
 * an empty effect (bench/client-overhead.ts).
 */
export interface RateGate {
  /** Waits for a slot in `key`'s bucket. */
  readonly acquire: (key: EndpointKey) => Effect.Effect<void, ChatRateLimitError> | undefined
  /**
   * The arrival guard of `key`'s bucket around a POST (sent under a permit already held): it
   * lets the call go when the bucket's limit allows, and counts it until its answer is in.
   */
  readonly guard: (key: EndpointKey) => ((post: Effect.Effect<RawAnswer, NoAnswer>) => Effect.Effect<RawAnswer, NoAnswer>) | undefined
  /** The longest a call can wait in the guard (to bound how long a permit is held). */
  readonly guardWaitMillis: number
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
  guard: () => undefined,
  guardWaitMillis: 0,
  dailyQuota: () => undefined,
}

const storeError = (endpoint: string, e: RateLimiter.RateLimiterError) =>
  new ChatRateLimitError({ endpoint, kind: "store", detail: e.message })

/** Builds the gate for `config` on the ambient `RateLimiter`. */
export const makeRateGate = (config: ResolvedConfig): Effect.Effect<RateGate, never, RateLimiter.RateLimiter> =>
  RateLimiter.RateLimiter.useSync((limiter): RateGate => {
    const limits = config.rateLimits
    if (limits === false) return unlimitedGate
    const prefix = `tencent-chat:${config.sdkAppId}:`

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
      const base = (windowMillis / limit) * limits.headroom
      if (key === "push") {
        const gap = Math.max(base, limits.pushSpacingMillis)
        spacing.set(key, gap)
        windows.set(key, { limit: 1, windowMillis: gap })
      } else {
        spacing.set(key, base)
        // +1 ms: the server's clock may run a little faster than ours (NTP slews up to 0.05 %)
        // and stamps whole milliseconds.
        windows.set(key, { limit, windowMillis: windowMillis + 1 })
      }
    }

    // An unanswered call stops counting this long after it went (its request was cancelled,
    // taking its I/O with it): twice its timeout plus a second, a margin for a busy loop.
    const maxOpenMillis = 2 * config.timeoutMillis + 1_000
    const arrivals = makeArrivalGuard({ maxOpenMillis })
    let widest = 0
    for (const w of windows.values()) widest = Math.max(widest, w.windowMillis)

    const acquire = (key: EndpointKey): Effect.Effect<void, ChatRateLimitError> | undefined => {
      const ms = spacing.get(key)
      if (ms === undefined || ms <= 0) return undefined
      const bucket = (endpoints[key] as Endpoint).rate.bucket
      return RateLimiter.sleep(limiter, {
        key: prefix + bucket,
        algorithm: "token-bucket",
        limit: 1,
        window: Duration.millis(ms),
      }).pipe(Effect.mapError((e) => storeError(key, e)), Effect.asVoid)
    }

    const guard = (key: EndpointKey) => {
      const ms = spacing.get(key)
      if (!limits.pacer || ms === undefined || ms <= 0) return undefined
      const bucket = (endpoints[key] as Endpoint).rate.bucket
      const w = windows.get(key)!
      return (post: Effect.Effect<RawAnswer, NoAnswer>): Effect.Effect<RawAnswer, NoAnswer> =>
        Effect.flatMap(arrivals.admit(bucket, w.limit, w.windowMillis), (admitted) =>
          Effect.onExit(post, (exit) => admitted.close(Exit.isFailure(exit) && noAnswer(exit.cause))))
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

    // A call waits in the guard at most until the oldest call counted ends (its timeout, or the
    // open limit) and its windows pass.
    return { acquire, guard, guardWaitMillis: limits.pacer ? maxOpenMillis + 2 * widest : 0, dailyQuota }
  })
