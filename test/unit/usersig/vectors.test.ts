import { describe, expect, it } from "vitest"
import { STANDARD, encodeBase64 } from "../../../src/usersig/base64.ts"
import { contentToSign } from "../../../src/usersig/content.ts"
import { createMac } from "../../../src/usersig/mac.ts"
import { decodeUserSig, genPrivateMapKey, genUserSig, verifyUserSig } from "../../../src/usersig/mod.ts"
import { encodeUserBuf, parseUserBuf } from "../../../src/usersig/userbuf.ts"
import { DEMO_KEY, DEMO_SDKAPPID, EXPIRE, T, hmacVector, nonAsciiUserBuf, userBufVectors } from "../../vectors/usersig.ts"
import { inflateToken, nodeSig } from "./helpers.ts"

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex")
const app = { sdkAppId: DEMO_SDKAPPID, secretKey: DEMO_KEY }

describe("HMAC content and TLS.sig", () => {
  it("builds the exact content string", () => {
    expect(contentToSign(hmacVector.identifier, DEMO_SDKAPPID, T, EXPIRE, undefined)).toBe(hmacVector.content)
  })
  it("computes the known HMAC with the key's UTF-8 bytes (not hex-decoded)", () => {
    const mac = createMac(DEMO_KEY)(hmacVector.content)
    expect(hex(mac)).toBe(hmacVector.hex)
    expect(encodeBase64(mac, STANDARD)).toBe(hmacVector.sig)
    expect(nodeSig(DEMO_KEY, hmacVector.content)).toBe(hmacVector.sig)
  })
  it("puts it in a token as TLS.sig, with every field", () => {
    const token = genUserSig({ ...app, userId: "xiaojun", now: T })
    expect(JSON.parse(inflateToken(token))).toEqual({
      "TLS.ver": "2.0",
      "TLS.identifier": "xiaojun",
      "TLS.sdkappid": DEMO_SDKAPPID,
      "TLS.time": T,
      "TLS.expire": EXPIRE,
      "TLS.sig": hmacVector.sig,
    })
  })
  it("defaults expireSeconds to 180 days", () => {
    expect(decodeUserSig(genUserSig({ ...app, userId: "xiaojun", now: T })).expireSeconds).toBe(15552000)
  })
  it("emits the Node package's compact key order", () => {
    const json = inflateToken(genUserSig({ ...app, userId: "xiaojun", now: T }))
    expect(json).toBe(
      `{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":15552000,"TLS.sig":"${hmacVector.sig}"}`,
    )
  })
})

describe("PrivateMapKey userbuf", () => {
  for (const v of userBufVectors) {
    it(`${v.name}: bytes, base64 and TLS.sig`, () => {
      const buf = encodeUserBuf("xiaojun", DEMO_SDKAPPID, v.roomId, T + EXPIRE, v.privileges)
      expect(hex(buf)).toBe(v.hex)
      expect(encodeBase64(buf, STANDARD)).toBe(v.base64)
      const token = genPrivateMapKey({ ...app, userId: "xiaojun", now: T, roomId: v.roomId, privileges: v.privileges })
      const doc = JSON.parse(inflateToken(token)) as Record<string, unknown>
      expect(doc["TLS.userbuf"]).toBe(v.base64)
      expect(doc["TLS.sig"]).toBe(v.sig)
      const content = contentToSign("xiaojun", DEMO_SDKAPPID, T, EXPIRE, v.base64)
      expect(content.endsWith(`TLS.userbuf:${v.base64}\n`)).toBe(true)
      expect(nodeSig(DEMO_KEY, content)).toBe(v.sig)
    })
    it(`${v.name}: decodes to the privateMap view and verifies`, () => {
      const token = genPrivateMapKey({ ...app, userId: "xiaojun", now: T, roomId: v.roomId, privileges: v.privileges })
      const d = verifyUserSig(token, { ...app, now: T })
      expect(hex(d.userBuf!)).toBe(v.hex)
      expect(d.privateMap).toEqual({ roomId: v.roomId, privileges: 255, expiresAt: 1715552000, account: "xiaojun", sdkAppId: DEMO_SDKAPPID })
      expect(d.signature).toBe(v.sig)
    })
  }

  it("writes non-ASCII accounts and rooms as UTF-8 with byte lengths (Go/PHP semantics)", () => {
    const v = nonAsciiUserBuf
    const token = genPrivateMapKey({ ...app, userId: v.userId, now: T, roomId: v.roomId, privileges: v.privileges })
    const d = decodeUserSig(token)
    expect(hex(d.userBuf!)).toBe(v.hex)
    expect(d.privateMap).toEqual({ roomId: "房间", privileges: 42, expiresAt: T + EXPIRE, account: "用户1", sdkAppId: DEMO_SDKAPPID })
  })

  it("parses only the exact layout", () => {
    const good = encodeUserBuf("xiaojun", 1, 7, 9, 3)
    expect(parseUserBuf(good)?.view).toEqual({ roomId: 7, privileges: 3, expiresAt: 9, account: "xiaojun", sdkAppId: 1 })
    expect(parseUserBuf(good.subarray(0, good.length - 1))).toBeUndefined()
    expect(parseUserBuf(new Uint8Array([...good, 0]))).toBeUndefined()
    expect(parseUserBuf(new Uint8Array([2, ...good.subarray(1)]))).toBeUndefined()
    const withRoom = encodeUserBuf("a", 1, "r", 9, 3)
    expect(parseUserBuf(withRoom.subarray(0, withRoom.length - 1))).toBeUndefined()
    expect(parseUserBuf(new TextEncoder().encode("not a private map key, just bytes"))).toBeUndefined()
  })
})
