/**
 * What every `ChatStore` must do, as one suite run against each store (memory and the Durable
 * Object here, Redis in test/fleet): the token bucket and fixed window of Effect's
 * `RateLimiterStore` contract, the fleet-wide arrival guard (`admit`, `close`), and the claim
 * register. Real time,
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

    it.live("admit: `limit` calls count at once; an open call counts until closed, then a window more", () =>
      run((store, key) =>
        Effect.gen(function*() {
          const admit = (ticket: string) => store.admit(key, ticket, 2, 300, 60_000)
          assert.strictEqual(yield* admit("a"), 0)
          assert.strictEqual(yield* admit("b"), 0)
          // Both open: the wait is a poll (a twentieth of the window), not the 60 s open limit.
          const polled = yield* admit("c")
          assert.isTrue(polled > 0 && polled <= 15, `wait ${polled}`)
          yield* Effect.sleep("400 millis")
          assert.isTrue((yield* admit("c")) > 0, "open calls still count after a window")
          yield* store.close(key, "a", 0)
          const wait = yield* admit("c")
          assert.isTrue(wait > 250 && wait <= 300, `a closed call counts one window after its close: wait ${wait}`)
          yield* Effect.sleep(Duration.millis(wait + 20))
          assert.strictEqual(yield* admit("c"), 0)
        })))

    it.live("admit: a call closed without an answer counts one more window; closing twice or an unknown ticket changes nothing", () =>
      run((store, key) =>
        Effect.gen(function*() {
          assert.strictEqual(yield* store.admit(key, "a", 1, 200, 60_000), 0)
          yield* store.close(key, "a", 200)
          yield* store.close(key, "a", 0)
          yield* store.close(key, "nobody", 0)
          const wait = yield* store.admit(key, "b", 1, 200, 60_000)
          assert.isTrue(wait > 350 && wait <= 400, `wait ${wait}`)
        })))

    it.live("admit: a call never closed stops counting maxOpen after its admission, plus a window", () =>
      run((store, key) =>
        Effect.gen(function*() {
          assert.strictEqual(yield* store.admit(key, "lost", 1, 100, 150), 0)
          const wait = yield* store.admit(key, "next", 1, 100, 150)
          assert.isTrue(wait > 0 && wait <= 5, `an open call's wait is a poll: ${wait}`)
          yield* Effect.sleep("300 millis")
          assert.strictEqual(yield* store.admit(key, "next", 1, 100, 150), 0)
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
