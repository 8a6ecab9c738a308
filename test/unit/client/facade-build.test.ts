/**
 * The Promise facade builds its client in `createClient` when the layers build synchronously (the
 * default), so no call waits for a build another call started (on Workers, that would be another
 * request's work). A store whose layer builds asynchronously still works: calls made before the
 * build is done wait for it, then run.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import { ChatStore, createClient, memoryStore } from "../../../src/client/mod.ts"
import { okHandler, recordingFetch } from "./fake-fetch.ts"
import { baseOptions } from "./helpers.ts"

describe("the Promise facade's build", () => {
  it("with the default layers, a call made right after createClient sends at once (same turn)", async () => {
    const rec = recordingFetch(okHandler)
    const chat = createClient({ ...baseOptions, rateLimits: false, retry: false, fetch: rec.fetch })
    const pending = chat.getAttrNames()
    expect(rec.requests.length).toBe(1) // sent synchronously: nothing waited for a build
    await pending
    await chat.dispose()
  })

  it("with a store that builds asynchronously, calls made before the build wait for it", async () => {
    const rec = recordingFetch(okHandler)
    const slowStore = Layer.effect(ChatStore, Effect.andThen(Effect.sleep(20), Effect.service(ChatStore))).pipe(Layer.provide(memoryStore()))
    const chat = createClient({ ...baseOptions, retry: false, fetch: rec.fetch, store: slowStore })
    const calls = [chat.getAttrNames(), chat.getUserTags(["a"])]
    expect(rec.requests.length).toBe(0)
    await Promise.all(calls)
    expect(rec.requests.length).toBe(2)
    await chat.dispose()
    await expect(chat.getAttrNames()).rejects.toBeDefined()
  })
})
