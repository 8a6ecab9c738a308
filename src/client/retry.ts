/**
 * Automatic retries for retry-safe calls: jittered exponential backoff, driven by Effect's
 * `Clock` (sleep) and `Random` (jitter), so tests run it under `TestClock`.
 *
 * Which failures are retried is decided by the caller's predicate (see internal/send.ts); push and
 * batch never reach this module with a retrying policy.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

/** How many times to retry and how long to wait. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = never retry). */
  readonly times: number
  /** Backoff before the first retry; doubles per retry. */
  readonly baseDelayMillis: number
  /** Upper bound of any single backoff. */
  readonly maxDelayMillis: number
}

/** 3 retries, 200 ms doubling, capped at 5 s (peers: doocs 200 ms × 2^n ≤ 10 s; firebase 0.5 s × 2^n ≤ 60 s). */
export const defaultRetryPolicy: RetryPolicy = { times: 3, baseDelayMillis: 200, maxDelayMillis: 5_000 }

/** Never retry. */
export const noRetry: RetryPolicy = { times: 0, baseDelayMillis: 0, maxDelayMillis: 0 }

/**
 * Backoff before retry number `retryIndex` (0-based), "equal jitter": half of the capped
 * exponential delay is fixed, the other half uniformly random. The fixed half keeps retries from
 * hammering a struggling service; the random half spreads a fleet's retries apart.
 */
export const backoffMillis = (policy: RetryPolicy, retryIndex: number, random01: number): number => {
  const cap = Math.min(policy.maxDelayMillis, policy.baseDelayMillis * 2 ** retryIndex)
  return Math.round(cap / 2 + (cap / 2) * random01)
}

/** A server's own wait before a retry (`Retry-After`), and what to fail with when it is too long. */
export interface ServerWait<E> {
  /** The wait the failure asks for, in milliseconds, if any. */
  readonly of: (error: E) => number | undefined
  /** The error to end with when that wait is over the budget (`maxDelayMillis`). */
  readonly overBudget: (error: E, waitMillis: number, budgetMillis: number) => E
}

/**
 * Runs `attempt(0)`, and on a failure for which `isRetryable` holds, sleeps a jittered backoff
 * and runs `attempt(n, previousError)` again, at most `policy.times` more times. The last
 * failure is returned as is.
 *
 * When the failure asks for a wait of its own (`serverWait`, from `Retry-After`), the retry
 * sleeps at least that long. The caller's budget for one wait is `maxDelayMillis`, the same cap
 * as a backoff: a longer wait ends the retries at once with `serverWait.overBudget`, rather than
 * retrying early (which the server just asked us not to do) or blocking for an hour.
 */
export const withRetry = <A, E, R>(
  policy: RetryPolicy,
  isRetryable: (error: E) => boolean,
  attempt: (n: number, previous: E | undefined) => Effect.Effect<A, E, R>,
  serverWait?: ServerWait<E>,
): Effect.Effect<A, E, R> => {
  const loop = (n: number, previous: E | undefined): Effect.Effect<A, E, R> =>
    Effect.catch(attempt(n, previous), (error: E) => {
      if (n >= policy.times || !isRetryable(error)) return Effect.fail(error)
      const asked = serverWait?.of(error)
      if (asked !== undefined && asked > policy.maxDelayMillis) {
        return Effect.fail(serverWait!.overBudget(error, asked, policy.maxDelayMillis))
      }
      return Effect.flatMap(Random.next, (r) =>
        Effect.flatMap(Effect.sleep(Math.max(backoffMillis(policy, n, r), asked ?? 0)), () => loop(n + 1, error)))
    })
  return loop(0, undefined)
}
