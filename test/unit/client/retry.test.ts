/**
 * Retries: retry-safe calls retry transport failures, 5xx, 429 and retryable codes with
 * jittered exponential backoff (virtual time, TestClock), and nothing else. push and
 * pushToUsers are sent exactly once whatever happens; an unknown outcome is
 * `ChatPushOutcomeUnknown` carrying the MsgRandom that went out. Connection failures move a
 * retry-safe call to the region's standby domain.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { regions } from "../../../src/api/mod.ts"
import { ChatApiError, ChatPushOutcomeUnknown, ChatTransportError } from "../../../src/client/mod.ts"
import { backoffMillis, defaultRetryPolicy } from "../../../src/client/retry.ts"
import type { Answer, Handler } from "./fake-fetch.ts"
import { fail, hang, OK, okHandler } from "./fake-fetch.ts"
import { driveClock, withClient } from "./helpers.ts"

const dropped = () => Promise.reject(new TypeError("fetch failed: socket hang up"))
/** Fails the first `n` requests with `bad`, then answers normally. */
const flaky = (n: number, bad: () => Answer | Promise<Answer>): Handler => (req, i) => (i < n ? bad() : okHandler(req, i))
const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  return (exit as Exit.Failure<A, E>).cause.reasons.map((r) => (r._tag === "Fail" ? r.error : undefined))[0] as E
}
const text = [{ MsgType: "TIMTextElem" as const, MsgContent: { Text: "hi" } }]
const retry3 = { retry: { times: 3, baseDelay: 200, maxDelay: 5000 } } as const

describe("retry-safe calls", () => {
  const retried: Array<[string, () => Answer | Promise<Answer>]> = [
    ["connection failure", dropped],
    ["HTTP 503", () => new Response("", { status: 503 })],
    ["HTTP 429", () => new Response("", { status: 429 })],
    ["ErrorCode 91000 (internal, retry)", () => fail(91000)],
    ["ErrorCode 60007 (frequency over limit)", () => fail(60007)],
    ["ErrorCode 70169 (internal timeout)", () => fail(70169)],
    ["a truncated 200 body", () => new Response('{"ActionStatus":"OK","ErrorInfo":"","Err', { status: 200 })],
    ["a 200 body that is not JSON", () => new Response("<html>gateway</html>", { status: 200 })],
    ["a 200 body that is not the documented shape", () => ({ ...OK, ErrorList: "not a list" })],
  ]
  for (const [name, bad] of retried) {
    it.effect(`${name} is retried, then succeeds`, () =>
      withClient(retry3, flaky(2, bad), (chat, requests) =>
        Effect.gen(function*() {
          const { exit } = yield* driveClock(chat.addUserTags([{ userId: "a", tags: ["t"] }]))
          assert.strictEqual(exit._tag, "Success")
          assert.strictEqual(requests.length, 3)
          // Each attempt is a fresh request: new random, same body.
          assert.strictEqual(new Set(requests.map((r) => r.query.random)).size, 3)
          assert.deepStrictEqual(requests[2]!.body, requests[0]!.body)
        })))
  }

  const notRetried: Array<[string, () => Answer | Promise<Answer>, string]> = [
    ["ErrorCode 90009 (admin required)", () => fail(90009), "ChatApiError"],
    ["ErrorCode 90033 (invalid attribute)", () => fail(90033), "ChatApiError"],
    ["HTTP 404", () => new Response("", { status: 404 }), "ChatTransportError"],
  ]
  for (const [name, bad, tag] of notRetried) {
    it.effect(`${name} is not retried`, () =>
      withClient(retry3, flaky(1, bad), (chat, requests) =>
        Effect.gen(function*() {
          const { exit } = yield* driveClock(chat.getAttrNames())
          assert.strictEqual(failureOf(exit)._tag, tag)
          assert.strictEqual(requests.length, 1)
        })))
  }

  it.effect("gives up after `times` retries with the last failure", () =>
    withClient(retry3, () => fail(91000), (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.getAttrNames())
        assert.strictEqual((failureOf(exit) as ChatApiError).code, 91000)
        assert.strictEqual(requests.length, 4)
      })))

  it.effect("an undecodable body on every attempt: retried `times`, then ChatDecodeError", () =>
    withClient(retry3, () => new Response("{\"Action", { status: 200 }), (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.getAttrNames())
        assert.strictEqual(failureOf(exit)._tag, "ChatDecodeError")
        assert.strictEqual(requests.length, 4)
      })))

  it.effect("a bulk call whose request stays undecodable reports those accounts failed (decode, retryable), the others ok", () => {
    const ids = Array.from({ length: 150 }, (_, i) => `u${i}`)
    return withClient(retry3, (req, i) => (req.body.To_Account.includes("u149") ? new Response("{", { status: 200 }) : okHandler(req, i)), (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.getUserTags(ids))
        assert.strictEqual(exit._tag, "Success")
        const r = (exit as unknown as Exit.Success<{ readonly results: ReadonlyArray<any>; readonly failureCount: number }>).value
        assert.strictEqual(r.failureCount, 50)
        assert.isTrue(r.results[0].ok)
        assert.deepStrictEqual([r.results[149].ok, r.results[149].error.reason, r.results[149].error.retryable], [false, "decode", true])
        assert.strictEqual(requests.length, 5, "two chunks, the second tried 4 times")
      }))
  })

  it.effect("retry: false never retries", () =>
    withClient({ retry: false }, () => fail(91000), (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.getAttrNames())
        assert.strictEqual(failureOf(exit)._tag, "ChatApiError")
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("backoff is jittered exponential: 3 retries wait between Σ cap/2 and Σ cap of virtual time", () =>
    withClient(retry3, () => fail(91000), (chat) =>
      Effect.gen(function*() {
        const { elapsed } = yield* driveClock(chat.getAttrNames(), 5)
        // caps 200, 400, 800 ms
        assert.isAtLeast(elapsed, 700)
        assert.isAtMost(elapsed, 1400 + 5)
      })))

  it("backoffMillis: equal jitter within [cap/2, cap], capped by maxDelay", () => {
    const p = defaultRetryPolicy
    assert.strictEqual(backoffMillis(p, 0, 0), 100)
    assert.strictEqual(backoffMillis(p, 0, 1), 200)
    assert.strictEqual(backoffMillis(p, 3, 0.5), 1200)
    assert.strictEqual(backoffMillis(p, 20, 1), p.maxDelayMillis)
  })

  it.effect("revoke is retry-safe (a repeat can only answer 90050)", () =>
    withClient(retry3, flaky(1, dropped), (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.revokePush("task-1"))
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(requests.length, 2)
      })))
})

