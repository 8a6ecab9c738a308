// docs/protocol/usersig.md#no-canonical-token: every official SDK's encoding of the same UserSig must decode and verify, and expire.
import { describe, expect, it } from "vitest"
import { createSigner, decodeUserSig, verifyUserSig } from "../../../src/usersig/mod.ts"
import { DEMO_KEY, DEMO_SDKAPPID, EXPIRE, T, hmacVector, officialDecoded, officialTokens, userBufVectors } from "../../vectors/usersig.ts"
import { caught, craftToken, inflateToken, nodeSig } from "./helpers.ts"

const app = { sdkAppId: DEMO_SDKAPPID, secretKey: DEMO_KEY }

describe.each(officialTokens)("$sdk token", ({ token }) => {
  it("decodes to the same fields and TLS.sig", () => {
    const d = decodeUserSig(token)
    expect({ ...d, signature: d.signature }).toEqual(officialDecoded)
    expect(d.userBuf).toBeUndefined()
    expect(d.privateMap).toBeUndefined()
  })
  it("verifies at issue time and at the last valid second (inclusive, like Go)", () => {
    expect(verifyUserSig(token, { ...app, now: T }).userId).toBe("xiaojun")
    expect(verifyUserSig(token, { ...app, userId: "xiaojun", now: T + EXPIRE }).expiresAt).toBe(T + EXPIRE)
  })
  it("is EXPIRED one second later, unless leeway covers it", () => {
    const e = caught(() => verifyUserSig(token, { ...app, now: T + EXPIRE + 1 }))
    expect([e.code, e.serverCode]).toEqual(["EXPIRED", 70001])
    expect(verifyUserSig(token, { ...app, now: T + EXPIRE + 1, leewaySeconds: 1 }).userId).toBe("xiaojun")
    expect(caught(() => verifyUserSig(token, { ...app, now: T + EXPIRE + 2, leewaySeconds: 1 })).code).toBe("EXPIRED")
  })
  it("fails with the wrong key, app or user", () => {
    expect(caught(() => verifyUserSig(token, { ...app, secretKey: DEMO_KEY.toUpperCase(), now: T })).code).toBe("SIGNATURE_MISMATCH")
    expect(caught(() => verifyUserSig(token, { ...app, sdkAppId: 1400000001, now: T })).code).toBe("SDKAPPID_MISMATCH")
    expect(caught(() => verifyUserSig(token, { ...app, userId: "xiaojun2", now: T })).code).toBe("IDENTIFIER_MISMATCH")
  })
})

describe("dialect details", () => {
  it("the tokens really differ in the ways the reference describes", () => {
    const [node, python, php, go13, go14] = officialTokens.map((o) => inflateToken(o.token))
    expect(python).toContain('"TLS.ver": "2.0", ')
    expect(php).toContain("LvA7d\\/Iw")
    expect(go13!.startsWith('{"TLS.expire":15552000,"TLS.identifier"')).toBe(true)
    expect(go14!.endsWith("}\n")).toBe(true)
    expect(node).toContain('"TLS.time":1700000000,"TLS.expire":15552000')
  })

  const signer = createSigner(app)
  const sigFor = (expire: string, id = "xiaojun") =>
    nodeSig(DEMO_KEY, `TLS.identifier:${id}\nTLS.sdkappid:${DEMO_SDKAPPID}\nTLS.time:${T}\nTLS.expire:${expire}\n`)

  it("Go v1.4 with expire 0 omits TLS.expire; the HMAC covers TLS.expire:0", () => {
    const token = craftToken(`{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.time":${T},"TLS.sig":"${sigFor("0")}"}\n`, 0)
    const d = signer.verify(token, { now: T })
    expect([d.expireSeconds, d.expiresAt]).toEqual([0, T])
    expect(caught(() => signer.verify(token, { now: T + 1 })).code).toBe("EXPIRED")
  })

  it("an omitted expire is not a wildcard: a sig over any other lifetime fails", () => {
    const token = craftToken(`{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.time":${T},"TLS.sig":"${hmacVector.sig}"}`)
    expect(caught(() => signer.verify(token, { now: T })).code).toBe("SIGNATURE_MISMATCH")
  })

  it("Node's null expire: the HMAC covered the text 'undefined'; lifetime 0", () => {
    const token = craftToken(`{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.time":${T},"TLS.expire":null,"TLS.sig":"${sigFor("undefined")}"}`)
    const d = signer.verify(token, { now: T })
    expect(d.expireSeconds).toBe(0)
    expect(caught(() => signer.verify(token, { now: T + 1 })).code).toBe("EXPIRED")
  })

  it("Go v1.4 HTML-escapes <>& and Python/PHP escape non-ASCII as \\uXXXX", () => {
    const id = "a<b>&用户"
    const escaped = id.replace(/[<>&\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    const token = craftToken(`{"TLS.ver": "2.0", "TLS.identifier": "${escaped}", "TLS.sdkappid": ${DEMO_SDKAPPID}, "TLS.expire": 60, "TLS.time": ${T}, "TLS.sig": "${sigFor("60", id).replaceAll("/", "\\/")}"}`)
    expect(signer.verify(token, { now: T, userId: id }).userId).toBe(id)
  })

  it("Java's HashMap key order decodes the same", () => {
    const java = craftToken(`{"TLS.expire":60,"TLS.ver":"2.0","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.identifier":"xiaojun","TLS.sig":"${sigFor("60")}","TLS.time":${T}}`, 9)
    expect(signer.verify(java, { now: T + 60 }).expireSeconds).toBe(60)
  })

  it("C++'s sdkappid-before-identifier order at zlib level 1 (Z_BEST_SPEED) decodes the same", () => {
    const cpp = craftToken(`{"TLS.ver":"2.0","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.identifier":"xiaojun","TLS.time":${T},"TLS.expire":${EXPIRE},"TLS.sig":"${hmacVector.sig}"}`, 1)
    expect(signer.verify(cpp, { now: T + EXPIRE, userId: "xiaojun" }).signature).toBe(hmacVector.sig)
  })

  it.each(userBufVectors)("C#'s sig-before-userbuf order verifies a PrivateMapKey ($name)", (v) => {
    const cs = craftToken(`{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.expire":${EXPIRE},"TLS.time":${T},"TLS.sig":"${v.sig}","TLS.userbuf":"${v.base64}"}`)
    const d = signer.verify(cs, { now: T })
    expect([d.privateMap?.roomId, d.privateMap?.privileges]).toEqual([v.roomId, v.privileges])
  })
})
