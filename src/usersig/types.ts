import type { PrivateMap } from "./userbuf.ts"

/**
 * A zlib level: 0 (stored blocks, the default and the fastest) to 9 (smallest tokens).
 *
 * @example
 * ```ts
 * import { type CompressionLevel, genUserSig } from "tencent-chat-push/usersig"
 *
 * const compressionLevel: CompressionLevel = 6 // ~50 characters shorter, about half the speed
 * genUserSig({ sdkAppId: 1400000000, secretKey, userId: "alice", compressionLevel })
 * ```
 */
export type CompressionLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

/**
 * One app's credentials, from the Chat / TRTC console.
 *
 * @example
 * ```ts
 * import { type AppCredentials, createSigner } from "tencent-chat-push/usersig"
 *
 * const app: AppCredentials = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" }
 * const signer = createSigner(app)
 * ```
 */
export interface AppCredentials {
  /** The SDKAppID, a uint32. */
  readonly sdkAppId: number
  /** The secret key string exactly as the console shows it; its UTF-8 bytes are the HMAC key. */
  readonly secretKey: string
}

/**
 * What one UserSig says about its user: the per-token part of `genUserSig`'s options.
 *
 * @example
 * ```ts
 * import { type UserSigParams, createSigner } from "tencent-chat-push/usersig"
 *
 * const params: UserSigParams = { userId: "alice", expireSeconds: 86400 }
 * createSigner({ sdkAppId: 1400000000, secretKey }).genUserSig(params)
 * ```
 */
export interface UserSigParams {
  /** Non-empty, no control characters, at most 32 UTF-8 bytes (Tencent's documented limit). */
  readonly userId: string
  /** Lifetime in seconds, 1..2^32-1. Default 15552000 (180 days). */
  readonly expireSeconds?: number
  /** Issue time in whole Unix seconds. Default: the clock, read once. */
  readonly now?: number
  /** zlib level. Default 0 (see docs/usersig.md for the measurement behind it). */
  readonly compressionLevel?: CompressionLevel
}

/**
 * A UserSig plus a TRTC room and its permissions: the per-token part of `genPrivateMapKey`'s options.
 *
 * @example
 * ```ts
 * import { type PrivateMapKeyParams, Privilege, createSigner } from "tencent-chat-push/usersig"
 *
 * const params: PrivateMapKeyParams = { userId: "alice", roomId: 1234, privileges: Privilege.All }
 * createSigner({ sdkAppId: 1400000000, secretKey }).genPrivateMapKey(params)
 * ```
 */
export interface PrivateMapKeyParams extends UserSigParams {
  /** A uint32 room number (1..4294967294), or a string room id (at most 64 UTF-8 bytes). */
  readonly roomId: number | string
  /** An OR of `Privilege` bits, 0..255. */
  readonly privileges: number
}

/**
 * What to check a token against, besides the app.
 *
 * @example
 * ```ts
 * import { type VerifyParams, createSigner } from "tencent-chat-push/usersig"
 *
 * const params: VerifyParams = { userId: "administrator", leewaySeconds: 30 }
 * createSigner({ sdkAppId: 1400000000, secretKey }).verify(token, params)
 * ```
 */
export interface VerifyParams {
  /** When given, the token must be for exactly this user. */
  readonly userId?: string
  /** Whole Unix seconds to check expiry at. Default: the clock. */
  readonly now?: number
  /** Seconds of grace after expiry, for clock skew. Default 0. */
  readonly leewaySeconds?: number
  /** A Uint8Array: the token must carry exactly these userbuf bytes. `null`: it must carry none. */
  readonly userBuf?: Uint8Array | null
}

/**
 * Options of `genUserSig`.
 *
 * @example
 * ```ts
 * import { type GenUserSigOptions, genUserSig } from "tencent-chat-push/usersig"
 *
 * const options: GenUserSigOptions = { sdkAppId: 1400000000, secretKey, userId: "administrator" }
 * const usersig = genUserSig(options)
 * ```
 */
export interface GenUserSigOptions extends AppCredentials, UserSigParams {}

/**
 * Options of `genPrivateMapKey`.
 *
 * @example
 * ```ts
 * import { type GenPrivateMapKeyOptions, genPrivateMapKey } from "tencent-chat-push/usersig"
 *
 * const options: GenPrivateMapKeyOptions = { sdkAppId: 1400000000, secretKey, userId: "alice", roomId: "live-1", privileges: 42 }
 * const privateMapKey = genPrivateMapKey(options)
 * ```
 */
export interface GenPrivateMapKeyOptions extends AppCredentials, PrivateMapKeyParams {}

/**
 * Options of `verifyUserSig`.
 *
 * @example
 * ```ts
 * import { type VerifyUserSigOptions, verifyUserSig } from "tencent-chat-push/usersig"
 *
 * const options: VerifyUserSigOptions = { sdkAppId: 1400000000, secretKey, userId: "administrator" }
 * verifyUserSig(token, options)
 * ```
 */
export interface VerifyUserSigOptions extends AppCredentials, VerifyParams {}

/**
 * A token's contents, as `decodeUserSig` and `verifyUserSig` return them. Only `verifyUserSig`
 * tells you they are authentic.
 *
 * @example
 * ```ts
 * import { type DecodedUserSig, decodeUserSig } from "tencent-chat-push/usersig"
 *
 * const d: DecodedUserSig = decodeUserSig(token)
 * const secondsLeft = d.expiresAt - Math.floor(Date.now() / 1000)
 * ```
 */
export interface DecodedUserSig {
  /** TLS.ver, "2.0" from every official SDK. */
  readonly version: string
  /** TLS.identifier. */
  readonly userId: string
  /** TLS.sdkappid. */
  readonly sdkAppId: number
  /** TLS.time: issue time, Unix seconds. */
  readonly issuedAt: number
  /** TLS.expire: lifetime in seconds (0 when the token omits it or has null). */
  readonly expireSeconds: number
  /** issuedAt + expireSeconds: the last second at which the token is valid. */
  readonly expiresAt: number
  /**
   * TLS.sig, standard base64. Non-enumerable, so logging or JSON.stringify-ing a decoded token
   * does not print it: with the other fields it is enough to rebuild a working token.
   */
  readonly signature: string
  /** TLS.userbuf bytes, when present. */
  readonly userBuf?: Uint8Array
  /** The userbuf read as a PrivateMapKey, when it has exactly that layout. */
  readonly privateMap?: PrivateMap
}

/**
 * Signs and verifies for one app, with the HMAC key prepared once (what `createSigner` returns).
 *
 * @example
 * ```ts
 * import { type UserSigSigner, createSigner } from "tencent-chat-push/usersig"
 *
 * const signer: UserSigSigner = createSigner({ sdkAppId: 1400000000, secretKey })
 * const usersig = signer.genUserSig({ userId: "administrator" })
 * ```
 */
export interface UserSigSigner {
  /** Same as `genUserSig` for this app. */
  readonly genUserSig: (params: UserSigParams) => string
  /** Same as `genPrivateMapKey` for this app. */
  readonly genPrivateMapKey: (params: PrivateMapKeyParams) => string
  /** Same as `verifyUserSig` for this app. */
  readonly verify: (token: string, params?: VerifyParams) => DecodedUserSig
}
