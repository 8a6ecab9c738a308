import fc from "fast-check"
import { unzlibSync } from "fflate"
import { deflateSync, inflateSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { genPrivateMapKey, genUserSig } from "../../../src/usersig/mod.ts"
import { zlibText } from "../../../src/usersig/zlib.ts"
import { DEMO_KEY, DEMO_SDKAPPID, T } from "../../vectors/usersig.ts"
import { inflateToken, tokenBytes } from "./helpers.ts"

const levels = [1, 2, 3, 4, 5, 6, 7, 8, 9]
// Text with lots of repeats at every distance, plus arbitrary Unicode.
const text = fc.oneof(
  fc.string({ maxLength: 3000, unit: "binary" }),
  fc.array(fc.constantFrom("TLS.", "sig", "\"", ":", "0", "1400000000", "用户", "aaaa", "x"), { maxLength: 800 }).map((a) => a.join("")),
  fc.tuple(fc.string({ minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 40_000 })).map(([s, n]) => s.repeat(n).slice(0, 60_000)),
)

describe("deflate (levels 1..9)", () => {
  it("Node's zlib and fflate inflate it back exactly (property)", () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...levels), (s, level) => {
        const z = zlibText(s, level).slice()
        expect(inflateSync(z).toString("utf8")).toBe(Buffer.from(s, "utf8").toString("utf8"))
        expect(Buffer.from(unzlibSync(z)).equals(Buffer.from(s, "utf8"))).toBe(true)
        expect((z[0]! * 256 + z[1]!) % 31).toBe(0)
      }),
      { numRuns: 400 },
    )
  })

  it("writes zlib's header per level and falls back to stored when it would not shrink", () => {
    expect(levels.map((l) => zlibText("aaaaaaaaaaaaaaaaaaaaaaaa", l)[1]!.toString(16))).toEqual(["1", "5e", "5e", "5e", "5e", "9c", "da", "da", "da"])
    const random = String.fromCharCode(...Array.from({ length: 300 }, (_, i) => 0x4e00 + ((i * 7919) % 20000)))
    const z = zlibText(random, 9)
    expect([z[1], z[2]]).toEqual([0x01, 0x01]) // stored block
    expect(inflateSync(z).toString()).toBe(random)
  })

  it("is about as small as Node's level 6 on token-sized JSON", () => {
    const app = { sdkAppId: DEMO_SDKAPPID, secretKey: DEMO_KEY }
    for (const token of [
      genUserSig({ ...app, userId: "administrator", now: T, compressionLevel: 6 }),
      genPrivateMapKey({ ...app, userId: "xiaojun", now: T, roomId: "room-1", privileges: 255, compressionLevel: 6 }),
    ]) {
      const json = inflateToken(token)
      const node = deflateSync(Buffer.from(json), { level: 6 })
      expect(Math.abs(tokenBytes(token).length - node.length)).toBeLessThanOrEqual(8)
    }
  })
})
