// Interop with the official npm package tls-sig-api-v2 1.0.2 (a devDependency, tests only).
import { describe, expect, it } from "vitest"
import { createSigner, decodeUserSig, genPrivateMapKey, genUserSig } from "../../../src/usersig/mod.ts"
import { DEMO_KEY, DEMO_SDKAPPID, T } from "../../vectors/usersig.ts"
import { OfficialApi, atTime, caught, inflateToken } from "./helpers.ts"

const app = { sdkAppId: DEMO_SDKAPPID, secretKey: DEMO_KEY }
const official = new OfficialApi(DEMO_SDKAPPID, DEMO_KEY)
const signer = createSigner(app)

const ids = ["administrator", "xiaojun", "a", "user_1-2", "Mixed.Case@host", "x".repeat(32), 'q"uote\\back', "with space", "~!#$%^&*()+=[]{}|;:,<>?/"]
const expiries = [1, 60, 86400, 15552000, 50 * 365 * 86400]

describe("its tokens verify with ours", () => {
  for (const id of ids)
    for (const expire of expiries)
      it(`${JSON.stringify(id)}, expire ${expire}`, () => {
        const token = atTime(T, () => official.genUserSig(id, expire))
        const d = signer.verify(token, { userId: id, now: T + expire })
        expect([d.userId, d.issuedAt, d.expireSeconds]).toEqual([id, T, expire])
        expect(caught(() => signer.verify(token, { now: T + expire + 1 })).code).toBe("EXPIRED")
      })

  it("its PrivateMapKeys (numeric and string rooms) verify and parse", () => {
    const n = atTime(T, () => official.genPrivateMapKey("alice", 3600, 4294967294, 42))
    expect(signer.verify(n, { now: T }).privateMap).toEqual({ roomId: 4294967294, privileges: 42, expiresAt: T + 3600, account: "alice", sdkAppId: DEMO_SDKAPPID })
    const s = atTime(T, () => official.genPrivateMapKeyWithStringRoomID("alice", 3600, "room-1", 255))
    expect(signer.verify(s, { now: T }).privateMap?.roomId).toBe("room-1")
  })

  it("its missing-expire token (null expire) decodes with lifetime 0 and verifies only at issue time", () => {
    const token = atTime(T, () => official.genUserSig("alice"))
    expect(inflateToken(token)).toContain('"TLS.expire":null')
    expect(signer.verify(token, { now: T }).expireSeconds).toBe(0)
    expect(caught(() => signer.verify(token, { now: T + 1 })).code).toBe("EXPIRED")
  })
})

describe("our tokens carry its fields and TLS.sig", () => {
  for (const id of ids)
    for (const expire of expiries)
      for (const compressionLevel of [0, 6] as const)
        it(`${JSON.stringify(id)}, expire ${expire}, level ${compressionLevel}`, () => {
          const ours = JSON.parse(inflateToken(genUserSig({ ...app, userId: id, expireSeconds: expire, now: T, compressionLevel })))
          const theirs = JSON.parse(inflateToken(atTime(T, () => official.genUserSig(id, expire))))
          expect(ours).toEqual(theirs)
        })

  it("PrivateMapKeys match for ASCII ids, numeric and string rooms", () => {
    for (const roomId of [1, 10000, 4294967294, "r", "room-1000000040"] as const) {
      const ours = JSON.parse(inflateToken(genPrivateMapKey({ ...app, userId: "xiaojun", now: T, expireSeconds: 86400, roomId, privileges: 171 })))
      const theirs = JSON.parse(
        inflateToken(
          atTime(T, () =>
            typeof roomId === "number"
              ? official.genPrivateMapKey("xiaojun", 86400, roomId, 171)
              : official.genPrivateMapKeyWithStringRoomID("xiaojun", 86400, roomId, 171),
          ),
        ),
      )
      expect(ours).toEqual(theirs)
    }
  })
})

describe("non-ASCII PrivateMapKeys: the official package is wrong, we are not", () => {
  it("its userbuf truncates UTF-16 units and uses character counts; ours is UTF-8 with byte lengths", () => {
    const theirs = atTime(T, () => official.genPrivateMapKeyWithStringRoomID("用户1", 3600, "房间", 255))
    const ours = genPrivateMapKey({ ...app, userId: "用户1", now: T, expireSeconds: 3600, roomId: "房间", privileges: 255 })
    const theirBuf = Buffer.from(decodeUserSig(theirs).userBuf!)
    const ourBuf = Buffer.from(decodeUserSig(ours).userBuf!)
    expect(theirBuf.subarray(1, 6).toString("hex")).toBe("0003283731")
    expect(ourBuf.subarray(1, 10).toString("hex")).toBe("0007e794a8e688b731")
    expect(ourBuf.subarray(-8).toString("hex")).toBe("0006e688bfe997b4")
    expect(theirBuf.equals(ourBuf)).toBe(false)
    expect(decodeUserSig(ours).privateMap).toMatchObject({ account: "用户1", roomId: "房间" })
  })

  it("its corrupt non-ASCII PrivateMapKey is authentic but rejected with USERBUF_MISMATCH", () => {
    const theirs = atTime(T, () => official.genPrivateMapKey("用户1", 3600, 7, 255))
    const e = caught(() => signer.verify(theirs, { now: T }))
    expect(e.code).toBe("USERBUF_MISMATCH")
    expect(e.message).not.toContain(DEMO_KEY)
  })

  it("its ASCII user with a non-ASCII string room (bytes 3f f4 31, not UTF-8) is authentic but rejected with USERBUF_MISMATCH", () => {
    const theirs = atTime(T, () => official.genPrivateMapKeyWithStringRoomID("alice", 3600, "房间1", 255))
    expect(Buffer.from(decodeUserSig(theirs).userBuf!).subarray(-5).toString("hex")).toBe("00033ff431")
    const e = caught(() => signer.verify(theirs, { now: T }))
    expect([e.code, e.message]).toEqual(["USERBUF_MISMATCH", "PrivateMapKey userbuf room is not UTF-8 text"])
    // A room whose truncated bytes happen to be ASCII cannot be told apart; valid UTF-8 rooms verify.
    const ascii = atTime(T, () => official.genPrivateMapKeyWithStringRoomID("alice", 3600, "room-1", 255))
    expect(signer.verify(ascii, { now: T }).privateMap?.roomId).toBe("room-1")
  })

  it("its non-ASCII UserSigs (no userbuf) are fine and verify", () => {
    const token = atTime(T, () => official.genUserSig("用户1", 3600))
    expect(signer.verify(token, { userId: "用户1", now: T }).userId).toBe("用户1")
  })
})
