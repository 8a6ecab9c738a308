// zlib (RFC 1950) framing. Every official SDK wraps the JSON in zlib, not raw deflate, and
// Tencent's server evidently accepts any valid zlib stream: Go v1.4 ships level 0 (stored blocks).
import { deflateFixed } from "./deflate.ts"
import { fail } from "./errors.ts"
import { inflateInto } from "./inflate.ts"
import { utf8 } from "./text.ts"

/** Inflated payloads larger than this are rejected (a real token's JSON is well under 1 KiB). */
export const MAX_INFLATED_BYTES = 4096

/** Adler-32, as in the zlib trailer. */
export const adler32 = (bytes: Uint8Array): number => {
  const end = bytes.length
  let a = 1
  let b = 0
  let i = 0
  while (i < end) {
    // zlib's NMAX: the longest run before the sums must be reduced to stay within 32 bits.
    const stop = Math.min(i + 5552, end)
    for (; i < stop; i++) {
      a += bytes[i]!
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

const writeAdler = (out: Uint8Array, at: number, adler: number): void => {
  out[at] = adler >>> 24
  out[at + 1] = (adler >>> 16) & 255
  out[at + 2] = (adler >>> 8) & 255
  out[at + 3] = adler & 255
}

let text8 = new Uint8Array(0)
let frame = new Uint8Array(0)

/**
 * Level 0: the zlib header 78 01, stored deflate blocks of at most 65535 bytes (BFINAL on the last),
 * and the Adler-32 trailer: the format Go v1.4 ships by default. For one block (any real token)
 * it is byte-identical to Node's `deflateSync(x, { level: 0 })` and fflate's level 0 (Node splits
 * longer data at its own buffer sizes).
 */
const stored = (data: Uint8Array): Uint8Array => {
  const n = data.length
  const blocks = Math.max(1, Math.ceil(n / 65535))
  const size = 2 + blocks * 5 + n + 4
  if (frame.length < size) frame = new Uint8Array(Math.max(size, 2048))
  const out = frame
  out[0] = 0x78
  out[1] = 0x01
  let o = 2
  for (let i = 0, b = 0; b < blocks; b++) {
    const len = Math.min(65535, n - i)
    out[o] = b === blocks - 1 ? 1 : 0
    out[o + 1] = len & 255
    out[o + 2] = len >>> 8
    out[o + 3] = ~len & 255
    out[o + 4] = (~len >>> 8) & 255
    out.set(data.subarray(i, i + len), o + 5)
    o += 5 + len
    i += len
  }
  writeAdler(out, o, adler32(data))
  return out.subarray(0, size)
}

/**
 * The JSON text as a zlib stream at level 0..9, in a reused buffer (consume it before the next
 * call). Level 0 stores; 1..9 use deflate.ts, falling back to stored if that would be larger.
 * Both are much cheaper than fflate's compressor, which allocates ~100 KB of match tables per
 * call: more than the whole rest of a token costs.
 */
export const zlibText = (text: string, level: number): Uint8Array => {
  if (text8.length < text.length * 3) text8 = new Uint8Array(Math.max(text.length * 3, 2048))
  const data = text8.subarray(0, utf8.encodeInto(text, text8).written)
  if (level > 0) {
    const { buf, length } = deflateFixed(data, level)
    if (length < 7 + data.length) {
      writeAdler(buf, length, adler32(data))
      return buf.subarray(0, length + 4)
    }
  }
  return stored(data)
}

let scratch: Uint8Array | undefined

/**
 * Inflates a zlib stream (the result is a view of a reused buffer: consume it before the next
 * call), strictly: valid header without a preset dictionary, a valid deflate stream (inflate.ts),
 * and a matching Adler-32. Output past MAX_INFLATED_BYTES fails the moment it would be written, so
 * a zlib bomb costs at most that much inflate work, whatever its length.
 */
export const unzlibCapped = (z: Uint8Array): Uint8Array => {
  const cmf = z[0]!
  const flg = z[1]!
  if (z.length < 7 || (cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0)
    fail("MALFORMED", "token payload is not a zlib stream")
  if (flg & 0x20) fail("MALFORMED", "token payload uses a zlib preset dictionary")
  scratch ??= new Uint8Array(MAX_INFLATED_BYTES)
  const out = scratch.subarray(0, inflateInto(z.subarray(2, z.length - 4), scratch, tooLarge))
  const expected = ((z[z.length - 4]! << 24) | (z[z.length - 3]! << 16) | (z[z.length - 2]! << 8) | z[z.length - 1]!) >>> 0
  if (adler32(out) !== expected) fail("MALFORMED", "token payload fails its zlib Adler-32 check")
  return out
}

const tooLarge = (): never => fail("MALFORMED", `token payload inflates to more than ${MAX_INFLATED_BYTES} bytes`)
