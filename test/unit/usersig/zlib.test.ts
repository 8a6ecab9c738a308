import { deflateRawSync, deflateSync, inflateSync } from "node:zlib"
import { zlibSync } from "fflate"
import { describe, expect, it } from "vitest"
import { decodeUserSig, genPrivateMapKey, genUserSig } from "../../../src/usersig/mod.ts"
import { MAX_INFLATED_BYTES, adler32, unzlibCapped, zlibText } from "../../../src/usersig/zlib.ts"
import { DEMO_KEY, DEMO_SDKAPPID, T, level0Token } from "../../vectors/usersig.ts"
import { caught, inflateToken, tokenBytes, toToken } from "./helpers.ts"

const app = { sdkAppId: DEMO_SDKAPPID, secretKey: DEMO_KEY }

describe("level 0 (stored), the default", () => {
  it("is byte-identical to Node's deflateSync level 0 and fflate's level 0", () => {
    for (const userId of ["xiaojun", "用户1", "a".repeat(32)]) {
      const token = genUserSig({ ...app, userId, now: T })
      const json = inflateToken(token)
      const bytes = tokenBytes(token)
      expect(bytes.equals(deflateSync(Buffer.from(json), { level: 0 }))).toBe(true)
      expect(bytes.equals(Buffer.from(zlibSync(Buffer.from(json), { level: 0 })))).toBe(true)
      expect(bytes.subarray(0, 2).toString("hex")).toBe("7801")
    }
  })
  it("gives the level0Token vector for xiaojun at T", () => {
    const token = genUserSig({ ...app, userId: "xiaojun", now: T })
    expect(token).toBe(level0Token)
    expect(tokenBytes(token).equals(deflateSync(Buffer.from(inflateToken(token)), { level: 0 }))).toBe(true)
  })
  it("frames long input as several 65535-byte blocks that Node inflates (identical bytes up to one block)", () => {
    for (const size of [0, 1, 30_000, 65_530, 65_535, 65_536, 200_000]) {
      const text = "x".repeat(size - (size % 7)) + "用".repeat(size % 7)
      const ours = Buffer.from(zlibText(text, 0))
      expect(inflateSync(ours).toString()).toBe(text)
      // Node splits stored data at its own buffer sizes (65531-byte blocks and smaller), so only
      // single-block payloads (every real token) are byte-identical.
      if (Buffer.byteLength(text) < 65_531) expect(ours.equals(deflateSync(Buffer.from(text), { level: 0 }))).toBe(true)
    }
  })
  it("computes Adler-32 like zlib, across the 5552-byte reduction runs", () => {
    const data = new Uint8Array(20_000).map((_, i) => (i * 251 + 7) & 255)
    const z = deflateSync(data)
    expect(adler32(data)).toBe(z.readUInt32BE(z.length - 4))
    expect(adler32(new Uint8Array(0))).toBe(1)
  })
})

describe("other levels", () => {
  it("levels 1..9 give valid zlib that Node inflates, and level 6 is shorter than 0", () => {
    const lengths: Array<number> = []
    for (let level = 0; level <= 9; level++) {
      const token = genPrivateMapKey({ ...app, userId: "xiaojun", now: T, roomId: "room", privileges: 255, compressionLevel: level as 0 })
      expect(JSON.parse(inflateToken(token))["TLS.identifier"]).toBe("xiaojun")
      expect(decodeUserSig(token).privateMap?.roomId).toBe("room")
      lengths.push(token.length)
    }
    expect(lengths[6]).toBeLessThan(lengths[0]!)
  })
})

describe("inflate", () => {
  const inflate = (z: Uint8Array) => new TextDecoder().decode(unzlibCapped(z))

  it("reads Node's output at every level, up to the cap and not a byte more", () => {
    for (const level of [0, 1, 6, 9]) expect(inflate(deflateSync(Buffer.from("hello"), { level }))).toBe("hello")
    const big = "ab".repeat(1000) + "用户".repeat(341) // 4094 bytes: just under the cap
    for (const level of [0, 9]) expect(inflate(deflateSync(Buffer.from(big), { level }))).toBe(big)
    const exact = Buffer.alloc(MAX_INFLATED_BYTES, 0x61)
    expect(inflate(deflateSync(exact, { level: 9 }))).toBe(exact.toString())
    const over = Buffer.alloc(MAX_INFLATED_BYTES + 1, 0x61)
    for (const level of [0, 9]) expect(caught(() => unzlibCapped(deflateSync(over, { level }))).message).toMatch(/inflates to more than/)
  })

  it("rejects a bad header, a preset dictionary, a bad Adler-32, truncation and garbage", () => {
    const good = deflateSync(Buffer.from("hello"))
    const bad = (z: Uint8Array) => caught(() => unzlibCapped(z))
    expect(bad(deflateRawSync(Buffer.from("hello world, raw"))).message).toMatch(/not a zlib stream/)
    const dict = deflateSync(Buffer.from("hello"), { dictionary: Buffer.from("hel") })
    expect(bad(dict).message).toMatch(/preset dictionary/)
    const adler = Buffer.from(good)
    adler[adler.length - 1]! ^= 1
    expect(bad(adler).message).toMatch(/Adler-32/)
    expect(bad(good.subarray(0, good.length - 3)).code).toBe("MALFORMED")
    expect(bad(Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0, 0, 0, 0])).message).toMatch(/deflate/)
    for (const e of [bad(adler), bad(dict), bad(good.subarray(0, 3))]) expect([e.code, e.serverCode]).toEqual(["MALFORMED", 70003])
  })

  it("caps the inflated size of a token: a small bomb", () => {
    const bomb = deflateSync(Buffer.alloc(600_000), { level: 9 })
    expect(bomb.length).toBeLessThanOrEqual(1024 + 6)
    const e = caught(() => decodeUserSig(toToken(bomb)))
    expect([e.code, e.message]).toEqual(["MALFORMED", `token payload inflates to more than ${MAX_INFLATED_BYTES} bytes`])
  })

  it("a bomb of any length stops at the cap without inflating the rest", () => {
    // Zeros, then a corrupt tail: inflating everything would reach the corrupt tail (and spend
    // the time); failing with "inflates to more than" proves we stopped at the cap. The small one
    // is the size every real token has (< 1 KiB of deflate), where fflate's one-shot inflate
    // used to run through the whole input (~1 MiB of output work) before the size check.
    for (const size of [600_000, 20_000_000]) {
      const bomb = deflateSync(Buffer.alloc(size), { level: 9 })
      const corrupt = Buffer.concat([bomb.subarray(0, bomb.length - 40), Buffer.alloc(36, 0xff), bomb.subarray(-4)])
      for (const z of [bomb, corrupt]) {
        expect(caught(() => unzlibCapped(z)).message).toBe(`token payload inflates to more than ${MAX_INFLATED_BYTES} bytes`)
      }
    }
  })

  it("refuses tokens longer than any payload under the cap could need, before decoding", () => {
    const e = caught(() => decodeUserSig("A".repeat(200_000)))
    expect(e.message).toMatch(/no valid token is longer than/)
  })
})
