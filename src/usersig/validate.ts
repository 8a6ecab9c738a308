// Input checks shared by every entry point. No official SDK validates anything (docs/protocol/usersig.md#input-rules), so
// these limits are ours, chosen from Tencent's documentation; each is named in docs/usersig.md.
// Messages name the field and show the offending value, except the secret key, which is never shown.
import { fail } from "./errors.ts"

const UINT32_MAX = 0xffffffff

/** The documented UserID limit (Chat and TRTC: at most 32 bytes). Enforced when signing only. */
export const MAX_USER_ID_BYTES = 32
/** The documented TRTC strRoomId limit (64 bytes). */
export const MAX_ROOM_ID_BYTES = 64
/** TRTC documents numeric room ids as 1..4294967294. */
export const MAX_ROOM_NUMBER = 4294967294

// C0/C1 controls and DEL (\p{Cc}), and lone surrogates (\p{Cs} only matches unpaired ones in a
// `u` regex), which TextEncoder would silently turn into U+FFFD, signing a different string.
const forbiddenChar = /[\p{Cc}\p{Cs}]/u

/** A short rendering of a rejected value for messages. */
export const show = (v: unknown): string =>
  typeof v === "string"
    ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)
    : typeof v === "object" && v !== null
      ? `a${Array.isArray(v) ? "n array" : "n object"}`
      : String(v)

/** UTF-8 byte length without encoding (the input has no lone surrogates by then). */
export const utf8Length = (s: string): number => {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1
  }
  return n
}

export const checkObject = (v: unknown, what: string): Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail("INVALID_INPUT", `${what} must be an object, got ${show(v)}`)
  return v as Record<string, unknown>
}

const checkInteger = (v: unknown, name: string, min: number, max: number): number => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    fail("INVALID_INPUT", `${name} must be an integer from ${min} to ${max}, got ${show(v)}`)
  return v as number
}

export const checkSdkAppId = (v: unknown): number => checkInteger(v, "sdkAppId", 1, UINT32_MAX)

/** Never echoes the key, not even its length. */
export const checkSecretKey = (v: unknown): string => {
  if (typeof v !== "string" || v.length === 0) fail("INVALID_INPUT", "secretKey must be a non-empty string")
  return v as string
}

const checkText = (v: unknown, name: string, maxBytes: number): string => {
  if (typeof v !== "string" || v.length === 0) fail("INVALID_INPUT", `${name} must be a non-empty string, got ${show(v)}`)
  const s = v as string
  const bad = forbiddenChar.exec(s)
  if (bad !== null)
    fail("INVALID_INPUT", `${name} ${show(s)} contains a control character or unpaired surrogate at index ${bad.index}`)
  if (s.length > maxBytes || utf8Length(s) > maxBytes)
    fail("INVALID_INPUT", `${name} ${show(s)} is ${utf8Length(s)} UTF-8 bytes; the limit is ${maxBytes}`)
  return s
}

/** For signing: non-empty, no control characters, at most 32 UTF-8 bytes. */
export const checkUserId = (v: unknown): string => checkText(v, "userId", MAX_USER_ID_BYTES)

/** For comparing against a token (verify): the same rules without the length limit. */
export const checkExpectedUserId = (v: unknown): string => checkText(v, "userId", Number.POSITIVE_INFINITY)

/** Lifetime in seconds, 1..2^32-1 (Tencent recommends at most 50 years, ~1.6e9). */
export const checkExpireSeconds = (v: unknown): number => checkInteger(v, "expireSeconds", 1, UINT32_MAX)

/** Unix seconds: whole and non-negative (pass `Math.floor(Date.now() / 1000)`, not a fraction). */
export const checkNow = (v: unknown): number => checkInteger(v, "now", 0, Number.MAX_SAFE_INTEGER)

export const checkLeeway = (v: unknown): number => checkInteger(v, "leewaySeconds", 0, UINT32_MAX)

export const checkCompressionLevel = (v: unknown): number => checkInteger(v, "compressionLevel", 0, 9)

/** dwPrivilegeMap: the eight documented bits (see privileges.ts). */
export const checkPrivileges = (v: unknown): number => checkInteger(v, "privileges", 0, 255)

/** A uint32 room number gives cVer 0; a string room gives cVer 1. */
export const checkRoomId = (v: unknown): number | string => {
  if (typeof v === "string") return checkText(v, "roomId", MAX_ROOM_ID_BYTES)
  if (typeof v === "number") return checkInteger(v, "roomId", 1, MAX_ROOM_NUMBER)
  return fail("INVALID_INPUT", `roomId must be an integer from 1 to ${MAX_ROOM_NUMBER} or a non-empty string, got ${show(v)}`)
}

/** The current Unix time in whole seconds, read once per token. */
export const clockNow = (): number => Math.floor(Date.now() / 1000)
