import { appKey } from "./app-key.ts"
import { constantTimeEqual } from "./compare.ts"
import { contentToSign } from "./content.ts"
import { decodeToken } from "./decode.ts"
import { fail } from "./errors.ts"
import type { AppKey } from "./sign.ts"
import { utf8, utf8Strict } from "./text.ts"
import type { DecodedUserSig, VerifyUserSigOptions } from "./types.ts"
import {
  checkExpectedUserId,
  checkLeeway,
  checkNow,
  checkObject,
  clockNow,
  show,
} from "./validate.ts"


// Check order: the app and the user first (they need no key and map to 70014 / 70013), then the
// HMAC, and only then the claims inside the token (userbuf, expiry): an unauthenticated token's
// claims are not worth reporting, so a forged expired token fails with SIGNATURE_MISMATCH. (Go
// checks expiry before the HMAC; the outcome differs only in which error a bad token gets.)
export const verifyToken = (app: AppKey, token: string, params: unknown): DecodedUserSig => {
  const o = params === undefined ? {} : checkObject(params, "options")
  const userId = o["userId"] === undefined ? undefined : checkExpectedUserId(o["userId"])
  const now = o["now"] === undefined ? clockNow() : checkNow(o["now"])
  const leeway = o["leewaySeconds"] === undefined ? 0 : checkLeeway(o["leewaySeconds"])
  const expectedBuf = o["userBuf"] as Uint8Array | null | undefined
  if (expectedBuf != null && !(expectedBuf instanceof Uint8Array))
    fail("INVALID_INPUT", `userBuf must be a Uint8Array, null or undefined, got ${show(expectedBuf)}`)

  const { decoded, document: doc, userBufFields } = decodeToken(token)
  if (doc.sdkAppId !== app.sdkAppId)
    fail("SDKAPPID_MISMATCH", `token is for SDKAppID ${doc.sdkAppId}, expected ${app.sdkAppId}`)
  if (userId !== undefined && doc.identifier !== userId)
    fail("IDENTIFIER_MISMATCH", `token is for user ${show(doc.identifier)}, expected ${show(userId)}`)

  const mac = app.mac(contentToSign(doc.identifier, doc.sdkAppId, doc.time, doc.expireLiteral, doc.userBufBase64))
  if (!constantTimeEqual(mac, doc.sigBytes))
    fail("SIGNATURE_MISMATCH", "token signature does not match (wrong secret key, or the token was altered)")

  if (
    expectedBuf !== undefined &&
    (expectedBuf === null ? doc.userBuf !== undefined : doc.userBuf === undefined || !constantTimeEqual(doc.userBuf, expectedBuf))
  )
    fail("USERBUF_MISMATCH", `token ${doc.userBuf ? "userbuf is not the expected one" : "has no userbuf"}`)
  // A PrivateMapKey must name the same app and account as the token around it, and a string room
  // must be UTF-8 text. This rejects the official Node/Java packages' tokens for non-ASCII ids
  // and rooms, whose userbuf is corrupt.
  if (userBufFields !== undefined) {
    if (userBufFields.view.sdkAppId !== doc.sdkAppId)
      fail("USERBUF_MISMATCH", `PrivateMapKey userbuf is for SDKAppID ${userBufFields.view.sdkAppId}, the token for ${doc.sdkAppId}`)
    if (!constantTimeEqual(userBufFields.accountBytes, utf8.encode(doc.identifier)))
      fail("USERBUF_MISMATCH", `PrivateMapKey userbuf account ${show(userBufFields.view.account)} is not the token's user in UTF-8`)
    // Node and Java write room "房间1" as 3f f4 31: no room a server could match against.
    if (userBufFields.roomBytes !== undefined) {
      try {
        utf8Strict.decode(userBufFields.roomBytes)
      } catch {
        fail("USERBUF_MISMATCH", "PrivateMapKey userbuf room is not UTF-8 text")
      }
    }
  }

  // Inclusive, like Go: valid at exactly issuedAt + expireSeconds.
  if (now > decoded.expiresAt + leeway)
    fail("EXPIRED", `token expired at ${decoded.expiresAt} (issued ${doc.time} + ${doc.expire} s); now is ${now}${leeway ? ` with ${leeway} s leeway` : ""}`)
  return decoded
}

/**
 * Verifies a UserSig or PrivateMapKey from any official SDK: recomputes the HMAC from the decoded
 * fields, compares it in constant time, then checks expiry (valid through `issuedAt +
 * expireSeconds` inclusive, plus `leewaySeconds`). Returns the decoded token.
 *
 * Throws `UserSigError`: `INVALID_INPUT` for bad options; `MALFORMED` (70003) for an undecodable
 * token; `SDKAPPID_MISMATCH` (70014); `IDENTIFIER_MISMATCH` (70013) when `userId` is given and
 * differs; `SIGNATURE_MISMATCH` (70009); `USERBUF_MISMATCH` when the userbuf is not the expected
 * one, or a PrivateMapKey userbuf names another app or account or has a string room that is not
 * UTF-8; `EXPIRED` (70001).
 * For many tokens of one app, `createSigner(...).verify` skips the per-call key setup.
 *
 * @example
 * ```ts
 * import { verifyUserSig } from "tencent-chat-push/usersig"
 *
 * const token = new URL(request.url).searchParams.get("usersig") ?? ""
 * const { userId, expiresAt } = verifyUserSig(token, { sdkAppId: 1400000000, secretKey, userId: "administrator" })
 * ```
 */
export const verifyUserSig = (token: string, options: VerifyUserSigOptions): DecodedUserSig => {
  return verifyToken(appKey(options), token, options)
}
