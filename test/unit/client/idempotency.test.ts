/**
 * `idempotencyKey` on push, pushToUsers and revokePush, on the in-memory store and a recording
 * fetch (virtual time): sent once, later callers get the first result; a failure that sent
 * nothing releases the key; an unknown outcome is replayed, never resent; a caller that finds the
 * key in flight waits, then reports "in-flight"; keys expire after the TTL.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as TestClock from "effect/testing/TestClock"
import { ChatPushOutcomeUnknown, ChatRateLimitError, ChatRequestError, ChatStore, memoryStore, TencentChat } from "../../../src/client/mod.ts"
import type { ClientOptions, TencentChatClient } from "../../../src/client/mod.ts"
import { makeMemoryStore } from "../../../src/client/store/memory.ts"
import type { Handler } from "./fake-fetch.ts"
import { fail, hang, okHandler, recordingFetch } from "./fake-fetch.ts"
import { baseOptions, driveClock, untimed, withClient } from "./helpers.ts"

const text = [{ MsgType: "TIMTextElem" as const, MsgContent: { Text: "hi" } }]
const isPush = (path: string) => path.endsWith("/push")

const errorOf = <A, E>(exit: Exit.Exit<A, E>): unknown => {
  if (Exit.isSuccess(exit)) return undefined
  const r = exit.cause.reasons[0]
  return r?._tag === "Fail" ? r.error : r
}

describe("push with an idempotencyKey", () => {
  it.effect("sent once: later callers get the first TaskId and MsgRandom, nothing is sent again", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const first = yield* chat.push({ message: text, idempotencyKey: "daily-digest" })
        const again = yield* chat.push({ message: text, idempotencyKey: "daily-digest", msgRandom: 7 })
        assert.deepStrictEqual(again, first)
        assert.strictEqual(requests.filter((r) => isPush(r.path)).length, 1)
        const other = yield* chat.push({ message: text, idempotencyKey: "other" })
        assert.notStrictEqual(other.taskId, first.taskId)
        assert.strictEqual(requests.length, 2)
      })))

  it.effect("20 concurrent callers with one key: one request, every caller gets its result", () =>
    withClient({}, async (req, i) => {
      await new Promise((r) => setTimeout(r, 5))
      return okHandler(req, i)
    }, (chat, requests) =>
      Effect.gen(function*() {
        const all = Effect.forEach(Array.from({ length: 20 }), () => chat.push({ message: text, idempotencyKey: "k" }), { concurrency: "unbounded" })
        const { exit } = yield* driveClock(all, 10)
        assert.isTrue(Exit.isSuccess(exit))
        const results = Exit.isSuccess(exit) ? exit.value : []
        assert.strictEqual(requests.length, 1)
        assert.strictEqual(new Set(results.map((r) => r.taskId)).size, 1)
        assert.strictEqual(results[0]!.taskId, `task-${requests[0]!.body.MsgRandom}`)
      })))

  it.effect("a failure that sent nothing (an ErrorCode answer) releases the key: the next caller sends", () =>
    withClient({}, (req, i) => (i === 0 ? fail(90024, "too frequent") : okHandler(req, i)), (chat, requests) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.push({ message: text, idempotencyKey: "k" }))
        assert.strictEqual(e._tag, "ChatApiError")
        const ok = yield* chat.push({ message: text, idempotencyKey: "k" })
        assert.strictEqual(ok.taskId, `task-${requests[1]!.body.MsgRandom}`)
        assert.strictEqual(requests.length, 2)
      })))

  it.effect("a local refusal (invalid push) claims nothing", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.push({ message: text, lifetimeSeconds: -1, idempotencyKey: "k" }))
        assert.strictEqual(e._tag, "ChatRequestError")
        yield* chat.push({ message: text, idempotencyKey: "k" })
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("an unknown outcome is replayed to later callers (same MsgRandom), never resent", () =>
    withClient({}, (_req, i) => (i === 0 ? new Response("bad gateway", { status: 502 }) : okHandler(_req, i)), (chat, requests) =>
      Effect.gen(function*() {
        const first = yield* Effect.flip(chat.push({ message: text, idempotencyKey: "k", msgRandom: 42 }))
        assert.instanceOf(first, ChatPushOutcomeUnknown)
        const later = yield* Effect.flip(chat.push({ message: text, idempotencyKey: "k", msgRandom: 43 }))
        assert.instanceOf(later, ChatPushOutcomeUnknown)
        const u = later as ChatPushOutcomeUnknown
        assert.deepStrictEqual([u.kind, u.status, u.msgRandom], ["http-status", 502, 42])
        assert.include(u.message, "idempotency key")
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("a caller that finds the key in flight waits for the result", () => {
    let release: (() => void) | undefined
    const slow: Handler = (req, i) => new Promise((resolve) => (release = () => resolve(okHandler(req, i))))
    return withClient({}, slow, (chat, requests) =>
      Effect.gen(function*() {
        const first = yield* Effect.forkChild(chat.push({ message: text, idempotencyKey: "k" }))
        const second = yield* Effect.forkChild(chat.push({ message: text, idempotencyKey: "k" }))
        yield* driveClock(Effect.sleep(1000), 100)
        assert.strictEqual(second.pollUnsafe(), undefined)
        release!()
        const { exit } = yield* driveClock(Fiber.join(second), 50)
        const a = yield* Fiber.join(first)
        assert.isTrue(Exit.isSuccess(exit))
        assert.deepStrictEqual(Exit.isSuccess(exit) ? exit.value : undefined, a)
        assert.strictEqual(requests.length, 1)
      }))
  })

  it.effect("a caller that waits longer than idempotency.wait gets ChatPushOutcomeUnknown (in-flight), carrying the first MsgRandom", () =>
    withClient({ idempotency: { wait: "2 seconds" }, timeout: "1 minute" }, hang, (chat, requests) =>
      Effect.gen(function*() {
        yield* Effect.forkChild(chat.push({ message: text, idempotencyKey: "k", msgRandom: 11 }))
        const { exit, elapsed } = yield* driveClock(chat.push({ message: text, idempotencyKey: "k" }), 100)
        const e = errorOf(exit) as ChatPushOutcomeUnknown
        assert.instanceOf(e, ChatPushOutcomeUnknown)
        assert.deepStrictEqual([e.kind, e.msgRandom], ["in-flight", 11])
        assert.isAtLeast(elapsed, 2000)
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("an owner interrupted mid-call leaves an unknown outcome, not a free key", () =>
    withClient({}, hang, (chat, requests) =>
      Effect.gen(function*() {
        const owner = yield* Effect.forkChild(chat.push({ message: text, idempotencyKey: "k", msgRandom: 5 }))
        yield* driveClock(Effect.sleep(100), 10)
        assert.strictEqual(requests.length, 1)
        yield* Fiber.interrupt(owner)
        const e = yield* Effect.flip(chat.push({ message: text, idempotencyKey: "k" }))
        assert.deepStrictEqual([e._tag, (e as ChatPushOutcomeUnknown).kind, (e as ChatPushOutcomeUnknown).msgRandom], ["ChatPushOutcomeUnknown", "interrupted", 5])
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("the key expires after idempotency.ttl", () =>
    withClient({ idempotency: { ttl: "1 hour" } }, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.push({ message: text, idempotencyKey: "k" })
        yield* TestClock.adjust("59 minutes")
        yield* chat.push({ message: text, idempotencyKey: "k" })
        assert.strictEqual(requests.length, 1)
        yield* TestClock.adjust("2 minutes")
        yield* chat.push({ message: text, idempotencyKey: "k" })
        assert.strictEqual(requests.length, 2)
      })))

  it.effect("an unusable key is a ChatRequestError; nothing claimed, nothing sent", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        for (const key of ["", "x".repeat(257), 5 as unknown as string]) {
          const e = yield* Effect.flip(chat.push({ message: text, idempotencyKey: key }))
          assert.instanceOf(e, ChatRequestError)
          assert.strictEqual((e as ChatRequestError).field, "idempotencyKey")
        }
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("a store that fails: ChatRateLimitError (store), nothing sent", () => {
    const broken = RateLimiter.RateLimiterError
    const down = Effect.fail(new broken({ reason: new RateLimiter.RateLimitStoreError({ message: "connection refused" }) }))
    const store = Layer.succeed(ChatStore, { ...makeMemoryStore(), claims: { claim: () => down, settle: () => down, read: () => down } })
    return withClient({ store }, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.push({ message: text, idempotencyKey: "k" }))
        assert.instanceOf(e, ChatRateLimitError)
        assert.deepStrictEqual([(e as ChatRateLimitError).kind, requests.length], ["store", 0])
      }))
  })

  it.effect("two clients on one memoryStore() share their keys", () =>
    Effect.gen(function*() {
      const store = memoryStore()
      const rec = recordingFetch(okHandler)
      const options: ClientOptions = { ...baseOptions, ...untimed, fetch: rec.fetch, store }
      const run = (f: (c: TencentChatClient) => Effect.Effect<unknown, unknown>) =>
        TencentChat.use(f).pipe(Effect.provide(TencentChat.layer(options)))
      const a = yield* run((c) => c.push({ message: text, idempotencyKey: "k" }))
      const b = yield* run((c) => c.push({ message: text, idempotencyKey: "k" }))
      assert.deepStrictEqual(a, b)
      assert.strictEqual(rec.requests.length, 1)
    }))
})

describe("pushToUsers with an idempotencyKey", () => {
  const users = Array.from({ length: 1200 }, (_, i) => `u${i}`)
  const partial: Handler = (req, i) =>
    i === 1
      ? { ...okHandler(req, i), ErrorList: [{ To_Account: "u600", ErrorCode: 70107, ErrorInfo: "not found" }] }
      : okHandler(req, i)

  it.effect("sent once: a later caller with the same users gets the same per-user results and tasks", () =>
    withClient({}, partial, (chat, requests) =>
      Effect.gen(function*() {
        const input = { from: "admin", userIds: [...users, "u1"], offlinePush: { Title: "t" }, idempotencyKey: "k" }
        const first = yield* chat.pushToUsers(input)
        assert.strictEqual(requests.length, 3)
        const again = yield* chat.pushToUsers(input)
        assert.strictEqual(requests.length, 3)
        assert.deepStrictEqual(again.tasks, first.tasks)
        assert.deepStrictEqual([again.successCount, again.failureCount], [first.successCount, first.failureCount])
        assert.deepStrictEqual(again.results.map((r) => [r.userId, r.ok]), first.results.map((r) => [r.userId, r.ok]))
        const failed = again.results.find((r) => !r.ok)
        assert.deepStrictEqual(failed && !failed.ok ? [failed.userId, failed.error.code] : [], ["u600", 70107])
      })))

  it.effect("the same key with other users: ChatRequestError, nothing sent", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.pushToUsers({ from: "admin", userIds: ["a", "b"], offlinePush: {}, idempotencyKey: "k" })
        const e = yield* Effect.flip(chat.pushToUsers({ from: "admin", userIds: ["a", "c"], offlinePush: {}, idempotencyKey: "k" }))
        assert.deepStrictEqual([e._tag, (e as ChatRequestError).rule], ["ChatRequestError", "idempotency_key_reused"])
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("every request's outcome unknown: later callers get ChatPushOutcomeUnknown too", () =>
    withClient({}, () => {
      throw new TypeError("connection reset")
    }, (chat, requests) =>
      Effect.gen(function*() {
        const input = { from: "admin", userIds: ["a"], offlinePush: {}, idempotencyKey: "k", msgRandom: 9 }
        assert.strictEqual((yield* Effect.flip(chat.pushToUsers(input)))._tag, "ChatPushOutcomeUnknown")
        const e = yield* Effect.flip(chat.pushToUsers(input))
        assert.deepStrictEqual([e._tag, (e as ChatPushOutcomeUnknown).msgRandom], ["ChatPushOutcomeUnknown", 9])
        assert.strictEqual(requests.length, 1)
      })))
})

describe("revokePush with an idempotencyKey", () => {
  it.effect("recalled once: the later caller gets the first result without a request", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.revokePush("task-1", { idempotencyKey: "recall-1" })
        yield* chat.revokePush("task-1", { idempotencyKey: "recall-1" })
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("retry-safe: a failed recall releases the key, and a caller that waited in vain recalls itself", () =>
    withClient({ idempotency: { wait: "1 second" }, timeout: "1 minute" }, (req, i) => (i === 0 ? fail(90051, "too frequent") : i === 1 ? hang(req, i) : okHandler(req, i)), (chat, requests) =>
      Effect.gen(function*() {
        yield* Effect.flip(chat.revokePush("t", { idempotencyKey: "r" }))
        yield* Effect.forkChild(chat.revokePush("t", { idempotencyKey: "r" }))
        const { exit } = yield* driveClock(chat.revokePush("t", { idempotencyKey: "r" }), 100)
        assert.isTrue(Exit.isSuccess(exit))
        assert.strictEqual(requests.length, 3)
      })))
})
