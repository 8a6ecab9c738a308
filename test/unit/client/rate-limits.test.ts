/**
 * Rate limits in virtual time (TestClock): each attr/tag command's 100 calls/s never exceeds 100
 * in any sliding second; pushes are more than 1 s apart; recalls 1/s; the daily push quota fails
 * fast with a typed error and resets at the day boundary.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as TestClock from "effect/testing/TestClock"
import { ChatRateLimitError, ChatStore, TencentChat } from "../../../src/client/mod.ts"
import type { ClientOptions } from "../../../src/client/mod.ts"
import { makeMemoryStore } from "../../../src/client/store/memory.ts"
import { OK, okHandler } from "./fake-fetch.ts"
import { driveClock, fakeClient, withClient } from "./helpers.ts"

const limited: Partial<ClientOptions> = { rateLimits: {}, coalesce: false, retry: false }
const text = [{ MsgType: "TIMTextElem" as const, MsgContent: { Text: "hi" } }]

/** The largest number of stamps inside any half-open window [t, t + width). */
const peakIn = (stamps: ReadonlyArray<number>, width: number): number => {
  const s = [...stamps].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[j]! < s[i]! - width + 1) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

/** Runs `n` concurrent calls of `call` and returns the virtual time each one was sent at. */
const stampsOf = (n: number, call: (i: number) => Effect.Effect<unknown, unknown>) =>
  Effect.gen(function*() {
    const stamps: Array<number> = []
    const all = Effect.forEach(
      Array.from({ length: n }, (_, i) => i),
      (i) => Effect.andThen(call(i), Effect.flatMap(Clock.currentTimeMillis, (t) => Effect.sync(() => stamps.push(t)))),
      { concurrency: "unbounded" },
    )
    const { exit, elapsed } = yield* driveClock(all, 1)
    assert.strictEqual(exit._tag, "Success", String(Exit.isFailure(exit) ? exit.cause : ""))
    return { stamps, elapsed }
  })

describe("attr/tag commands: 100 calls/s, never above in any sliding second", () => {
  it.effect("250 concurrent set_attr calls are spaced 10.3 ms apart (default headroom 1.03)", () =>
    withClient(limited, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const { stamps } = yield* stampsOf(250, (i) => chat.call("set_attr", { UserAttrs: [{ To_Account: `u${i}`, Attrs: {} }] }))
        assert.strictEqual(requests.length, 250)
        const peak = peakIn(stamps, 1000)
        assert.isAtMost(peak, 100)
        assert.isAtLeast(peak, 95)
        const sorted = [...stamps].sort((a, b) => a - b)
        for (let i = 1; i < sorted.length; i++) assert.isAtLeast(sorted[i]! - sorted[i - 1]!, 10)
      })))

  it.effect("each command has its own bucket: set_attr and add_tag do not slow each other", () =>
    withClient(limited, () => OK, (chat) =>
      Effect.gen(function*() {
        const { elapsed } = yield* stampsOf(100, (i) =>
          i % 2 === 0
            ? chat.call("set_attr", { UserAttrs: [{ To_Account: `u${i}`, Attrs: {} }] })
            : chat.call("add_tag", { UserTags: [{ To_Account: `u${i}`, Tags: ["t"] }] }))
        // 50 calls per bucket ≈ 49 × 10.5 ms, not 99 × 10.5 ms.
        assert.isBelow(elapsed, 600)
      })))

  it.effect("a bucket override changes the spacing", () =>
    withClient({ ...limited, rateLimits: { buckets: { get_tag: { limit: 10, window: "1 second" } } } }, () => OK, (chat) =>
      Effect.gen(function*() {
        const { stamps } = yield* stampsOf(21, () => chat.call("get_tag", { To_Account: ["a"] }))
        assert.isAtMost(peakIn(stamps, 1000), 10)
      })))

  it.effect("a shared store (Redis, Durable Object) defaults to headroom 1.05: 10.5 ms apart", () =>
    withClient({ ...limited, store: Layer.succeed(ChatStore, { ...makeMemoryStore(), shared: true }) }, () => OK, (chat) =>
      Effect.gen(function*() {
        const { stamps } = yield* stampsOf(150, (i) => chat.call("set_attr", { UserAttrs: [{ To_Account: `u${i}`, Attrs: {} }] }))
        const sorted = [...stamps].sort((a, b) => a - b)
        for (let i = 1; i < sorted.length; i++) assert.isAtLeast(sorted[i]! - sorted[i - 1]!, 10.5)
        assert.isAtMost(peakIn(stamps, 1000), 96)
      })))

  it.effect("rateLimits: false does not wait (virtual time never advances here)", () =>
    withClient({ ...limited, rateLimits: false }, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        yield* Effect.forEach(Array.from({ length: 300 }), () => chat.call("get_tag", { To_Account: ["a"] }), { concurrency: "unbounded" })
        assert.strictEqual(requests.length, 300)
      })))
})

