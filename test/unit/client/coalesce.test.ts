/**
 * Coalescing and per-account order: concurrent small calls merge into requests of up to 100
 * accounts within the window; two operations on one account reach the service in issue order;
 * the Promise facade coalesces and orders exactly like the Effect API.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { describe as vdescribe, expect, it as vit } from "vitest"
import { ChatApiError, ChatRequestError, createClient } from "../../../src/client/mod.ts"
import type { Handler, Recorded } from "./fake-fetch.ts"
import { fail, OK, recordingFetch } from "./fake-fetch.ts"
import { baseOptions, driveClock, withClient } from "./helpers.ts"

const windowed = { coalesce: { window: 10 } } as const
const accountsOf = (r: Recorded): Array<string> =>
  r.body.UserTags?.map((u: { To_Account: string }) => u.To_Account) ?? r.body.To_Account ?? []

/** Answers after a random real delay, so later requests could overtake earlier ones. */
const jittery = (log: Array<string>): Handler => async (req) => {
  const tags = req.body.UserTags?.[0]?.Tags ?? []
  log.push(`${req.path.split("/").pop()}:${accountsOf(req).join(",")}${req.body.UserTags || req.path.endsWith("tags") ? `[${tags}]` : ""}`)
  await new Promise((r) => setTimeout(r, Math.random() * 15))
  return req.path.endsWith("push") ? { ...OK, TaskId: "t" } : OK
}

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

vdescribe("the Promise facade behaves like the Effect API", () => {
  const make = (handler?: Handler) => {
    const rec = recordingFetch(handler)
    const chat = createClient({ ...baseOptions, rateLimits: false, retry: false, coalesce: { window: 10 }, fetch: rec.fetch })
    return { chat, ...rec }
  }

  vit("coalesces concurrent calls", async () => {
    const { chat, requests } = make()
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => chat.addUserTags([{ userId: `u${i}`, tags: ["x"] }])))
    expect(requests.length).toBe(10)
    expect(results[42]).toEqual({ successCount: 1, failureCount: 0, results: [{ userId: "u42", ok: true }] })
    await chat.dispose()
  })

  vit("keeps per-account order for back-to-back calls on a fresh client", async () => {
    const log: Array<string> = []
    const { chat } = make(jittery(log))
    await Promise.all([
      chat.addUserTags([{ userId: "alice", tags: ["x"] }]),
      chat.removeUserTags([{ userId: "alice", tags: ["x"] }]),
      chat.clearUserTags(["alice"]),
    ])
    expect(log).toEqual(["add_tag:alice[x]", "remove_tag:alice[x]", "clear_all_tags:alice[]"])
    await chat.dispose()
  })

  vit("returns the same values as the Effect API", async () => {
    const handler: Handler = (req) => ({ ...OK, UserTags: [{ To_Account: "a", Tags: ["t"] }], ErrorList: [{ To_Account: "b", ErrorCode: 70107 }] })
    const { chat } = make(handler)
    const viaPromise = await chat.getUserTags(["a", "b"])
    const viaEffect = await Effect.runPromise(withClient({}, handler, (c) => c.getUserTags(["a", "b"])))
    expect(viaPromise).toEqual(viaEffect)
    await chat.dispose()
  })

  vit("rejects with the same error classes", async () => {
    const { chat, requests } = make(() => fail(90009))
    await expect(chat.addUserTags([{ userId: "a", tags: [""] }])).rejects.toBeInstanceOf(ChatRequestError)
    expect(requests.length).toBe(0)
    const e = await chat.getAttrNames().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ChatApiError)
    expect(e).toMatchObject({ _tag: "ChatApiError", code: 90009, reason: "permission", retryable: false })
    await chat.dispose()
  })

  vit("rejects after dispose", async () => {
    const { chat } = make()
    await chat.dispose()
    await expect(chat.getAttrNames()).rejects.toBeDefined()
  })
})
