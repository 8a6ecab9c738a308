/**
 * The pieces behind the console's texts: a push condition in words (the emulator's reading),
 * the usersig redaction of a query, and the bound on kept bodies.
 */
import { describe, expect, it } from "vitest"
import { conditionInWords } from "../../../../src/emulator/console/condition-words.ts"
import { bounded, MAX_BODY_CHARS, redactQuery } from "../../../../src/emulator/console/trace.ts"

describe("conditionInWords", () => {
  it("says everyone for no condition, and for one whose groups are all empty", () => {
    expect(conditionInWords(undefined, "any")).toBe("everyone (every imported account)")
    expect(conditionInWords({ TagsAnd: [], TagsOr: [], AttrsAnd: {} }, "any")).toBe("everyone (every imported account)")
  })

  it("reads each group the way the resolver applies it, ANDing the groups", () => {
    expect(conditionInWords({ TagsAnd: ["a", "b"] }, "any")).toBe('has the tags "a" and "b"')
    expect(conditionInWords({ TagsOr: ["a", "b", "c"] }, "any")).toBe('has a tag among "a", "b" or "c"')
    expect(conditionInWords({ TagsOr: ["a"] }, "any")).toBe('has tag "a"')
    expect(conditionInWords({ AttrsAnd: { city: "SZ", plan: "pro" } }, "any")).toBe('city is "SZ" and plan is "pro"')
    expect(conditionInWords({ TagsAnd: ["vip"], TagsOr: ["x", "y"], AttrsOr: { city: "SZ", plan: "pro" } }, "any")).toBe(
      'has tag "vip" and (has a tag among "x" or "y") and (city is "SZ" or plan is "pro")',
    )
  })

  it("reads TagsNot per the emulator's mode: not (C or D) by default, not (C and D) with tagsNot: all", () => {
    expect(conditionInWords({ TagsNot: ["c", "d"] }, "any")).toBe('has none of the tags "c" or "d"')
    expect(conditionInWords({ TagsNot: ["c", "d"] }, "all")).toBe('does not have all of the tags "c" and "d"')
    expect(conditionInWords({ TagsNot: ["c"] }, "all")).toBe('does not have tag "c"')
  })

  it("quotes what the caller sent, so odd tags stay readable", () => {
    expect(conditionInWords({ TagsAnd: ['a "b"', "x and y"] }, "any")).toBe('has the tags "a \\"b\\"" and "x and y"')
  })
})

describe("redactQuery", () => {
  it("replaces the value of every usersig parameter, whatever its case or escapes", () => {
    expect(redactQuery("?sdkappid=1&identifier=a&usersig=eJwSECRET&random=2")).toBe("?sdkappid=1&identifier=a&usersig=<redacted>&random=2")
    expect(redactQuery("?UserSig=SECRET")).toBe("?UserSig=<redacted>")
    expect(redactQuery("?usersig=S1&usersig=S2")).toBe("?usersig=<redacted>&usersig=<redacted>")
    expect(redactQuery("?user%73ig=SECRET&x=1")).toBe("?user%73ig=<redacted>&x=1")
    expect(redactQuery("?USER%53IG=SECRET")).toBe("?USER%53IG=<redacted>")
    expect(redactQuery("?a=%E0%A4%A&usersig=SECRET")).toBe("?a=%E0%A4%A&usersig=<redacted>")
    expect(redactQuery("?%zz=1&usersig=SECRET")).toBe("?%zz=1&usersig=<redacted>")
  })

  it("leaves everything else as sent", () => {
    expect(redactQuery("")).toBe("")
    expect(redactQuery("?")).toBe("")
    expect(redactQuery("?a=1&b&c=")).toBe("?a=1&b&c=")
    expect(redactQuery("?sig=1&user=2")).toBe("?sig=1&user=2")
  })

  it("never lets any part of a usersig through (property over random values)", () => {
    for (let i = 0; i < 200; i++) {
      const secret = Array.from({ length: 20 + (i % 50) }, (_, j) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_"[(i * 7 + j * 13) % 65]).join("")
      const name = ["usersig", "UserSig", "USERSIG", "user%73ig"][i % 4]
      const out = redactQuery(`?a=1&${name}=${secret}&b=2`)
      expect(out).not.toContain(secret.slice(0, 8))
    }
  })
})

describe("bounded", () => {
  it("keeps a short body as is and cuts a long one at MAX_BODY_CHARS", () => {
    expect(bounded("{}")).toEqual({ text: "{}", cut: false })
    const long = "y".repeat(MAX_BODY_CHARS + 10)
    const b = bounded(long)
    expect(b.cut).toBe(true)
    expect(b.text).toBe("y".repeat(MAX_BODY_CHARS))
  })
})
