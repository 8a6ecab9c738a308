/**
 * Answers at the edge of the protocol, and the decision for each (docs/client.md, "The error
 * model"): a refused connection is not an unknown push outcome; an OK push without its TaskId is
 * not a success; an ErrorList entry with ErrorCode 0 is a failure that says so; an envelope that
 * contradicts itself (FAIL with ErrorCode 0) is undecodable, never a success.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { createServer } from "node:net"
import type { ChatDecodeError, ChatTransportError } from "../../../src/client/mod.ts"
import { ChatPushOutcomeUnknown, createClient } from "../../../src/client/mod.ts"
import type { Handler } from "./fake-fetch.ts"
import { OK } from "./fake-fetch.ts"
import { baseOptions, untimed, withClient } from "./helpers.ts"

const message = [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] as const

/** A loopback port nothing listens on (bound, then closed). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

// Node's shape of a failed fetch: a TypeError whose cause carries the socket error code.
const nodeFetchError = (code: string): Handler => () =>
  Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code }) }))

describe("a connection that provably never carried the request", () => {
  it("a push to a refused port is a ChatTransportError with notSent, not an unknown outcome (real socket)", async () => {
    const chat = createClient({ ...baseOptions, ...untimed, baseUrl: `http://127.0.0.1:${await closedPort()}` })
    try {
      const e = await chat.push({ message, msgRandom: 11 }).then(() => undefined, (x: unknown) => x as ChatTransportError)
      assert.deepStrictEqual([e?._tag, e?.kind, e?.notSent], ["ChatTransportError", "connection", true])
      const get = await chat.getAttrNames().then(() => undefined, (x: unknown) => x as ChatTransportError)
      assert.deepStrictEqual([get?._tag, get?.notSent], ["ChatTransportError", true])
    } finally {
      await chat.dispose()
    }
  })

  for (const code of ["ECONNREFUSED", "ENOTFOUND"]) {
    it.effect(`${code} (Node's error shape): not sent`, () =>
      withClient({}, nodeFetchError(code), (chat) =>
        Effect.gen(function*() {
          const e = yield* Effect.flip(chat.push({ message, msgRandom: 1 }))
          assert.deepStrictEqual([e._tag, (e as ChatTransportError).notSent], ["ChatTransportError", true])
        })))
  }

  it.effect("Deno's connect-phase error (no code, 'client error (Connect)'): not sent", () =>
    withClient({}, () => Promise.reject(new TypeError("fetch failed", { cause: new Error("error sending request for url (https://x/): client error (Connect): tcp connect error: Connection refused (os error 111)") })), (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.push({ message, msgRandom: 1 }))
        assert.deepStrictEqual([e._tag, (e as ChatTransportError).notSent], ["ChatTransportError", true])
      })))

  for (const code of ["ECONNRESET", "UND_ERR_SOCKET", "ETIMEDOUT"]) {
    it.effect(`${code} may come after the request left: outcome unknown`, () =>
      withClient({}, nodeFetchError(code), (chat) =>
        Effect.gen(function*() {
          const e = yield* Effect.flip(chat.push({ message, msgRandom: 2 }))
          assert.deepStrictEqual([e._tag, (e as ChatPushOutcomeUnknown).kind], ["ChatPushOutcomeUnknown", "connection"])
        })))
  }
})

describe("an OK push answer must carry its TaskId", () => {
  for (const [name, answer] of [["missing", { ...OK }], ["empty", { ...OK, TaskId: "" }]] as const) {
    it.effect(`push, TaskId ${name}: outcome unknown (undecodable), never taskId ""`, () =>
      withClient({}, () => answer, (chat) =>
        Effect.gen(function*() {
          const e = yield* Effect.flip(chat.push({ message, msgRandom: 3 }))
          assert.instanceOf(e, ChatPushOutcomeUnknown)
          assert.deepStrictEqual([(e as ChatPushOutcomeUnknown).kind, (e as ChatPushOutcomeUnknown).msgRandom], ["undecodable", 3])
          assert.match((e as ChatPushOutcomeUnknown).detail, /without its TaskId/)
        })))
  }

  it.effect("pushToUsers, TaskId missing: outcome unknown", () =>
    withClient({}, () => ({ ...OK }), (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.pushToUsers({ from: "admin", userIds: ["a"], offlinePush: { Title: "t", Desc: "d" } }))
        assert.instanceOf(e, ChatPushOutcomeUnknown)
      })))
})

describe("an ErrorList entry with ErrorCode 0", () => {
  it.effect("is a failure that says the answer contradicts itself, not retryable", () =>
    withClient({}, () => ({ ...OK, ErrorList: [{ To_Account: "b", ErrorCode: 0 }] }), (chat) =>
      Effect.gen(function*() {
        const res = yield* chat.addUserTags([{ userId: "a", tags: ["t"] }, { userId: "b", tags: ["t"] }])
        assert.deepStrictEqual([res.successCount, res.failureCount], [1, 1])
        const b = res.results[1]!
        assert.isFalse(b.ok)
        if (!b.ok) {
          assert.deepStrictEqual([b.error.code, b.error.reason, b.error.retryable], [0, "unknown", false])
          assert.match(b.error.info, /ErrorCode 0 \(a contradictory answer\); counted as a failure/)
        }
      })))

  it.effect("per-account texts are scrubbed of the usersig like error texts", () =>
    withClient({}, (r) => ({ ...OK, ErrorList: [{ To_Account: "a", ErrorCode: 70107, ErrorInfo: `unknown account; you sent ${r.url}` }] }), (chat, requests) =>
      Effect.gen(function*() {
        const res = yield* chat.addUserTags([{ userId: "a", tags: ["t"] }])
        const text = JSON.stringify(res)
        assert.notInclude(text, requests[0]!.query.usersig!)
        assert.include(text, "usersig=<redacted>")
      })))
})

describe("an envelope that contradicts itself", () => {
  const failZero = () => ({ ActionStatus: "FAIL", ErrorCode: 0, ErrorInfo: "", AttrNames: {}, TaskId: "t" })

  it.effect("ActionStatus FAIL with ErrorCode 0 is undecodable, never a success", () =>
    withClient({}, failZero, (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.getAttrNames())
        assert.deepStrictEqual([e._tag, (e as ChatDecodeError).detail], ["ChatDecodeError", "ActionStatus is FAIL but ErrorCode is 0"])
        const p = yield* Effect.flip(chat.push({ message, msgRandom: 4 }))
        assert.deepStrictEqual([p._tag, (p as ChatPushOutcomeUnknown).kind], ["ChatPushOutcomeUnknown", "undecodable"])
      })))

  it.effect("ActionStatus OK with ErrorCode ≠ 0 is the failure the code says", () =>
    withClient({}, () => ({ ActionStatus: "OK", ErrorCode: 90009, ErrorInfo: "admin required" }), (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.getAttrNames())
        assert.deepStrictEqual([e._tag, "code" in e ? e.code : undefined], ["ChatApiError", 90009])
      })))
})
