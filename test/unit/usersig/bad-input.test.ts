// Every public function throws UserSigError (never a TypeError/RangeError from inside), and no
// message ever contains the secret key.
import { describe, expect, it } from "vitest"
import {
  UserSigError,
  createSigner,
  decodeUserSig,
  genPrivateMapKey,
  genUserSig,
  verifyUserSig,
} from "../../../src/usersig/mod.ts"
import { DEMO_KEY, DEMO_SDKAPPID, T, officialTokens } from "../../vectors/usersig.ts"
import { caught, craftToken, nodeSig, toToken } from "./helpers.ts"

const app = { sdkAppId: DEMO_SDKAPPID, secretKey: DEMO_KEY }
const good = { ...app, userId: "alice", now: T }
const goodPmk = { ...good, roomId: 1234, privileges: 255 }
const token = genUserSig(good)

// Every message produced anywhere in this file is checked for the key at the end.
const messages: Array<string> = []
const code = (fn: () => unknown): string => {
  const e = caught(fn)
  messages.push(e.message, String(e), JSON.stringify(e), e.stack ?? "")
  return e.code
}

const bad = (base: object, patches: Record<string, Record<string, unknown>>) =>
  Object.entries(patches).map(([name, patch]) => [name, { ...base, ...patch }] as const)

describe("arguments", () => {
  const appCases = bad(good, {
    "fractional sdkAppId": { sdkAppId: 1.5 },
    "negative sdkAppId": { sdkAppId: -1 },
    "zero sdkAppId": { sdkAppId: 0 },
    "sdkAppId over 2^32-1": { sdkAppId: 2 ** 32 },
    "NaN sdkAppId": { sdkAppId: Number.NaN },
    "string sdkAppId": { sdkAppId: "1400000000" },
    "bigint sdkAppId": { sdkAppId: 1400000000n },
    "missing sdkAppId": { sdkAppId: undefined },
    "empty key": { secretKey: "" },
    "numeric key": { secretKey: 12345 },
    "missing key": { secretKey: undefined },
    "key as bytes": { secretKey: new TextEncoder().encode(DEMO_KEY) },
  })
  const userCases = bad(good, {
    "empty user id": { userId: "" },
    "missing user id": { userId: undefined },
    "numeric user id": { userId: 42 },
    "user id with NUL": { userId: "ali\u0000ce" },
    "user id with newline (would forge an HMAC line)": { userId: "alice\nTLS.expire:99" },
    "user id with tab": { userId: "a\tb" },
    "user id with DEL": { userId: "a\u007fb" },
    "user id with a C1 control": { userId: "a\u0085b" },
    "user id with a lone surrogate": { userId: "a\ud800b" },
    "user id of 33 bytes": { userId: "x".repeat(33) },
    "user id of 11 CJK chars (33 bytes)": { userId: "用".repeat(11) },
    "zero expiry": { expireSeconds: 0 },
    "negative expiry": { expireSeconds: -60 },
    "fractional expiry": { expireSeconds: 1.5 },
    "NaN expiry": { expireSeconds: Number.NaN },
    "Infinity expiry": { expireSeconds: Number.POSITIVE_INFINITY },
    "string expiry": { expireSeconds: "60" },
    "expiry over 2^32-1": { expireSeconds: 2 ** 32 },
    "fractional now": { now: T + 0.5 },
    "negative now": { now: -1 },
    "now in milliseconds beyond safe range": { now: 2 ** 53 },
    "compression level 10": { compressionLevel: 10 },
    "compression level -1": { compressionLevel: -1 },
    "compression level 1.5": { compressionLevel: 1.5 },
  })
  it.each([...appCases, ...userCases])("genUserSig: %s", (_, options) => {
    expect(code(() => genUserSig(options as never))).toBe("INVALID_INPUT")
  })
  it.each(appCases)("createSigner: %s", (_, options) => {
    expect(code(() => createSigner(options as never))).toBe("INVALID_INPUT")
  })
  it.each(userCases)("signer.genUserSig: %s", (_, options) => {
    expect(code(() => createSigner(app).genUserSig(options as never))).toBe("INVALID_INPUT")
  })
  it.each(appCases)("verifyUserSig: %s", (_, options) => {
    expect(code(() => verifyUserSig(token, options as never))).toBe("INVALID_INPUT")
  })

  const pmkCases = bad(goodPmk, {
    "privileges 256": { privileges: 256 },
    "privileges -1": { privileges: -1 },
    "privileges 1.5": { privileges: 1.5 },
    "privileges missing": { privileges: undefined },
    "privileges as array": { privileges: [1, 2] },
    "room 0": { roomId: 0 },
    "room -1": { roomId: -1 },
    "room 4294967295": { roomId: 4294967295 },
    "room 2^32": { roomId: 2 ** 32 },
    "room 1.5": { roomId: 1.5 },
    "room NaN": { roomId: Number.NaN },
    "room missing": { roomId: undefined },
    "room empty string": { roomId: "" },
    "room string of 65 bytes": { roomId: "r".repeat(65) },
    "room string with a control char": { roomId: "a\u0001" },
    "room as object": { roomId: { id: 1 } },
    "userbuf expiry past 2^32-1": { now: 2 ** 32 - 10, expireSeconds: 10 },
  })
  it.each([...pmkCases, ...userCases])("genPrivateMapKey: %s", (_, options) => {
    expect(code(() => genPrivateMapKey(options as never))).toBe("INVALID_INPUT")
  })

  it.each([undefined, null, "options", 42, [good]])("non-object options %j", (options) => {
    expect(code(() => genUserSig(options as never))).toBe("INVALID_INPUT")
    expect(code(() => genPrivateMapKey(options as never))).toBe("INVALID_INPUT")
    expect(code(() => createSigner(options as never))).toBe("INVALID_INPUT")
    expect(code(() => verifyUserSig(token, options as never))).toBe("INVALID_INPUT")
    if (options !== undefined) expect(code(() => createSigner(app).verify(token, options as never))).toBe("INVALID_INPUT")
  })

  it.each(
    bad({ now: T } as Record<string, unknown>, {
      "empty userId": { userId: "" },
      "userId with control": { userId: "a\nb" },
      "fractional now": { now: 1.5 },
      "negative leeway": { leewaySeconds: -1 },
      "fractional leeway": { leewaySeconds: 0.5 },
      "userBuf as string": { userBuf: "AAAA" },
      "userBuf as array": { userBuf: [1, 2] },
    }),
  )("verify options: %s", (_, options) => {
    expect(code(() => createSigner(app).verify(token, options))).toBe("INVALID_INPUT")
  })

  it("accepts the limits themselves", () => {
    expect(decodeUserSig(genUserSig({ ...good, userId: "x".repeat(32) })).userId).toHaveLength(32)
    expect(decodeUserSig(genUserSig({ ...good, userId: "用".repeat(10) + "ab" })).userId).toHaveLength(12)
    expect(decodeUserSig(genUserSig({ ...good, userId: "😀".repeat(8) })).userId).toBe("😀".repeat(8)) // 32 bytes
    expect(decodeUserSig(genUserSig({ ...good, expireSeconds: 2 ** 32 - 1, now: 0 })).expiresAt).toBe(2 ** 32 - 1)
    expect(decodeUserSig(genPrivateMapKey({ ...goodPmk, roomId: 4294967294, privileges: 0 })).privateMap?.roomId).toBe(4294967294)
    expect(decodeUserSig(genPrivateMapKey({ ...goodPmk, roomId: "r".repeat(64) })).privateMap?.roomId).toBe("r".repeat(64))
    expect(decodeUserSig(genPrivateMapKey({ ...goodPmk, now: 2 ** 32 - 11, expireSeconds: 10 })).privateMap?.expiresAt).toBe(2 ** 32 - 1)
  })
})

