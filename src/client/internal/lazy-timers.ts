/**
 * Per-request timeout timers, armed one macrotask late. A request answered within the turn it
 * started (an in-memory `fetch`: the emulator, a test double) never creates a timer; any other
 * request gets its own timer, armed at most one turn late for the time that remains. A timer
 * created and cleared per request cost about 2 µs of a 15 µs in-memory call on Node
 * (bench/client-overhead.ts), and nothing for a network call, whose timer is armed as before.
 *
 * One shared `setTimeout(flush)` per turn finds the deadlines still pending, but it does not arm
 * their timers itself: on Workers a timer belongs to the request that created it, and the flush
 * runs in whichever request scheduled it. So each deadline, when set, registers a continuation on
 * a promise of its own (created in its own request), and the flush only settles that promise.
 * The runtime runs the continuation in the deadline's own request (Workers defers a settlement
 * from another request to the promise's creator), which arms the timer there. Elsewhere it is one
 * microtask. A promise and a continuation cost about 0.1 µs; a timer, about 2 µs.
 *
 * A flush that never runs (the request that scheduled it ended first) only delays arming: the
 * next deadline set after the flush was due arms the overdue ones itself.
 *
 * @module
 */

/** One request's pending timeout. */
export interface Deadline {
  /** Cancels the timeout (the request settled). */
  readonly clear: () => void
}

interface Entry {
  readonly at: number
  fire: (() => void) | undefined
  timer: ReturnType<typeof setTimeout> | undefined
  /** Settles the entry's own promise, whose continuation arms the timer. */
  arm: (() => void) | undefined
}

// Above this many entries waiting for the turn to end, the live ones are armed at once, so a
// long run of in-memory calls inside one turn holds no more than this many entries.
const MAX_PENDING = 1024
// A flush later than this (ms past its schedule) is presumed lost; the next deadline flushes.
const OVERDUE_MILLIS = 50

/** A scheduler of deadlines. */
export const makeLazyTimers = () => {
  let pending: Array<Entry> = []
  let scheduledAt: number | undefined

  const flush = () => {
    scheduledAt = undefined
    const batch = pending
    pending = []
    for (const e of batch) {
      const arm = e.arm
      e.arm = undefined
      if (e.fire !== undefined) arm?.()
    }
  }

  /** Calls `fire` after `ms` unless cleared first. */
  const after = (ms: number, fire: () => void): Deadline => {
    const now = Date.now()
    const e: Entry = { at: now + ms, fire, timer: undefined, arm: undefined }
    new Promise<void>((resolve) => {
      e.arm = resolve
    }).then(() => {
      if (e.fire !== undefined) e.timer = setTimeout(e.fire, Math.max(0, e.at - Date.now()))
    })
    if (pending.length >= MAX_PENDING || (scheduledAt !== undefined && now - scheduledAt > OVERDUE_MILLIS)) flush()
    pending.push(e)
    if (scheduledAt === undefined) {
      scheduledAt = now
      setTimeout(flush, 0)
    }
    return {
      clear: () => {
        e.fire = undefined
        if (e.timer !== undefined) clearTimeout(e.timer)
      },
    }
  }
  return { after }
}
