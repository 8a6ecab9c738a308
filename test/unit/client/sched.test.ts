/**
 * The scheduled-push methods against a recording fetch: the wire bodies (Sdkappid, Type derived
 * from the content, SchedAt as UTC text, OrderBy spelling), the answers read back, the type
 * lookup before modify / delete, and the local checks (nothing sent when they fail).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { ChatApiError, ChatRequestError } from "../../../src/client/mod.ts"
import type { Recorded } from "./fake-fetch.ts"
import { fail, OK, okHandler } from "./fake-fetch.ts"
import { failureOf, requestErrorOf, SDKAPPID, withClient } from "./helpers.ts"

const command = (r: Recorded) => r.path.split("/").pop()

/** get_sched_task's documented sample, with the task's type and status as given. */
const taskInfo = (type: string, status = "pending") => ({
  TaskID: 42,
  Sdkappid: SDKAPPID,
  CreateAt: "2026-12-01 08:00:00",
  Type: type,
  SchedAt: "2027-01-01 09:30:00",
  Content: { From_Account: 12345, MsgRandom: 7, OfflinePushInfo: { Title: "t", Desc: "d" } },
  Title: "t",
  Desc: "d",
  Status: status,
  DispatchSuccess: 0,
  DispatchErr: "",
  PushTaskID: "",
})

const schedHandler = (type = "Tag") => (req: Recorded) => {
  switch (command(req)) {
    case "add_sched_task":
      return { ...OK, TaskID: 42 }
    case "get_sched_task":
      return { ...OK, TaskInfo: taskInfo(type) }
    case "list_sched_task":
      return { ...OK, Total: 3, Tasks: [taskInfo("All"), { ...taskInfo("User", "dispatched"), TaskID: 43, DispatchSuccess: 1, PushTaskID: "push-1" }] }
    default:
      return { ...OK, TaskID: req.body?.TaskID ?? 0 }
  }
}