describe("tokens", () => {
  const sigOf = (content: string) => nodeSig(DEMO_KEY, content)
  const fields = `"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.time":${T},"TLS.expire":60`
  const validSig = sigOf(`TLS.identifier:alice\nTLS.sdkappid:${DEMO_SDKAPPID}\nTLS.time:${T}\nTLS.expire:60\n`)
  const cases: Array<[string, unknown]> = [
    ["not a string", 42],
    ["null", null],
    ["empty", ""],
    ["standard-alphabet base64 (+/=)", toToken(new Uint8Array([251, 255, 0])).replace("*", "+").replace("-", "/")],
    ["a space", token.slice(0, 8) + " " + token.slice(9)],
    ["a non-ASCII char", token.slice(0, 8) + "é" + token.slice(9)],
    ["padding in the middle", "AB_C" + token.slice(4)],
    ["truncated base64 (length not a multiple of 4)", token.slice(0, -1)],
    ["truncated base64 (whole quads lost)", token.slice(0, -8)],
    ["non-canonical padding bits", "eJx_"],
    ["three padding chars", "e___"],
    ["base64 that is not zlib", toToken(new TextEncoder().encode("just some text, not zlib at all"))],
    ["zlib that is not UTF-8", craftToken("\u0000").slice(0, 0) + toToken(new Uint8Array([0x78, 0x01, 0x01, 0x01, 0x00, 0xfe, 0xff, 0xff, 0x01, 0x00, 0x01]))],
    ["zlib that is not JSON", craftToken("hello")],
    ["JSON that is an array", craftToken("[1,2]")],
    ["JSON that is a string", craftToken('"x"')],
    ["JSON null", craftToken("null")],
    ["JSON missing TLS.sig", craftToken(`{${fields}}`)],
    ["JSON missing TLS.identifier", craftToken(`{"TLS.ver":"2.0","TLS.sdkappid":1,"TLS.time":1,"TLS.expire":1,"TLS.sig":"${validSig}"}`)],
    ["JSON missing TLS.ver", craftToken(`{"TLS.identifier":"alice","TLS.sdkappid":1,"TLS.time":1,"TLS.expire":1,"TLS.sig":"${validSig}"}`)],
    ["JSON missing TLS.time", craftToken(`{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":1,"TLS.expire":1,"TLS.sig":"${validSig}"}`)],
    ["sdkappid as a string (Go reports this as 'sdk appid not match')", craftToken(`{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":"${DEMO_SDKAPPID}","TLS.time":${T},"TLS.expire":60,"TLS.sig":"${validSig}"}`)],
    ["identifier as a number", craftToken(`{"TLS.ver":"2.0","TLS.identifier":7,"TLS.sdkappid":1,"TLS.time":1,"TLS.expire":1,"TLS.sig":"${validSig}"}`)],
    ["fractional time", craftToken(`{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":1,"TLS.time":1.5,"TLS.expire":1,"TLS.sig":"${validSig}"}`)],
    ["fractional expire", craftToken(`{${fields.replace(":60", ":1.5")},"TLS.sig":"${validSig}"}`)],
    ["expire as a string", craftToken(`{${fields.replace(":60", ':"60"')},"TLS.sig":"${validSig}"}`)],
    ["sig as a number", craftToken(`{${fields},"TLS.sig":5}`)],
    ["sig in the token alphabet", craftToken(`{${fields},"TLS.sig":"${validSig.replace(/\//g, "-").replace(/\+/g, "*").replace(/=/g, "_")}"}`)],
    ["sig of 31 bytes", craftToken(`{${fields},"TLS.sig":"${Buffer.alloc(31).toString("base64")}"}`)],
    ["userbuf as a number", craftToken(`{${fields},"TLS.userbuf":1,"TLS.sig":"${validSig}"}`)],
    ["userbuf not base64", craftToken(`{${fields},"TLS.userbuf":"%%%%","TLS.sig":"${validSig}"}`)],
  ]
  it.each(cases)("%s → MALFORMED (70003)", (_, t) => {
    expect(code(() => decodeUserSig(t as string))).toBe("MALFORMED")
    const e = caught(() => verifyUserSig(t as string, { ...app, now: T }))
    expect([e.code, e.serverCode]).toEqual(["MALFORMED", 70003])
  })

  it("a flipped character either fails or changes nothing that was signed", () => {
    // Deflate has slack the inflater ignores (the NLEN complement of stored blocks, which fflate
    // does not check, and padding bits before a stored block). Tokens are malleable anyway: the
    // HMAC covers the fields, not the bytes. What must never happen is a change that verifies
    // with different content.
    let slack = 0
    for (const { token: t } of officialTokens) {
      const expected = JSON.stringify(decodeUserSig(t))
      for (let i = 0; i < t.length; i++) {
        const flipped = t.slice(0, i) + (t[i] === "A" ? "B" : "A") + t.slice(i + 1)
        let d: unknown
        try {
          d = verifyUserSig(flipped, { ...app, now: T })
        } catch (e) {
          expect(e).toBeInstanceOf(UserSigError)
          continue
        }
        slack++
        expect(JSON.stringify(d)).toBe(expected)
      }
    }
    expect(slack).toBeLessThan(12)
  })

  it("a token whose identifier was edited fails the HMAC", () => {
    const forged = craftToken(`{"TLS.ver":"2.0","TLS.identifier":"mallory","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.time":${T},"TLS.expire":60,"TLS.sig":"${validSig}"}`)
    expect(code(() => verifyUserSig(forged, { ...app, now: T }))).toBe("SIGNATURE_MISMATCH")
  })

  it("a forged token that is also expired reports SIGNATURE_MISMATCH, not EXPIRED (claims are trusted only after the HMAC)", () => {
    const forged = craftToken(`{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":${DEMO_SDKAPPID},"TLS.time":${T},"TLS.expire":61,"TLS.sig":"${validSig}"}`)
    expect(code(() => verifyUserSig(forged, { ...app, now: T + 1000 }))).toBe("SIGNATURE_MISMATCH")
  })
})

