// zlib (RFC 1950) framing. Every official SDK wraps the JSON in zlib, not raw deflate, and
// Tencent's server evidently accepts any valid zlib stream: Go v1.4 ships level 0 (stored blocks).
import { Inflate, inflateSync } from "fflate"
import { deflateFixed } from "./deflate.ts"
import { UserSigError, fail } from "./errors.ts"
import { utf8 } from "./text.ts"

/** Inflated payloads larger than this are rejected (a real token's JSON is well under 1 KiB). */
export const MAX_INFLATED_BYTES = 65536

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

// Above this much deflate input, inflate in chunks so a zlib bomb stops early (see below).
const ONE_SHOT_INPUT = 1024
// Deflate expands at most ~1032:1, so one chunk of input yields at most ~1 MiB before we can check.
const CHUNK = 1024

let scratch: Uint8Array | undefined

/**
 * Inflates a zlib stream (the result may be a view of a reused buffer: consume it before the next
 * call), strictly: valid header without a preset dictionary, a complete deflate
 * stream, and a matching Adler-32 (fflate's unzlib skips that check, so we do it here). Payloads
 * over MAX_INFLATED_BYTES fail fast:
 *  - small inputs (≤ 1 KiB, every real token) inflate in one call into a reused fixed buffer, with
 *    no allocation; fflate never grows a caller's buffer, so at most ~1 MiB of output work is done;
 *  - larger inputs are fed to fflate's streaming Inflate 1 KiB at a time and abandoned as soon as
 *    the output passes the cap, without inflating the rest.
 */
export const unzlibCapped = (z: Uint8Array): Uint8Array => {
  const cmf = z[0]!
  const flg = z[1]!
  if (z.length < 7 || (cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0)
    fail("MALFORMED", "token payload is not a zlib stream")
  if (flg & 0x20) fail("MALFORMED", "token payload uses a zlib preset dictionary")
  const body = z.subarray(2, z.length - 4)
  let out: Uint8Array
  try {
    out = body.length <= ONE_SHOT_INPUT ? inflateOneShot(body) : inflateChunked(body)
  } catch (e) {
    if (e instanceof UserSigError) throw e
    // fflate's messages ("invalid distance"...) carry no data, but we keep ours uniform.
    return fail("MALFORMED", "token payload is not a valid deflate stream")
  }
  const expected = ((z[z.length - 4]! << 24) | (z[z.length - 3]! << 16) | (z[z.length - 2]! << 8) | z[z.length - 1]!) >>> 0
  if (adler32(out) !== expected) fail("MALFORMED", "token payload fails its zlib Adler-32 check")
  return out
}

const tooLarge = (): never => fail("MALFORMED", `token payload inflates to more than ${MAX_INFLATED_BYTES} bytes`)

const inflateOneShot = (body: Uint8Array): Uint8Array => {
  scratch ??= new Uint8Array(MAX_INFLATED_BYTES + 1)
  const got = inflateSync(body, { out: scratch })
  // fflate writes nothing past the end of a caller's buffer and returns at most its length.
  if (got.length > MAX_INFLATED_BYTES) tooLarge()
  return got
}

const inflateChunked = (body: Uint8Array): Uint8Array => {
  const parts: Array<Uint8Array> = []
  let total = 0
  const inflater = new Inflate((chunk) => {
    total += chunk.length
    if (total > MAX_INFLATED_BYTES) tooLarge()
    parts.push(chunk)
  })
  for (let i = 0; i < body.length; i += CHUNK) inflater.push(body.subarray(i, i + CHUNK), i + CHUNK >= body.length)
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
