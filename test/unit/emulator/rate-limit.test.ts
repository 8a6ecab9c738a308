import { describe, expect, it } from "vitest"
import { SlidingWindow } from "../../../src/emulator/sliding-window.ts"
import { setup } from "./helpers.ts"

describe("SlidingWindow: an exact judge of 'at most N in any window'", () => {
  it("admits N calls, rejects the N+1th until the oldest leaves the window", () => {
    const w = new SlidingWindow(3, 1000)
    expect([0, 10, 20].map((t) => w.tryAcquire(t))).toEqual([true, true, true])
    expect(w.tryAcquire(999)).toBe(false)
    expect(w.tryAcquire(1000)).toBe(true) // the call at 0 left the half-open window (0, 1000]
    expect(w.tryAcquire(1009)).toBe(false)
    expect(w.tryAcquire(1010)).toBe(true)
    expect(w.count(1010)).toBe(3)
  })

  it("never admits more than N in any window, whatever the arrival pattern", () => {
    const w = new SlidingWindow(5, 100)
    const admitted: Array<number> = []
    let seed = 7
    let t = 0
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0
      t += seed % 40
      if (w.tryAcquire(t)) admitted.push(t)
    }
    for (let i = 5; i < admitted.length; i++) expect(admitted[i]! - admitted[i - 5]!).toBeGreaterThanOrEqual(100)
    expect(admitted.length).toBeGreaterThan(500)
  })

  it("rejects nonsense limits", () => {
    expect(() => new SlidingWindow(0, 1000)).toThrow(RangeError)
    expect(() => new SlidingWindow(1, 0)).toThrow(RangeError)
  })
})

describe("emulator: call rates (60007)", () => {
  it("attr/tag commands: 100 calls in any 1 s per command per app; the 101st → 60007", async () => {
    const h = setup()
    for (let i = 0; i < 100; i++) {
      expect(await h.code("get_tag", { To_Account: [] })).toBe(0)
      h.em.advanceClock(5) // 100 calls over 495 ms
    }
    expect(await h.code("get_tag", { To_Account: [] })).toBe(60007)
    // Another command has its own budget, and so does another app.
    expect(await h.code("get_attr", { To_Account: [] })).toBe(0)
    // The first call (at T0) leaves the window at T0 + 1000.
    h.em.advanceClock(1000 - 500 - 1)
    expect(await h.code("get_tag", { To_Account: [] })).toBe(60007)
    h.em.advanceClock(1)
    expect(await h.code("get_tag", { To_Account: [] })).toBe(0)
    expect(h.em.countRequests({ endpoint: "get_tag", code: 60007 })).toBe(2)
  })

  it("rejected calls do not use the budget, and invalid requests are rejected before the rate check", async () => {
    const h = setup({ limits: { rates: { get_tag: { limit: 2, windowMs: 1000 } } } })
    expect(await h.code("get_tag", { To_Account: [] })).toBe(0)
    expect(await h.code("get_tag", { To_Account: "x" })).toBe(90001)
    expect(await h.code("get_tag", { To_Account: [] })).toBe(0)
    expect(await h.code("get_tag", { To_Account: [] })).toBe(60007)
    expect(await h.code("get_tag", { To_Account: [] })).toBe(60007)
    h.em.advanceClock(1000)
    expect(await h.code("get_tag", { To_Account: [] })).toBe(0)
  })

  it("account_import allows 200/s, batch 30/s (catalogue rows); `false` turns a limit off", async () => {
    const h = setup()
    for (let i = 0; i < 200; i++) expect(await h.code("account_import", { UserID: `u${i}` })).toBe(0)
    expect(await h.code("account_import", { UserID: "one-more" })).toBe(60007)
    const body = (i: number) => ({ From_Account: "a", To_Account: ["u1"], MsgRandom: i, OfflinePushInfo: {} })
    for (let i = 0; i < 30; i++) expect(await h.code("batch", body(i))).toBe(0)
    const over = await h.call("batch", body(99))
    expect(over.json).toMatchObject({ ErrorCode: 60007, TaskId: "" })
    const off = setup({ limits: { rates: { account_check: false } } })
    for (let i = 0; i < 150; i++) expect(await off.code("account_check", { CheckItem: [] })).toBe(0)
  })
})
