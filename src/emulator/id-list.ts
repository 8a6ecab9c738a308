/**
 * A push task's recipients, frozen when the task is created: the account ids the audience
 * resolved to, kept so the task's simulated deliveries (callbacks, statistics, traces) can be
 * generated later, a batch at a time, without holding one event per recipient. Broad audiences
 * keep the resolver's bitset (one bit per account: 125 KB for a million accounts), narrow ones a
 * sorted array of ids (4 bytes each), whichever the resolver produced.
 *
 * Iteration is by position (a bit index or an array index), a plain number a cursor can store.
 *
 * @module
 */

/** A frozen set of account ids, iterated in ascending order from any saved position. */
export class IdList {
  /** Number of ids. */
  readonly size: number
  readonly #bits: Uint32Array | undefined
  readonly #ids: Uint32Array | undefined

  private constructor(size: number, bits: Uint32Array | undefined, ids: Uint32Array | undefined) {
    this.size = size
    this.#bits = bits
    this.#ids = ids
  }

  /** Over a bitset of `size` set bits (the bitset is kept, not copied: the caller hands it over). */
  static ofBits(bits: Uint32Array, size: number): IdList {
    return new IdList(size, bits, undefined)
  }

  /** Over ids in the given order (a batch keeps its request order; audiences pass them sorted). */
  static ofIds(ids: Uint32Array): IdList {
    return new IdList(ids.length, undefined, ids)
  }

  /** Bytes held (for the bench and the inspection API). */
  get bytes(): number {
    return (this.#bits ?? this.#ids)!.byteLength
  }

  /**
   * The first id at or after `position`, with the position after it; `undefined` at the end.
   * Start with position 0.
   */
  next(position: number): { readonly id: number; readonly position: number } | undefined {
    const ids = this.#ids
    if (ids !== undefined) return position < ids.length ? { id: ids[position]!, position: position + 1 } : undefined
    const bits = this.#bits!
    let w = position >>> 5
    if (w >= bits.length) return undefined
    // The bits of the first word at or after `position`.
    let word = bits[w]! & (~0 << (position & 31))
    while (word === 0) {
      if (++w >= bits.length) return undefined
      word = bits[w]!
    }
    const id = w * 32 + 31 - Math.clz32(word & -word)
    return { id, position: id + 1 }
  }

  /** Whether `id` is in the list. */
  has(id: number): boolean {
    const ids = this.#ids
    if (ids !== undefined) return ids.includes(id)
    const w = id >>> 5
    return w < this.#bits!.length && (this.#bits![w]! & (1 << (id & 31))) !== 0
  }
}
