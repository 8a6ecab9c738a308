/**
 * The paths shared by concurrent callers of one client, and what happens when a caller goes
 * away: the item that opens a coalescing batch sends it (an interrupted leader hands its batch's
 * other items to a new batch; an interrupted member is left out), `coalesce: false` sends each
 * call as its own request, and per-account lanes never let a successor overtake an operation an
 * interrupted one was still waiting for.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"
import { makeAccountLanes } from "../../../src/client/account-lanes.ts"
import type { Recorded } from "./fake-fetch.ts"
import { OK } from "./fake-fetch.ts"
import { settle, withClient } from "./helpers.ts"

const accountsOf = (r: Recorded): Array<string> => r.body.UserTags.map((u: { To_Account: string }) => u.To_Account)
const windowed = { coalesce: { window: 10 } } as const

describe("coalescing batches are led by one of their members", () => {
  it.effect("a leader interrupted before its batch left: the other items go out in a new batch", () =>
    withClient(windowed, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const leader = yield* Effect.forkChild(chat.addUserTags([{ userId: "a", tags: ["x"] }]))
        yield* settle
        const member = yield* Effect.forkChild(chat.addUserTags([{ userId: "b", tags: ["x"] }]))
        yield* settle
        yield* Fiber.interrupt(leader)
        for (let i = 0; i < 5; i++) {
          yield* TestClock.adjust(10)
          yield* settle
        }
        const r = yield* Fiber.join(member)
        assert.strictEqual(r.successCount, 1)
        assert.deepStrictEqual(requests.map(accountsOf), [["b"]])
      })))

  it.effect("a member interrupted before the batch left is not sent", () =>
    withClient(windowed, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const leader = yield* Effect.forkChild(chat.addUserTags([{ userId: "a", tags: ["x"] }]))
        yield* settle
        const member = yield* Effect.forkChild(chat.addUserTags([{ userId: "b", tags: ["x"] }]))
        yield* settle
        yield* Fiber.interrupt(member)
        yield* TestClock.adjust(10)
        yield* settle
        yield* Fiber.join(leader)
        assert.deepStrictEqual(requests.map(accountsOf), [["a"]])
      })))

  it.effect("coalesce: false sends each call as its own request, without waiting for a window", () =>
    withClient({ coalesce: false }, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        yield* Effect.all([
          chat.addUserTags([{ userId: "a", tags: ["x"] }]),
          chat.addUserTags([{ userId: "b", tags: ["x"] }, { userId: "c", tags: ["x"] }]),
        ], { concurrency: "unbounded" })
        assert.deepStrictEqual(requests.map(accountsOf).sort(), [["a"], ["b", "c"]])
      })))
})

describe("account lanes", () => {
  /** An operation on `accounts` that records when it runs and waits for `release`. */
  const op = (lanes: ReturnType<typeof makeAccountLanes>, accounts: Array<string>, log: Array<string>, name: string, release: Effect.Effect<void>) =>
    lanes.sequenced(accounts, Effect.andThen(Effect.sync(() => log.push(name)), release))

  it.effect("an operation waits for every earlier one on its accounts; others do not wait", () =>
    Effect.gen(function*() {
      const lanes = makeAccountLanes()
      const log: Array<string> = []
      const gate = yield* Deferred.make<void>()
      const p = yield* Effect.forkChild(op(lanes, ["a"], log, "p", Deferred.await(gate)))
      yield* Effect.forkChild(op(lanes, ["a", "b"], log, "s", Effect.void))
      yield* Effect.forkChild(op(lanes, ["c"], log, "other", Effect.void))
      yield* settle
      assert.deepStrictEqual(log, ["p", "other"])
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(p)
      yield* settle
      assert.deepStrictEqual(log, ["p", "other", "s"])
      assert.strictEqual(lanes.pending(), 0)
    }))

  it.effect("an interrupted waiting operation does not let its successor overtake the one it waited for", () =>
    Effect.gen(function*() {
      const lanes = makeAccountLanes()
      const log: Array<string> = []
      const gate = yield* Deferred.make<void>()
      const p = yield* Effect.forkChild(op(lanes, ["a"], log, "p", Deferred.await(gate)))
      const m = yield* Effect.forkChild(op(lanes, ["a"], log, "m", Effect.void))
      yield* Effect.forkChild(op(lanes, ["a"], log, "s", Effect.void))
      yield* settle
      yield* Fiber.interrupt(m)
      yield* settle
      assert.deepStrictEqual(log, ["p"], "s still waits for p")
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(p)
      yield* settle
      assert.deepStrictEqual(log, ["p", "s"])
    }))

  it.effect("the barrier waits for every operation registered before it, later ones do not wait for it", () =>
    Effect.gen(function*() {
      const lanes = makeAccountLanes()
      const log: Array<string> = []
      const gate = yield* Deferred.make<void>()
      yield* Effect.forkChild(op(lanes, ["a"], log, "p", Deferred.await(gate)))
      const barrier = yield* Effect.forkChild(lanes.barrier(Effect.sync(() => log.push("push"))))
      yield* Effect.forkChild(op(lanes, ["b"], log, "later", Effect.void))
      yield* settle
      assert.deepStrictEqual(log, ["p", "later"])
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(barrier)
      assert.deepStrictEqual(log, ["p", "later", "push"])
    }))
})
