/**
 * `dryRun: true` on push, revokePush, pushToUsers and the schedule methods: every local check runs, the
 * exact wire requests come back, nothing is sent (the recording fetch sees no request), and no
 * rate-limit slot or quota unit is spent.
 */
import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { ChatRequestError } from "../../../src/client/mod.ts"
import type {
  DryRun,
  PromiseClient,
  PushInput,
  PushResult,
  PushToUsersResult,
  ScheduledPushRef,
  SchedulePushInput,
  TencentChatClient,
} from "../../../src/client/mod.ts"
import { okHandler } from "./fake-fetch.ts"
import { failureOf, fakeClient, ORIGIN, requestErrorOf, SDKAPPID, withClient } from "./helpers.ts"
import { TencentChat } from "../../../src/client/mod.ts"

const text = [{ MsgType: "TIMTextElem" as const, MsgContent: { Text: "hi" } }]

describe("dry run", () => {
  it.effect("push returns the wire request it would send and sends nothing", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const r = yield* chat.push({ condition: { tagsOr: ["vip"] }, message: text, msgRandom: 7, dataId: "d1", dryRun: true })
        assert.deepStrictEqual(r, {
          dryRun: true,
          requests: [{
            endpoint: "push",
            url: `${ORIGIN}/v4/timpush/push`,
            body: { MsgRandom: 7, MsgBody: text, Condition: { TagsOr: ["vip"] }, DataId: "d1" },
          }],
        })
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("a dry push body is the body a real push sends", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const input = { condition: { attrsAnd: { city: "Shenzhen" } }, message: text, offlinePush: { Title: "t", Desc: "d" }, lifetimeSeconds: 60, msgRandom: 99 }
        const dry = yield* chat.push({ ...input, dryRun: true })
        yield* chat.push(input)
        assert.strictEqual(requests.length, 1)
        assert.deepStrictEqual(dry.requests[0]!.body, requests[0]!.body)
        assert.strictEqual(dry.requests[0]!.url, requests[0]!.origin + requests[0]!.path)
      })))

  it.effect("the URL carries no query: the signed query holds the admin UserSig", () =>
    withClient({}, okHandler, (chat) =>
      Effect.gen(function*() {
        const r = yield* chat.push({ message: text, dryRun: true })
        assert.notInclude(r.requests[0]!.url, "?")
        assert.notInclude(JSON.stringify(r), "usersig")
      })))

  it.effect("every local check still runs: a broken rule fails with ChatRequestError, nothing sent", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const e = requestErrorOf(yield* Effect.exit(chat.push({ condition: { tagsOr: [""] }, message: text, dryRun: true })))
        assert.instanceOf(e, ChatRequestError)
        assert.strictEqual(e.rule, "tag_empty")
        const lifetime = requestErrorOf(yield* Effect.exit(chat.push({ lifetimeSeconds: 604_801, message: text, dryRun: true })))
        assert.strictEqual(lifetime.rule, "msg_life_time_range")
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("the family check runs: batch on the legacy family fails as a real call would", () =>
    withClient({ family: "all_member_push" }, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const e = requestErrorOf(yield* Effect.exit(chat.pushToUsers({ from: "admin", userIds: ["a"], offlinePush: { Title: "t" }, dryRun: true })))
        assert.strictEqual(e.rule, "unsupported_family")
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("pushToUsers returns one batch request per 500 users, MsgRandom + i, users de-duplicated", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const userIds = [...Array.from({ length: 1200 }, (_, i) => `u${i}`), "u0"]
        const r = yield* chat.pushToUsers({ from: "admin", userIds, offlinePush: { Title: "t" }, msgRandom: 10, dryRun: true })
        assert.deepStrictEqual(r.requests.map((q) => [q.endpoint, q.body.To_Account.length, q.body.MsgRandom]), [
          ["batch", 500, 10],
          ["batch", 500, 11],
          ["batch", 200, 12],
        ])
        assert.strictEqual(r.requests[0]!.url, `${ORIGIN}/v4/timpush/batch`)
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("a dry run spends no rate-limit slot or daily quota: a real push right after goes at once", () => {
    const { layer, requests } = fakeClient({ rateLimits: { dailyPushQuota: 1 } }, okHandler)
    return TencentChat.use((chat) =>
      Effect.gen(function*() {
        for (let i = 0; i < 3; i++) yield* chat.push({ message: text, dryRun: true })
        const r = yield* chat.push({ message: text, msgRandom: 5 })
        assert.strictEqual(r.taskId, "task-5")
        assert.strictEqual(requests.length, 1)
      })
    ).pipe(Effect.provide(layer))
  })

  it.effect("schedulePush returns the add_sched_task request with the app's Sdkappid and the UTC time", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const r = yield* chat.schedulePush({
          at: new Date("2027-01-02T03:04:05.678Z"),
          condition: { tagsAnd: ["vip"] },
          offlinePush: { Title: "t", Desc: "d" },
          dryRun: true,
        })
        assert.deepStrictEqual(r.requests, [{
          endpoint: "add_sched_task",
          url: `${ORIGIN}/v4/timpush/add_sched_task`,
          body: {
            Sdkappid: SDKAPPID,
            Type: "Tag",
            SchedAt: "2027-01-02 03:04:05",
            Content: { Condition: { TagsAnd: ["vip"] }, OfflinePushInfo: { Title: "t", Desc: "d" } },
          },
        }])
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("reschedulePush and cancelScheduledPush return their requests; without a type they fail (a lookup would send)", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const m = yield* chat.reschedulePush(42, { at: Date.UTC(2027, 5, 1, 10, 0, 0), type: "All", dryRun: true })
        assert.deepStrictEqual(m.requests[0]!.body, { Sdkappid: SDKAPPID, TaskID: 42, Type: "All", SchedAt: "2027-06-01 10:00:00" })
        const d = yield* chat.cancelScheduledPush(42, { type: "User", dryRun: true })
        assert.deepStrictEqual(d.requests[0]!.body, { Sdkappid: SDKAPPID, TaskID: 42, Type: "User" })
        const e = requestErrorOf(yield* Effect.exit(chat.cancelScheduledPush(42, { dryRun: true })))
        assert.strictEqual(e.rule, "sched_type_needed")
        const e2 = requestErrorOf(yield* Effect.exit(chat.reschedulePush(42, { at: Date.UTC(2027, 5, 1), dryRun: true })))
        assert.strictEqual(e2.rule, "sched_type_needed")
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("revokePush returns the revoke request a real recall sends, and sends nothing", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const options = { offlinePush: { Title: "Recalled", Desc: "gone" } }
        const dry = yield* chat.revokePush("task-1", { ...options, dryRun: true })
        assert.deepStrictEqual(dry, {
          dryRun: true,
          requests: [{ endpoint: "revoke", url: `${ORIGIN}/v4/timpush/revoke`, body: { TaskId: "task-1", OfflinePushInfo: { Title: "Recalled", Desc: "gone" } } }],
        })
        assert.strictEqual(requests.length, 0)
        yield* chat.revokePush("task-1", options)
        assert.strictEqual(requests.length, 1)
        assert.deepStrictEqual(dry.requests[0]!.body, requests[0]!.body)
      })))

  it.effect("a dry revoke runs the local checks and claims no idempotency key: the real call with the key still sends", () =>
    withClient({}, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const bad = requestErrorOf(yield* Effect.exit(chat.revokePush(42 as unknown as string, { dryRun: true })))
        assert.strictEqual(bad.field, "TaskId")
        yield* chat.revokePush("task-2", { idempotencyKey: "k", dryRun: true })
        assert.strictEqual(requests.length, 0)
        yield* chat.revokePush("task-2", { idempotencyKey: "k" })
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("a dry revoke on the legacy family fails as a real one would (revoke is timpush only)", () =>
    withClient({ family: "all_member_push" }, okHandler, (chat, requests) =>
      Effect.gen(function*() {
        const e = requestErrorOf(yield* Effect.exit(chat.revokePush("task-3", { dryRun: true })))
        const real = requestErrorOf(yield* Effect.exit(chat.revokePush("task-3")))
        assert.strictEqual(e.rule, "unsupported_family")
        assert.strictEqual(real.rule, e.rule)
        assert.strictEqual(requests.length, 0)
      })))

  it("types: `dryRun: true` selects the dry-run result; an input variable without it selects the real one", () => {
    // Compile-time checks (tsconfig.node.json type-checks this file); the function never runs.
    const types = (chat: PromiseClient, effect: TencentChatClient, input: PushInput, sched: SchedulePushInput, flag: boolean) => {
      expectTypeOf(chat.push(input)).toEqualTypeOf<Promise<PushResult>>()
      expectTypeOf(chat.push({ ...input, dryRun: true })).toEqualTypeOf<Promise<DryRun<"push">>>()
      expectTypeOf(chat.push({ ...input, dryRun: false })).toEqualTypeOf<Promise<PushResult>>()
      expectTypeOf(effect.push({ ...input, dryRun: true })).toEqualTypeOf<Effect.Effect<DryRun<"push">, ChatRequestError>>()
      expectTypeOf(chat.pushToUsers({ from: "a", userIds: [], offlinePush: {} })).toEqualTypeOf<Promise<PushToUsersResult>>()
      expectTypeOf(chat.schedulePush(sched)).toEqualTypeOf<Promise<ScheduledPushRef>>()
      expectTypeOf(chat.schedulePush({ ...sched, dryRun: true })).toEqualTypeOf<Promise<DryRun<"add_sched_task">>>()
      expectTypeOf(chat.cancelScheduledPush(1)).toEqualTypeOf<Promise<void>>()
      expectTypeOf(chat.revokePush("t")).toEqualTypeOf<Promise<void>>()
      expectTypeOf(chat.revokePush("t", { dryRun: true })).toEqualTypeOf<Promise<DryRun<"revoke">>>()
      expectTypeOf(effect.revokePush("t", { dryRun: true })).toEqualTypeOf<Effect.Effect<DryRun<"revoke">, ChatRequestError>>()
      expectTypeOf(chat.cancelScheduledPush(1, { type: "All", dryRun: true })).toEqualTypeOf<Promise<DryRun<"delete_sched_task">>>()
      // @ts-expect-error a dryRun typed only as boolean matches neither overload: narrow it first
      void chat.push({ ...input, dryRun: flag })
    }
    assert.strictEqual(typeof types, "function")
  })
})
