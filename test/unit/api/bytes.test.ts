import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { utf8Length } from "../../../src/api/mod.ts"

const enc = new TextEncoder()

describe("utf8Length", () => {
  it("counts bytes, not characters", () => {
    expect(utf8Length("")).toBe(0)
    expect(utf8Length("abc")).toBe(3)
    expect(utf8Length("é")).toBe(2)
    expect(utf8Length("标签")).toBe(6)
    expect(utf8Length("😀")).toBe(4)
    expect(utf8Length("\ud800")).toBe(3) // lone surrogate → U+FFFD
    expect(utf8Length("\ud800a")).toBe(4)
  })

  it("agrees with TextEncoder on any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => utf8Length(s) === enc.encode(s).length))
  })
})
