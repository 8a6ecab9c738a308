/**
 * The Promise facade (`createClient`): the same methods as the Effect client, coalescing and
 * per-account order as in the Effect API, the same values and error classes, and no calls
 * after `dispose`.
 */
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { ChatApiError, ChatRequestError, createClient, TencentChat } from "../../../src/client/mod.ts"
import type { Handler } from "./fake-fetch.ts"
import { fail, jittery, OK, recordingFetch } from "./fake-fetch.ts"
import { baseOptions, fakeClient, withClient } from "./helpers.ts"

describe("the Promise facade behaves like the Effect API", () => {
  const make = (handler?: Handler) => {
    const rec = recordingFetch(handler)
    const chat = createClient({ ...baseOptions, rateLimits: false, retry: false, coalesce: { window: 10 }, fetch: rec.fetch })
    return { chat, ...rec }
  }

  it("has every method of the Effect client, and only those plus dispose", async () => {
    const effectClient = await Effect.runPromise(Effect.provide(TencentChat.use(Effect.succeed), fakeClient().layer))
    const methods = Object.keys(effectClient).filter((k) => typeof (effectClient as unknown as Record<string, unknown>)[k] === "function")
    expect(methods.length).toBeGreaterThan(0)
    const { chat } = make()
    for (const name of methods) expect(typeof (chat as unknown as Record<string, unknown>)[name], name).toBe("function")
    expect(Object.keys(chat).sort()).toStrictEqual([...methods, "dispose"].sort())
    await chat.dispose()
  })

  it("coalesces concurrent calls", async () => {
    const { chat, requests } = make()
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => chat.addUserTags([{ userId: `u${i}`, tags: ["x"] }])))
    expect(requests.length).toBe(10)
    expect(results[42]).toEqual({ successCount: 1, failureCount: 0, results: [{ userId: "u42", ok: true }] })
    await chat.dispose()
  })

  it("keeps per-account order for back-to-back calls on a fresh client", async () => {
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

  it("returns the same values as the Effect API", async () => {
    const handler: Handler = (req) => ({ ...OK, UserTags: [{ To_Account: "a", Tags: ["t"] }], ErrorList: [{ To_Account: "b", ErrorCode: 70107 }] })
    const { chat } = make(handler)
    const viaPromise = await chat.getUserTags(["a", "b"])
    const viaEffect = await Effect.runPromise(withClient({}, handler, (c) => c.getUserTags(["a", "b"])))
    expect(viaPromise).toEqual(viaEffect)
    await chat.dispose()
  })

  it("rejects with the same error classes", async () => {
    const { chat, requests } = make(() => fail(90009))
    await expect(chat.addUserTags([{ userId: "a", tags: [""] }])).rejects.toBeInstanceOf(ChatRequestError)
    expect(requests.length).toBe(0)
    const e = await chat.getAttrNames().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ChatApiError)
    expect(e).toMatchObject({ _tag: "ChatApiError", code: 90009, reason: "permission", retryable: false })
    await chat.dispose()
  })

  it("rejects after dispose", async () => {
    const { chat } = make()
    await chat.dispose()
    await expect(chat.getAttrNames()).rejects.toBeDefined()
  })
})
