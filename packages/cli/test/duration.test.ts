import { describe, expect, it } from "vitest"
import { formatDuration, formatUnixTime, parseDurationSeconds } from "../src/duration.ts"

describe("parseDurationSeconds", () => {
  it("reads bare seconds and unit suffixes", () => {
    expect(parseDurationSeconds("90")).toBe(90)
    expect(parseDurationSeconds("180d")).toBe(180 * 86400)
    expect(parseDurationSeconds("12h")).toBe(43200)
    expect(parseDurationSeconds("1d12h")).toBe(129600)
    expect(parseDurationSeconds("2w")).toBe(1209600)
    expect(parseDurationSeconds("0.5s")).toBe(0.5)
    expect(parseDurationSeconds("250ms")).toBe(0.25)
  })
  it("rejects anything else", () => {
    for (const bad of ["", "d", "12x", "1d x", "-5", "5 days"]) expect(parseDurationSeconds(bad)).toBeUndefined()
  })
})

describe("formatDuration", () => {
  it("keeps the three largest units", () => {
    expect(formatDuration(0)).toBe("0s")
    expect(formatDuration(93784)).toBe("1d 2h 3m")
    expect(formatDuration(61)).toBe("1m 1s")
    expect(formatDuration(-3600)).toBe("-1h")
  })
  it("formats unix seconds as UTC", () => {
    expect(formatUnixTime(1700000000)).toBe("2023-11-14T22:13:20Z")
  })
})
