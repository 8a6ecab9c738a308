import { STANDARD, TOKEN, encodeBase64 } from "./base64.ts"
import { contentToSign } from "./content.ts"
import { buildDocument } from "./document.ts"
import { fail } from "./errors.ts"
import type { Mac } from "./mac.ts"
import { encodeUserBuf } from "./userbuf.ts"
import {
  checkCompressionLevel,
  checkExpireSeconds,
  checkNow,
  checkObject,
  checkPrivileges,
  checkRoomId,
  checkUserId,
  clockNow,
} from "./validate.ts"
import { zlibText } from "./zlib.ts"

/** 180 days, the official default lifetime. */
export const DEFAULT_EXPIRE_SECONDS = 15552000

/**
 * Level 0 (stored), chosen by measurement (bench/usersig.ts, docs/usersig.md): about twice as fast
 * as level 6 with our deflate and five times the official package, for ~50 more characters per
 * token. Go v1.4, Tencent's current Go SDK, ships the same default.
 */
export const DEFAULT_COMPRESSION_LEVEL = 0

/** One app's prepared signing state. */
export interface AppKey {
  readonly sdkAppId: number
  readonly mac: Mac
}

const mint = (app: AppKey, userId: string, time: number, expire: number, userBuf: Uint8Array | undefined, level: number): string => {
  const ub = userBuf === undefined ? undefined : encodeBase64(userBuf, STANDARD)
  const sig = encodeBase64(app.mac(contentToSign(userId, app.sdkAppId, time, expire, ub)), STANDARD)
  return encodeBase64(zlibText(buildDocument(userId, app.sdkAppId, time, expire, ub, sig), level), TOKEN)
}

interface Common {
  readonly o: Record<string, unknown>
  readonly userId: string
  readonly expire: number
  readonly now: number
  readonly level: number
}

const common = (params: unknown): Common => {
  const o = checkObject(params, "options")
  const userId = checkUserId(o["userId"])
  const expire = o["expireSeconds"] === undefined ? DEFAULT_EXPIRE_SECONDS : checkExpireSeconds(o["expireSeconds"])
  const level = o["compressionLevel"] === undefined ? DEFAULT_COMPRESSION_LEVEL : checkCompressionLevel(o["compressionLevel"])
  const now = o["now"] === undefined ? clockNow() : checkNow(o["now"])
  return { o, userId, expire, now, level }
}

export const signUserSig = (app: AppKey, params: unknown): string => {
  const { userId, expire, now, level } = common(params)
  return mint(app, userId, now, expire, undefined, level)
}

export const signPrivateMapKey = (app: AppKey, params: unknown): string => {
  const { o, userId, expire, now, level } = common(params)
  const roomId = checkRoomId(o["roomId"])
  const privileges = checkPrivileges(o["privileges"])
  // One clock read for both dwExpTime and TLS.time; the official SDKs read it twice and can
  // disagree by a second.
  const expiresAt = now + expire
  if (expiresAt > 0xffffffff)
    fail("INVALID_INPUT", `now + expireSeconds = ${expiresAt} does not fit the userbuf's 32-bit expiry (dwExpTime)`)
  return mint(app, userId, now, expire, encodeUserBuf(userId, app.sdkAppId, roomId, expiresAt, privileges), level)
}
