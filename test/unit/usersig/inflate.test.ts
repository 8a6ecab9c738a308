// The bounded inflater (src/usersig/inflate.ts) against node:zlib as the oracle: every stream
// Node writes inflates to the same bytes, every mutation of one either inflates to what Node
// reads or fails with MALFORMED (never another error, never a hang), and output stops at the
// buffer's end before anything past it is decoded.
import fc from "fast-check"
import { constants, deflateRawSync, inflateRawSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { UserSigError } from "../../../src/usersig/mod.ts"
import { inflateInto } from "../../../src/usersig/inflate.ts"

class TooLarge extends Error {}
const tooLarge = (): never => {
  throw new TooLarge()
}
const shared = new Uint8Array(1 << 22)
const inflate = (raw: Uint8Array, max = 1 << 20): Buffer => {
  const out = shared.subarray(0, max)
  return Buffer.from(out.subarray(0, inflateInto(raw, out, tooLarge)))
}
const nodeInflate = (raw: Uint8Array): Buffer | undefined => {
  try {
    return inflateRawSync(raw)
  } catch {
    return undefined
  }
}

// Payloads zlib codes in every way: text-like, repetitive, random, and long runs.
const payload = fc.oneof(
  fc.string({ maxLength: 400, unit: "grapheme" }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
  fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 2000 })).map(([s, n]) => Buffer.from(s.repeat(n))),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 600 })), { maxLength: 20 })
    .map((runs) => Buffer.concat(runs.map(([b, n]) => Buffer.alloc(n, b)))),
)
const options = fc.record({
  level: fc.integer({ min: 0, max: 9 }),
  strategy: fc.constantFrom(
    constants.Z_DEFAULT_STRATEGY,
    constants.Z_FILTERED,
    constants.Z_HUFFMAN_ONLY,
    constants.Z_RLE,
    constants.Z_FIXED,
  ),
  windowBits: fc.integer({ min: 9, max: 15 }),
  memLevel: fc.integer({ min: 1, max: 9 }),
})

describe("inflateInto", () => {
  it("inflates whatever node:zlib deflates, at every level, strategy, window and memory level (property)", () => {
    fc.assert(
      fc.property(payload, options, (data, opts) => {
        expect(inflate(deflateRawSync(data, opts)).equals(data)).toBe(true)
      }),
      { numRuns: 600 },
    )
  })

  it("reads multi-block streams: stored blocks past 64 KiB and several Huffman blocks", () => {
    const data = Buffer.from(Array.from({ length: 150_000 }, (_, i) => (i * 7919) % 251))
    for (const level of [0, 1, 6, 9]) expect(inflate(deflateRawSync(data, { level })).equals(data)).toBe(true)
  })

  it("a mutated stream inflates exactly as Node reads it, or fails with MALFORMED; nothing else (property)", () => {
    fc.assert(
      fc.property(
        payload,
        options,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (data, opts, flips, cut) => {
          const z = Buffer.from(deflateRawSync(data, opts))
          for (const [at, byte] of flips) z[at % z.length] = byte
          const mutated = cut % 3 === 0 ? z.subarray(0, cut % (z.length + 1)) : z
          const node = nodeInflate(mutated)
          let ours: Buffer | undefined
          try {
            ours = inflate(mutated, 1 << 22)
          } catch (e) {
            expect(e).toBeInstanceOf(UserSigError)
            expect((e as UserSigError).code).toBe("MALFORMED")
          }
          // Whatever Node reads, we read identically. We may accept a little more (an incomplete
          // Huffman code the stream never uses, which zlib refuses up front): those bytes still
          // have to pass the Adler-32 and the HMAC.
          if (node !== undefined) expect(ours?.equals(node)).toBe(true)
        },
      ),
      { numRuns: 1500 },
    )
  })

  it("random bytes never throw anything but MALFORMED or the size limit", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          inflate(bytes, 4096)
        } catch (e) {
          if (!(e instanceof TooLarge)) expect((e as UserSigError).code).toBe("MALFORMED")
        }
      }),
      { numRuns: 3000 },
    )
  })

  it("stops the moment the output would pass the buffer, before decoding the rest", () => {
    // A bomb (zeros) followed by garbage that would be MALFORMED if it were ever decoded.
    const bomb = deflateRawSync(Buffer.alloc(1_000_000), { level: 9 })
    const poisoned = Buffer.concat([bomb.subarray(0, bomb.length - 20), Buffer.alloc(20, 0xff)])
    for (const size of [1, 258, 4096, 100_000]) {
      expect(() => inflate(poisoned, size)).toThrow(TooLarge)
      expect(inflate(deflateRawSync(Buffer.alloc(size), { level: 9 }), size).length).toBe(size)
    }
  })

  it("rejects what zlib rejects: bad stored length, reserved block type, distance too far back, truncation", () => {
    const malformed = (raw: Uint8Array) => {
      const e = (() => {
        try {
          inflate(raw)
        } catch (err) {
          return err
        }
        return undefined
      })()
      expect(e).toBeInstanceOf(UserSigError)
      expect(nodeInflate(raw)).toBeUndefined()
    }
    const stored = Buffer.from(deflateRawSync(Buffer.from("hello"), { level: 0 }))
    const badNlen = Buffer.from(stored)
    badNlen[3]! ^= 1
    malformed(badNlen)
    malformed(Buffer.from([0x07])) // BFINAL 1, BTYPE 11 (reserved)
    // Fixed block: a match (length 3, distance 1) before any output.
    malformed(Buffer.from([0x03, 0x02, 0x00]))
    const fixed = deflateRawSync(Buffer.from("hello hello hello hello"), { level: 9 })
    for (let n = 0; n < fixed.length; n++) malformed(fixed.subarray(0, n))
  })
})
