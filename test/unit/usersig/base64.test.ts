import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { STANDARD, TOKEN, decodeBase64, decodeBase64Reused, encodeBase64 } from "../../../src/usersig/base64.ts"
import { UserSigError } from "../../../src/usersig/errors.ts"

const std = (b: Uint8Array) => Buffer.from(b).toString("base64")
const tok = (b: Uint8Array) => std(b).replaceAll("+", "*").replaceAll("/", "-").replaceAll("=", "_")

describe("base64", () => {
  it("matches Buffer for every length around the short/long switch, both alphabets", () => {
    for (let n = 0; n < 200; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 97 + n * 31) & 255)
      expect(encodeBase64(b, STANDARD)).toBe(std(b))
      expect(encodeBase64(b, TOKEN)).toBe(tok(b))
      expect(decodeBase64(std(b), STANDARD, "x")).toEqual(b)
      expect(decodeBase64Reused(tok(b), TOKEN, "x")).toEqual(b)
    }
  })
  it("round-trips random bytes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        expect(decodeBase64(encodeBase64(b, TOKEN), TOKEN, "x")).toEqual(b)
        expect(encodeBase64(b, STANDARD)).toBe(std(b))
      }),
    )
  })
  it.each([
    ["AAA", /truncated/],
    ["AAAAA", /truncated/],
    ["AA=A", /outside/],
    ["A===", /outside/],
    ["AB==", /non-zero padding bits/],
    ["AAB=", /non-zero padding bits/],
    ["AA-A", /outside/],
    ["AA\nA", /outside/],
    ["AAé=", /outside/],
  ])("standard rejects %j", (text, why) => {
    let err: unknown
    try {
      decodeBase64(text, STANDARD, "field")
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(UserSigError)
    expect((err as UserSigError).message).toMatch(why)
    expect((err as UserSigError).message).not.toContain(text)
  })
  it("the token alphabet rejects standard symbols and vice versa", () => {
    expect(() => decodeBase64("AA+A", TOKEN, "t")).toThrow(UserSigError)
    expect(() => decodeBase64("AA==", TOKEN, "t")).toThrow(UserSigError)
    expect(decodeBase64("AA__", TOKEN, "t")).toEqual(new Uint8Array([0]))
    expect(decodeBase64("*-*-", TOKEN, "t")).toEqual(decodeBase64("+/+/", STANDARD, "s"))
  })
})
