import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { describe, expect, it } from "vitest"
import { makeAccountLanes } from "../../../src/client/account-lanes.ts"

describe("account lanes at scale", () => {
  // A bulk call over n accounts, each with a single-account operation still pending, used to cost
  // O(n²) to start (7.7 s at 200,000 accounts, blocking the event loop); at this size the old
  // gate does not get through within the test's time limit. No timing is asserted: the test
  // checks the order, which a quadratic gate never reaches in time.
  it("a bulk call over 200,000 accounts with 200,000 pending operations runs after all of them and before later ones", { timeout: 20_000 }, async () => {
    const n = 200_000
    const lanes = makeAccountLanes()
    const accounts = Array.from({ length: n }, (_, i) => `user${i}`)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let firstDone = 0
    let seenByBulk = -1
    let bulkRanBeforeAfter = false
    for (const a of accounts) {
      Effect.runFork(lanes.sequenced([a], Effect.andThen(Effect.promise(() => gate), Effect.sync(() => firstDone++))))
    }
    const bulk = Effect.runFork(lanes.sequenced(accounts, Effect.sync(() => (seenByBulk = firstDone))))
    const after = Effect.runFork(lanes.sequenced([accounts[n - 1]!], Effect.sync(() => (bulkRanBeforeAfter = seenByBulk === n))))
    expect(lanes.pending()).toBe(n)
    await new Promise((r) => setImmediate(r))
    expect([firstDone, seenByBulk]).toEqual([0, -1]) // everything waits on the first operations
    release()
    await Effect.runPromise(Effect.all([Fiber.join(bulk), Fiber.join(after)], { discard: true }))
    expect(seenByBulk).toBe(n) // the bulk call ran after every first operation had finished
    expect(bulkRanBeforeAfter).toBe(true) // and before the operation issued after it
    await new Promise((r) => setImmediate(r))
    expect(lanes.pending()).toBe(0)
  })
})
