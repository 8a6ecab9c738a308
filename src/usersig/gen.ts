import { appKey } from "./app-key.ts"
import { signPrivateMapKey, signUserSig } from "./sign.ts"
import type { GenPrivateMapKeyOptions, GenUserSigOptions } from "./types.ts"

/**
 * Mints a UserSig: HMAC-SHA256 over Tencent's content string, a JSON document, zlib, then
 * base64 with `+/=` replaced by `*-_` (safe in a URL query as is). Interoperable with every
 * official SDK; for many tokens use `createSigner`, which prepares the key once.
 *
 * Throws `UserSigError` with code `INVALID_INPUT` when `sdkAppId` is not an integer in 1..2^32-1,
 * `secretKey` is empty or not a string, `userId` is empty, has control characters or is over
 * 32 UTF-8 bytes, `expireSeconds` is not an integer in 1..2^32-1, `now` is not whole non-negative
 * seconds, or `compressionLevel` is not 0..9.
 *
 * @example
 * ```ts
 * import { genUserSig } from "tencent-chat-push/usersig"
 *
 * const usersig = genUserSig({ sdkAppId: 1400000000, secretKey, userId: "administrator", expireSeconds: 86400 })
 * ```
 */
export const genUserSig = (options: GenUserSigOptions): string => signUserSig(appKey(options), options)

/**
 * Mints a PrivateMapKey (TRTC room permission ticket): a UserSig whose userbuf names the room, the
 * privileges and the absolute expiry. Account and room are written as UTF-8 with byte lengths (the
 * official Node and Java packages corrupt non-ASCII ones). The clock is read once for both the
 * userbuf expiry and TLS.time.
 *
 * Throws `UserSigError` with code `INVALID_INPUT` for everything `genUserSig` rejects, and when
 * `roomId` is neither an integer in 1..4294967294 nor a non-empty string of at most 64 UTF-8 bytes
 * without control characters, `privileges` is not an integer in 0..255, or `now + expireSeconds`
 * passes 2^32-1.
 *
 * @example
 * ```ts
 * import { Privilege, genPrivateMapKey } from "tencent-chat-push/usersig"
 *
 * const privateMapKey = genPrivateMapKey({
 *   sdkAppId: 1400000000,
 *   secretKey,
 *   userId: "alice",
 *   roomId: "live-42",
 *   privileges: Privilege.EnterRoom | Privilege.ReceiveAudio | Privilege.ReceiveVideo,
 * })
 * ```
 */
export const genPrivateMapKey = (options: GenPrivateMapKeyOptions): string => signPrivateMapKey(appKey(options), options)
