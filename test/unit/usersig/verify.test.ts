import { describe, expect, it } from "vitest"
import { createSigner, genPrivateMapKey, genUserSig, verifyUserSig } from "../../../src/usersig/mod.ts"
import { DEMO_KEY, DEMO_SDKAPPID, T } from "../../vectors/usersig.ts"
import { caught, craftToken, inflateToken, nodeSig } from "./helpers.ts"

const app = { sdkAppId: DEMO_SDKAPPID, secretKey: DEMO_KEY }
const signer = createSigner(app)

describe("expiry", () => {
  const token = signer.genUserSig({ userId: "alice", now: T, expireSeconds: 100 })
  it("is valid from before issue through issuedAt + expireSeconds inclusive", () => {
    for (const now of [0, T - 1, T, T + 99, T + 100]) expect(signer.verify(token, { now }).expiresAt).toBe(T + 100)
    expect(caught(() => signer.verify(token, { now: T + 101 })).code).toBe("EXPIRED")
  })
  it("leewaySeconds extends the last valid second", () => {
    expect(signer.verify(token, { now: T + 130, leewaySeconds: 30 }).userId).toBe("alice")
    expect(caught(() => signer.verify(token, { now: T + 131, leewaySeconds: 30 })).message).toMatch(/30 s leeway/)
  })
  it("defaults now to the clock", () => {
    const fresh = signer.genUserSig({ userId: "alice", expireSeconds: 60 })
    expect(signer.verify(fresh).userId).toBe("alice")
    expect(caught(() => signer.verify(token)).code).toBe("EXPIRED") // T is in 2023
  })
})

describe("mismatches carry the server's codes", () => {
  const token = genUserSig({ ...app, userId: "alice", now: T })
  it.each([
    [{ sdkAppId: 1400000001 }, "SDKAPPID_MISMATCH", 70014],
    [{ userId: "bob" }, "IDENTIFIER_MISMATCH", 70013],
    [{ userId: "Alice" }, "IDENTIFIER_MISMATCH", 70013],
    [{ secretKey: DEMO_KEY.slice(0, -1) + "f" }, "SIGNATURE_MISMATCH", 70009],
    [{ now: T + 15552001 }, "EXPIRED", 70001],
  ] as const)("%j → %s", (patch, code, serverCode) => {
    const e = caught(() => verifyUserSig(token, { ...app, now: T, ...patch }))
    expect([e.name, e.code, e.serverCode]).toEqual(["UserSigError", code, serverCode])
  })
  it("createSigner(...).verify and verifyUserSig agree", () => {
    const a = createSigner({ ...app, sdkAppId: 1400000001 })
    expect(caught(() => a.verify(token, { now: T })).code).toBe("SDKAPPID_MISMATCH")
    expect(signer.verify(token, { now: T })).toEqual(verifyUserSig(token, { ...app, now: T }))
  })
})

describe("userbuf", () => {
  const pmk = genPrivateMapKey({ ...app, userId: "alice", now: T, roomId: 7, privileges: 3 })
  const plain = genUserSig({ ...app, userId: "alice", now: T })
  const buf = signer.verify(pmk, { now: T }).userBuf!

  it("userBuf: null demands none (Go's ErrUserBufTypeNotMatch)", () => {
    expect(signer.verify(plain, { now: T, userBuf: null }).userBuf).toBeUndefined()
    expect(caught(() => signer.verify(pmk, { now: T, userBuf: null })).code).toBe("USERBUF_MISMATCH")
  })
  it("userBuf: bytes demands exactly those (Go's VerifyUserSigWithBuf)", () => {
    expect(signer.verify(pmk, { now: T, userBuf: buf.slice() }).privateMap?.roomId).toBe(7)
    const other = buf.slice()
    other[other.length - 1] ^= 1
    expect(caught(() => signer.verify(pmk, { now: T, userBuf: other })).code).toBe("USERBUF_MISMATCH")
    expect(caught(() => signer.verify(plain, { now: T, userBuf: buf })).code).toBe("USERBUF_MISMATCH")
  })
  it("a PrivateMapKey whose userbuf names another app is rejected even when signed", () => {
    const json = JSON.parse(inflateToken(pmk)) as Record<string, string | number>
    const forged = Buffer.from(buf)
    forged.writeUInt32BE(1400000001, 3 + 5) // dwSdkAppid after "alice"
    const ub = forged.toString("base64")
    const sig = nodeSig(DEMO_KEY, `TLS.identifier:alice\nTLS.sdkappid:${DEMO_SDKAPPID}\nTLS.time:${T}\nTLS.expire:${json["TLS.expire"]}\nTLS.userbuf:${ub}\n`)
    const token = craftToken(JSON.stringify({ ...json, "TLS.userbuf": ub, "TLS.sig": sig }))
    expect(caught(() => signer.verify(token, { now: T })).message).toMatch(/userbuf is for SDKAppID 1400000001/)
  })
  it("an opaque (non-PrivateMapKey) userbuf is carried and checked by the HMAC only", () => {
    const ub = Buffer.from("opaque bytes").toString("base64")
    const content = `TLS.identifier:alice\nTLS.sdkappid:${DEMO_SDKAPPID}\nTLS.time:${T}\nTLS.expire:60\nTLS.userbuf:${ub}\n`
    const token = craftToken(`{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.time":${T},"TLS.expire":60,"TLS.userbuf":"${ub}","TLS.sig":"${nodeSig(DEMO_KEY, content)}"}`)
    const d = signer.verify(token, { now: T })
    expect(Buffer.from(d.userBuf!).toString()).toBe("opaque bytes")
    expect(d.privateMap).toBeUndefined()
    // an empty userbuf is still a fifth HMAC line (the Node package emits it for an empty Buffer)
    const empty = craftToken(`{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.time":${T},"TLS.expire":60,"TLS.userbuf":"","TLS.sig":"${nodeSig(DEMO_KEY, content.replace(ub, ""))}"}`)
    expect(signer.verify(empty, { now: T }).userBuf).toEqual(new Uint8Array(0))
  })
})
