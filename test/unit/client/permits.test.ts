/**
 * The concurrency bound: at most `concurrency` requests in flight, waiters served oldest first,
 * a cancelled wait or an interrupted holder gives its place back, a permit whose holder never
 * gives it back (its request was cancelled on Workers) is reclaimed when its lease runs out, and
 * the client keeps the bound on both paths (the direct transport's own permit, and the Effect
 * form held across the arrival guard).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { makePermits } from "../../../src/client/internal/permits.ts"
import type { Handler } from "./fake-fetch.ts"
import { okHandler } from "./fake-fetch.ts"
import { withClient } from "./helpers.ts"

const tick = () => new Promise<void>((r) => setTimeout(r, 0))

describe("permits", () => {
  it("starts at most `size` at once, then the oldest waiter per release", async () => {
    const p = makePermits(2)
    const started: Array<number> = []
    const done = [0, 1, 2, 3, 4].map((i) => p.take(() => started.push(i)))
    assert.deepStrictEqual(started, [0, 1])
    done[1]!()
    await tick()
    assert.deepStrictEqual(started, [0, 1, 2])
    done[0]!()
    done[2]!()
    await tick()
    assert.deepStrictEqual(started, [0, 1, 2, 3, 4])
  })

  it("a cancelled wait is skipped, and done() twice releases once", async () => {
    const p = makePermits(1)
    const started: Array<string> = []
    const a = p.take(() => started.push("a"))
    const b = p.take(() => started.push("b"))
    p.take(() => started.push("c"))
    b()
    a()
    a()
    await tick()
    assert.deepStrictEqual(started, ["a", "c"])
    p.take(() => started.push("d"))
    await tick()
    assert.deepStrictEqual(started, ["a", "c"], "c still holds the only permit")
  })

  it("a permit never given back is reclaimed when its lease runs out, and goes to the oldest waiter", async () => {
    const p = makePermits(1, 30)
    const started: Array<string> = []
    p.take(() => started.push("lost")) // never released: its request was cancelled
    const done = p.take(() => started.push("next"))
    await tick()
    assert.deepStrictEqual(started, ["lost"])
    await new Promise((r) => setTimeout(r, 60))
    assert.deepStrictEqual(started, ["lost", "next"])
    done()
    p.take(() => started.push("after"))
    assert.deepStrictEqual(started, ["lost", "next", "after"], "the reclaimed permit came back to the pool")
  })

  it.effect("hold: an interrupted holder and an interrupted waiter give their places back", () =>
    Effect.gen(function*() {
      const p = makePermits(1)
      const holder = yield* Effect.forkChild(p.hold(Effect.never))
      const waiter = yield* Effect.forkChild(p.hold(Effect.never))
      yield* Effect.yieldNow
      yield* Fiber.interrupt(waiter)
      yield* Fiber.interrupt(holder)
      const after = yield* p.hold(Effect.succeed("ran"))
      assert.strictEqual(after, "ran")
    }))
})

describe("the client's concurrency bound", () => {
  // Answers when released; counts requests in flight.
  const gated = () => {
    let inFlight = 0
    let peak = 0
    const handler: Handler = async (req, i) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight--
      return okHandler(req, i)
    }
    return { handler, peak: () => peak }
  }

  for (const [name, rateLimits] of [
    ["direct transport", false],
    ["held across the arrival guard", { buckets: { get_attr_name: { limit: 10_000, window: "1 second" } } }],
  ] as const) {
    it.live(`${name}: never more than \`concurrency\` requests in flight`, () => {
      const g = gated()
      return withClient({ concurrency: 3, rateLimits }, g.handler, (chat, requests) =>
        Effect.gen(function*() {
          yield* Effect.all(Array.from({ length: 12 }, () => chat.getAttrNames()), { concurrency: "unbounded" })
          assert.strictEqual(requests.length, 12)
          assert.strictEqual(g.peak(), 3)
        }))
    })
  }
})
