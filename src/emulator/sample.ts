/**
 * Keeps the `size` smallest numbers seen (account ids are assigned in import order, so this is
 * "the first `size` recipients in import order"), in O(1) for the common case of an id larger
 * than everything kept. Used to store a recipient sample per push task instead of the whole
 * (possibly million-entry) audience.
 *
 * @module
 */
export class SmallestK {
  readonly size: number
  readonly #kept: Array<number> = []

  constructor(size: number) {
    this.size = Math.max(0, Math.floor(size))
  }

  add(id: number): void {
    const kept = this.#kept
    if (kept.length === this.size) {
      if (this.size === 0 || id >= kept[kept.length - 1]!) return
      kept.pop()
    }
    let lo = 0
    let hi = kept.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (kept[mid]! < id) lo = mid + 1
      else hi = mid
    }
    kept.splice(lo, 0, id)
  }

  values(): ReadonlyArray<number> {
    return this.#kept
  }
}
