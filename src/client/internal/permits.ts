/**
 * The client's bound on requests in flight (`concurrency`), as a plain FIFO pool usable from
 * both sides of the Effect boundary:
 *
 * - `take` is plain JavaScript, for the direct fetch transport, which takes its permit inside
 *   the one `Effect.callback` of a request. An Effect `Semaphore` around each call
 *   (`uninterruptibleMask` + exit hook) cost about 1.5 µs of a 10 µs call
 *   (bench/client-overhead.ts).
 * - `hold` is the Effect form, interruption-safe, for an injected HttpClient and for rate-limited
 *   calls, which hold the permit across the arrival guard (send.ts, ../arrival-guard.ts).
 *
 * One pool serves every caller of a client, and on Workers those are concurrent requests of one
 * isolate, each of which may do I/O only in its own context. So a waiter is never started by the
 * request that frees a permit: the releaser settles a promise the waiter created (the runtime
 * runs its continuation in the waiter's own request; elsewhere it is one microtask), and the
 * waiter keeps a timer of its own meanwhile, without which Workers would take it for hung.
 *
 * A permit is leased for `leaseMillis` (a request's timeout plus a margin): a holder whose
 * request was cancelled (a client that went away takes its request's pending I/O with it, so it
 * never releases) loses its permit when the lease runs out, and a waiter's timer reclaims it.
 * Without leases, a few cancelled requests would block the client for good.
 *
 * @module
 */
import * as Effect from "effect/Effect"

/** Releases a held permit or cancels a wait; safe to call more than once. */
export type Done = () => void

/** One client's pool of permits. */
export interface Permits {
  /** Calls `start` with a permit, now or when one frees (oldest first). */
  readonly take: (start: () => void) => Done
  /** Runs `effect` holding a permit. */
  readonly hold: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

const WAITING = 0
const HELD = 1
const DONE = 2

interface Ticket {
  state: number
  readonly start: () => void
  /** Lease end (epoch ms) while held. */
  until: number
  /** Settles the waiter's own promise (set while waiting). */
  wake: (() => void) | undefined
  keepAlive: ReturnType<typeof setTimeout> | undefined
}

/** A pool of `size` permits, each leased for at most `leaseMillis`. */
export const makePermits = (size: number, leaseMillis = 60_000): Permits => {
  let free = size
  const held = new Set<Ticket>()
  // FIFO of waiters; `head` advances instead of shifting, cancelled tickets are skipped.
  let queue: Array<Ticket> = []
  let head = 0

  const grant = (ticket: Ticket, now: number) => {
    ticket.state = HELD
    ticket.until = now + leaseMillis
    held.add(ticket)
  }

  // One permit came free: to the oldest waiter, or back to the pool.
  const handOff = (now: number) => {
    while (head < queue.length) {
      const next = queue[head]!
      queue[head++] = undefined as never
      if (next.state !== WAITING) continue
      grant(next, now)
      next.wake?.()
      return
    }
    queue = []
    head = 0
    free++
  }

  // Leases that ran out: their holders are gone (or stalled far past their timeout).
  const reclaim = (now: number) => {
    for (const t of held) {
      if (t.until > now) continue
      held.delete(t)
      t.state = DONE
      handOff(now)
    }
  }

  const done = (ticket: Ticket): Done => () => {
    if (ticket.state === HELD) {
      held.delete(ticket)
      handOff(Date.now())
    } else if (ticket.keepAlive !== undefined) {
      clearTimeout(ticket.keepAlive)
    }
    ticket.state = DONE
  }

  const keepAlive = (ticket: Ticket) => {
    let next = Infinity
    for (const t of held) next = Math.min(next, t.until)
    const delay = Number.isFinite(next) ? Math.max(1, next - Date.now() + 1) : leaseMillis
    ticket.keepAlive = setTimeout(() => {
      ticket.keepAlive = undefined
      if (ticket.state !== WAITING) return
      reclaim(Date.now())
      if (ticket.state === WAITING) keepAlive(ticket)
    }, delay)
  }

  const take = (start: () => void): Done => {
    if (free > 0 && head === queue.length) {
      free--
      const ticket: Ticket = { state: HELD, start, until: 0, wake: undefined, keepAlive: undefined }
      grant(ticket, Date.now())
      start()
      return done(ticket)
    }
    const ticket: Ticket = { state: WAITING, start, until: 0, wake: undefined, keepAlive: undefined }
    queue.push(ticket)
    new Promise<void>((resolve) => {
      ticket.wake = resolve
    }).then(() => {
      ticket.wake = undefined
      if (ticket.keepAlive !== undefined) clearTimeout(ticket.keepAlive)
      ticket.keepAlive = undefined
      if (ticket.state === HELD) ticket.start()
    })
    keepAlive(ticket)
    return done(ticket)
  }

  const hold = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    // The exit hook is in place before the wait starts, so a permit granted to a fiber that is
    // interrupted before it runs is still given back.
    Effect.uninterruptibleMask((restore) => {
      let finish: Done | undefined
      const wait = Effect.callback<void>((resume) => {
        finish = take(() => resume(Effect.void))
      })
      return Effect.onExit(restore(Effect.andThen(wait, effect)), () => Effect.sync(() => finish?.()))
    })

  return { take, hold }
}
