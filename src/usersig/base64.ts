// Strict base64 in the two alphabets UserSig uses. Tokens use Tencent's URL-safe variant of the
// standard alphabet (`+`→`*`, `/`→`-`, `=`→`_`, padding kept; Go v1.4's base64url.go encodes it in
// one step the same way); TLS.sig and TLS.userbuf inside the JSON use standard base64.
// Hand-written rather than btoa/atob: those work on "binary strings", need a replace pass for the
// token alphabet, and atob is lenient (skips whitespace, accepts missing padding).
import { fail } from "./errors.ts"
import { utf8Lossy } from "./text.ts"

/** One alphabet: 64 symbol char codes, the padding char code, and the reverse map. */
export interface Alphabet {
  readonly symbols: Uint8Array
  readonly pad: number
  readonly values: Int8Array
}

const makeAlphabet = (last2: string, pad: string): Alphabet => {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + last2
  const symbols = new Uint8Array(64)
  const values = new Int8Array(128).fill(-1)
  for (let i = 0; i < 64; i++) {
    symbols[i] = chars.charCodeAt(i)
    values[symbols[i]!] = i
  }
  return { symbols, pad: pad.charCodeAt(0), values }
}

/** RFC 4648 standard base64 (`+`, `/`, `=`): TLS.sig and TLS.userbuf. */
export const STANDARD: Alphabet = /* @__PURE__ */ makeAlphabet("+/", "=")
/** The token alphabet (`*`, `-`, `_`): the whole UserSig / PrivateMapKey. */
export const TOKEN: Alphabet = /* @__PURE__ */ makeAlphabet("*-", "_")

// Reused output buffer: allocating a typed array over 64 bytes costs V8 about as much as encoding
// a whole token. Safe because encoding is synchronous and the returned string is a copy.
let scratch = new Uint8Array(0)

/** Encodes bytes with padding. The output is ASCII, so a UTF-8 TextDecoder makes the string in one native call. */
export const encodeBase64 = (bytes: Uint8Array, alphabet: Alphabet): string => {
  const { symbols, pad } = alphabet
  const len = bytes.length
  const size = Math.ceil(len / 3) * 4
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, 1024))
  const out = scratch
  const whole = len - (len % 3)
  let o = 0
  let i = 0
  for (; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out[o] = symbols[n >>> 18]!
    out[o + 1] = symbols[(n >>> 12) & 63]!
    out[o + 2] = symbols[(n >>> 6) & 63]!
    out[o + 3] = symbols[n & 63]!
    o += 4
  }
  if (i < len) {
    const n = (bytes[i]! << 16) | (i + 1 < len ? bytes[i + 1]! << 8 : 0)
    out[o] = symbols[n >>> 18]!
    out[o + 1] = symbols[(n >>> 12) & 63]!
    out[o + 2] = i + 1 < len ? symbols[(n >>> 6) & 63]! : pad
    out[o + 3] = pad
  }
  return utf8Lossy.decode(out.subarray(0, size))
}

/**
 * Decodes strictly: length a multiple of 4, only alphabet symbols, at most two padding chars and
 * only at the end, and zero unused bits (so every byte string has exactly one accepted text).
 * Throws MALFORMED naming `what`; the text itself is never echoed (it may be a credential).
 */
export const decodeBase64 = (text: string, alphabet: Alphabet, what: string): Uint8Array => decode(text, alphabet, what, false)

let decodeScratch = new Uint8Array(0)

/** As decodeBase64, into a reused buffer: consume the result before the next call. */
export const decodeBase64Reused = (text: string, alphabet: Alphabet, what: string): Uint8Array =>
  decode(text, alphabet, what, true)

const decode = (text: string, alphabet: Alphabet, what: string, reuse: boolean): Uint8Array => {
  const len = text.length
  if (len % 4 !== 0) fail("MALFORMED", `${what} is truncated: base64 length ${len} is not a multiple of 4`)
  const { values, pad } = alphabet
  let padding = 0
  if (len > 0 && text.charCodeAt(len - 1) === pad) padding = text.charCodeAt(len - 2) === pad ? 2 : 1
  const size = (len / 4) * 3 - padding
  let out: Uint8Array
  if (!reuse) out = new Uint8Array(size)
  else {
    if (decodeScratch.length < size) decodeScratch = new Uint8Array(Math.max(size, 1024))
    out = decodeScratch.subarray(0, size)
  }
  const body = len - padding
  let o = 0
  let acc = 0
  for (let i = 0; i < body; i++) {
    const c = text.charCodeAt(i)
    const v = c < 128 ? values[c]! : -1
    if (v < 0) fail("MALFORMED", `${what} has a character outside its base64 alphabet at index ${i}`)
    acc = (acc << 6) | v
    if ((i & 3) === 3) {
      out[o] = acc >>> 16
      out[o + 1] = (acc >>> 8) & 255
      out[o + 2] = acc & 255
      o += 3
      acc = 0
    }
  }
  if (padding && acc & (padding === 2 ? 15 : 3)) fail("MALFORMED", `${what} is not canonical base64 (non-zero padding bits)`)
  if (padding === 2) out[o] = acc >>> 4
  else if (padding === 1) {
    out[o] = acc >>> 10
    out[o + 1] = (acc >>> 2) & 255
  }
  return out
}
