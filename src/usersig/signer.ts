import { appKey } from "./app-key.ts"
import { signPrivateMapKey, signUserSig } from "./sign.ts"
import type { AppCredentials, UserSigSigner } from "./types.ts"
import { verifyToken } from "./verify.ts"

/**
 * Prepares one app's HMAC key once and returns `genUserSig`, `genPrivateMapKey` and `verify` bound
 * to it: the fast path for servers that mint or check many tokens. The returned object holds no
 * copy of the secret string, only the keyed hash state.
 *
 * Throws `UserSigError` with code `INVALID_INPUT` when `sdkAppId` or `secretKey` is invalid (see
 * `genUserSig`); the methods throw what `genUserSig`, `genPrivateMapKey` and `verifyUserSig` throw.
 *
 * @example
 * ```ts
 * import { createSigner } from "tencent-chat-push/usersig"
 *
 * const signer = createSigner({ sdkAppId: 1400000000, secretKey })
 * const usersig = signer.genUserSig({ userId: "alice", expireSeconds: 7 * 86400 })
 * const { userId } = signer.verify(usersig, { userId: "alice" })
 * ```
 */
export const createSigner = (options: AppCredentials): UserSigSigner => {
  const app = appKey(options)
  return Object.freeze({
    genUserSig: (params) => signUserSig(app, params),
    genPrivateMapKey: (params) => signPrivateMapKey(app, params),
    verify: (token, params) => verifyToken(app, token, params),
  } satisfies UserSigSigner)
}
