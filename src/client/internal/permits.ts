/**
 * The client's bound on requests in flight (`concurrency`), as a plain FIFO pool usable from
 * both sides of the Effect boundary:
 *
 * - `take` is plain JavaScript, for the direct fetch transport, which takes its permit inside
 *   the one `Effect.callback` of a request. An Effect `Semaphore` around each call
 *   (`uninterruptibleMask` + exit hook) cost about 1.5 µs of a 10 µs call
 *   (bench/client-overhead.ts).
 * - `hold` is the Effect form, interruption-safe, for calls that must hold the permit across
 *   an Effect wait (the rate-limit slot, which has to be the last wait before sending) and for
 *   an injected HttpClient.
 *
 * A released permit goes to the oldest waiter (hand-off), on a microtask rather than inside the
 * releasing call, so a chain of waiters never nests.
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
}

/** A pool of `size` permits. */
export const makePermits = (size: number): Permits => {
  let free = size
  // FIFO of waiters; `head` advances instead of shifting, cancelled tickets are skipped.
  let queue: Array<Ticket> = []
  let head = 0

  const release = () => {
    while (head < queue.length) {
      const next = queue[head]!
      queue[head++] = undefined as never
      if (next.state !== WAITING) continue
      next.state = HELD
      queueMicrotask(next.start)
      return
    }
    queue = []
    head = 0
    free++
  }

  const done = (ticket: Ticket): Done => () => {
    if (ticket.state === HELD) release()
    ticket.state = DONE
  }

  const take = (start: () => void): Done => {
    if (free > 0 && head === queue.length) {
      free--
      const ticket: Ticket = { state: HELD, start }
      start()
      return done(ticket)
    }
    const ticket: Ticket = { state: WAITING, start }
    queue.push(ticket)
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
