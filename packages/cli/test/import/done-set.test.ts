import { describe, expect, it } from "vitest"
import { DoneSet } from "../../src/import/done-set.ts"

describe("DoneSet", () => {
  it("advances the low-water mark as gaps fill, in any order", () => {
    const d = new DoneSet()
    d.add(3)
    d.add(5, 7)
    expect(d.lowWaterMark).toBe(1)
    expect(d.has(3)).toBe(true)
    expect(d.has(4)).toBe(false)
    d.add(1, 2)
    expect(d.lowWaterMark).toBe(4)
    d.add(4)
    expect(d.lowWaterMark).toBe(8)
    expect(d.rangeCount).toBe(0)
  })
  it("merges overlapping and adjacent ranges", () => {
    const d = new DoneSet()
    d.add(10, 12)
    d.add(20, 22)
    d.add(13, 19)
    expect(d.toJSON()).toEqual({ below: 1, ranges: [[10, 22]] })
    d.add(5, 30)
    expect(d.toJSON()).toEqual({ below: 1, ranges: [[5, 30]] })
  })
  it("round-trips through JSON and answers membership like a plain set", () => {
    const d = new DoneSet()
    const ref = new Set<number>()
    let x = 7
    for (let i = 0; i < 500; i++) {
      x = (x * 1103515245 + 12345) % 2147483648
      const n = 1 + (x % 300)
      d.add(n)
      ref.add(n)
    }
    const e = new DoneSet(JSON.parse(JSON.stringify(d.toJSON())))
    for (let n = 1; n <= 310; n++) expect(e.has(n)).toBe(ref.has(n))
  })
})
