/**
 * The set of input records an import has finished with (acknowledged by the service, failed
 * with a recorded reason, or rejected locally as a bad row), keyed by the record's sequence
 * number (1, 2, 3... in input order, header excluded).
 *
 * Stored as a low-water mark (`below`: every seq < below is done) plus sorted, disjoint,
 * inclusive ranges above it. Work is dispatched in input order with bounded concurrency, so
 * the ranges stay few (about one per request in flight) and the checkpoint stays small even
 * for millions of rows.
 *
 * @module
 */

/** Serialised form kept in the checkpoint. */
export interface DoneSetJson {
  readonly below: number
  readonly ranges: ReadonlyArray<readonly [number, number]>
}

/** A set of done sequence numbers; see the module doc. */
export class DoneSet {
  private below: number
  private ranges: Array<[number, number]>

  constructor(json?: DoneSetJson) {
    this.below = json?.below ?? 1
    this.ranges = (json?.ranges ?? []).map(([a, b]) => [a, b])
    this.compact()
  }

  /** True when `seq` is done. */
  has(seq: number): boolean {
    if (seq < this.below) return true
    let lo = 0
    let hi = this.ranges.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const [a, b] = this.ranges[mid]!
      if (seq < a) hi = mid - 1
      else if (seq > b) lo = mid + 1
      else return true
    }
    return false
  }

  /** Marks `start..end` (inclusive) done. */
  add(start: number, end: number = start): void {
    if (end < this.below) return
    start = Math.max(start, this.below)
    // Find the first range that ends at or after start - 1 (it may merge with ours).
    let i = 0
    while (i < this.ranges.length && this.ranges[i]![1] < start - 1) i++
    let s = start
    let e = end
    let j = i
    while (j < this.ranges.length && this.ranges[j]![0] <= end + 1) {
      s = Math.min(s, this.ranges[j]![0])
      e = Math.max(e, this.ranges[j]![1])
      j++
    }
    this.ranges.splice(i, j - i, [s, e])
    this.compact()
  }

  /** Every seq below this is done. */
  get lowWaterMark(): number {
    return this.below
  }

  /** How many ranges are kept above the low-water mark. */
  get rangeCount(): number {
    return this.ranges.length
  }

  toJSON(): DoneSetJson {
    return { below: this.below, ranges: this.ranges.map(([a, b]) => [a, b] as const) }
  }

  private compact(): void {
    while (this.ranges.length > 0 && this.ranges[0]![0] <= this.below) {
      this.below = Math.max(this.below, this.ranges[0]![1] + 1)
      this.ranges.shift()
    }
  }
}