describe("the store is pluggable; the local guard holds the limit whatever the store says", () => {
  /** A store that never makes anyone wait (e.g. misconfigured), recording the keys it sees. */
  const lenientStore = (keys: Array<string>, failing = false) =>
    Layer.succeed(ChatStore, { ...makeMemoryStore(), kind: "lenient", limits: RateLimiter.RateLimiterStore.of({
      tokenBucket: (o) => {
        keys.push(o.key)
        return failing
          ? Effect.fail(new RateLimiter.RateLimiterError({ reason: new RateLimiter.RateLimitStoreError({ message: "store down" }) }))
          : Effect.succeed([1, 0] as const)
      },
      fixedWindow: (o) => {
        keys.push(o.key)
        return Effect.succeed([1, 0] as const)
      },
      adaptiveConsume: () => Effect.succeed({ delay: Duration.zero, epoch: 0, phase: "inactive" as const }),
      adaptiveFeedback: () => Effect.void,
    }) })

  it.effect("keys carry the SDKAppID and the catalogue bucket", () =>
    Effect.gen(function*() {
      const keys: Array<string> = []
      yield* withClient({ ...limited, store: lenientStore(keys) }, () => OK, (chat) => chat.call("get_tag", { To_Account: ["a"] }))
      assert.deepStrictEqual(keys, ["tencent-chat:1400000000:get_tag"])
    }))

  it.effect("the guard keeps ≤ 100 per sliding second even when the store lets everything through", () =>
    Effect.gen(function*() {
      const keys: Array<string> = []
      yield* withClient({ ...limited, store: lenientStore(keys) }, () => OK, (chat) =>
        Effect.gen(function*() {
          const { stamps } = yield* stampsOf(250, () => chat.call("get_tag", { To_Account: ["a"] }))
          assert.strictEqual(peakIn(stamps, 1000), 100)
        }))
    }))

  it.effect("without the guard the same store lets all calls through at once (what the guard prevents)", () =>
    Effect.gen(function*() {
      const keys: Array<string> = []
      yield* withClient({ ...limited, rateLimits: { pacer: false }, store: lenientStore(keys) }, () => OK, (chat) =>
        Effect.gen(function*() {
          const { stamps } = yield* stampsOf(250, () => chat.call("get_tag", { To_Account: ["a"] }))
          assert.strictEqual(peakIn(stamps, 1000), 250)
        }))
    }))

  it.effect("a shared store's guard holds the limit across clients: 3 clients, each within its own guard, ≤ 100 together", () =>
    Effect.gen(function*() {
      // Three clients (three processes, in effect) on one lenient shared store: each one's local
      // guard alone would let 100 per second through, 300 together.
      const shared = Layer.succeed(ChatStore, { ...makeMemoryStore(true), limits: Effect.runSync(Effect.service(ChatStore).pipe(Effect.provide(lenientStore([])))).limits })
      const stamps: Array<number> = []
      const clientCalls = (n: number) =>
        TencentChat.use((chat) =>
          Effect.forEach(
            Array.from({ length: n }),
            () => Effect.andThen(chat.call("get_tag", { To_Account: ["a"] }), Effect.flatMap(Clock.currentTimeMillis, (t) => Effect.sync(() => stamps.push(t)))),
            { concurrency: "unbounded", discard: true },
          )
        ).pipe(Effect.provide(fakeClient({ ...limited, store: shared }).layer))
      const { exit } = yield* driveClock(Effect.all([clientCalls(150), clientCalls(150), clientCalls(150)], { concurrency: "unbounded" }), 1)
      assert.strictEqual(exit._tag, "Success")
      assert.strictEqual(stamps.length, 450)
      assert.strictEqual(peakIn(stamps, 1000), 100)
    }))

  it.effect("a failing store → ChatRateLimitError (store), nothing sent", () =>
    Effect.gen(function*() {
      const keys: Array<string> = []
      yield* withClient({ ...limited, store: lenientStore(keys, true) }, () => OK, (chat, requests) =>
        Effect.gen(function*() {
          const e = (yield* Effect.flip(chat.getAttrNames())) as ChatRateLimitError
          assert.deepStrictEqual([e._tag, e.kind], ["ChatRateLimitError", "store"])
          assert.strictEqual(requests.length, 0)
        }))
    }))
})