describe("schedulePush", () => {
  it.effect("a condition makes a Tag task; SchedAt is the UTC text of the Date; the answer's TaskID comes back", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        const r = yield* chat.schedulePush({
          at: new Date("2027-01-01T09:30:00.999Z"),
          condition: { tagsOr: ["vip"] },
          message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
          offlinePush: { Title: "t", Desc: "d" },
        })
        assert.deepStrictEqual(r, { taskId: 42, type: "Tag", schedAt: "2027-01-01 09:30:00" })
        assert.strictEqual(requests.length, 1)
        assert.strictEqual(requests[0]!.path, "/v4/timpush/add_sched_task")
        assert.deepStrictEqual(requests[0]!.body, {
          Sdkappid: SDKAPPID,
          Type: "Tag",
          SchedAt: "2027-01-01 09:30:00",
          Content: {
            MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
            Condition: { TagsOr: ["vip"] },
            OfflinePushInfo: { Title: "t", Desc: "d" },
          },
        })
      })))

  it.effect("userIds make a User task (To_Account); no condition makes All; epoch ms is accepted; MsgRandom only when given", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.schedulePush({ at: Date.UTC(2027, 0, 1, 0, 0, 0), userIds: ["a", "b"], from: "admin", offlinePush: { Title: "t" }, msgRandom: 9 })
        yield* chat.schedulePush({ at: Date.UTC(2027, 11, 31, 23, 59, 59), offlinePush: { Title: "t" } })
        assert.deepStrictEqual(requests.map((r) => [r.body.Type, r.body.SchedAt]), [["User", "2027-01-01 00:00:00"], ["All", "2027-12-31 23:59:59"]])
        assert.deepStrictEqual(requests[0]!.body.Content, { From_Account: "admin", MsgRandom: 9, OfflinePushInfo: { Title: "t" }, To_Account: ["a", "b"] })
        assert.notProperty(requests[1]!.body.Content, "MsgRandom")
      })))

  it.effect("a time in seconds, an invalid Date or a non-time is refused locally (rule time_value)", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        for (const at of [1_767_225_600, new Date("nope"), Number.NaN, "2027-01-01" as never, Number.MAX_VALUE]) {
          const e = requestErrorOf(yield* Effect.exit(chat.schedulePush({ at, offlinePush: { Title: "t" } })))
          assert.instanceOf(e, ChatRequestError)
          assert.strictEqual(e.rule, "time_value")
          assert.strictEqual(e.field, "SchedAt")
        }
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("the content is checked as the push it will send: users and a condition together, 501 users, a bad tag", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        const at = Date.UTC(2027, 0, 1)
        const both = requestErrorOf(yield* Effect.exit(chat.schedulePush({ at, userIds: ["a"], condition: { tagsOr: ["x"] }, offlinePush: { Title: "t" } })))
        assert.strictEqual(both.rule, "sched_content_type")
        const many = Array.from({ length: 501 }, (_, i) => `u${i}`)
        const tooMany = requestErrorOf(yield* Effect.exit(chat.schedulePush({ at, userIds: many, offlinePush: { Title: "t" } })))
        assert.strictEqual(tooMany.field, "Content.To_Account")
        const empty = requestErrorOf(yield* Effect.exit(chat.schedulePush({ at, userIds: [], offlinePush: { Title: "t" } })))
        assert.strictEqual(empty.field, "Content.To_Account")
        const tag = requestErrorOf(yield* Effect.exit(chat.schedulePush({ at, condition: { tagsOr: [""] }, offlinePush: { Title: "t" } })))
        assert.strictEqual(tag.rule, "tag_empty")
        assert.strictEqual(tag.code, 90104)
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("add_sched_task is never retried: a 500 is an unknown outcome after one request", () =>
    withClient({ retry: { times: 3 } }, () => new Response("oops", { status: 500 }), (chat, requests) =>
      Effect.gen(function*() {
        const e = failureOf(yield* Effect.exit(chat.schedulePush({ at: Date.UTC(2027, 0, 1), offlinePush: { Title: "t" } })))
        assert.strictEqual((e as { _tag: string })._tag, "ChatPushOutcomeUnknown")
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("the legacy family has no scheduled tasks: unsupported_family, nothing sent", () =>
    withClient({ family: "all_member_push" }, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        const e = requestErrorOf(yield* Effect.exit(chat.schedulePush({ at: Date.UTC(2027, 0, 1), offlinePush: { Title: "t" } })))
        assert.strictEqual(e.rule, "unsupported_family")
        assert.strictEqual(requests.length, 0)
      })))
})

describe("reschedulePush and cancelScheduledPush", () => {
  it.effect("without a type they read it with get_sched_task, then send it", () =>
    withClient({}, schedHandler("User"), (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.reschedulePush(42, { at: Date.UTC(2027, 1, 1, 12, 0, 0) })
        yield* chat.cancelScheduledPush(42)
        assert.deepStrictEqual(requests.map(command), ["get_sched_task", "modify_sched_task", "get_sched_task", "delete_sched_task"])
        assert.deepStrictEqual(requests[0]!.body, { Sdkappid: SDKAPPID, TaskID: 42 })
        assert.deepStrictEqual(requests[1]!.body, { Sdkappid: SDKAPPID, TaskID: 42, Type: "User", SchedAt: "2027-02-01 12:00:00" })
        assert.deepStrictEqual(requests[3]!.body, { Sdkappid: SDKAPPID, TaskID: 42, Type: "User" })
      })))

  it.effect("with a type, or with new content, no lookup; the content replaces the old one whole", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.cancelScheduledPush(42, { type: "All" })
        yield* chat.reschedulePush(42, { content: { condition: { tagsAnd: ["a"] }, offlinePush: { Title: "new" } } })
        assert.deepStrictEqual(requests.map(command), ["delete_sched_task", "modify_sched_task"])
        assert.deepStrictEqual(requests[1]!.body, {
          Sdkappid: SDKAPPID,
          TaskID: 42,
          Type: "Tag",
          Content: { Condition: { TagsAnd: ["a"] }, OfflinePushInfo: { Title: "new" } },
        })
      })))

  it.effect("local refusals: nothing to change, a type the content contradicts, a bad task id", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.reschedulePush(42, {}))).rule, "sched_no_change")
        const clash = requestErrorOf(yield* Effect.exit(chat.reschedulePush(42, { type: "All", content: { userIds: ["a"], offlinePush: { Title: "t" } } })))
        assert.strictEqual(clash.rule, "sched_content_type")
        for (const id of [0, -1, 1.5, "42" as never]) {
          assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.cancelScheduledPush(id, { type: "All" }))).rule, "sched_task_id")
          assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.getScheduledPush(id))).rule, "sched_task_id")
        }
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("a dispatched or dispatching task answers 90106 / 90107: ChatApiError, reason conflict, not retried", () =>
    withClient({ retry: { times: 3 } }, (req) => (command(req) === "delete_sched_task" ? fail(90107, "delete failed: task dispatching") : fail(90106)), (chat, requests) =>
      Effect.gen(function*() {
        const e = failureOf(yield* Effect.exit(chat.cancelScheduledPush(42, { type: "All" })))
        assert.instanceOf(e, ChatApiError)
        assert.strictEqual((e as ChatApiError).code, 90107)
        assert.strictEqual((e as ChatApiError).reason, "conflict")
        const m = failureOf(yield* Effect.exit(chat.reschedulePush(42, { type: "All", at: Date.UTC(2027, 0, 1) })))
        assert.strictEqual((m as ChatApiError).code, 90106)
        assert.strictEqual(requests.length, 2)
      })))
})

