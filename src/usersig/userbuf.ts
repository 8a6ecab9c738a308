// The PrivateMapKey userbuf (docs/protocol/usersig.md#privatemapkey-userbuf), big-endian:
//   cVer u8 | wAccountLen u16 | account | dwSdkAppid u32 | dwAuthID u32 | dwExpTime u32
//   | dwPrivilegeMap u32 | dwAccountType u32 (always 0) | [wRoomLen u16 | room]   (room only when cVer = 1)
// Account and room are UTF-8 with byte lengths, as Go and PHP write them. The official Node and
// Java packages write one truncated UTF-16 unit per character instead, which corrupts non-ASCII
// ids (用户1 becomes length 3, bytes 28 37 31); we do not reproduce that.

import { utf8, utf8Lossy as lossy } from "./text.ts"

/**
 * The parsed view of a PrivateMapKey's userbuf (`DecodedUserSig.privateMap`).
 *
 * @example
 * ```ts
 * import { type PrivateMap, decodeUserSig } from "tencent-chat-push/usersig"
 *
 * const room: PrivateMap | undefined = decodeUserSig(privateMapKey).privateMap
 * console.log(room?.roomId, room?.privileges, room?.expiresAt)
 * ```
 */
export interface PrivateMap {
  /**
   * A number for a numeric room (cVer 0), a string for a string room (cVer 1). A string room that
   * is not UTF-8 (the official Node and Java packages' non-ASCII rooms) shows U+FFFD here, and
   * `verify` rejects it.
   */
  readonly roomId: number | string
  /** dwPrivilegeMap: an OR of `Privilege` bits. */
  readonly privileges: number
  /** dwExpTime: absolute Unix seconds (issue time + lifetime). */
  readonly expiresAt: number
  /** The account written in the userbuf (UTF-8; invalid bytes from buggy signers show as U+FFFD). */
  readonly account: string
  /** dwSdkAppid written in the userbuf. */
  readonly sdkAppId: number
}

/** The raw fields, with the account (and a string room) kept as bytes so verify can check them exactly. */
export interface UserBufFields {
  readonly accountBytes: Uint8Array
  readonly roomBytes: Uint8Array | undefined
  readonly view: PrivateMap
}


/** Builds a userbuf; inputs are already validated (account ≤ 32 bytes, room ≤ 64 bytes, uint32 values). */
export const encodeUserBuf = (
  account: string,
  sdkAppId: number,
  roomId: number | string,
  expiresAt: number,
  privileges: number,
): Uint8Array => {
  const accountBytes = utf8.encode(account)
  const roomBytes = typeof roomId === "string" ? utf8.encode(roomId) : undefined
  const l = accountBytes.length
  const out = new Uint8Array(23 + l + (roomBytes ? 2 + roomBytes.length : 0))
  const view = new DataView(out.buffer)
  out[0] = roomBytes ? 1 : 0
  view.setUint16(1, l)
  out.set(accountBytes, 3)
  view.setUint32(3 + l, sdkAppId)
  view.setUint32(7 + l, typeof roomId === "number" ? roomId : 0)
  view.setUint32(11 + l, expiresAt)
  view.setUint32(15 + l, privileges)
  view.setUint32(19 + l, 0)
  if (roomBytes) {
    view.setUint16(23 + l, roomBytes.length)
    out.set(roomBytes, 25 + l)
  }
  return out
}

/**
 * Reads a userbuf as a PrivateMapKey, or returns undefined when the bytes do not have exactly
 * that layout (a TLS userbuf may carry anything; only this layout is documented).
 */
export const parseUserBuf = (buf: Uint8Array): UserBufFields | undefined => {
  if (buf.length < 23 || buf[0]! > 1) return undefined
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const l = view.getUint16(1)
  const fixedEnd = 23 + l
  if (buf.length < fixedEnd) return undefined
  const accountBytes = buf.slice(3, 3 + l)
  const sdkAppId = view.getUint32(3 + l)
  const roomNumber = view.getUint32(7 + l)
  const expiresAt = view.getUint32(11 + l)
  const privileges = view.getUint32(15 + l)
  let roomId: number | string = roomNumber
  let roomBytes: Uint8Array | undefined
  if (buf[0] === 0) {
    if (buf.length !== fixedEnd) return undefined
  } else {
    if (buf.length < fixedEnd + 2) return undefined
    const r = view.getUint16(fixedEnd)
    if (buf.length !== fixedEnd + 2 + r) return undefined
    roomBytes = buf.subarray(fixedEnd + 2)
    roomId = lossy.decode(roomBytes)
  }
  return { accountBytes, roomBytes, view: { roomId, privileges, expiresAt, account: lossy.decode(accountBytes), sdkAppId } }
}
