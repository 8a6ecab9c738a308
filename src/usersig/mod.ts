/**
 * UserSig and PrivateMapKey for Tencent Cloud Chat and TRTC, in plain synchronous TypeScript:
 * mint, decode and verify on Node, Deno, Bun, Cloudflare Workers (no `nodejs_compat` needed) and
 * browsers. Depends only on `@noble/hashes` (inflate and deflate are our own); no Effect, no `node:*`.
 *
 * - {@link genUserSig} / {@link genPrivateMapKey} mint tokens any Tencent SDK or server accepts.
 * - {@link decodeUserSig} reads a token from any official SDK without the key.
 * - {@link verifyUserSig} checks one (constant-time HMAC compare, inclusive expiry, leeway).
 * - {@link createSigner} prepares the key once: the fast path, several times the official npm
 *   package's throughput.
 * - Every failure is a {@link UserSigError} with a stable `code` and, where Tencent has one, the
 *   matching server `serverCode`. Messages never contain the secret key or a token.
 *
 * @example
 * ```ts
 * import { createSigner, decodeUserSig } from "tencent-chat-push/usersig"
 *
 * const signer = createSigner({ sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" })
 * const usersig = signer.genUserSig({ userId: "administrator" })
 * signer.verify(usersig, { userId: "administrator" })
 * console.log(decodeUserSig(usersig).expiresAt)
 * ```
 *
 * @module
 */
export { createSigner } from "./signer.ts"
export { decodeUserSig } from "./decode.ts"
export { type UserSigErrorCode, type UserSigServerCode, UserSigError } from "./errors.ts"
export { genPrivateMapKey, genUserSig } from "./gen.ts"
export { Privilege } from "./privileges.ts"
export type {
  AppCredentials,
  CompressionLevel,
  DecodedUserSig,
  GenPrivateMapKeyOptions,
  GenUserSigOptions,
  PrivateMapKeyParams,
  UserSigParams,
  UserSigSigner,
  VerifyParams,
  VerifyUserSigOptions,
} from "./types.ts"
export type { PrivateMap } from "./userbuf.ts"
export { verifyUserSig } from "./verify.ts"
