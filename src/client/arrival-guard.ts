/**
 * The per-process arrival guard: a hard cap of `limit` calls in any `window` AT THE SERVER, for
 * each rate bucket, whatever happens between our `fetch()` and the server's door.
 *
 * The rate limiter (rate-limits.ts) spaces calls evenly, but spacing at the client is not
 * spacing at the server: a busy event loop writes requests late and together, a connection pool
 * queues them, the network bunches them. Measured: 20,000 concurrent single-user `addUserTags`
 * over HTTP left the client's `fetch()` calls at ≤ 100 in any sliding second, yet they reached
 * the emulator up to 840 ms late and bunched, 111–112 in a sliding second, and 11–12 of 212 were
 * refused with 60007.
 *
 * The one thing known for sure about a request's arrival time is that it lies between the moment
 * it was handed over and the moment its answer came back. So the guard counts a call from when it
 * is let through until `window` after its answer: a call may go only when fewer than `limit`
 * calls are in flight or were answered less than `window` ago. If `limit + 1` calls reached the
 * server within one window, the last of them to be let through found the other `limit` either in
 * flight or answered after the window's start, so it could not have gone. This holds for any
 * delay between us and the server, with no assumption about clocks but our own.
 *
 * A call that ends without an answer (its timeout fired, or it was interrupted) may still be on
 * its way: it counts for a second window. A call that never ends (its request was cancelled on
 * Workers, taking its I/O with it) would count forever, so each call also counts at most
 * `maxOpenMillis` after it was let through (the request's timeout plus a margin), then for one
 * more window.
 *
 * The cost is throughput when answers are slow: each call holds its place for its round trip
 * plus the window, so `limit` calls per `window + round trip` at most (bench/one-process.ts,
 * docs/client.md "Rate limits"). `basis: "send"` (count each call `window` from when it was let
 * through, the guard this replaced) exists to measure that difference; the client never uses it.
 *
 * Waits are sleeps on the waiting fiber's own `Clock`: no caller is ever woken by another, which
 * on Workers (one client shared by concurrent requests) would run it in the wrong request.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** A call the guard let through. */
export interface Admitted {
  /**
   * Records that the call ended: answered, or (`noAnswer`) failed in a way that may leave the
   * request in transit. Only the first close counts.
   */
  readonly close: (noAnswer: boolean) => Effect.Effect<void>
}

/** What a call's arrival time is bounded by. */
export type GuardBasis = "answer" | "send"

/** One guard per client; buckets are independent. */
export interface ArrivalGuard {
  /** Waits until a call to `bucket` may go (`limit` per `windowMillis`), then lets it through. */
  readonly admit: (bucket: string, limit: number, windowMillis: number) => Effect.Effect<Admitted>
}

interface Open {
  readonly admittedAt: number
  closed: boolean
}

interface Bucket {
  /** Calls let through and not yet closed. */
  readonly open: Set<Open>
  /** When each closed call stops counting, ascending; entries before `head` are spent. */
  expiries: Array<number>
  head: number
}

const nowMillis = Effect.map(Clock.currentTimeNanos, (ns) => Number(ns) / 1e6)
const noop: Admitted = { close: () => Effect.void }

/**
 * A guard. `maxOpenMillis` bounds how long an unclosed call counts as in flight (a request's
 * timeout plus a margin).
 */
export const makeArrivalGuard = (options: { readonly maxOpenMillis: number; readonly basis?: GuardBasis }): ArrivalGuard => {
  const basis = options.basis ?? "answer"
  const buckets = new Map<string, Bucket>()

  const insert = (b: Bucket, t: number) => {
    const xs = b.expiries
    let i = xs.length
    while (i > b.head && xs[i - 1]! > t) i--
    if (i === xs.length) xs.push(t)
    else xs.splice(i, 0, t)
  }

  // Drops what no longer counts at `now`; returns how many calls still count.
  const live = (b: Bucket, now: number, windowMillis: number): number => {
    for (const o of b.open) {
      if (now - o.admittedAt < options.maxOpenMillis) continue
      // Open too long: its request is gone (or will be aborted by its timeout any moment).
      b.open.delete(o)
      o.closed = true
      insert(b, o.admittedAt + options.maxOpenMillis + windowMillis)
    }
    const xs = b.expiries
    while (b.head < xs.length && xs[b.head]! <= now) b.head++
    if (b.head > 1024 && b.head * 2 > xs.length) {
      b.expiries = xs.slice(b.head)
      b.head = 0
    }
    return b.open.size + (b.expiries.length - b.head)
  }

  const admit = (bucket: string, limit: number, windowMillis: number): Effect.Effect<Admitted> =>
    Effect.flatMap(nowMillis, (now) => {
      let b = buckets.get(bucket)
      if (b === undefined) {
        b = { open: new Set(), expiries: [], head: 0 }
        buckets.set(bucket, b)
      }
      if (live(b, now, windowMillis) < limit) {
        if (basis === "send") {
          insert(b, now + windowMillis)
          return Effect.succeed(noop)
        }
        const o: Open = { admittedAt: now, closed: false }
        const bk = b
        bk.open.add(o)
        return Effect.succeed<Admitted>({
          close: (noAnswer) =>
            Effect.map(nowMillis, (t) => {
              if (o.closed) return
              o.closed = true
              bk.open.delete(o)
              insert(bk, t + windowMillis * (noAnswer ? 2 : 1))
            }),
        })
      }
      // The earliest moment a place can free up: the first expiry, or one window after an answer
      // that has not come yet (so a window from now at the earliest).
      const first = b.head < b.expiries.length ? b.expiries[b.head]! - now : Infinity
      const next = Math.min(first, b.open.size > 0 ? windowMillis : Infinity)
      return Effect.andThen(Effect.sleep(Duration.millis(Math.max(next, 0.001))), admit(bucket, limit, windowMillis))
    })

  return { admit }
}
