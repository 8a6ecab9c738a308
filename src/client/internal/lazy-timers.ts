/**
 * Per-request timeout timers, armed one macrotask late. A request answered within the turn it
 * started (an in-memory `fetch`: the emulator, a test double) never creates a timer; any other
 * request gets its own timer, armed at most one turn late for the time that remains. A timer
 * created and cleared per request cost about 2 µs of a 15 µs in-memory call on Node
 * (bench/client-overhead.ts), and nothing for a network call, whose timer is armed as before.
 *
 * Each request keeps its own timer rather than sharing one for many: on Workers a timer belongs
 * to the request that created it, and a shared one could fire in the wrong request's context.
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
}

// Above this many entries waiting for the turn to end, the live ones are armed at once, so a
// long run of in-memory calls inside one turn holds no more than this many entries.
const MAX_PENDING = 1024

/** A scheduler of deadlines. */
export const makeLazyTimers = () => {
  let pending: Array<Entry> = []
  let scheduled = false

  const arm = (e: Entry, now: number) => {
    if (e.fire !== undefined) e.timer = setTimeout(e.fire, Math.max(0, e.at - now))
  }
  const flush = () => {
    scheduled = false
    const batch = pending
    pending = []
    const now = Date.now()
    for (const e of batch) arm(e, now)
  }

  /** Calls `fire` after `ms` unless cleared first. */
  const after = (ms: number, fire: () => void): Deadline => {
    const e: Entry = { at: Date.now() + ms, fire, timer: undefined }
    if (pending.length >= MAX_PENDING) flush()
    pending.push(e)
    if (!scheduled) {
      scheduled = true
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
