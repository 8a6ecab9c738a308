// HMAC-SHA256 (RFC 2104) keyed once. The key is the UTF-8 bytes of the console's secret string,
// exactly as shown (64 hex characters); it is NOT hex-decoded. All seven official SDKs do this.
// The padded key is absorbed into an inner and an outer SHA-256 state once (two compression
// rounds); each token clones those states instead of redoing that work. This is noble's own
// `hmac` construction, written out so the states can be reused and the bundle skips hmac.js.
import { type _SHA256, sha256 } from "@noble/hashes/sha2.js"
import { utf8 } from "./text.ts"

/** Computes HMAC-SHA256(key, utf8(content)) into a fresh 32-byte array. */
export type Mac = (content: string) => Uint8Array

// Shared by every Mac: content is encoded and hashed within one synchronous call.
let scratch = new Uint8Array(0)

export const createMac = (secretKey: string): Mac => {
  const pad = new Uint8Array(64)
  const key = utf8.encode(secretKey)
  pad.set(key.length > 64 ? sha256(key) : key)
  key.fill(0)
  for (let i = 0; i < 64; i++) pad[i]! ^= 0x36
  const inner: _SHA256 = sha256.create().update(pad)
  for (let i = 0; i < 64; i++) pad[i]! ^= 0x36 ^ 0x5c
  const outer: _SHA256 = sha256.create().update(pad)
  pad.fill(0)
  let i2: _SHA256 | undefined
  let o2: _SHA256 | undefined
  return (content) => {
    // encodeInto a reused buffer avoids one allocation per token (3 bytes per UTF-16 unit is the
    // worst case); oversized content (only from a foreign token being verified) is encoded fresh.
    let bytes: Uint8Array
    if (content.length * 3 <= 4096) {
      if (scratch.length < content.length * 3) scratch = new Uint8Array(4096)
      bytes = scratch.subarray(0, utf8.encodeInto(content, scratch).written)
    } else bytes = utf8.encode(content)
    const out = new Uint8Array(32)
    const i = (i2 = inner._cloneInto(i2))
    i.update(bytes).digestInto(out)
    const o = (o2 = outer._cloneInto(o2))
    o.update(out).digestInto(out)
    return out
  }
}
