// HMAC-SHA256 keyed once. The key is the UTF-8 bytes of the console's secret string, exactly as
// shown (64 hex characters); it is NOT hex-decoded. All seven official SDKs do this.
// `hmac.create` absorbs the padded key into the inner and outer SHA-256 states (two compression
// rounds); each token then clones those states instead of redoing that work.
import { type _HMAC, hmac } from "@noble/hashes/hmac.js"
import { sha256 } from "@noble/hashes/sha2.js"

/** Computes HMAC-SHA256(key, utf8(content)) into a fresh 32-byte array. */
export type Mac = (content: string) => Uint8Array

const utf8 = /* @__PURE__ */ new TextEncoder()
// Shared by every Mac: content is encoded and hashed within one synchronous call.
let scratch = new Uint8Array(0)

export const createMac = (secretKey: string): Mac => {
  const keyBytes = utf8.encode(secretKey)
  const keyed: _HMAC<any> = hmac.create(sha256, keyBytes)
  keyBytes.fill(0) // noble keeps only the derived states; don't leave the key bytes for the GC
  let work: _HMAC<any> | undefined
  return (content) => {
    // encodeInto a reused buffer avoids one allocation per token (3 bytes per UTF-16 unit is the
    // worst case); oversized content (only from a foreign token being verified) is encoded fresh.
    let bytes: Uint8Array
    if (content.length * 3 <= 4096) {
      if (scratch.length < content.length * 3) scratch = new Uint8Array(4096)
      bytes = scratch.subarray(0, utf8.encodeInto(content, scratch).written)
    } else bytes = utf8.encode(content)
    const w = (work = keyed._cloneInto(work))
    w.update(bytes)
    const out = new Uint8Array(32)
    w.digestInto(out)
    return out
  }
}
