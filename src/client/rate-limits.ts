/**
 * The client's rate limits, on Effect's `RateLimiter` (effect/persistence) over the state the
 * client's `ChatStore` keeps (store/store.ts): in memory by default, or in Redis or a Durable
 * Object to share one budget across a fleet. Keys carry the SDKAppID, so apps sharing a store do
 * not interfere.
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
 * A shared store (other clients, other processes) adds a guard fleet-wide, around the POST: the
 * store admits a call only while fewer than `limit` of the bucket's calls count, and a call counts
 * from its admission until `window` after its answer (on the store's clock). A call reaches the
 * server between those two moments, so no window at the server can hold more than `limit` calls
 * of the fleet, whatever delays a busy process or the network add on the way. Each process's
 * own guard only sees its own calls (docs/protocol/rate-limits.md#fleet-wide-guard).
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
import * as Random from "effect/Random"
import type { Endpoint, EndpointKey } from "../api/mod.ts"
import { endpoints } from "../api/mod.ts"
import { makeArrivalGuard } from "./arrival-guard.ts"
import type { ResolvedConfig } from "./config.ts"
import { ChatRateLimitError } from "./errors.ts"
import type { NoAnswer, RawAnswer } from "./internal/transport.ts"
import type { ChatStoreShape } from "./store/store.ts"

/**
 * The rate-limit gate of one client. Both return `undefined` when there is nothing to do for
 * `key` (its bucket or the quota is off), so the call path skips the step instead of running
 * an empty effect (bench/client-overhead.ts).
 */
export interface RateGate {
  /** Waits for a slot in `key`'s bucket. */
  readonly acquire: (key: EndpointKey) => Effect.Effect<void, ChatRateLimitError> | undefined
  /**
   * The arrival guards of `key`'s bucket around a POST (sent under a permit already held): this
   * process's, then, with a shared store, the fleet's. Each lets the call go when the bucket's
   * limit allows and counts it until its answer is in. Fails only when the store does.
   */
  readonly guard: (
    key: EndpointKey,
  ) => ((post: Effect.Effect<RawAnswer, NoAnswer>) => Effect.Effect<RawAnswer, NoAnswer | ChatRateLimitError>) | undefined
  /** The longest a call can wait in the guards (to bound how long a permit is held). */
  readonly guardWaitMillis: number
  /** Takes one unit of `key`'s daily quota, or fails at once when it is used up. */
  readonly dailyQuota: (key: EndpointKey) => Effect.Effect<void, ChatRateLimitError> | undefined
}

const DAY_MS = 86_400_000

// An interruption or a timeout may leave the request on its way to the server (a store failure
// means it never left).
const noAnswer = (cause: Cause.Cause<NoAnswer | ChatRateLimitError>): boolean =>
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
        // +1 ms: the server's clock may run a little faster than ours (NTP slews up to 0.05 %)
        // and stamps whole milliseconds.
        windows.set(key, { limit, windowMillis: windowMillis + 1 })
      }
    }

    // An unanswered call stops counting this long after it went (its request was cancelled,
    // taking its I/O with it, or its close never reached the store): twice its timeout plus a
    // second, a margin for a busy loop.
    const maxOpenMillis = 2 * config.timeoutMillis + 1_000
    const arrivals = makeArrivalGuard({ maxOpenMillis })
    let widest = 0
    for (const w of windows.values()) widest = Math.max(widest, w.windowMillis)

    // The fleet-wide arrival guard (a shared store): the same rule as this process's guard, kept
    // in the store on its clock, so it counts every process's calls.
    const part = Random.nextIntBetween(0, 2 ** 31)
    const ticket = Effect.map(Effect.all([part, part]), ([a, b]) => `${a.toString(36)}.${b.toString(36)}`)
    const admit = (key: EndpointKey, storeKey: string, id: string, limit: number, windowMillis: number): Effect.Effect<void, ChatRateLimitError> =>
      Effect.flatMap(
        Effect.mapError(store.admit(storeKey, id, limit, windowMillis, maxOpenMillis), (e) => storeError(key, e)),
        (wait) => (wait <= 0 ? Effect.void : Effect.andThen(Effect.sleep(Duration.millis(wait)), admit(key, storeKey, id, limit, windowMillis))),
      )
    const fleet = (key: EndpointKey, w: { readonly limit: number; readonly windowMillis: number }) => {
      const storeKey = `${prefix}${(endpoints[key] as Endpoint).rate.bucket}:sent`
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
      return RateLimiter.sleep(limiter, {
        key: prefix + bucket,
        algorithm: "token-bucket",
        limit: 1,
        window: Duration.millis(ms),
      }).pipe(Effect.mapError((e) => storeError(key, e)), Effect.asVoid)
    }

    // This process's guard first (no I/O; it waits only when this process alone fills the
    // bucket), then the fleet's, around the POST.
    const guard = (key: EndpointKey) => {
      const ms = spacing.get(key)
      if (!limits.pacer || ms === undefined || ms <= 0) return undefined
      const bucket = (endpoints[key] as Endpoint).rate.bucket
      const w = windows.get(key)!
      const shared = store.shared ? fleet(key, w) : undefined
      return (post: Effect.Effect<RawAnswer, NoAnswer>): Effect.Effect<RawAnswer, NoAnswer | ChatRateLimitError> =>
        Effect.flatMap(arrivals.admit(bucket, w.limit, w.windowMillis), (admitted) =>
          Effect.onExit(shared === undefined ? post : shared(post), (exit) => admitted.close(Exit.isFailure(exit) && noAnswer(exit.cause))))
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

    // A call waits in a guard at most until the oldest call counted ends (its timeout, or the
    // open limit) and its windows pass; with a shared store it waits in two, one after the other.
    const guardWaitMillis = limits.pacer ? (store.shared ? 2 : 1) * (maxOpenMillis + 2 * widest) : 0
    return { acquire, guard, guardWaitMillis, dailyQuota }
  })
