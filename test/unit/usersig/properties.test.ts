// gen → verify round-trips for random apps, keys, user ids (ASCII and not), rooms and times;
// every field is decoded back, and Node's zlib/crypto agree with what we wrote.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { UserSigError, createSigner, decodeUserSig, genPrivateMapKey, genUserSig, verifyUserSig } from "../../../src/usersig/mod.ts"
import { inflateToken, nodeSig } from "./helpers.ts"

const utf8Len = (s: string) => Buffer.byteLength(s, "utf8")
const noControls = (s: string) => s.length > 0 && !/[\p{Cc}\p{Cs}]/u.test(s)

const sdkAppId = fc.integer({ min: 1, max: 2 ** 32 - 1 })
const secretKey = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.string({ minLength: 1, maxLength: 100, unit: "grapheme" }), // any key string, incl. > 64 bytes (hashed by HMAC)
)
const asciiId = fc.string({ minLength: 1, maxLength: 32, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
const anyId = fc.string({ minLength: 1, maxLength: 16, unit: "grapheme" }).filter((s) => noControls(s) && utf8Len(s) <= 32)
const userId = fc.oneof(asciiId, anyId)
const now = fc.integer({ min: 0, max: 2 ** 32 - 1 - 2 ** 31 })
const expireSeconds = fc.integer({ min: 1, max: 2 ** 31 })
const level = fc.constantFrom(0, 1, 6, 9) as fc.Arbitrary<0 | 1 | 6 | 9>
const roomId = fc.oneof(
  fc.integer({ min: 1, max: 4294967294 }),
  fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" }).filter((s) => noControls(s) && utf8Len(s) <= 64),
)
const privileges = fc.integer({ min: 0, max: 255 })

describe("round trips (property)", () => {
  it("genUserSig → verifyUserSig / decodeUserSig returns every field", () => {
    fc.assert(
      fc.property(sdkAppId, secretKey, userId, now, expireSeconds, level, (app, key, id, t, exp, compressionLevel) => {
        const token = genUserSig({ sdkAppId: app, secretKey: key, userId: id, now: t, expireSeconds: exp, compressionLevel })
        expect(token).toMatch(/^[A-Za-z0-9*-]+_{0,2}$/)
        const d = verifyUserSig(token, { sdkAppId: app, secretKey: key, userId: id, now: t + exp })
        expect(d).toEqual({ version: "2.0", userId: id, sdkAppId: app, issuedAt: t, expireSeconds: exp, expiresAt: t + exp })
        expect(decodeUserSig(token)).toEqual(d)
        // Node's zlib reads it, and node:crypto computes the same TLS.sig over the same content
        const json = JSON.parse(inflateToken(token)) as Record<string, unknown>
        expect(json["TLS.sig"]).toBe(nodeSig(key, `TLS.identifier:${id}\nTLS.sdkappid:${app}\nTLS.time:${t}\nTLS.expire:${exp}\n`))
        expect(d.signature).toBe(json["TLS.sig"])
        // one second late, or another key, fails
        expect(() => verifyUserSig(token, { sdkAppId: app, secretKey: key, now: t + exp + 1 })).toThrow(UserSigError)
        expect(() => verifyUserSig(token, { sdkAppId: app, secretKey: `${key}x`, now: t })).toThrow(/signature/)
      }),
      { numRuns: 300 },
    )
  })

  it("genPrivateMapKey → verify returns the room, privileges and absolute expiry", () => {
    fc.assert(
      fc.property(sdkAppId, secretKey, userId, now, expireSeconds, roomId, privileges, level, (app, key, id, t, exp, room, priv, compressionLevel) => {
        const signer = createSigner({ sdkAppId: app, secretKey: key })
        const token = signer.genPrivateMapKey({ userId: id, now: t, expireSeconds: exp, roomId: room, privileges: priv, compressionLevel })
        const d = signer.verify(token, { userId: id, now: t })
        expect(d.privateMap).toEqual({ roomId: room, privileges: priv, expiresAt: t + exp, account: id, sdkAppId: app })
        expect(d.expiresAt).toBe(t + exp)
        // the userbuf layout, read independently
        const buf = Buffer.from(d.userBuf!)
        const l = buf.readUInt16BE(1)
        expect(buf.subarray(3, 3 + l).toString("utf8")).toBe(id)
        expect(l).toBe(utf8Len(id))
        expect([buf.readUInt32BE(3 + l), buf.readUInt32BE(11 + l), buf.readUInt32BE(15 + l), buf.readUInt32BE(19 + l)]).toEqual([app, t + exp, priv, 0])
        expect(buf[0]).toBe(typeof room === "string" ? 1 : 0)
        expect(genPrivateMapKey({ sdkAppId: app, secretKey: key, userId: id, now: t, expireSeconds: exp, roomId: room, privileges: priv, compressionLevel })).toBe(token)
      }),
      { numRuns: 200 },
    )
  })

  it("arbitrary strings as tokens only ever throw UserSigError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9*_-]{0,300}$/), fc.stringMatching(/^eJ[A-Za-z0-9*-]{0,300}_{0,2}$/)), (t) => {
        try {
          decodeUserSig(t)
        } catch (e) {
          expect(e).toBeInstanceOf(UserSigError)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it("arbitrary option values only ever throw UserSigError", () => {
    const junk = fc.oneof(fc.anything(), fc.double(), fc.integer(), fc.string())
    fc.assert(
      fc.property(fc.record({ sdkAppId: junk, secretKey: junk, userId: junk, now: junk, expireSeconds: junk, roomId: junk, privileges: junk, compressionLevel: junk }, { requiredKeys: [] }), (o) => {
        for (const fn of [() => genUserSig(o as never), () => genPrivateMapKey(o as never), () => verifyUserSig("eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__", o as never)])
          try {
            fn()
          } catch (e) {
            expect(e).toBeInstanceOf(UserSigError)
          }
      }),
      { numRuns: 1000 },
    )
  })
})
