/**
 * The arrival guard counts a call from when it is let through until a window after its answer
 * (two windows when it ended without one, and at most `maxOpen` plus a window when it never
 * ends), so `limit + 1` calls can never reach the server within one window whatever their delay
 * on the way. Virtual time (TestClock).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"
import type { Admitted } from "../../../src/client/arrival-guard.ts"
import { makeArrivalGuard } from "../../../src/client/arrival-guard.ts"

const W = 1000

/** Admits `n` calls at the current time. */
const admitAll = (guard: ReturnType<typeof makeArrivalGuard>, n: number, limit = 3) =>
  Effect.forEach(Array.from({ length: n }), () => guard.admit("b", limit, W))

/** Whether a forked admission has completed after moving the clock to `at` (ms). */
const doneAt = (fiber: Fiber.Fiber<Admitted>, at: number) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(at)
    yield* Effect.yieldNow
    return fiber.pollUnsafe() !== undefined
  })

describe("arrival guard", () => {
  it.effect("a call counts until its answer and a window after: the next waits for both", () =>
    Effect.gen(function*() {
      const guard = makeArrivalGuard({ maxOpenMillis: 60_000 })
      const [first] = yield* admitAll(guard, 3)
      const next = yield* Effect.forkChild(guard.admit("b", 3, W))
      assert.isFalse(yield* doneAt(next, 5_000), "three calls in flight: nobody answered yet")
      yield* first!.close(false) // answered at 5 s
      assert.isFalse(yield* doneAt(next, 5_999), "answered less than a window ago")
      assert.isTrue(yield* doneAt(next, 6_000))
    }))

  it.effect("a call that ended without an answer (timeout, interruption) counts for a second window", () =>
    Effect.gen(function*() {
      const guard = makeArrivalGuard({ maxOpenMillis: 60_000 })
      const [first] = yield* admitAll(guard, 3)
      const next = yield* Effect.forkChild(guard.admit("b", 3, W))
      yield* TestClock.setTime(100)
      yield* first!.close(true)
      assert.isFalse(yield* doneAt(next, 2_099))
      assert.isTrue(yield* doneAt(next, 2_100))
    }))

  it.effect("a call that never ends (its request was cancelled) stops counting maxOpen plus a window after it went", () =>
    Effect.gen(function*() {
      const guard = makeArrivalGuard({ maxOpenMillis: 5_000 })
      yield* admitAll(guard, 3)
      const next = yield* Effect.forkChild(guard.admit("b", 3, W))
      assert.isFalse(yield* doneAt(next, 5_999))
      assert.isTrue(yield* doneAt(next, 6_000))
    }))

  it.effect("calls answered at once behave like a sliding window of `limit` per window", () =>
    Effect.gen(function*() {
      const guard = makeArrivalGuard({ maxOpenMillis: 60_000 })
      for (const a of yield* admitAll(guard, 3)) yield* a.close(false)
      const next = yield* Effect.forkChild(guard.admit("b", 3, W))
      assert.isFalse(yield* doneAt(next, 999))
      assert.isTrue(yield* doneAt(next, 1_000))
    }))

  it.effect("buckets are independent", () =>
    Effect.gen(function*() {
      const guard = makeArrivalGuard({ maxOpenMillis: 60_000 })
      yield* admitAll(guard, 3)
      const other = yield* Effect.forkChild(guard.admit("other", 3, W))
      assert.isTrue(yield* doneAt(other, 0))
    }))

  it.effect("basis \"send\" (the guard it replaced, for comparison) ignores answers: a window from the send", () =>
    Effect.gen(function*() {
      const guard = makeArrivalGuard({ maxOpenMillis: 60_000, basis: "send" })
      yield* admitAll(guard, 3)
      const next = yield* Effect.forkChild(guard.admit("b", 3, W))
      assert.isTrue(yield* doneAt(next, 1_000), "let through while the three may still be on their way")
    }))
})
