import { TOKEN, decodeBase64Reused } from "./base64.ts"
import { type Document, parseDocument } from "./document.ts"
import { fail } from "./errors.ts"
import type { DecodedUserSig } from "./types.ts"
import { type UserBufFields, parseUserBuf } from "./userbuf.ts"
import { show } from "./validate.ts"
import { MAX_INFLATED_BYTES, unzlibCapped } from "./zlib.ts"

// No zlib stream whose payload fits the inflate cap needs more base64 than this (stored blocks
// add 5 bytes per 64 KiB, plus 6 bytes of header and trailer), so longer input is refused unread.
const MAX_TOKEN_LENGTH = Math.ceil((MAX_INFLATED_BYTES + 16) / 3) * 4

/** A decoded token plus what verification needs and the public view leaves out. */
export interface DecodedToken {
  readonly decoded: DecodedUserSig
  readonly document: Document
  readonly userBufFields: UserBufFields | undefined
}

/** Token text → base64 → zlib (capped) → JSON → checked fields. */
export const decodeToken = (token: unknown): DecodedToken => {
  if (typeof token !== "string") return fail("MALFORMED", `token must be a string, got ${show(token)}`)
  if (token.length === 0) fail("MALFORMED", "token is empty")
  if (token.length > MAX_TOKEN_LENGTH)
    fail("MALFORMED", `token is ${token.length} characters; no valid token is longer than ${MAX_TOKEN_LENGTH}`)
  const document = parseDocument(unzlibCapped(decodeBase64Reused(token, TOKEN, "token")))
  const userBufFields = document.userBuf === undefined ? undefined : parseUserBuf(document.userBuf)
  const decoded: Record<string, unknown> = {
    version: document.version,
    userId: document.identifier,
    sdkAppId: document.sdkAppId,
    issuedAt: document.time,
    expireSeconds: document.expire,
    expiresAt: document.time + document.expire,
  }
  // Non-enumerable: console.log / JSON.stringify of a decoded token must not print a credential.
  Object.defineProperty(decoded, "signature", { value: document.sig, enumerable: false })
  if (document.userBuf !== undefined) decoded["userBuf"] = document.userBuf
  if (userBufFields !== undefined) decoded["privateMap"] = userBufFields.view
  return { decoded: decoded as unknown as DecodedUserSig, document, userBufFields }
}

/**
 * Decodes a UserSig or PrivateMapKey without the key: nothing here is authenticated (use
 * `verifyUserSig` for that). Accepts every official SDK's encoding.
 *
 * Throws `UserSigError` with code `MALFORMED` (server code 70003) when the token is not a string,
 * has characters outside `[A-Za-z0-9*_-]` or bad padding, is not zlib, inflates past 64 KiB, is
 * not JSON, or lacks a field or has one of the wrong type.
 *
 * @example
 * ```ts
 * import { decodeUserSig } from "tencent-chat-push/usersig"
 *
 * const { userId, sdkAppId, expiresAt, privateMap } = decodeUserSig(token)
 * console.log(userId, sdkAppId, new Date(expiresAt * 1000), privateMap?.roomId)
 * ```
 */
export const decodeUserSig = (token: string): DecodedUserSig => decodeToken(token).decoded
