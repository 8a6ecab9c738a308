/** The in-memory replay store: bounded size, expiry by the freshness window, oldest forgotten first. */
import { describe, expect, it } from "vitest"
import { CallbackError, createMemoryDedupe } from "../../../src/callbacks/mod.ts"

const T = 1_700_000_000

describe("createMemoryDedupe", () => {
  it("records a key once", () => {
    const d = createMemoryDedupe()
    expect(d.firstSeen("a", T + 300, T)).toBe(true)
    expect(d.firstSeen("a", T + 300, T)).toBe(false)
    expect(d.firstSeen("b", T + 300, T)).toBe(true)
  })

  it("forgets the oldest key beyond maxEntries and keeps the newest", () => {
    const d = createMemoryDedupe({ maxEntries: 3 })
    for (const k of ["k1", "k2", "k3", "k4"]) expect(d.firstSeen(k, T + 300, T)).toBe(true)
    expect(d.firstSeen("k4", T + 300, T)).toBe(false)
    expect(d.firstSeen("k3", T + 300, T)).toBe(false)
    expect(d.firstSeen("k1", T + 300, T)).toBe(true) // forgotten, so recorded again (and k2 goes)
    expect(d.firstSeen("k2", T + 300, T)).toBe(true)
  })

  it("forgets keys whose window has closed (a replay of them is refused as stale anyway)", () => {
    const d = createMemoryDedupe({ maxEntries: 10 })
    expect(d.firstSeen("old", T + 10, T)).toBe(true)
    expect(d.firstSeen("old", T + 10, T + 10)).toBe(false) // still inside: expiresAt >= now
    expect(d.firstSeen("new", T + 400, T + 11)).toBe(true) // "old" expired and is dropped
    expect(d.firstSeen("old", T + 20, T + 11)).toBe(true)
  })

  it("stays bounded under a flood of distinct keys", () => {
    const d = createMemoryDedupe({ maxEntries: 1000 })
    for (let i = 0; i < 100_000; i++) d.firstSeen(`k${i}`, T + 300, T)
    // The last 1000 are remembered, the one before them is not.
    expect(d.firstSeen("k99999", T + 300, T)).toBe(false)
    expect(d.firstSeen("k99000", T + 300, T)).toBe(false)
    expect(d.firstSeen("k98999", T + 300, T)).toBe(true)
  })

  it("refuses a non-positive or fractional maxEntries", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => createMemoryDedupe({ maxEntries })).toThrow(CallbackError)
    }
  })
})
