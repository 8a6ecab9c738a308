// The callback signature (https://trtc.io/document/34354, "Security considerations"): when a
// token is set in the console, Tencent appends Sign and RequestTime to the callback URL, with
// Sign = lowercase hex SHA-256 of the token immediately followed by RequestTime (unix seconds, as
// the decimal text in the URL). It is a keyed digest of the time only, not an HMAC of the request:
// the body, the command and the app id are not covered (see docs/callbacks.md, "Security model").
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex } from "@noble/hashes/utils.js"
import { fail } from "./errors.ts"

const utf8 = new TextEncoder()

/** Non-empty text; the message never shows the value. */
export const checkToken = (token: unknown): string =>
  typeof token === "string" && token.length > 0 ? token : fail("INVALID_INPUT", "token must be a non-empty string")

/** sha256(token + requestTime) as lowercase hex, over the exact RequestTime text. */
export const signature = (token: string, requestTimeText: string): string =>
  bytesToHex(sha256(utf8.encode(token + requestTimeText)))

/**
 * Compares a received Sign with the expected one in time that depends only on the length: every
 * character is visited and differences are OR-ed, with no early exit. Hex is case-insensitive,
 * so an upper-case Sign is compared by value.
 */
export const signatureMatches = (expected: string, received: string): boolean => {
  if (received.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (received.charCodeAt(i) | 0x20)
  return diff === 0
}

/**
 * Computes the `Sign` query parameter Tencent attaches to a callback:
 * `sha256(token + requestTime)` in lowercase hex. Use it to sign a callback you send (an emulator,
 * a test) or to check one by hand; `verifyCallbackQuery` and `createCallbackHandler` call it for you.
 *
 * `requestTime` is unix seconds; a string is hashed exactly as given (the receiver hashes the
 * URL's text). Throws `CallbackError` `INVALID_INPUT` for an empty token or a `requestTime` that is
 * not a non-negative integer (or its decimal text). The token never appears in the error.
 *
 * @example
 * ```ts
 * import { signCallbackQuery } from "tencent-chat-push/callbacks"
 *
 * // Tencent's worked example (https://trtc.io/document/34354):
 * signCallbackQuery({ token: "xxxxyyyy", requestTime: 1669872112 })
 * // "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
 * ```
 */
export const signCallbackQuery = (params: { readonly token: string; readonly requestTime: number | string }): string => {
  const token = checkToken(params?.token)
  return signature(token, requestTimeText(params.requestTime))
}

/** RequestTime as decimal text: a non-negative safe integer, or digits given as text. */
export const requestTimeText = (t: unknown): string => {
  if (typeof t === "number" && Number.isSafeInteger(t) && t >= 0) return String(t)
  if (typeof t === "string" && /^\d{1,15}$/.test(t)) return t
  return fail("INVALID_INPUT", "requestTime must be unix seconds: a non-negative integer")
}
