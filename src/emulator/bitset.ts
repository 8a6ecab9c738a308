/**
 * Query bitsets over account ids, for resolving broad audiences: each index set is ORed into
 * bits (a word copy when it is dense, one pass when sparse), and AND / AND-NOT are then word
 * operations. That beats probing a hash set per candidate, a cache miss each time on
 * million-entry sets.
 *
 * @module
 */

/** Words needed for `n` bits. */
export const wordsFor = (n: number): number => (n + 31) >>> 5

export const andInto = (target: Uint32Array, other: Uint32Array): void => {
  for (let i = 0; i < target.length; i++) target[i]! &= other[i]!
}

export const andNotInto = (target: Uint32Array, other: Uint32Array): void => {
  for (let i = 0; i < target.length; i++) target[i]! &= ~other[i]!
}

const popcount32 = (v: number): number => {
  v = v - ((v >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff
}

export const count = (bits: Uint32Array): number => {
  let n = 0
  for (let i = 0; i < bits.length; i++) if (bits[i] !== 0) n += popcount32(bits[i]!)
  return n
}

/** The `k` lowest set bits, ascending. */
export const lowest = (bits: Uint32Array, k: number): Array<number> => {
  const out: Array<number> = []
  for (let i = 0; i < bits.length && out.length < k; i++) {
    let w = bits[i]!
    while (w !== 0 && out.length < k) {
      const low = w & -w
      out.push(i * 32 + 31 - Math.clz32(low))
      w ^= low
    }
  }
  return out
}
