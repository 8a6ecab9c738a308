/**
 * UserSig conformance: the same assertions on Node, Deno, Bun and workerd (with and without
 * nodejs_compat), so "identical results on every runtime" is checked, not assumed.
 * Runtime-neutral: Web globals only, the public entry module, vectors as data, explicit `now`.
 */
import { zlibSync } from "fflate"
import {
  Privilege,
  UserSigError,
  createSigner,
  decodeUserSig,
  genPrivateMapKey,
  genUserSig,
  verifyUserSig,
} from "../../src/usersig/mod.ts"
import {
  DEMO_KEY,
  DEMO_SDKAPPID,
  EXPIRE,
  T,
  goV14ZeroExpireToken,
  hmacVector,
  level0Token,
  nonAsciiUserBuf,
  officialDecoded,
  officialNodeExtras,
  officialTokens,
  userBufVectors,
} from "../vectors/usersig.ts"
import type { Harness, Suite } from "./harness.ts"

const app = { sdkAppId: DEMO_SDKAPPID, secretKey: DEMO_KEY }

const hex = (b: Uint8Array | undefined): string => Array.from(b ?? [], (x) => x.toString(16).padStart(2, "0")).join("")
const base64 = (b: Uint8Array | undefined): string => btoa(String.fromCharCode(...(b ?? [])))
const toToken = (b: Uint8Array): string => base64(b).replaceAll("+", "*").replaceAll("/", "-").replaceAll("=", "_")
const fields = (d: { signature: string }): Record<string, unknown> => ({ ...d, signature: d.signature })

const isCode =
  (code: UserSigError["code"]) =>
  (e: unknown): boolean =>
    e instanceof UserSigError && e.code === code && !e.message.includes(DEMO_KEY)

