/**
 * Every error path of one call ends in the right tagged error, never a crash: Tencent's
 * in-band failures (HTTP 200, ErrorCode ≠ 0), non-200 statuses, non-JSON and malformed bodies,
 * connection failures, timeouts, commands the family lacks, unusable options.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import { errorCodes, ruleNames } from "../../../src/api/mod.ts"
import {
  ChatApiError,
  ChatConfigError,
  ChatPushOutcomeUnknown,
  ChatRequestError,
  ChatTransportError,
  clientRuleNames,
  createClient,
  memoryStore,
  TencentChat,
} from "../../../src/client/mod.ts"
import type { Answer } from "./fake-fetch.ts"
import { fail, hang, OK, recordingFetch } from "./fake-fetch.ts"
import { baseOptions, driveClock, untimed, withClient } from "./helpers.ts"

const failure = <A, E>(effect: Effect.Effect<A, E>) => Effect.flip(effect)

const status = (code: number, text = "") => new Response(text, { status: code })

describe("ChatApiError: HTTP 200 with ErrorCode ≠ 0", () => {
  it.effect("carries endpoint, code, info, reason and retryable from the code table", () =>
    withClient({}, () => fail(90009, "admin required"), (chat) =>
      Effect.gen(function*() {
        const e = yield* failure(chat.getUserTags(["a"]))
        assert.instanceOf(e, ChatApiError)
        const api = e as ChatApiError
        assert.strictEqual(api._tag, "ChatApiError")
        assert.strictEqual(api.endpoint, "get_tag")
        assert.strictEqual(api.code, 90009)
        assert.strictEqual(api.info, "admin required")
        assert.strictEqual(api.reason, "permission")
        assert.strictEqual(api.retryable, false)
      })))

  it.effect("every documented code maps to its reason and retryable flag", () =>
    Effect.gen(function*() {
      for (const row of errorCodes) {
        const e = yield* withClient({}, () => fail(row.code, row.meaning), (chat) => failure(chat.getAttrNames()))
        assert.instanceOf(e, ChatApiError, String(row.code))
        const api = e as ChatApiError
        assert.deepStrictEqual([api.code, api.reason, api.retryable], [row.code, row.reason, row.retryable], String(row.code))
      }
    }))

  it.effect("an undocumented code is reason unknown, not retryable", () =>
    withClient({}, () => fail(12345), (chat) =>
      Effect.gen(function*() {
        const e = (yield* failure(chat.getAttrNames())) as ChatApiError
        assert.deepStrictEqual([e._tag, e.code, e.reason, e.retryable], ["ChatApiError", 12345, "unknown", false])
      })))

  it.effect("a FAIL body that lacks the success fields still reads as ChatApiError (batch keeps TaskId: \"\")", () =>
    withClient({}, () => ({ ...fail(90001, "Invalid format of MsgRandom"), TaskId: "" }), (chat) =>
      Effect.gen(function*() {
        const e = yield* failure(chat.pushToUsers({ from: "admin", userIds: ["a"], offlinePush: { Title: "t" } }))
        assert.strictEqual((e as ChatApiError).code, 90001)
        assert.strictEqual((e as ChatApiError).endpoint, "batch")
      })))
})

describe("transport and decode failures", () => {
  const cases: Array<{ name: string; answer: () => Answer | Promise<Answer>; tag: string; check?: (e: any) => void }> = [
    {
      name: "HTTP 502 → ChatTransportError http-status, retryable",
      answer: () => status(502, "bad gateway"),
      tag: "ChatTransportError",
      check: (e) => assert.deepStrictEqual([e.kind, e.status, e.retryable], ["http-status", 502, true]),
    },
    {
      name: "HTTP 429 → retryable",
      answer: () => status(429),
      tag: "ChatTransportError",
      check: (e) => assert.deepStrictEqual([e.kind, e.status, e.retryable], ["http-status", 429, true]),
    },
    {
      name: "HTTP 404 → not retryable",
      answer: () => status(404, "no"),
      tag: "ChatTransportError",
      check: (e) => assert.deepStrictEqual([e.kind, e.status, e.retryable], ["http-status", 404, false]),
    },
    {
      name: "connection failure (fetch rejects) → ChatTransportError connection",
      answer: () => Promise.reject(new TypeError("fetch failed: ECONNREFUSED")),
      tag: "ChatTransportError",
      check: (e) => assert.deepStrictEqual([e.kind, e.retryable], ["connection", true]),
    },
    {
      name: "non-JSON 200 → ChatDecodeError",
      answer: () => new Response("<html>gateway</html>", { status: 200 }),
      tag: "ChatDecodeError",
      check: (e) => {
        assert.strictEqual(e.status, 200)
        assert.include(e.body, "<html>")
      },
    },
    {
      name: "empty 200 → ChatDecodeError",
      answer: () => new Response("", { status: 200 }),
      tag: "ChatDecodeError",
    },
    {
      name: "JSON without the envelope → ChatDecodeError",
      answer: () => ({ hello: "world" }),
      tag: "ChatDecodeError",
    },
    {
      name: "OK envelope with a malformed field → ChatDecodeError",
      answer: () => ({ ...OK, UserTags: "not an array" }),
      tag: "ChatDecodeError",
    },
    {
      name: "JSON array → ChatDecodeError",
      answer: () => new Response("[1,2]", { status: 200 }),
      tag: "ChatDecodeError",
    },
  ]
  for (const c of cases) {
    it.effect(c.name, () =>
      withClient({}, c.answer, (chat) =>
        Effect.gen(function*() {
          const e = yield* failure(chat.getUserTags(["a"]))
          assert.strictEqual(e._tag, c.tag)
          assert.strictEqual((e as { endpoint: string }).endpoint, "get_tag")
          c.check?.(e)
        })))
  }

  it.live("no answer within the timeout → ChatTransportError timeout, and the request is aborted", () =>
    withClient({ timeout: 30 }, hang, (chat, requests) =>
      Effect.gen(function*() {
        const e = (yield* failure(chat.getAttrNames())) as ChatTransportError
        assert.instanceOf(e, ChatTransportError)
        assert.deepStrictEqual([e.kind, e.retryable], ["timeout", true])
        assert.strictEqual(requests.length, 1)
        assert.isTrue(requests[0]!.signal?.aborted)
      })))

  // Headers arrive, then the body never ends (and ignores the abort signal, as an in-memory
  // handler may): the timeout covers the body too.
  const stalledBody = () =>
    new Response(new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{"ActionStatus":"OK"')) }), { status: 200 })

  it.live("a body that stalls after the headers → ChatTransportError timeout", () =>
    withClient({ timeout: 30 }, stalledBody, (chat, requests) =>
      Effect.gen(function*() {
        const e = (yield* failure(chat.getAttrNames())) as ChatTransportError
        assert.instanceOf(e, ChatTransportError)
        assert.deepStrictEqual([e.kind, e.retryable], ["timeout", true])
        assert.strictEqual(requests.length, 1)
        assert.isTrue(requests[0]!.signal?.aborted)
      })))

  it.live("a push whose answer stalls after the headers → ChatPushOutcomeUnknown timeout", () =>
    withClient({ timeout: 30 }, stalledBody, (chat) =>
      Effect.gen(function*() {
        const e = yield* failure(chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }], msgRandom: 3 }))
        assert.deepStrictEqual([e._tag, (e as ChatPushOutcomeUnknown).kind, (e as ChatPushOutcomeUnknown).msgRandom], ["ChatPushOutcomeUnknown", "timeout", 3])
      })))

  it.effect("with an injected HttpClient, a stalled body times out too (virtual time)", () =>
    Effect.gen(function*() {
      const rec = recordingFetch(stalledBody)
      const layer = TencentChat.layerWithoutDependencies({ ...baseOptions, ...untimed, timeout: "5 seconds", fetch: rec.fetch }).pipe(
        Layer.provide(FetchHttpClient.layer),
        Layer.provide(memoryStore()),
      )
      const { exit } = yield* driveClock(TencentChat.use((c) => c.getAttrNames()).pipe(Effect.provide(layer)), 1000)
      const e = Exit.isFailure(exit) ? exit.cause.reasons.map((r) => (r._tag === "Fail" ? r.error : undefined))[0] : undefined
      assert.instanceOf(e, ChatTransportError)
      assert.strictEqual((e as ChatTransportError).kind, "timeout")
    }))

  it.effect("with an injected HttpClient the timeout is an Effect timeout (virtual time)", () =>
    Effect.gen(function*() {
      const rec = recordingFetch(hang)
      const layer = TencentChat.layerWithoutDependencies({ ...baseOptions, ...untimed, timeout: "5 seconds", fetch: rec.fetch }).pipe(
        Layer.provide(FetchHttpClient.layer),
        Layer.provide(memoryStore()),
      )
      const { exit } = yield* driveClock(TencentChat.use((c) => c.getAttrNames()).pipe(Effect.provide(layer)), 1000)
      const e = Exit.isFailure(exit) ? exit.cause.reasons.map((r) => (r._tag === "Fail" ? r.error : undefined))[0] : undefined
      assert.instanceOf(e, ChatTransportError)
      assert.strictEqual((e as ChatTransportError).kind, "timeout")
      assert.strictEqual(rec.requests.length, 1)
    }))
})

describe("commands the family lacks fail before sending", () => {
  it.effect("revokePush and pushToUsers on all_member_push → ChatRequestError (family), zero requests", () =>
    withClient({ family: "all_member_push" }, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const revoke = yield* failure(chat.revokePush("task"))
        const batch = yield* failure(chat.pushToUsers({ from: "a", userIds: ["b"], offlinePush: {} }))
        const call = yield* failure(chat.call("batch", { From_Account: "a", To_Account: ["b"], MsgRandom: 1, OfflinePushInfo: {} }))
        for (const e of [revoke, batch, call]) {
          assert.instanceOf(e, ChatRequestError)
          assert.deepStrictEqual([(e as ChatRequestError).field, (e as ChatRequestError).rule], ["family", "unsupported_family"])
        }
        assert.strictEqual(requests.length, 0)
      })))
})

describe("unusable options → ChatConfigError", () => {
  const bad: Array<[string, Record<string, unknown>]> = [
    ["region", { baseUrl: undefined }],
    ["region", { region: "atlantis", baseUrl: undefined }],
    ["region", { region: "singapore" }],
    ["baseUrl", { baseUrl: "not a url" }],
    ["baseUrl", { baseUrl: "ftp://x" }],
    ["sdkAppId", { sdkAppId: 0 }],
    ["secretKey", { secretKey: "" }],
    ["adminId", { adminId: "" }],
    ["adminId", { adminId: "x".repeat(40) }],
    ["family", { family: "v5" }],
    ["timeout", { timeout: 0 }],
    ["rateLimits.headroom", { rateLimits: { headroom: 0.5 } }],
    ["concurrency", { concurrency: 0 }],
  ]
  for (const [field, patch] of bad) {
    it.effect(`${field}: ${JSON.stringify(patch)}`, () =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(TencentChat.use(() => Effect.void).pipe(
          Effect.provide(TencentChat.layer({ ...baseOptions, ...patch } as never)),
        ))
        assert.instanceOf(e, ChatConfigError)
        assert.strictEqual((e as ChatConfigError).field, field)
      }))
  }

  it("createClient throws ChatConfigError synchronously, including for an admin id the UserSig module rejects", () => {
    assert.throws(() => createClient({ ...baseOptions, baseUrl: undefined }), ChatConfigError)
    try {
      createClient({ ...baseOptions, adminId: "x".repeat(40) })
      assert.fail("expected a throw")
    } catch (e) {
      assert.instanceOf(e, ChatConfigError)
      assert.strictEqual((e as ChatConfigError).field, "adminId")
    }
  })
})

describe("closed sets: ChatApiError.reason and ChatRequestError.rule", () => {
  it("are typed as literal unions, one casing", () => {
    const reason: ChatApiError["reason"] = "rate_limited"
    // @ts-expect-error a reason outside the code table's set
    const otherReason: ChatApiError["reason"] = "rate-limited"
    const rules: ReadonlyArray<ChatRequestError["rule"]> = ["tag_bytes", "shape", "unsupported_family"]
    // @ts-expect-error one casing: snake_case
    const otherRule: ChatRequestError["rule"] = "unsupported-family"
    assert.deepStrictEqual([reason, otherReason, rules.length, otherRule], ["rate_limited", "rate-limited", 3, "unsupported-family"])
  })

  it("are checked at construction too", () => {
    const base = { endpoint: "add_tag", field: "f", detail: "d" }
    assert.throws(() => new ChatRequestError({ ...base, rule: "made_up" as never }))
    assert.doesNotThrow(() => new ChatRequestError({ ...base, rule: "tag_empty" }))
    assert.throws(() => new ChatApiError({ endpoint: "push", code: 1, info: "", reason: "nope" as never, retryable: false }))
  })

  it("hold every reason of the code table and only snake_case rule names", () => {
    for (const e of errorCodes) assert.doesNotThrow(() => new ChatApiError({ endpoint: "push", code: e.code, info: "", reason: e.reason, retryable: e.retryable }))
    const rules: ReadonlyArray<ChatRequestError["rule"]> = [...ruleNames, ...clientRuleNames]
    for (const r of rules) assert.match(r, /^[a-z]+(?:_[a-z]+)*$/)
    for (const r of rules) assert.doesNotThrow(() => new ChatRequestError({ endpoint: "push", field: "f", rule: r, detail: "d" }))
  })
})