describe("getScheduledPush and listScheduledPushes", () => {
  it.effect("a task is read into friendly names; the sample's numeric From_Account is kept; empty ids are undefined", () =>
    withClient({}, schedHandler(), (chat) =>
      Effect.gen(function*() {
        const t = yield* chat.getScheduledPush(42)
        assert.deepStrictEqual(t, {
          taskId: 42,
          type: "Tag",
          status: "pending",
          schedAt: "2027-01-01 09:30:00",
          at: new Date("2027-01-01T09:30:00Z"),
          createdAt: "2026-12-01 08:00:00",
          title: "t",
          description: "d",
          dispatchSuccess: false,
          dispatchError: undefined,
          pushTaskId: undefined,
          content: { From_Account: 12345, MsgRandom: 7, OfflinePushInfo: { Title: "t", Desc: "d" } },
        })
      })))

  it.effect("an unknown task is the service's 90104", () =>
    withClient({}, () => fail(90104, "invalid TaskID"), (chat) =>
      Effect.gen(function*() {
        const e = failureOf(yield* Effect.exit(chat.getScheduledPush(7)))
        assert.instanceOf(e, ChatApiError)
        assert.strictEqual((e as ChatApiError).code, 90104)
      })))

  it.effect("the default page: Offset 0, Want 20, OrderBy createAt, newest first", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        const page = yield* chat.listScheduledPushes()
        assert.deepStrictEqual(requests[0]!.body, { Sdkappid: SDKAPPID, Offset: 0, Want: 20, OrderBy: "createAt", Asc: false })
        assert.strictEqual(page.total, 3)
        assert.deepStrictEqual(page.tasks.map((t) => [t.taskId, t.status, t.dispatchSuccess, t.pushTaskId]), [
          [42, "pending", false, undefined],
          [43, "dispatched", true, "push-1"],
        ])
      })))

  it.effect("a query: schedAt order, ascending, a UTC range, a keyword", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.listScheduledPushes({
          offset: 20,
          limit: 5,
          orderBy: "schedAt",
          ascending: true,
          from: new Date("2027-01-01T00:00:00Z"),
          to: Date.UTC(2027, 0, 31, 23, 59, 59),
          keyword: "sale",
        })
        assert.deepStrictEqual(requests[0]!.body, {
          Sdkappid: SDKAPPID,
          Offset: 20,
          Want: 5,
          OrderBy: "schedAt",
          Asc: true,
          BeginTime: "2027-01-01 00:00:00",
          EndTime: "2027-01-31 23:59:59",
          Keyword: "sale",
        })
      })))

  it.effect("a range needs both ends, in order; Want must be positive: refused locally", () =>
    withClient({}, schedHandler(), (chat, requests) =>
      Effect.gen(function*() {
        const one = requestErrorOf(yield* Effect.exit(chat.listScheduledPushes({ from: Date.UTC(2027, 0, 1) })))
        assert.strictEqual(one.rule, "list_time_range")
        const reversed = requestErrorOf(yield* Effect.exit(chat.listScheduledPushes({ from: Date.UTC(2027, 1, 1), to: Date.UTC(2027, 0, 1) })))
        assert.strictEqual(reversed.rule, "list_time_range")
        assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.listScheduledPushes({ limit: 0 }))).rule, "list_want")
        assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.listScheduledPushes({ offset: -1 }))).rule, "list_offset")
        assert.strictEqual(requests.length, 0)
      })))
})

describe("schedulePush when the answer has no TaskID", () => {
  it.effect("taskId is undefined, not a made-up number", () =>
    withClient({}, okHandler, (chat) =>
      Effect.gen(function*() {
        const r = yield* chat.schedulePush({ at: Date.UTC(2027, 0, 1), offlinePush: { Title: "t" } })
        assert.strictEqual(r.taskId, undefined)
      })))
})
