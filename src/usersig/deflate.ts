// A small zlib compressor for levels 1..9: greedy LZ77 with zlib's hash-chain depths per level,
// coded with the fixed Huffman table of RFC 1951 §3.2.6. On payloads the size of a token's JSON
// (~200 bytes) a dynamic Huffman table costs about as much as it saves, so zlib itself mostly
// picks fixed codes there (the official Node/Python/PHP tokens start with a fixed block); measured
// against Node's level 6 we are 2 bytes shorter on UserSigs and up to 4 bytes longer on
// PrivateMapKeys. In exchange we skip fflate's ~100 KB of per-call tables and its compressor code
// (~2.4 KB gzipped of the bundle). Any inflater reads the result (tests check node:zlib and fflate).
import { codeTables, fixedCodes, reverse } from "./code-tables.ts"

// zlib's max_chain and nice_length per level (deflate.c configuration_table).
const MAX_CHAIN = [0, 4, 8, 32, 16, 32, 128, 256, 1024, 4096]
const NICE = [0, 8, 16, 32, 16, 32, 128, 128, 258, 258]
// zlib header FLG per level: FLEVEL 0 (1), 1 (2-5), 2 (6), 3 (7-9), with FCHECK making CMF·FLG % 31 = 0.
const FLG = [0x01, 0x01, 0x5e, 0x5e, 0x5e, 0x5e, 0x9c, 0xda, 0xda, 0xda]

const WINDOW = 32768
const HASH_BITS = 10

let head = new Int32Array(1 << HASH_BITS)
let prev = new Int32Array(0)
let out = new Uint8Array(0)

/**
 * Compresses `data` as one fixed-Huffman deflate block after a zlib header, into a reused buffer
 * with 4 spare bytes after `length` for the caller's Adler-32 trailer. Consume before the next call.
 */
export const deflateFixed = (data: Uint8Array, level: number): { readonly buf: Uint8Array; readonly length: number } => {
  const n = data.length
  const codes = fixedCodes()
  const { lenBase, lenExtra, distBase, distExtra } = codeTables()
  // Worst case: 9 bits per literal, plus header, end-of-block code and the 4-byte trailer.
  const cap = 2 + Math.ceil((n * 9 + 10) / 8) + 8
  if (out.length < cap) out = new Uint8Array(Math.max(cap, 2048))
  if (prev.length < n) prev = new Int32Array(Math.max(n, 1024))
  head.fill(0)
  const o = out
  const maxChain = MAX_CHAIN[level]!
  const nice = NICE[level]!
  let pos = 2
  let bits = 0
  let count = 0
  const put = (value: number, len: number): void => {
    bits |= value << count
    count += len
    while (count >= 8) {
      o[pos++] = bits & 255
      bits >>>= 8
      count -= 8
    }
  }
  const literal = (sym: number): void => {
    const c = codes[sym]!
    put(c >>> 4, c & 15)
  }
  const hashAt = (i: number): number =>
    Math.imul((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!, 0x9e3779b1) >>> (32 - HASH_BITS)
  const insert = (i: number): void => {
    if (i + 2 < n) {
      const h = hashAt(i)
      prev[i] = head[h]!
      head[h] = i + 1
    }
  }

  o[0] = 0x78
  o[1] = FLG[level]!
  put(3, 3) // BFINAL = 1, BTYPE = 01 (fixed Huffman)
  let i = 0
  while (i < n) {
    let best = 0
    let bestDist = 0
    if (i + 2 < n) {
      let cand = head[hashAt(i)]! - 1
      const limit = Math.min(258, n - i)
      for (let chain = maxChain; cand >= 0 && i - cand <= WINDOW && chain > 0; chain--) {
        let len = 0
        while (len < limit && data[cand + len] === data[i + len]) len++
        if (len > best) {
          best = len
          bestDist = i - cand
          if (len >= nice) break
        }
        cand = prev[cand]! - 1
      }
    }
    if (best >= 3) {
      let l = 28
      while (lenBase[l]! > best) l--
      literal(257 + l)
      put(best - lenBase[l]!, lenExtra[l]!)
      let d = 29
      while (distBase[d]! > bestDist) d--
      put(reverse(d, 5), 5)
      put(bestDist - distBase[d]!, distExtra[d]!)
      for (const end = i + best; i < end; i++) insert(i)
    } else {
      literal(data[i]!)
      insert(i)
      i++
    }
  }
  literal(256)
  if (count > 0) o[pos++] = bits & 255
  return { buf: o, length: pos }
}
