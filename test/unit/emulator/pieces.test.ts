import { describe, expect, it } from "vitest"
import { mulberry32 } from "../../../src/emulator/prng.ts"
import { SmallestK } from "../../../src/emulator/sample.ts"
import { makeTaskId } from "../../../src/emulator/task-id.ts"

describe("mulberry32", () => {
  it("is deterministic per seed and stays in [0, 1)", () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const c = mulberry32(43)
    const xs = Array.from({ length: 1000 }, () => a())
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs)
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05)
  })
})

describe("SmallestK", () => {
  it("keeps the k smallest, sorted, whatever the order", () => {
    const s = new SmallestK(4)
    for (const x of [9, 3, 7, 1, 8, 2, 6, 5, 4, 0]) s.add(x)
    expect(s.values()).toEqual([0, 1, 2, 3])
    const z = new SmallestK(0)
    z.add(1)
    expect(z.values()).toEqual([])
  })
})

describe("makeTaskId", () => {
  it("mimics the documented shapes and differs by counter", () => {
    const base = { sdkAppId: 1400187352, from: "admin", nowMs: 0x660cc447 * 1000, counter: 1, msgRandom: 0xbc614e }
    const id = makeTaskId({ ...base, kind: "push", legacy: false })
    expect(id).toMatch(/^660cc447_537529d8_2[0-9a-f]{14}_1_bc614e$/)
    expect(makeTaskId({ ...base, kind: "batch", legacy: false })).toMatch(/^batch_660cc447_537529d8_/)
    expect(makeTaskId({ ...base, kind: "push", legacy: true })).toMatch(/^1400187352_\d{17,18}_12345678_1$/)
    expect(makeTaskId({ ...base, counter: 2, kind: "push", legacy: false })).not.toBe(id)
  })
})
