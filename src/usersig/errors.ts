/**
 * Why a UserSig operation failed: a stable string callers can switch on.
 *
 * @example
 * ```ts
 * import type { UserSigErrorCode } from "tencent-chat-push/usersig"
 *
 * const retryable = (code: UserSigErrorCode): boolean => code === "EXPIRED" // mint a new one
 * ```
 */
export type UserSigErrorCode =
  | "INVALID_INPUT"
  | "MALFORMED"
  | "EXPIRED"
  | "SDKAPPID_MISMATCH"
  | "IDENTIFIER_MISMATCH"
  | "SIGNATURE_MISMATCH"
  | "USERBUF_MISMATCH"

/**
 * The Tencent server error code a failure corresponds to, where Tencent documents one.
 *
 * @example
 * ```ts
 * import { UserSigError, type UserSigServerCode } from "tencent-chat-push/usersig"
 *
 * const serverCodeOf = (e: unknown): UserSigServerCode | undefined => (e instanceof UserSigError ? e.serverCode : undefined)
 * ```
 */
export type UserSigServerCode = 70001 | 70003 | 70009 | 70013 | 70014

// From the Chat REST API public error codes (cloud.tencent.com/document/product/269/1519).
// INVALID_INPUT is local (nothing reached a server) and the server documents no userbuf code.
const serverCodes: { readonly [K in UserSigErrorCode]?: UserSigServerCode } = {
  MALFORMED: 70003,
  EXPIRED: 70001,
  SDKAPPID_MISMATCH: 70014,
  IDENTIFIER_MISMATCH: 70013,
  SIGNATURE_MISMATCH: 70009,
}

/**
 * The one error every `tencent-chat-push/usersig` function throws.
 *
 * Messages name the input that was wrong but never contain the secret key or a token.
 * Errors: none (this is the error).
 *
 * @example
 * ```ts
 * import { UserSigError, verifyUserSig } from "tencent-chat-push/usersig"
 *
 * try {
 *   verifyUserSig(token, { sdkAppId: 1400000000, secretKey })
 * } catch (e) {
 *   if (e instanceof UserSigError && e.code === "EXPIRED") console.log("renew it", e.serverCode) // 70001
 *   else throw e
 * }
 * ```
 */
export class UserSigError extends Error {
  /** Always `"UserSigError"`. */
  override readonly name: "UserSigError" = "UserSigError"
  /** What went wrong, stable across versions. */
  readonly code: UserSigErrorCode
  /** The matching Tencent server code (70001, 70003, 70009, 70013, 70014), or undefined when there is none. */
  readonly serverCode: UserSigServerCode | undefined

  /** An error with its stable `code` and a message (never a secret). */
  constructor(code: UserSigErrorCode, message: string) {
    super(message)
    this.code = code
    this.serverCode = serverCodes[code]
  }
}

/** Throws a `UserSigError`; an expression, so validators can use `cond || fail(...)`. */
export const fail = (code: UserSigErrorCode, message: string): never => {
  throw new UserSigError(code, message)
}
