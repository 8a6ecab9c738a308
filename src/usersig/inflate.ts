// A small RFC 1951 inflater that writes into a fixed buffer and stops the moment the output would
// pass its end. Why not fflate: its one-shot `inflateSync` into a fixed buffer keeps decoding the
// whole input when the buffer is full (writes past the end are dropped), so 1 KiB of zlib bomb
// cost ~1 MiB of work, ~1,000× a normal reject; its streaming `Inflate` allocates ~128 KiB per
// push, so small steps made every official (Huffman-coded) token 10-100× slower to verify. Here a
// bomb costs at most the buffer's size in output work (bench/usersig.ts prints the ratio).
//
// Strict where zlib is strict: stored-block NLEN, over-subscribed codes, invalid length/distance
// symbols, distances before the start, truncation. Fixed-code blocks (what zlib writes for a
// token's few hundred bytes) decode through one 512-entry table built once; dynamic blocks follow
// zlib's reference decoder puff.c, reading canonical codes one bit at a time, with no per-block
// table to fill (so a hostile stream of many block headers costs no more per byte than a token).
import { codeTables, fixedCodes, reverse } from "./code-tables.ts"
import { fail } from "./errors.ts"

const malformed = (): never => fail("MALFORMED", "token payload is not a valid deflate stream")

// The order code-length code lengths are sent in (RFC 1951 §3.2.7).
const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

// A canonical Huffman code is `counts` (codes per length, 16 entries) followed by the symbols in
// code order: index 16 + k is the k-th symbol. Built into reused buffers (typed-array allocation
// costs V8 more than decoding a whole token).
const litCode = new Uint16Array(16 + 288)
const distCode = new Uint16Array(16 + 32)
const lenCode = new Uint16Array(16 + 19)
const offsets = new Uint16Array(16)
const lengths = new Uint8Array(288 + 32)
const lenLengths = new Uint8Array(19)

const build = (lengths: Uint8Array, code: Uint16Array): Uint16Array => {
  code.fill(0, 0, 16)
  for (const l of lengths) code[l]!++
  code[0] = offsets[1] = 0
  for (let len = 1, left = 1; len < 16; len++) {
    left = left * 2 - code[len]!
    if (left < 0) malformed() // over-subscribed
    if (len < 15) offsets[len + 1] = offsets[len]! + code[len]!
  }
  for (let s = 0; s < lengths.length; s++) if (lengths[s]) code[16 + offsets[lengths[s]!]!++] = s
  return code
}

// The fixed literal/length code by its next 9 input bits: `symbol << 4 | length`.
let fixedTable: Uint16Array | undefined
const fixedLookup = (): Uint16Array => {
  if (fixedTable) return fixedTable
  const t = new Uint16Array(512)
  fixedCodes().forEach((c, sym) => {
    for (let i = c >>> 4; i < 512; i += 1 << (c & 15)) t[i] = (sym << 4) | (c & 15)
  })
  return (fixedTable = t)
}

/**
 * Inflates the raw deflate stream `src` into `out` and returns the number of bytes written. Throws
 * `UserSigError` MALFORMED when the stream is invalid, and calls `tooLarge` (which must throw) as
 * soon as the output would not fit in `out`, before writing any of it.
 */
export const inflateInto = (src: Uint8Array, out: Uint8Array, tooLarge: () => never): number => {
  const max = out.length
  const end = src.length * 8
  const { lenBase, lenExtra, distBase, distExtra } = codeTables()
  // p: the next bit to read. Bytes past the end read as 0; every read is checked against `end`
  // before its value is used for output.
  let p = 0
  let o = 0
  const bits = (n: number): number => {
    const i = p >> 3
    const v = ((src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16)) >>> (p & 7)) & ((1 << n) - 1)
    if ((p += n) > end) malformed()
    return v
  }
  const decode = (c: Uint16Array): number => {
    for (let len = 1, code = 0, first = 0, index = 16; len < 16; len++) {
      code |= (src[p >> 3]! >> (p & 7)) & 1
      if (++p > end) malformed()
      const count = c[len]!
      if (code - count < first) return c[index + code - first]!
      index += count
      first = (first + count) << 1
      code <<= 1
    }
    return malformed() // a code the table does not assign (incomplete code)
  }

  for (let final = 0; !final;) {
    final = bits(1)
    const type = bits(2)
    if (type === 0) {
      let i = (p + 7) >> 3 // stored: skip to the byte boundary
      if (i + 4 > src.length) malformed()
      const len = src[i]! | (src[i + 1]! << 8)
      if ((src[i + 2]! | (src[i + 3]! << 8)) !== (~len & 0xffff)) malformed()
      i += 4
      if (i + len > src.length) malformed()
      if (o + len > max) tooLarge()
      out.set(src.subarray(i, i + len), o)
      o += len
      p = (i + len) * 8
      continue
    }
    let lit: Uint16Array | undefined
    let dist: Uint16Array | undefined
    const fixed = type === 1 ? fixedLookup() : undefined
    if (type === 2) {
      const nLit = bits(5) + 257
      const nDist = bits(5) + 1
      const nCode = bits(4) + 4
      if (nLit > 286 || nDist > 30) malformed()
      lenLengths.fill(0)
      for (let i = 0; i < nCode; i++) lenLengths[ORDER[i]!] = bits(3)
      build(lenLengths, lenCode)
      const all = lengths.subarray(0, nLit + nDist)
      for (let i = 0; i < all.length;) {
        const s = decode(lenCode)
        if (s < 16) {
          all[i++] = s
          continue
        }
        if (s === 16 && i === 0) malformed()
        const repeat = s === 16 ? all[i - 1]! : 0
        let n = s === 16 ? 3 + bits(2) : s === 17 ? 3 + bits(3) : 11 + bits(7)
        if (i + n > all.length) malformed()
        while (n--) all[i++] = repeat
      }
      if (!all[256]) malformed() // no end-of-block code
      lit = build(all.subarray(0, nLit), litCode)
      dist = build(all.subarray(nLit), distCode)
    } else if (type !== 1) {
      return malformed()
    }
    for (;;) {
      let s: number
      if (fixed) {
        const i = p >> 3
        const c = fixed[((src[i]! | (src[i + 1]! << 8)) >>> (p & 7)) & 511]!
        if ((p += c & 15) > end) malformed()
        s = c >> 4
      } else s = decode(lit!)
      if (s < 256) {
        if (o >= max) tooLarge()
        out[o++] = s
      } else if (s === 256) {
        break
      } else {
        if (s > 285) malformed()
        const len = lenBase[s - 257]! + bits(lenExtra[s - 257]!)
        const d = fixed ? reverse(bits(5), 5) : decode(dist!)
        if (d > 29) malformed()
        const back = distBase[d]! + bits(distExtra[d]!)
        if (back > o) malformed()
        if (o + len > max) tooLarge()
        // A run of one byte (the usual bomb) fills natively; other overlaps copy byte by byte.
        if (back === 1) out.fill(out[o - 1]!, o, o + len)
        else if (back >= len) out.copyWithin(o, o - back, o - back + len)
        else for (let i = o; i < o + len; i++) out[i] = out[i - back]!
        o += len
      }
    }
  }
  return o
}