describe("standby failover", () => {
  it.effect("a connection failure moves the next attempt to the region's standby domain, and back", () =>
    withClient({ ...retry3, baseUrl: undefined, region: "singapore" }, flaky(2, dropped), (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.getUserTags(["a"]))
        assert.strictEqual(exit._tag, "Success")
        assert.deepStrictEqual(requests.map((r) => r.origin), [
          `https://${regions.singapore.primary}`,
          `https://${regions.singapore.standby}`,
          `https://${regions.singapore.primary}`,
        ])
      })))

  it.effect("HTTP errors do not switch domains", () =>
    withClient({ ...retry3, baseUrl: undefined, region: "frankfurt" }, flaky(1, () => new Response("", { status: 503 })), (chat, requests) =>
      Effect.gen(function*() {
        yield* driveClock(chat.getUserTags(["a"]))
        assert.deepStrictEqual(requests.map((r) => r.origin), [`https://${regions.frankfurt.primary}`, `https://${regions.frankfurt.primary}`])
      })))

  it.effect("riyadh (no documented standby) retries a connection failure on its primary domain", () =>
    withClient({ ...retry3, baseUrl: undefined, region: "riyadh" }, flaky(2, dropped), (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.getUserTags(["a"]))
        assert.strictEqual(exit._tag, "Success")
        assert.deepStrictEqual(requests.map((r) => r.origin), Array(3).fill("https://adminapiksa.im.qcloud.com"))
      })))

  it.effect("a baseUrl client fails over to standbyBaseUrl when given", () =>
    withClient({ ...retry3, standbyBaseUrl: "http://standby.test" }, flaky(1, dropped), (chat, requests) =>
      Effect.gen(function*() {
        yield* driveClock(chat.getUserTags(["a"]))
        assert.deepStrictEqual(requests.map((r) => r.origin), ["http://emu.test", "http://standby.test"])
      })))
})

