/**
 * Equal length and equal bytes, in time that depends only on the length: every byte is visited
 * and differences are OR-ed, with no early exit, so a forger learns nothing from timing. (The
 * official Go and PHP verifiers use bytes.Equal and `!=`, which stop at the first difference.)
 */
export const constantTimeEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}
