/**
 * The admin UserSig: minted from Effect's Clock, reused until half its lifetime, then renewed;
 * concurrent callers share one renewal; a server verdict of "expired" drops it. Driven by
 * TestClock, so no test waits in real time.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/testing/TestClock"
import { makeSignerCache } from "../../../src/client/internal/signer-cache.ts"
import { decodeUserSig } from "../../../src/usersig/mod.ts"
import { fail, OK } from "./fake-fetch.ts"
import { driveClock, withClient } from "./helpers.ts"

const HOUR = 3_600_000

describe("signer cache", () => {
  it.effect("reuses the sig, then renews it at half-life", () =>
    Effect.gen(function*() {
      let n = 0
      const cache = yield* makeSignerCache({ mint: (now) => Effect.sync(() => `sig-${++n}@${now}`), lifetimeSeconds: 86_400 })
      const first = Redacted.value(yield* cache.get)
      yield* TestClock.adjust(11 * HOUR)
      assert.strictEqual(Redacted.value(yield* cache.get), first)
      yield* TestClock.adjust(HOUR) // 12 h: half of 24 h
      const renewed = Redacted.value(yield* cache.get)
      assert.notStrictEqual(renewed, first)
      assert.strictEqual(renewed, `sig-2@${12 * 3600}`)
      assert.strictEqual(cache.mints(), 2)
    }))

  it.effect("1000 concurrent callers cause exactly one renewal (single-flight)", () =>
    Effect.gen(function*() {
      let n = 0
      // A slow mint (e.g. a KMS call): everyone arriving meanwhile must wait for this one.
      const cache = yield* makeSignerCache({
        mint: () => Effect.as(Effect.sleep("100 millis"), `sig-${++n}`),
        lifetimeSeconds: 86_400,
      })
      yield* Effect.gen(function*() {
        const fiber = yield* Effect.forkChild(cache.get)
        yield* TestClock.adjust("100 millis")
        yield* Fiber.join(fiber)
      })
      assert.strictEqual(cache.mints(), 1)
      yield* TestClock.adjust(13 * HOUR)
      const fibers = yield* Effect.forEach(Array.from({ length: 1000 }), () => Effect.forkChild(cache.get))
      yield* TestClock.adjust("100 millis")
      const sigs = yield* Effect.forEach(fibers, Fiber.join)
      assert.strictEqual(cache.mints(), 2)
      assert.strictEqual(new Set(sigs.map(Redacted.value)).size, 1)
      assert.strictEqual(Redacted.value(sigs[0]!), "sig-2")
    }))

  it.effect("invalidate forces the next get to mint", () =>
    Effect.gen(function*() {
      let n = 0
      const cache = yield* makeSignerCache({ mint: () => Effect.sync(() => `s${++n}`), lifetimeSeconds: 100 })
      yield* cache.get
      yield* cache.invalidate
      assert.strictEqual(Redacted.value(yield* cache.get), "s2")
    }))

  it.effect("a clock that went backwards renews", () =>
    Effect.gen(function*() {
      let n = 0
      yield* TestClock.setTime(10 * HOUR)
      const cache = yield* makeSignerCache({ mint: () => Effect.sync(() => `s${++n}`), lifetimeSeconds: 86_400 })
      yield* cache.get
      yield* TestClock.setTime(HOUR)
      assert.strictEqual(Redacted.value(yield* cache.get), "s2")
    }))
})

describe("the client's admin UserSig", () => {
  it.effect("is minted for the admin at Clock time, reused across calls, renewed after 12 h", () =>
    withClient({}, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(1_700_000_000_000)
        yield* chat.getAttrNames()
        yield* TestClock.adjust(HOUR)
        yield* chat.getAttrNames()
        yield* TestClock.adjust(11 * HOUR)
        yield* chat.getAttrNames()
        const sigs = requests.map((r) => r.query.usersig!)
        assert.strictEqual(sigs[0], sigs[1])
        assert.notStrictEqual(sigs[1], sigs[2])
        const a = decodeUserSig(sigs[0]!)
        const b = decodeUserSig(sigs[2]!)
        assert.deepStrictEqual([a.userId, a.sdkAppId, a.issuedAt, a.expireSeconds], ["administrator", 1400000000, 1_700_000_000, 86_400])
        assert.strictEqual(b.issuedAt, 1_700_000_000 + 12 * 3600)
      })))

  it.effect("1000 concurrent calls through the client share one renewal", () =>
    withClient({}, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.getAttrNames()
        yield* TestClock.adjust(13 * HOUR)
        yield* Effect.forEach(Array.from({ length: 1000 }), () => chat.getAttrNames(), { concurrency: "unbounded" })
        assert.strictEqual(requests.length, 1001)
        assert.strictEqual(new Set(requests.slice(1).map((r) => r.query.usersig)).size, 1)
        assert.notStrictEqual(requests[1]!.query.usersig, requests[0]!.query.usersig)
      })))

  it.effect("an 'expired UserSig' answer (70001) drops the sig; a retry-safe call is resent with a fresh one", () =>
    withClient({ retry: { times: 2 } }, (_req, i) => (i === 1 ? fail(70001, "expired") : OK), (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.getAttrNames()
        yield* TestClock.adjust(2000)
        const { exit } = yield* driveClock(chat.getAttrNames())
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(requests.length, 3)
        assert.strictEqual(requests[1]!.query.usersig, requests[0]!.query.usersig)
        assert.notStrictEqual(requests[2]!.query.usersig, requests[1]!.query.usersig)
      })))
})
