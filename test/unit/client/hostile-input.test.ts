/**
 * Any input to a public method gives a typed error, never a RangeError, a TypeError or a crash,
 * and nothing is sent: deep nesting (6,000 levels of MsgContent used to escape as a RangeError
 * from JSON.stringify in the byte-size check), cycles, getters and Proxies that throw, BigInt,
 * sparse arrays of absurd length, and values of the wrong kind where an object is expected.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type { PromiseClient, TencentChatClient } from "../../../src/client/mod.ts"
import { ChatRequestError, createClient } from "../../../src/client/mod.ts"
import { MAX_ARRAY_LENGTH, MAX_DEPTH } from "../../../src/client/snapshot.ts"
import { recordingFetch } from "./fake-fetch.ts"
import { baseOptions, untimed, withClient } from "./helpers.ts"

const nested = (levels: number): Record<string, unknown> => {
  let v: Record<string, unknown> = { Text: "x" }
  for (let i = 0; i < levels; i++) v = { a: v }
  return v
}
const cyclic = (): Record<string, unknown> => {
  const o: Record<string, unknown> = { Text: "x" }
  o["self"] = o
  return o
}
const throwing = () => ({
  get Text(): string {
    throw new Error("getter says no")
  },
})
const trap = () => new Proxy([], { get: () => {
  throw new Error("proxy says no")
} })
const sparse = (length: number): Array<unknown> => {
  const a: Array<unknown> = []
  a.length = length
  return a
}
const custom = (content: unknown) => [{ MsgType: "TIMCustomElem", MsgContent: content }]

// Every public method that takes input, with each kind of hostile value where it can go.
type Call = (c: TencentChatClient | PromiseClient) => unknown
const cases: Array<[string, Call, RegExp]> = [
  ["push: 6,000 levels of MsgContent", (c) => c.push({ message: custom(nested(6000)) as never }), new RegExp(`nested more than ${MAX_DEPTH}`)],
  ["push: a cycle in MsgContent", (c) => c.push({ message: custom(cyclic()) as never }), /cycle/],
  ["push: a getter that throws", (c) => c.push({ message: [{ MsgType: "TIMTextElem", MsgContent: throwing() }] as never }), /getter says no/],
  ["push: a BigInt", (c) => c.push({ message: custom({ Data: 1n }) as never }), /bigint/],
  ["push: a Proxy message", (c) => c.push({ message: trap() } as never), /proxy says no/],
  ["push: null input", (c) => c.push(null as never), /must be an object/],
  ["pushToUsers: a cycle in offlinePush", (c) => c.pushToUsers({ from: "a", userIds: ["b"], offlinePush: cyclic() } as never), /cycle/],
  ["pushToUsers: a sparse userIds of 2^32-1", (c) => c.pushToUsers({ from: "a", userIds: sparse(2 ** 32 - 1), offlinePush: {} } as never), /at most/],
  ["revokePush: deep offlinePush", (c) => c.revokePush("task", { offlinePush: nested(6000) } as never), /nested more than/],
  ["addUserTags: a sparse item list of 2^32-1", (c) => c.addUserTags(sparse(2 ** 32 - 1) as never), /at most/],
  ["addUserTags: a sparse tag list past the limit", (c) => c.addUserTags([{ userId: "a", tags: sparse(MAX_ARRAY_LENGTH + 1) }] as never), /at most/],
  ["addUserTags: a getter on the item", (c) => c.addUserTags([{ get userId(): string {
    throw new Error("getter says no")
  }, tags: ["t"] }]), /getter says no/],
  ["addUserTags: a null item", (c) => c.addUserTags([null] as never), /null/],
  ["setUserAttrs: a BigInt value", (c) => c.setUserAttrs([{ userId: "a", attrs: { x: 1n } as never }]), /bigint/],
  ["importAccounts: deep nick", (c) => c.importAccounts([{ userId: "a", nick: nested(6000) }] as never), /nested more than/],
  ["deleteAccounts: a Proxy list", (c) => c.deleteAccounts(trap() as never), /proxy says no/],
  ["setAttrNames: a cycle", (c) => c.setAttrNames({ "0": cyclic() } as never), /cycle/],
  ["schedulePush: null input", (c) => c.schedulePush(null as never), /must be an object/],
  ["schedulePush: a cycle in offlinePush", (c) => c.schedulePush({ at: Date.UTC(2027, 0, 1), offlinePush: cyclic() } as never), /cycle/],
  ["schedulePush: a getter on at that throws", (c) => c.schedulePush({ get at(): number {
    throw new Error("getter says no")
  }, offlinePush: {} }), /getter says no/],
  ["reschedulePush: null content", (c) => c.reschedulePush(1, { content: null, type: "All" } as never), /content must be an object/],
  ["reschedulePush: deep content", (c) => c.reschedulePush(1, { content: { message: custom(nested(6000)) }, type: "All" } as never), /nested more than/],
  ["cancelScheduledPush: a Proxy for options", (c) => c.cancelScheduledPush(1, trap() as never), /proxy says no/],
  ["listScheduledPushes: a cycle in the query", (c) => c.listScheduledPushes(cyclic() as never), /cycle/],
  ["getPushStatistics: a sparse taskIds of 2^32-1", (c) => c.getPushStatistics({ taskIds: sparse(2 ** 32 - 1) } as never), /at most/],
  ["getMessagePushLoss: a BigInt time", (c) => c.getMessagePushLoss({ from: 1n } as never), /bigint/],
  ["getMessagePushTrace: a Proxy for the id", (c) => c.getMessagePushTrace(trap() as never), /proxy says no/],
  ["call: deep body", (c) => c.call("push", { MsgRandom: 1, MsgBody: custom(nested(6000)) } as never), /nested more than/],
  ["call: an unknown command", (c) => c.call("nope" as never, {} as never), /not a command/],
]

describe("hostile input through the Effect API", () => {
  for (const [name, call, detail] of cases) {
    it.effect(name, () =>
      withClient({}, undefined as never, (chat, requests) =>
        Effect.gen(function*() {
          const e = yield* Effect.flip(call(chat) as Effect.Effect<unknown, unknown>)
          assert.instanceOf(e, ChatRequestError)
          assert.match((e as ChatRequestError).message, detail)
          assert.strictEqual(requests.length, 0)
        })))
  }
})

describe("hostile input through the Promise facade", () => {
  it("rejects each with ChatRequestError and sends nothing", async () => {
    const rec = recordingFetch()
    const chat = createClient({ ...baseOptions, ...untimed, fetch: rec.fetch })
    try {
      for (const [name, call, detail] of cases) {
        const e = await (call(chat) as Promise<unknown>).then(() => undefined, (x: unknown) => x)
        assert.instanceOf(e, ChatRequestError, name)
        assert.match((e as ChatRequestError).message, detail, name)
      }
      assert.strictEqual(rec.requests.length, 0)
    } finally {
      await chat.dispose()
    }
  })
})

describe("what is checked is what is sent", () => {
  it.effect("a getter is read once: a value that changes on the next read cannot slip past the checks", () =>
    withClient({}, undefined as never, (chat, requests) =>
      Effect.gen(function*() {
        let reads = 0
        const item = {
          userId: "a",
          get tags(): Array<string> {
            reads++
            return reads === 1 ? ["ok"] : ["x".repeat(51)] // a 51-byte tag breaks the 50-byte rule
          },
        }
        yield* chat.addUserTags([item])
        assert.strictEqual(reads, 1)
        assert.deepStrictEqual(requests[0]!.body.UserTags, [{ To_Account: "a", Tags: ["ok"] }])
      })))

  it.effect("toJSON is honoured as JSON.stringify would, and a key named __proto__ survives", () =>
    withClient({}, undefined as never, (chat, requests) =>
      Effect.gen(function*() {
        const content = JSON.parse(`{"Data":"d","__proto__":"kept"}`) as Record<string, unknown>
        content["When"] = new Date(0)
        yield* chat.push({ message: custom(content) as never, msgRandom: 1 })
        assert.strictEqual(requests[0]!.bodyText.includes(`"__proto__":"kept"`), true)
        assert.strictEqual(requests[0]!.body.MsgBody[0].MsgContent.When, "1970-01-01T00:00:00.000Z")
      })))

  it.effect(`nesting up to ${MAX_DEPTH} levels is accepted`, () =>
    withClient({}, undefined as never, (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.push({ message: custom(nested(MAX_DEPTH - 5)) as never, msgRandom: 1 })
        assert.strictEqual(requests.length, 1)
      })))
})