const register = (t: Harness): void => {
  t.test("known answers: TLS.sig and the deterministic level-0 token", () => {
    const token = genUserSig({ ...app, userId: "xiaojun", now: T })
    t.equal(token, level0Token)
    t.equal(fields(decodeUserSig(token)), officialDecoded)
    t.equal(decodeUserSig(token).signature, hmacVector.sig)
  })

  t.test("known answers: PrivateMapKey userbufs and their TLS.sig", () => {
    for (const v of userBufVectors) {
      const d = decodeUserSig(genPrivateMapKey({ ...app, userId: "xiaojun", now: T, roomId: v.roomId, privileges: v.privileges }))
      t.equal(hex(d.userBuf), v.hex, v.name)
      t.equal(base64(d.userBuf), v.base64, v.name)
      t.equal(d.signature, v.sig, v.name)
      t.equal(d.privateMap, { roomId: v.roomId, privileges: 255, expiresAt: T + EXPIRE, account: "xiaojun", sdkAppId: DEMO_SDKAPPID })
    }
  })

  t.test("known answers: non-ASCII userbuf is UTF-8 with byte lengths", () => {
    const v = nonAsciiUserBuf
    const d = decodeUserSig(genPrivateMapKey({ ...app, userId: v.userId, now: T, roomId: v.roomId, privileges: v.privileges }))
    t.equal(hex(d.userBuf), v.hex)
    t.equal(d.privateMap?.account, "用户1")
    t.equal(d.privateMap?.roomId, "房间")
  })

  for (const { sdk, token } of officialTokens)
    t.test(`official ${sdk} token: decodes, verifies through its last second, then EXPIRED`, () => {
      t.equal(fields(decodeUserSig(token)), officialDecoded)
      t.equal(verifyUserSig(token, { ...app, userId: "xiaojun", now: T }).expiresAt, T + EXPIRE)
      t.equal(verifyUserSig(token, { ...app, now: T + EXPIRE }).userId, "xiaojun")
      t.throws(() => verifyUserSig(token, { ...app, now: T + EXPIRE + 1 }), isCode("EXPIRED"))
      t.equal(verifyUserSig(token, { ...app, now: T + EXPIRE + 5, leewaySeconds: 5 }).userId, "xiaojun")
      t.throws(() => verifyUserSig(token, { ...app, secretKey: DEMO_KEY.replace("5", "6"), now: T }), isCode("SIGNATURE_MISMATCH"))
    })

  t.test("official Node extras: PrivateMapKeys, null expire, corrupt non-ASCII userbuf", () => {
    const signer = createSigner(app)
    t.equal(signer.verify(officialNodeExtras.privateMapKeyNumeric, { now: T }).signature, userBufVectors[0].sig)
    t.equal(signer.verify(officialNodeExtras.privateMapKeyString, { now: T }).privateMap?.roomId, "1000000040")
    t.equal(signer.verify(officialNodeExtras.nullExpire, { now: T }).expireSeconds, 0)
    t.throws(() => signer.verify(officialNodeExtras.nullExpire, { now: T + 1 }), isCode("EXPIRED"))
    t.equal(decodeUserSig(officialNodeExtras.nonAsciiPrivateMapKey).privateMap?.account, "(71")
    t.throws(() => signer.verify(officialNodeExtras.nonAsciiPrivateMapKey, { now: T }), isCode("USERBUF_MISMATCH"))
  })

  t.test("Go v1.4 zero expire (TLS.expire omitted, HMAC over 0)", () => {
    const d = verifyUserSig(goV14ZeroExpireToken, { ...app, now: T })
    t.equal([d.expireSeconds, d.expiresAt], [0, T])
    t.throws(() => verifyUserSig(goV14ZeroExpireToken, { ...app, now: T + 1 }), isCode("EXPIRED"))
  })

  t.test("round trips: ASCII and non-ASCII ids, both room kinds, every level", () => {
    const signer = createSigner({ sdkAppId: 20000001, secretKey: "any string key, not hex: 密钥" })
    const ids = ["administrator", "a", "x".repeat(32), "用户1", "😀".repeat(8), 'q"uote\\ <&>']
    for (const userId of ids)
      for (const compressionLevel of [0, 6, 9] as const) {
        const now = T + compressionLevel
        const u = signer.verify(signer.genUserSig({ userId, now, expireSeconds: 60, compressionLevel }), { userId, now: now + 60 })
        t.equal(u, { version: "2.0", userId, sdkAppId: 20000001, issuedAt: now, expireSeconds: 60, expiresAt: now + 60 })
        for (const roomId of [1, 4294967294, "room", "房间-1"]) {
          const privileges = Privilege.EnterRoom | Privilege.ReceiveAudio | Privilege.ReceiveVideo
          const p = signer.verify(signer.genPrivateMapKey({ userId, now, roomId, privileges, compressionLevel }), { userId, now })
          t.equal(p.privateMap, { roomId, privileges: 42, expiresAt: now + 15552000, account: userId, sdkAppId: 20000001 })
        }
      }
  })

  t.test("Privilege bits", () => {
    t.equal(Object.values(Privilege), [1, 2, 4, 8, 16, 32, 64, 128, 255])
    t.ok(Object.isFrozen(Privilege))
  })

  t.test("error codes and server codes", () => {
    const token = genUserSig({ ...app, userId: "alice", now: T })
    t.throws(() => genUserSig({ ...app, userId: "", now: T }), isCode("INVALID_INPUT"))
    t.throws(() => genUserSig({ ...app, userId: "a\nb" }), isCode("INVALID_INPUT"))
    t.throws(() => genUserSig({ ...app, userId: "x".repeat(33) }), isCode("INVALID_INPUT"))
    t.throws(() => genUserSig({ ...app, sdkAppId: 2 ** 32, userId: "a" }), isCode("INVALID_INPUT"))
    t.throws(() => genUserSig({ ...app, secretKey: "", userId: "a" }), isCode("INVALID_INPUT"))
    t.throws(() => genUserSig({ ...app, userId: "a", expireSeconds: 0.5 }), isCode("INVALID_INPUT"))
    t.throws(() => genPrivateMapKey({ ...app, userId: "a", roomId: 0, privileges: 1 }), isCode("INVALID_INPUT"))
    t.throws(() => genPrivateMapKey({ ...app, userId: "a", roomId: 1, privileges: 256 }), isCode("INVALID_INPUT"))
    t.throws(() => genUserSig(undefined as never), isCode("INVALID_INPUT"))
    t.throws(() => decodeUserSig(token.slice(0, -1)), isCode("MALFORMED"))
    t.throws(() => decodeUserSig(`${token.slice(0, 10)}+${token.slice(11)}`), isCode("MALFORMED"))
    t.throws(() => decodeUserSig(42 as never), isCode("MALFORMED"))
    const cases = [
      [{ ...app, sdkAppId: 1 }, "SDKAPPID_MISMATCH", 70014],
      [{ ...app, userId: "bob" }, "IDENTIFIER_MISMATCH", 70013],
      [{ ...app, secretKey: "other" }, "SIGNATURE_MISMATCH", 70009],
      [{ ...app, now: T + EXPIRE + 1 }, "EXPIRED", 70001],
    ] as const
    for (const [options, code, serverCode] of cases) {
      t.throws(() => verifyUserSig(token, { now: T, ...options }), (e) => isCode(code)(e) && (e as UserSigError).serverCode === serverCode, code)
    }
    t.throws(() => verifyUserSig("!!!!", app), (e) => isCode("MALFORMED")(e) && (e as UserSigError).serverCode === 70003)
  })

  t.test("zlib bombs fail fast with MALFORMED, small or as long as a token may be", () => {
    for (const size of [600_000, 4_000_000]) {
      const bomb = toToken(zlibSync(new Uint8Array(size), { level: 9 }))
      t.throws(() => decodeUserSig(bomb), (e) => isCode("MALFORMED")(e) && /inflates to more than/.test((e as Error).message), String(size))
    }
  })

  t.test("decoded tokens do not print their signature", () => {
    const d = decodeUserSig(level0Token)
    t.ok(!JSON.stringify(d).includes(d.signature))
    t.equal(Object.keys(d), ["version", "userId", "sdkAppId", "issuedAt", "expireSeconds", "expiresAt"])
  })
}

/** The UserSig conformance suite. */
export const usersigSuite: Suite = { name: "usersig", register }
