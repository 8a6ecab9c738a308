/**
 * Coalescing and per-account order: concurrent small calls merge into requests of up to 100
 * accounts within the window; two operations on one account reach the service in issue order;
 * the Promise facade's side of both is in promise.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { ChatApiError } from "../../../src/client/mod.ts"
import { accountsOf, fail, jittery, OK } from "./fake-fetch.ts"
import { driveClock, withClient } from "./helpers.ts"

const windowed = { coalesce: { window: 10 } } as const

describe("coalescing (Effect API)", () => {
  it.effect("1,000 concurrent single-user addUserTags → 10 requests of 100", () =>
    withClient(windowed, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const calls = Array.from({ length: 1000 }, (_, i) => chat.addUserTags([{ userId: `u${i}`, tags: ["login"] }]))
        const { exit } = yield* driveClock(Effect.all(calls, { concurrency: "unbounded" }))
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(requests.length, 10)
        assert.isTrue(requests.every((r) => accountsOf(r).length === 100))
        const all = requests.flatMap(accountsOf)
        assert.strictEqual(new Set(all).size, 1000)
      })))

  it.effect("each caller gets its own account's result", () =>
    withClient(windowed, (req) => ({ ...OK, ErrorList: [{ To_Account: "u3", ErrorCode: 70107 }] }), (chat) =>
      Effect.gen(function*() {
        const calls = Array.from({ length: 5 }, (_, i) => chat.addUserTags([{ userId: `u${i}`, tags: ["t"] }]))
        const { exit } = yield* driveClock(Effect.all(calls, { concurrency: "unbounded" }))
        assert.strictEqual(exit._tag, "Success")
        if (exit._tag === "Success") {
          assert.deepStrictEqual(exit.value.map((r) => r.failureCount), [0, 0, 0, 1, 0])
          assert.deepStrictEqual(exit.value[3]!.results[0]!.userId, "u3")
        }
      })))

  it.effect("calls within the window merge; different request options do not", () =>
    withClient(windowed, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(Effect.all([
          chat.addUserTags([{ userId: "a", tags: ["x"] }]),
          chat.addUserTags([{ userId: "b", tags: ["x"] }]),
          chat.addUserTags([{ userId: "c", tags: ["x"] }], { replace: true }),
          chat.getUserTags(["d"]),
          chat.getUserTags(["e"]),
        ], { concurrency: "unbounded" }))
        assert.strictEqual(exit._tag, "Success")
        const shapes = requests.map((r) => `${r.path.split("/").pop()}${r.body.Replace ? "+replace" : ""}:${accountsOf(r).join(",")}`).sort()
        assert.deepStrictEqual(shapes, ["add_tag+replace:c", "add_tag:a,b", "get_tag:d,e"])
      })))

  it.effect("a failed merged request fails each caller with the same typed error", () =>
    withClient(windowed, () => fail(90009, "admin"), (chat) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(Effect.all([
          Effect.flip(chat.addUserTags([{ userId: "a", tags: ["x"] }])),
          Effect.flip(chat.addUserTags([{ userId: "b", tags: ["x"] }])),
        ], { concurrency: "unbounded" }))
        assert.strictEqual(exit._tag, "Success")
        if (exit._tag === "Success") for (const e of exit.value) assert.instanceOf(e, ChatApiError)
      })))
})

describe("per-account order", () => {
  it.effect("add, remove, add on one account reach the service in issue order, one after the other", () => {
    const log: Array<string> = []
    return withClient(windowed, jittery(log), (chat) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(Effect.all([
          chat.addUserTags([{ userId: "alice", tags: ["x"] }]),
          chat.removeUserTags([{ userId: "alice", tags: ["x"] }]),
          chat.addUserTags([{ userId: "alice", tags: ["y"] }, { userId: "bob", tags: ["y"] }]),
          chat.clearUserTags(["alice"]),
        ], { concurrency: "unbounded" }), 1)
        assert.strictEqual(exit._tag, "Success")
        // bob may ride along in any request; alice's operations must be in issue order.
        const alice = log.map((l) => l.replace(/,?bob/, "")).filter((l) => l.includes("alice"))
        assert.deepStrictEqual(alice, ["add_tag:alice[x]", "remove_tag:alice[x]", "add_tag:alice[y]", "clear_all_tags:alice[]"])
      }))
  })

  it.effect("the same account twice in one call: two requests, in order", () =>
    withClient(windowed, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.setUserAttrs([
          { userId: "a", attrs: { city: "1" } },
          { userId: "b", attrs: { city: "1" } },
          { userId: "a", attrs: { city: "2" } },
        ]))
        assert.strictEqual(exit._tag, "Success")
        assert.deepStrictEqual(requests.map((r) => r.body.UserAttrs.map((u: { To_Account: string; Attrs: { city: string } }) => `${u.To_Account}=${u.Attrs.city}`)), [
          ["a=1", "b=1"],
          ["a=2"],
        ])
      })))

  it.effect("operations on other accounts are not held back", () => {
    const log: Array<string> = []
    return withClient(windowed, jittery(log), (chat) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(Effect.all([
          chat.addUserTags([{ userId: "alice", tags: ["x"] }]),
          chat.addUserTags([{ userId: "alice", tags: ["y"] }]),
          chat.addUserTags([{ userId: "bob", tags: ["x"] }]),
        ], { concurrency: "unbounded" }), 1)
        assert.strictEqual(exit._tag, "Success")
        // bob rides in the first request with alice; alice's second add waits for it.
        assert.deepStrictEqual(log, ["add_tag:alice,bob[x]", "add_tag:alice[y]"])
      }))
  })

  it.effect("push waits for every account operation issued before it", () => {
    const log: Array<string> = []
    return withClient(windowed, jittery(log), (chat) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(Effect.all([
          chat.addUserTags([{ userId: "alice", tags: ["vip"] }]),
          chat.push({ condition: { tagsOr: ["vip"] }, message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] }),
        ], { concurrency: "unbounded" }), 1)
        assert.strictEqual(exit._tag, "Success")
        assert.deepStrictEqual(log, ["add_tag:alice[vip]", "push:"])
      }))
  })
})
