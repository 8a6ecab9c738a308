/**
 * What every `ChatStore` must do, as one suite run against each store (memory and the Durable
 * Object here, Redis in test/fleet): the token bucket and fixed window of Effect's
 * `RateLimiterStore` contract, the sliding-window `admit`, and the claim register. Real time,
 * with intervals long enough that a slow machine cannot turn one answer into another.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { ChatStore } from "../../../src/client/mod.ts"

/** Registers the suite for `name`; `layer()` builds a fresh store (keys are unique per test anyway). */
export const storeConformance = (name: string, layer: () => Layer.Layer<ChatStore>): void => {
  const run = <A, E>(f: (store: ChatStore["Service"], key: string) => Effect.Effect<A, E>) =>
    Effect.flatMap(Effect.service(ChatStore), (store) => f(store, `conformance:${Math.random().toString(36).slice(2)}`)).pipe(Effect.provide(layer()))

  describe(`${name} store`, () => {
    it.live("token bucket with overflow: a queue of reserved slots (remaining 0, -1, -2), elapsed within one refill", () =>
      run((store, key) =>
        Effect.gen(function*() {
          const take = store.limits.tokenBucket({ key, tokens: 1, limit: 1, refillRate: Duration.seconds(5), allowOverflow: true })
          const results = [yield* take, yield* take, yield* take]
          assert.deepStrictEqual(results.map((r) => r[0]), [0, -1, -2])
          for (const [, elapsed] of results) assert.isTrue(elapsed >= 0 && elapsed < 5000, `elapsed ${elapsed}`)
        })))

    it.live("token bucket without overflow: a refused take changes nothing", () =>
      run((store, key) =>
        Effect.gen(function*() {
          const take = store.limits.tokenBucket({ key, tokens: 1, limit: 2, refillRate: Duration.seconds(5), allowOverflow: false })
          const results = [yield* take, yield* take, yield* take, yield* take]
          assert.deepStrictEqual(results.map((r) => r[0]), [1, 0, -1, -1])
        })))

    it.live("token bucket refills one token per interval", () =>
      run((store, key) =>
        Effect.gen(function*() {
          const take = store.limits.tokenBucket({ key, tokens: 1, limit: 1, refillRate: Duration.millis(100), allowOverflow: true })
          assert.strictEqual((yield* take)[0], 0)
          yield* Effect.sleep("250 millis")
          assert.strictEqual((yield* take)[0], 0)
        })))

    it.live("fixed window with a limit: counts up, refuses past the limit without counting, ttl grows per token", () =>
      run((store, key) =>
        Effect.gen(function*() {
          const take = store.limits.fixedWindow({ key, tokens: 1, refillRate: Duration.seconds(10), limit: 2 })
          const [a, b, c, d] = [yield* take, yield* take, yield* take, yield* take]
          assert.deepStrictEqual([a[0], b[0], c[0], d[0]], [1, 2, 3, 3])
          assert.isTrue(a[1] > 9000 && a[1] <= 10_000, `ttl ${a[1]}`)
          assert.isTrue(b[1] > 19_000 && b[1] <= 20_000, `ttl ${b[1]}`)
          assert.isTrue(c[1] > 18_000 && c[1] <= b[1], `ttl ${c[1]}`)
        })))

    it.live("fixed window keys are independent", () =>
      run((store, key) =>
        Effect.gen(function*() {
          yield* store.limits.fixedWindow({ key, tokens: 1, refillRate: Duration.seconds(10), limit: 1 })
          const other = yield* store.limits.fixedWindow({ key: `${key}:other`, tokens: 1, refillRate: Duration.seconds(10), limit: 1 })
          assert.strictEqual(other[0], 1)
        })))

    it.live("admit: `limit` calls per window, then the wait until the oldest leaves it", () =>
      run((store, key) =>
        Effect.gen(function*() {
          assert.strictEqual(yield* store.admit(key, 2, 400), 0)
          assert.strictEqual(yield* store.admit(key, 2, 400), 0)
          const wait = yield* store.admit(key, 2, 400)
          assert.isTrue(wait > 0 && wait <= 400, `wait ${wait}`)
          assert.isTrue((yield* store.admit(key, 2, 400)) > 0, "a refused call is not recorded, and does not free a slot")
          yield* Effect.sleep(Duration.millis(wait + 20))
          assert.strictEqual(yield* store.admit(key, 2, 400), 0)
        })))

    it.live("claims: first claim wins; settle is compare-and-set; delete frees the key", () =>
      run((store, key) =>
        Effect.gen(function*() {
          const c = store.claims
          assert.strictEqual(yield* c.claim(key, "first", 60_000), undefined)
          assert.strictEqual(yield* c.claim(key, "second", 60_000), "first")
          assert.isFalse(yield* c.settle(key, "second", "x", 60_000))
          assert.isTrue(yield* c.settle(key, "first", "done", 60_000))
          assert.strictEqual(yield* c.read(key), "done")
          assert.isFalse(yield* c.settle(key, "first", undefined, 60_000))
          assert.isTrue(yield* c.settle(key, "done", undefined, 60_000))
          assert.strictEqual(yield* c.read(key), undefined)
          assert.strictEqual(yield* c.claim(key, "third", 60_000), undefined)
          assert.isFalse(yield* c.settle(`${key}:absent`, "x", "y", 60_000))
        })))

    it.live("claims expire after their TTL", () =>
      run((store, key) =>
        Effect.gen(function*() {
          assert.strictEqual(yield* store.claims.claim(key, "v", 150), undefined)
          assert.strictEqual(yield* store.claims.read(key), "v")
          yield* Effect.sleep("300 millis")
          assert.strictEqual(yield* store.claims.read(key), undefined)
          assert.strictEqual(yield* store.claims.claim(key, "w", 150), undefined)
        })))

    it.live("values round-trip exactly (JSON, unicode, long)", () =>
      run((store, key) =>
        Effect.gen(function*() {
          const value = JSON.stringify({ s: "done", v: { taskId: "任务-✓", list: "x".repeat(20_000) } })
          yield* store.claims.claim(key, value, 60_000)
          assert.strictEqual(yield* store.claims.read(key), value)
          assert.strictEqual(yield* store.claims.claim(key, "other", 60_000), value)
        })))
  })
}
