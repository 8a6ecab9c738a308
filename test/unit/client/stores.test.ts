/**
 * The store suite on the in-memory store and on the Durable Object store (`ChatStoreObject`
 * driven in Node through an in-memory stand-in for `ctx.storage`; test/fleet runs the real
 * object in workerd). Plus what only the object shows: it refuses malformed operations with
 * HTTP 400, and its storage stays bounded (expired claims are swept).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { ChatStore, ChatStoreObject, durableObjectStore, memoryStore } from "../../../src/client/mod.ts"
import type { DurableObjectNamespaceLike, DurableObjectStorageLike } from "../../../src/client/mod.ts"
import { storeConformance } from "./store-conformance.ts"

/** `ctx.storage` in memory, async like the real one (sorted `list`, `prefix`, `end`, `limit`). */
export const memoryStorage = (): DurableObjectStorageLike & { readonly map: Map<string, unknown> } => {
  const map = new Map<string, unknown>()
  const tick = () => new Promise<void>((r) => queueMicrotask(r))
  return {
    map,
    get: async <T>(key: string) => (await tick(), structuredClone(map.get(key)) as T | undefined),
    put: async (key, value) => (await tick(), void map.set(key, structuredClone(value))),
    delete: async (key) => (await tick(), map.delete(key)),
    list: async <T>(o: { prefix?: string; end?: string; limit?: number } = {}) => {
      await tick()
      const keys = [...map.keys()].filter((k) => k.startsWith(o.prefix ?? "") && (o.end === undefined || k < o.end)).sort().slice(0, o.limit)
      return new Map(keys.map((k) => [k, structuredClone(map.get(k)) as T]))
    },
  }
}

/** A namespace whose every name maps to one object instance, reached through `fetch`. */
const namespaceOf = (object: ChatStoreObject): DurableObjectNamespaceLike => ({
  idFromName: (name) => name,
  get: () => ({ fetch: (input, init) => object.fetch(new Request(input, init)) }),
})

storeConformance("memory", memoryStore)
storeConformance("durable-object (in Node)", () => durableObjectStore(namespaceOf(new ChatStoreObject({ storage: memoryStorage() }))))

describe("ChatStoreObject", () => {
  const post = (object: ChatStoreObject, body: unknown) =>
    object.fetch(new Request("https://chat-store.internal/", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) }))

  it("refuses malformed operations with HTTP 400 and a reason", async () => {
    const object = new ChatStoreObject({ storage: memoryStorage() })
    for (
      const bad of [
        "not json",
        null,
        { op: "claim" },
        { op: "claim", key: "k", value: 1, ttlMillis: 10 },
        { op: "tokenBucket", key: "k", tokens: 1, limit: 1, refillMillis: 0, allowOverflow: true },
        { op: "admit", key: "k", ticket: "t", limit: 0, windowMillis: 10, maxOpenMillis: 10 },
        { op: "close", key: "k", ticket: 5, extraMillis: 0 },
        { op: "drop-table", key: "k" },
        { op: "read", key: "x".repeat(2000) },
      ]
    ) {
      const res = await post(object, bad)
      assert.strictEqual(res.status, 400, JSON.stringify(bad))
      const answer = (await res.json()) as { ok: boolean; error: string }
      assert.isFalse(answer.ok)
      assert.isString(answer.error)
    }
  })

  it("sweeps expired claims and their index from storage", async () => {
    const storage = memoryStorage()
    const object = new ChatStoreObject({ storage })
    for (let i = 0; i < 50; i++) await post(object, { op: "claim", key: `k${i}`, value: "v", ttlMillis: 1 })
    assert.isAtLeast(storage.map.size, 2)
    await new Promise((r) => setTimeout(r, 10))
    // The object sweeps on the first write of each minute: step its clock a minute on.
    const realNow = Date.now
    try {
      Date.now = () => realNow() + 61_000
      await post(object, { op: "claim", key: "fresh", value: "v", ttlMillis: 60_000 })
    } finally {
      Date.now = realNow
    }
    assert.deepStrictEqual([...storage.map.keys()].filter((k) => !k.includes("fresh")), [])
  })

  it.effect("a store whose object cannot be reached fails each operation with a store error", () =>
    Effect.gen(function*() {
      const down: DurableObjectNamespaceLike = {
        idFromName: (n) => n,
        get: () => ({ fetch: () => Promise.reject(new Error("Network connection lost")) }),
      }
      const e = yield* Effect.flip(Effect.flatMap(Effect.service(ChatStore), (s) => s.claims.read("k")).pipe(Effect.provide(durableObjectStore(down))))
      assert.strictEqual(e.reason._tag, "RateLimitStoreError")
      assert.include(e.message, "Network connection lost")
    }))
})
