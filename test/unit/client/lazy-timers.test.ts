/**
 * Lazily armed timeouts: a deadline fires after its time unless cleared, even when armed one
 * turn late, and deadlines cleared within the turn they were set create no timer of their own.
 */
import { afterEach, describe, expect, it, vi } from "vitest"
import { makeLazyTimers } from "../../../src/client/internal/lazy-timers.ts"

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

describe("lazy timers", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it("fires after about `ms` when not cleared, and never when cleared", async () => {
    const timers = makeLazyTimers()
    const fired: Array<string> = []
    const start = Date.now()
    let firedAt = 0
    timers.after(20, () => {
      fired.push("kept")
      firedAt = Date.now()
    })
    timers.after(20, () => fired.push("cleared")).clear()
    await sleep(5)
    timers.after(10, () => fired.push("cleared later")).clear()
    await sleep(60)
    expect(fired).toEqual(["kept"])
    expect(firedAt - start).toBeGreaterThanOrEqual(19)
  })

  it("a deadline armed in a later turn still fires at its own time", async () => {
    const timers = makeLazyTimers()
    let fired = false
    timers.after(15, () => {
      fired = true
    })
    await sleep(5)
    expect(fired).toBe(false)
    await sleep(40)
    expect(fired).toBe(true)
  })

  it("deadlines set and cleared within one turn create no timer each (one flush per turn)", async () => {
    const timers = makeLazyTimers()
    const spy = vi.spyOn(globalThis, "setTimeout")
    for (let i = 0; i < 100; i++) timers.after(10_000, () => {}).clear()
    expect(spy.mock.calls.length).toBe(1)
    await sleep(5)
    expect(spy.mock.calls.filter((c) => c[1] === 10_000 || (c[1] ?? 0) > 1000).length).toBe(0)
  })

  it("in a long turn, the live deadlines armed early (to bound the pending list) still fire, the cleared ones never", async () => {
    const timers = makeLazyTimers()
    let fired = 0
    const live = timers.after(10, () => fired++)
    for (let i = 0; i < 5000; i++) timers.after(10_000, () => fired++).clear()
    await sleep(40)
    expect(fired).toBe(1)
    live.clear()
  })
})