describe("push spacing, recall rate, daily quota", () => {
  it.effect("pushes go out more than 1 s apart (1.1 s by default)", () =>
    withClient(limited, okHandler, (chat) =>
      Effect.gen(function*() {
        const { stamps } = yield* stampsOf(4, () => chat.push({ message: text }))
        const s = [...stamps].sort((a, b) => a - b)
        for (let i = 1; i < s.length; i++) assert.isAtLeast(s[i]! - s[i - 1]!, 1100)
      })))

  it.effect("recalls at most 1 per second", () =>
    withClient(limited, () => OK, (chat) =>
      Effect.gen(function*() {
        const { stamps } = yield* stampsOf(4, (i) => chat.revokePush(`task-${i}`))
        assert.strictEqual(peakIn(stamps, 1000), 1)
      })))

  it.effect("the daily quota fails fast with ChatRateLimitError, sends nothing, and resets the next day (UTC+8)", () =>
    withClient({ ...limited, rateLimits: { dailyPushQuota: 3 } }, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        // 2024-01-01T00:00:00+08:00 is 2023-12-31T16:00:00Z.
        yield* TestClock.setTime(Date.UTC(2023, 11, 31, 16, 0, 0) + 1000)
        for (let i = 0; i < 3; i++) yield* driveClock(chat.push({ message: text }))
        assert.strictEqual(requests.length, 3)
        const now = yield* Clock.currentTimeMillis
        const { exit } = yield* driveClock(chat.push({ message: text }))
        assert.isTrue(Exit.isFailure(exit))
        const e = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
        const err = e?._tag === "Fail" ? e.error : undefined
        assert.instanceOf(err, ChatRateLimitError)
        assert.deepStrictEqual([(err as ChatRateLimitError).kind, (err as ChatRateLimitError).limit], ["daily-quota", 3])
        assert.strictEqual((err as ChatRateLimitError).retryAfterMillis, Date.UTC(2024, 0, 1, 16, 0, 0) - now)
        assert.strictEqual(requests.length, 3)
        // pushToUsers (batch) is not part of the all/tag/attribute push quota.
        yield* driveClock(chat.pushToUsers({ from: "a", userIds: ["b"], offlinePush: {} }))
        assert.strictEqual(requests.length, 4)
        yield* TestClock.setTime(Date.UTC(2024, 0, 1, 16, 0, 0))
        const next = yield* driveClock(chat.push({ message: text }))
        assert.strictEqual(next.exit._tag, "Success")
      })))

  it.effect("the quota is counted before sending: a locally invalid push does not use it", () =>
    withClient({ ...limited, rateLimits: { dailyPushQuota: 1 } }, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        yield* Effect.flip(chat.push({ lifetimeSeconds: -1, message: text }))
        const { exit } = yield* driveClock(chat.push({ message: text }))
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(requests.length, 1)
      })))
})
