/**
 * The callback signature against an independent oracle (node:crypto), over arbitrary tokens
 * (non-ASCII included) and times, and the verifier's acceptance of exactly that digest.
 */
import fc from "fast-check"
import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { CallbackError, signCallbackQuery, verifyCallbackQuery } from "../../../src/callbacks/mod.ts"
import { docSignature } from "../../vectors/callbacks.ts"

const oracle = (token: string, time: string): string => createHash("sha256").update(token + time, "utf8").digest("hex")

describe("signCallbackQuery", () => {
  it("matches Tencent's worked example and node:crypto", () => {
    expect(signCallbackQuery(docSignature)).toBe(docSignature.sign)
    expect(oracle(docSignature.token, String(docSignature.requestTime))).toBe(docSignature.sign)
  })

  it("is sha256(utf8(token + RequestTime)) in lowercase hex for any token and time", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: "grapheme" }), fc.integer({ min: 0, max: 2 ** 40 }), (token, time) => {
        const sign = signCallbackQuery({ token, requestTime: time })
        expect(sign).toBe(oracle(token, String(time)))
        expect(sign).toMatch(/^[0-9a-f]{64}$/)
        const url = `https://x.test/?SdkAppid=1&CallbackCommand=Push.AllMemberPush&Sign=${sign}&RequestTime=${time}`
        expect(verifyCallbackQuery(url, { sdkAppId: 1, token, now: time }).requestTime).toBe(time)
      }),
      { numRuns: 300 },
    )
  })

  it("hashes RequestTime as the text in the URL (leading zeros change the digest)", () => {
    const sign = signCallbackQuery({ token: "t", requestTime: "01669872112" })
    expect(sign).toBe(oracle("t", "01669872112"))
    expect(sign).not.toBe(signCallbackQuery({ token: "t", requestTime: 1669872112 }))
    const url = `https://x.test/?SdkAppid=1&CallbackCommand=c&Sign=${sign}&RequestTime=01669872112`
    expect(verifyCallbackQuery(url, { sdkAppId: 1, token: "t", now: 1669872112 }).requestTime).toBe(1669872112)
  })

  it("refuses bad input without echoing the token", () => {
    for (const bad of [{ token: "", requestTime: 1 }, { token: "secret-x", requestTime: -1 }, { token: "secret-x", requestTime: 1.5 }, { token: "secret-x", requestTime: "12a" }]) {
      let error: unknown
      try {
        signCallbackQuery(bad as { token: string; requestTime: number })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(CallbackError)
      expect((error as CallbackError).code).toBe("INVALID_INPUT")
      expect(String(error)).not.toContain("secret-x")
    }
  })
})
