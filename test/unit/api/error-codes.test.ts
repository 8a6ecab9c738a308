import { describe, expect, it } from "vitest"
import { describeErrorCode, errorCodes } from "../../../src/api/mod.ts"
import type { ErrorReason } from "../../../src/api/mod.ts"

// Every documented code (sources: docs/protocol/error-codes.md) with the
// classification we chose. Written out by hand so a change to the table must be made here too.
const expected: ReadonlyArray<readonly [number, ErrorReason, boolean]> = [
  [30006, "internal", true],
  [30007, "timeout", true],
  [30008, "conflict", true],
  [40005, "content_rejected", false],
  [40006, "internal", true],
  [40601, "too_large", false],
  [60002, "invalid_request", false],
  [60003, "invalid_request", false],
  [60004, "auth", false],
  [60005, "auth", false],
  [60006, "auth", false],
  [60007, "rate_limited", true],
  [60008, "timeout", true],
  [60009, "not_found", false],
  [60010, "permission", false],
  [60011, "rate_limited", true],
  [60012, "invalid_request", false],
  [60013, "internal", true],
  [60014, "timeout", true],
  [60015, "invalid_request", false],
  [60016, "not_enabled", false],
  [60017, "not_enabled", false],
  [60018, "rate_limited", true],
  [60019, "rate_limited", true],
  [60020, "not_enabled", false],
  [60021, "permission", false],
  [70001, "auth", false],
  [70002, "auth", false],
  [70003, "auth", false],
  [70005, "auth", false],
  [70009, "auth", false],
  [70013, "auth", false],
  [70014, "auth", false],
  [70016, "auth", false],
  [70020, "auth", false],
  [70050, "auth", false],
  [70051, "permission", false],
  [70052, "auth", false],
  [70107, "not_found", false],
  [70114, "rate_limited", false],
  [70169, "timeout", true],
  [70202, "timeout", true],
  [70206, "invalid_request", false],
  [70398, "quota_exceeded", false],
  [70399, "conflict", false],
  [70402, "invalid_request", false],
  [70403, "permission", false],
  [70500, "internal", true],
  [71000, "not_enabled", false],
  [80001, "content_rejected", false],
  [80002, "too_large", false],
  [90001, "invalid_request", false],
  [90002, "invalid_request", false],
  [90005, "invalid_request", false],
  [90007, "invalid_request", false],
  [90009, "permission", false],
  [90010, "invalid_request", false],
  [90018, "too_large", false],
  [90020, "too_large", false],
  [90022, "invalid_request", false],
  [90024, "rate_limited", true],
  [90026, "invalid_request", false],
  [90032, "too_large", false],
  [90033, "invalid_request", false],
  [90035, "conflict", false],
  [90039, "invalid_request", false],
  [90040, "invalid_request", false],
  [90044, "invalid_request", false],
  [90045, "not_enabled", false],
  [90047, "quota_exceeded", false],
  [90049, "not_found", false],
  [90050, "conflict", false],
  [90051, "rate_limited", true],
  [90052, "conflict", false],
  [90053, "invalid_request", false],
  [90056, "too_large", false],
  [90057, "too_large", false],
  [90104, "invalid_request", false],
  [90105, "internal", true],
  [90106, "conflict", false],
  [90107, "conflict", false],
  [91000, "internal", true],
]

describe("error-code table", () => {
  for (const [code, reason, retryable] of expected) {
    it(`${code} → ${reason}, ${retryable ? "retryable" : "not retryable"}`, () => {
      const d = describeErrorCode(code)
      expect(d.code).toBe(code)
      expect(d.reason).toBe(reason)
      expect(d.retryable).toBe(retryable)
      expect(d.meaning.length).toBeGreaterThan(0)
    })
  }

  it("holds exactly the documented codes, once each, sorted", () => {
    expect(errorCodes.map((e) => e.code)).toStrictEqual(expected.map(([c]) => c))
  })

  it("classifies unknown codes as unknown and not retryable", () => {
    for (const code of [0, 1, 12345, 90003, 99999, -1]) {
      const d = describeErrorCode(code)
      expect(d).toMatchObject({ code, reason: "unknown", retryable: false })
    }
  })

  it("retries exactly the internal, timeout and too-frequent codes", () => {
    const retryable = errorCodes.filter((e) => e.retryable)
    for (const e of retryable) expect(["internal", "timeout", "rate_limited", "conflict"]).toContain(e.reason)
    expect(retryable.map((e) => e.code)).toStrictEqual(
      [30006, 30007, 30008, 40006, 60007, 60008, 60011, 60013, 60014, 60018, 60019, 70169, 70202, 70500, 90024, 90051, 90105, 91000],
    )
  })
})
