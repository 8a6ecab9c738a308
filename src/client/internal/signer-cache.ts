/**
 * The admin UserSig, minted once and reused until it is half-way through its lifetime, then
 * renewed. Renewal happens long before expiry (a server seeing an expired sig answers 70001), and
 * concurrent callers share one renewal (single-flight): the first caller past the renewal point
 * mints, everyone else waits for that result.
 *
 * Time comes from Effect's `Clock`, so `TestClock` drives reuse and renewal in tests.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Semaphore from "effect/Semaphore"

/** What the cache needs: a way to mint a sig valid for `lifetimeSeconds` from `nowSeconds`. */
export interface SignerCacheOptions<E> {
  readonly mint: (nowSeconds: number, lifetimeSeconds: number) => Effect.Effect<string, E>
  /** Validity requested for each minted sig (default 24 h: the docs advise ≥ 24 h). */
  readonly lifetimeSeconds: number
  /** Renew once this fraction of the lifetime has passed (default 0.5). */
  readonly renewAt?: number
}

/** The cached admin UserSig. */
export interface SignerCache<E> {
  /** The current sig, renewed first if due. Redacted so it never prints. */
  readonly get: Effect.Effect<Redacted.Redacted<string>, E>
  /**
   * The cached sig if it is still fresh at `nowMillis`, else `undefined` (then use `get`). The
   * synchronous fast path of a call, which has already read the Clock.
   */
  readonly peek: (nowMillis: number) => Redacted.Redacted<string> | undefined
  /** Drops the cached sig (e.g. after the server rejected it), so the next `get` mints. */
  readonly invalidate: Effect.Effect<void>
  /** How many sigs were minted so far (diagnostics and tests). */
  readonly mints: () => number
}

interface Cached {
  readonly sig: Redacted.Redacted<string>
  readonly issuedMs: number
  readonly renewMs: number
}

/** Builds an empty cache; nothing is minted until the first `get`. */
export const makeSignerCache = <E>(options: SignerCacheOptions<E>): Effect.Effect<SignerCache<E>> =>
  Effect.sync(() => {
    const lock = Semaphore.makeUnsafe(1)
    const renewFraction = options.renewAt ?? 0.5
    let cached: Cached | undefined
    let mints = 0

    // A clock that went backwards (issuedMs in the future) also forces a renewal.
    const fresh = (now: number): Cached | undefined =>
      cached !== undefined && now >= cached.issuedMs && now < cached.renewMs ? cached : undefined

    const renew = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const hit = fresh(now)
      if (hit) return Effect.succeed(hit.sig)
      const nowSeconds = Math.floor(now / 1000)
      return Effect.map(options.mint(nowSeconds, options.lifetimeSeconds), (sig) => {
        mints++
        const issuedMs = nowSeconds * 1000
        cached = {
          sig: Redacted.make(sig),
          issuedMs,
          renewMs: issuedMs + Math.floor(options.lifetimeSeconds * renewFraction) * 1000,
        }
        return cached.sig
      })
    })

    const get = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const hit = fresh(now)
      // Fast path without the lock; the slow path re-checks under it (single-flight).
      return hit ? Effect.succeed(hit.sig) : lock.withPermits(1)(renew)
    })

    return {
      get,
      peek: (now) => fresh(now)?.sig,
      invalidate: Effect.sync(() => {
        cached = undefined
      }),
      mints: () => mints,
    }
  })
