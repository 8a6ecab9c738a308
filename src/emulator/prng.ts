/**
 * A tiny seeded PRNG (mulberry32) so random faults replay identically for the same seed on every
 * runtime. Not for cryptography: it only decides which requests get a fault.
 *
 * @module
 */

/** Returns a function yielding uniform floats in [0, 1), fully determined by `seed` (uint32). */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
