import { describe, expect, it } from "vitest"
import { accountsKind, attrsKind, checkUserId, tagsKind } from "../../src/import/rows.ts"
import { UsageError } from "../../src/errors.ts"

describe("checkUserId", () => {
  it("is the library's UserID rule: any characters, up to 32 UTF-8 bytes; names what is wrong otherwise", () => {
    expect(checkUserId("user_01-A")).toBeUndefined()
    expect(checkUserId("x".repeat(32))).toBeUndefined()
    expect(checkUserId("x".repeat(33))).toMatch(/32 bytes/)
    expect(checkUserId("")).toMatch(/empty/)
    expect(checkUserId("用户")).toBeUndefined()
    expect(checkUserId("a\tb")).toBeUndefined()
    expect(checkUserId("用".repeat(10))).toBeUndefined() // 30 bytes
    expect(checkUserId("用".repeat(11))).toMatch(/32 bytes/) // 33 bytes in 11 characters
    expect(checkUserId(42)).toMatch(/string/)
  })
})

describe("accounts rows", () => {
  it("maps CSV columns by header name and checks profile field lengths in bytes", () => {
    const k = accountsKind()
    k.csvHeader(["userId", "faceUrl", "nick"])
    expect(k.fromCsv(["u1", "http://x/a.png", "Ann"])).toEqual({
      ok: true,
      userId: "u1",
      item: { userId: "u1", nick: "Ann", faceUrl: "http://x/a.png" },
    })
    expect(k.fromCsv(["u2", "", ""])).toEqual({ ok: true, userId: "u2", item: { userId: "u2" } })
    expect(k.fromCsv(["u3", "", "名".repeat(167)])).toMatchObject({ ok: false, code: "too-long", userId: "u3" })
  })
  it("rejects unusable headers as usage errors", () => {
    expect(() => accountsKind().csvHeader(["name"])).toThrow(UsageError)
    expect(() => accountsKind().csvHeader(["userId", "email"])).toThrow(/unknown column "email"/)
  })
  it("reads NDJSON objects", () => {
    expect(accountsKind().fromJson({ userId: "u1", nick: "A" })).toMatchObject({ ok: true, item: { userId: "u1", nick: "A" } })
    expect(accountsKind().fromJson(["u1"])).toMatchObject({ ok: false, code: "invalid-json" })
    expect(accountsKind().fromJson({ userId: "é".repeat(17) })).toMatchObject({ ok: false, code: "invalid-user-id" })
    expect(accountsKind().fromJson({ userId: "id é" })).toMatchObject({ ok: true, item: { userId: "id é" } })
  })
})

describe("attrs rows", () => {
  it("takes one column per attribute name and skips empty cells", () => {
    const k = attrsKind()
    k.csvHeader(["userId", "city", "level"])
    expect(k.fromCsv(["u1", "SZ", ""])).toEqual({ ok: true, userId: "u1", item: { userId: "u1", attrs: { city: "SZ" } } })
    expect(k.fromCsv(["u1", "", ""])).toMatchObject({ ok: false, code: "no-values" })
    expect(k.fromCsv(["u1", "x".repeat(51), "1"])).toMatchObject({ ok: false, code: "too-long" })
  })
  it("checks the header: at most 10 names, each at most 50 bytes, no repeats", () => {
    expect(() => attrsKind().csvHeader(["userId", ...Array.from({ length: 11 }, (_, i) => `a${i}`)])).toThrow(/at most 10/)
    expect(() => attrsKind().csvHeader(["userId", "n".repeat(51)])).toThrow(/50 bytes/)
    expect(() => attrsKind().csvHeader(["userId", "a", "a"])).toThrow(/repeated/)
  })
  it("flags NDJSON attribute names that are not defined", () => {
    const k = attrsKind((n) => n === "city")
    expect(k.fromJson({ userId: "u1", attrs: { city: "SZ" } })).toMatchObject({ ok: true })
    expect(k.fromJson({ userId: "u1", attrs: { planet: "Mars" } })).toMatchObject({ ok: false, code: "unknown-attribute" })
  })
})

describe("tags rows", () => {
  it("splits the tags column and enforces the per-request limit (10, or 100 with --replace)", () => {
    const add = tagsKind({ replace: false, separator: ";" })
    add.csvHeader(["userId", "tags"])
    expect(add.fromCsv(["u1", "a;b;a"])).toEqual({ ok: true, userId: "u1", item: { userId: "u1", tags: ["a", "b"] } })
    const eleven = Array.from({ length: 11 }, (_, i) => `t${i}`).join(";")
    expect(add.fromCsv(["u1", eleven])).toMatchObject({ ok: false, code: "too-many-tags" })
    expect(add.fromCsv(["u1", "a;;b"])).toMatchObject({ ok: false, code: "invalid-value" })
    expect(add.fromCsv(["u1", ""])).toMatchObject({ ok: false, code: "no-values" })
    const replace = tagsKind({ replace: true, separator: ";" })
    expect(replace.fromCsv(["u1", eleven])).toMatchObject({ ok: true })
    expect(replace.fromCsv(["u1", ""])).toMatchObject({ ok: true, item: { tags: [] } })
    expect(add.fromJson({ userId: "u1", tags: ["标签".repeat(9)] })).toMatchObject({ ok: false, code: "too-long" })
  })
})
