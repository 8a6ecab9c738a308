/**
 * A sliding-window log rate limiter: the emulator must be an exact judge of "at most `limit`
 * calls in ANY window of `windowMs`", which fixed windows and token buckets are not (a fixed
 * window lets 2x`limit` through across a boundary; a bucket admits bursts after idling).
 *
 * A call at time `t` is admitted iff fewer than `limit` admitted calls have a time `> t - windowMs`
 * (the window is half-open: a call exactly `windowMs` earlier no longer counts). Rejected calls
 * are not recorded, so a client that is told to slow down is not punished twice. Memory is one
 * ring of `limit` timestamps: the oldest of the last `limit` admitted calls decides.
 *
 * @module
 */
export class SlidingWindow {
  readonly limit: number
  readonly windowMs: number
  readonly #ring: Float64Array
  #next = 0
  #size = 0

  constructor(limit: number, windowMs: number) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError(`invalid rate limit ${limit} per ${windowMs} ms`)
    this.limit = Math.floor(limit)
    this.windowMs = windowMs
    this.#ring = new Float64Array(this.limit)
  }

  /** Admits (and records) a call at `now`, or returns false without recording it. */
  tryAcquire(now: number): boolean {
    if (this.#size === this.limit) {
      const oldest = this.#ring[this.#next]!
      if (oldest > now - this.windowMs) return false
    } else {
      this.#size++
    }
    this.#ring[this.#next] = now
    this.#next = (this.#next + 1) % this.limit
    return true
  }

  /** Whether a call at `now` would be admitted (nothing recorded). */
  canAcquire(now: number): boolean {
    return this.#size < this.limit || this.#ring[this.#next]! <= now - this.windowMs
  }

  /** The earliest time a call can be admitted (`now` or later). */
  nextFreeAt(now: number): number {
    return this.#size < this.limit ? now : Math.max(now, this.#ring[this.#next]! + this.windowMs)
  }

  /** How many admitted calls fall inside the window ending at `now`. */
  count(now: number): number {
    let n = 0
    for (let i = 0; i < this.#size; i++) if (this.#ring[i]! > now - this.windowMs) n++
    return n
  }
}