describe("push is never retried", () => {
  const unknown: Array<[string, () => Answer | Promise<Answer>, string]> = [
    ["connection lost", dropped, "connection"],
    ["HTTP 502", () => new Response("", { status: 502 }), "http-status"],
    ["garbage body", () => new Response("<html>", { status: 200 }), "undecodable"],
  ]
  for (const [name, bad, kind] of unknown) {
    it.effect(`push: ${name} → sent exactly once, ChatPushOutcomeUnknown with its MsgRandom`, () =>
      withClient(retry3, bad, (chat, requests) =>
        Effect.gen(function*() {
          const { exit } = yield* driveClock(chat.push({ message: text }))
          const e = failureOf(exit) as ChatPushOutcomeUnknown
          assert.instanceOf(e, ChatPushOutcomeUnknown)
          assert.strictEqual(e.kind, kind)
          assert.strictEqual(requests.length, 1)
          assert.strictEqual(e.msgRandom, requests[0]!.body.MsgRandom)
        })))

    it.effect(`pushToUsers: ${name} → sent exactly once, ChatPushOutcomeUnknown`, () =>
      withClient(retry3, bad, (chat, requests) =>
        Effect.gen(function*() {
          const { exit } = yield* driveClock(chat.pushToUsers({ from: "admin", userIds: ["a", "b"], offlinePush: { Title: "t" }, msgRandom: 77 }))
          const e = failureOf(exit) as ChatPushOutcomeUnknown
          assert.strictEqual(e._tag, "ChatPushOutcomeUnknown")
          assert.strictEqual(e.msgRandom, 77)
          assert.strictEqual(requests.length, 1)
        })))
  }

  it.live("push: a timeout → exactly once, ChatPushOutcomeUnknown (timeout)", () =>
    withClient({ ...retry3, timeout: 30 }, hang, (chat, requests) =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(chat.push({ message: text, msgRandom: 5 }))
        const e = failureOf(exit) as ChatPushOutcomeUnknown
        assert.deepStrictEqual([e._tag, e.kind, e.msgRandom], ["ChatPushOutcomeUnknown", "timeout", 5])
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("push: even a retryable code (91000, 90024) is returned, not resent", () =>
    Effect.gen(function*() {
      for (const code of [91000, 90024]) {
        yield* withClient(retry3, () => fail(code), (chat, requests) =>
          Effect.gen(function*() {
            const { exit } = yield* driveClock(chat.push({ message: text }))
            const e = failureOf(exit) as ChatApiError
            assert.deepStrictEqual([e._tag, e.code, e.retryable], ["ChatApiError", code, true])
            assert.strictEqual(requests.length, 1)
          }))
      }
    }))

  it.effect("push: a 4xx that is not 5xx stays a ChatTransportError (the request was refused)", () =>
    withClient(retry3, () => new Response("", { status: 403 }), (chat, requests) =>
      Effect.gen(function*() {
        const { exit } = yield* driveClock(chat.push({ message: text }))
        assert.instanceOf(failureOf(exit), ChatTransportError)
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("push: no standby failover either", () =>
    withClient({ ...retry3, baseUrl: undefined, region: "tokyo" }, dropped, (chat, requests) =>
      Effect.gen(function*() {
        yield* driveClock(chat.push({ message: text }))
        assert.strictEqual(requests.length, 1)
        assert.strictEqual(requests[0]!.origin, `https://${regions.tokyo.primary}`)
      })))

  it.effect("the answer keeps OK as OK: push returns taskId and msgRandom", () =>
    withClient({}, () => ({ ...OK, TaskId: "t-1" }), (chat) =>
      Effect.gen(function*() {
        const r = yield* chat.push({ message: text, msgRandom: 9 })
        assert.deepStrictEqual(r, { taskId: "t-1", msgRandom: 9 })
      })))
})
