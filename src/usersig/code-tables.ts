// Length codes 257..285 and distance codes 0..29 of RFC 1951 §3.2.5, shared by the compressor
// (deflate.ts) and the inflater (inflate.ts): extra bits grow by one every 4 (lengths) or 2
// (distances) codes, and each base is the previous base plus 2^extra; the last length code is the
// special case 258 with no extra bits. Also the fixed literal/length code (RFC 1951 §3.2.6).
// Built on first use, so importing costs nothing.

/** Base value and extra-bit count per length code (index = code - 257) and per distance code. */
export interface CodeTables {
  readonly lenBase: Uint16Array
  readonly lenExtra: Uint8Array
  readonly distBase: Uint16Array
  readonly distExtra: Uint8Array
}

let tables: CodeTables | undefined

/** The RFC 1951 length and distance tables. */
export const codeTables = (): CodeTables => {
  if (tables) return tables
  const lenBase = new Uint16Array(29)
  const lenExtra = new Uint8Array(29)
  const distBase = new Uint16Array(30)
  const distExtra = new Uint8Array(30)
  for (let i = 0, base = 3; i < 28; base += 1 << lenExtra[i]!, i++) {
    lenExtra[i] = i < 8 ? 0 : (i >> 2) - 1
    lenBase[i] = base
  }
  lenBase[28] = 258
  for (let i = 0, base = 1; i < 30; base += 1 << distExtra[i]!, i++) {
    distExtra[i] = i < 4 ? 0 : (i >> 1) - 1
    distBase[i] = base
  }
  return (tables = { lenBase, lenExtra, distBase, distExtra })
}

/** `len` bits of `code`, reversed: Huffman codes are sent from their first bit, deflate packs LSB first. */
export const reverse = (code: number, len: number): number => {
  let r = 0
  for (let i = 0; i < len; i++) r = (r << 1) | ((code >>> i) & 1)
  return r
}

let fixed: Int32Array | undefined

/** The fixed literal/length codes (RFC 1951 §3.2.6), bit-reversed: `code << 4 | length` per symbol. */
export const fixedCodes = (): Int32Array => {
  if (fixed) return fixed
  fixed = new Int32Array(288)
  for (let sym = 0; sym < 288; sym++) {
    const [code, len] =
      sym < 144 ? [0x30 + sym, 8] : sym < 256 ? [0x190 + sym - 144, 9] : sym < 280 ? [sym - 256, 7] : [0xc0 + sym - 280, 8]
    fixed[sym] = (reverse(code, len) << 4) | len
  }
  return fixed
}