describe("secrets", () => {
  it("no message, String() or JSON of any error above contains the key (or its first half)", () => {
    expect(messages.length).toBeGreaterThan(300)
    for (const m of messages) {
      expect(m).not.toContain(DEMO_KEY)
      expect(m).not.toContain(DEMO_KEY.slice(0, 32))
    }
  })
  it("a key passed where the user id goes is shown truncated, and errors never quote the token", () => {
    const e = caught(() => genUserSig({ ...app, userId: `${DEMO_KEY}\n` }))
    expect(e.message).not.toContain(DEMO_KEY)
    const t = genUserSig(good)
    for (const fn of [() => verifyUserSig(t, { ...app, secretKey: "wrong" }), () => verifyUserSig(t.slice(0, -4), app)]) {
      const m = caught(fn).message
      expect(m).not.toContain(t.slice(0, 20))
      expect(m).not.toContain(decodeUserSig(t).signature)
    }
  })
  it("a signer holds no copy of the key, and a decoded token does not print its signature", () => {
    const signer = createSigner(app)
    expect(JSON.stringify(signer)).not.toContain(DEMO_KEY)
    expect(Object.values(signer).every((v) => typeof v === "function")).toBe(true)
    const d = decodeUserSig(genUserSig(good))
    expect(d.signature).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(JSON.stringify(d)).not.toContain(d.signature)
    expect(Object.keys(d)).not.toContain("signature")
  })
})
