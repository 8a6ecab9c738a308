/**
 * The statistics, loss and trace methods against a recording fetch: the bodies (unix seconds,
 * TaskID always sent, default ranges from the clock), the documented windows checked locally
 * (30 days for statistics, 7 for loss), and answers carrying the documented defects (string
 * `ErrCode`, `last_active_terminal`, `"sucess"`) read into one shape.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as TestClock from "effect/testing/TestClock"
import { ChatRequestError } from "../../../src/client/mod.ts"
import type { Recorded } from "./fake-fetch.ts"
import { OK } from "./fake-fetch.ts"
import { failureOf, requestErrorOf, withClient } from "./helpers.ts"

const command = (r: Recorded) => r.path.split("/").pop()
/** The documented success envelope, typo included. */
const SUCESS = { ActionStatus: "OK", ErrorInfo: "sucess", ErrorCode: 0 }
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0)
const NOW_S = NOW / 1000
const DAY = 86_400

const counts = { TotalCount: 10, SentCount: 8, DeliveredCount: 6, ClickCount: 2 }
const losses = {
  ReadyToSendLoss: [{ ErrCode: "-2", ErrCount: 1, ErrInfo: "no token uploaded" }],
  PostSendDeliveredLoss: [{ ErrCode: 410, ErrCount: 1, ErrInfo: "Unregistered" }],
  PlatformReadyToSendLoss: [{ EventType: 1, PushPlatform: 8, ErrCode: "-2", ErrCount: 1 }],
  PlatformPostSendDeliveredLoss: [],
}
const trace = {
  InstanceId: "i1",
  PushTime: "2026-12-03 11:00:00",
  DeviceModel: "Pixel",
  System: "Android",
  SystemVersion: "14",
  EventType: 1,
  PushPlatform: 8,
  Token: "tok",
  NotificationStatus: 1,
  last_active_terminal: 1,
  SdkVersion: "8.0",
  PushVersion: "8.0",
  IMCommitStat: { IMStat: { PushStatus: 1, ErrorCode: 0, ErrorInfo: "sucess", EventTime: "2026-12-03 11:00:00" } },
  OfflinePushStat: {
    OfflineStat: { PushStatus: 1, ErrorCode: "0", EventTime: "2026-12-03 11:00:01" },
    DeviceStat: { PushStatus: 2, ErrorCode: 1, ErrorInfo: "regid_invalid" },
    LaterStep: { PushStatus: 3 },
  },
}

const statsHandler = (req: Recorded) => {
  switch (command(req)) {
    case "all_member_push_statistics":
      return { ...SUCESS, Results: [{ TaskID: "t1", ...counts, PlatformStatistics: [{ EventType: 1, PushPlatform: 8, ...counts }] }] }
    case "all_member_push_loss":
      return { ...SUCESS, Results: [{ TaskID: "t1", ...losses }] }
    case "normal_push_statistics":
      return { ...SUCESS, ...counts, PlatformStatistics: [{ PushPlatform: 1, ...counts }] }
    case "normal_push_loss":
      return { ...SUCESS, ...losses }
    default:
      return { ...SUCESS, InstanceTrace: [trace] }
  }
}

const atNow = <A, E, R>(e: Effect.Effect<A, E, R>) => Effect.andThen(TestClock.setTime(NOW), e)

describe("statistics", () => {
  it.effect("getPushStatistics: unix seconds, TaskID sent, counts and platforms read; sucess is success", () =>
    atNow(withClient({}, statsHandler, (chat, requests) =>
      Effect.gen(function*() {
        const r = yield* chat.getPushStatistics({ taskIds: ["t1"], from: NOW - 2 * DAY * 1000, to: new Date(NOW) })
        assert.deepStrictEqual(requests[0]!.body, { StartTime: NOW_S - 2 * DAY, EndTime: NOW_S, TaskID: ["t1"] })
        assert.deepStrictEqual(r, [{
          taskId: "t1",
          total: 10,
          sent: 8,
          delivered: 6,
          clicked: 2,
          platforms: [{ platform: 8, eventType: 1, total: 10, sent: 8, delivered: 6, clicked: 2 }],
        }])
      }))))

  it.effect("defaults: the last 30 days for statistics, the last 7 for loss, overall figures with TaskID []", () =>
    atNow(withClient({}, statsHandler, (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.getPushStatistics()
        yield* chat.getPushLoss()
        yield* chat.getMessagePushStatistics()
        yield* chat.getMessagePushLoss({ to: NOW - DAY * 1000 })
        assert.deepStrictEqual(requests.map((r) => r.body), [
          { StartTime: NOW_S - 30 * DAY, EndTime: NOW_S, TaskID: [] },
          { StartTime: NOW_S - 7 * DAY, EndTime: NOW_S, TaskID: [] },
          { StartTime: NOW_S - 30 * DAY, EndTime: NOW_S },
          { StartTime: NOW_S - 8 * DAY, EndTime: NOW_S - DAY },
        ])
      }))))

  it.effect("the documented windows are checked locally: 30 days + 1 s of statistics, 7 days + 1 s of loss", () =>
    atNow(withClient({}, statsHandler, (chat, requests) =>
      Effect.gen(function*() {
        const from = NOW - (30 * DAY + 1) * 1000
        const stats: ReadonlyArray<Effect.Effect<unknown, unknown>> = [chat.getPushStatistics({ from }), chat.getMessagePushStatistics({ from })]
        for (const e of stats) {
          const err = requestErrorOf(yield* Effect.exit(e))
          assert.instanceOf(err, ChatRequestError)
          assert.strictEqual(err.rule, "stats_window")
        }
        const lossFrom = NOW - (7 * DAY + 1) * 1000
        const loss: ReadonlyArray<Effect.Effect<unknown, unknown>> = [chat.getPushLoss({ from: lossFrom }), chat.getMessagePushLoss({ from: lossFrom })]
        for (const e of loss) {
          assert.strictEqual(requestErrorOf(yield* Effect.exit(e)).rule, "stats_window")
        }
        assert.strictEqual(requests.length, 0)
        // Exactly the window is allowed.
        yield* chat.getPushStatistics({ from: NOW - 30 * DAY * 1000 })
        yield* chat.getPushLoss({ from: NOW - 7 * DAY * 1000 })
        assert.strictEqual(requests.length, 2)
      }))))

  it.effect("more than 5 task ids, a reversed range, a time in seconds: refused locally", () =>
    atNow(withClient({}, statsHandler, (chat, requests) =>
      Effect.gen(function*() {
        assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.getPushStatistics({ taskIds: ["1", "2", "3", "4", "5", "6"] }))).rule, "stats_task_ids")
        assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.getPushLoss({ from: NOW, to: NOW - 1000 }))).rule, "stats_time_order")
        const secs = requestErrorOf(yield* Effect.exit(chat.getMessagePushStatistics({ from: NOW_S - DAY, to: NOW_S })))
        assert.strictEqual(secs.rule, "time_value")
        assert.strictEqual(requests.length, 0)
      }))))

  it.effect("the legacy family has no statistics: unsupported_family", () =>
    atNow(withClient({ family: "all_member_push" }, statsHandler, (chat, requests) =>
      Effect.gen(function*() {
        assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.getMessagePushStatistics())).rule, "unsupported_family")
        assert.strictEqual(requests.length, 0)
      }))))
})

describe("loss", () => {
  it.effect("string and numeric ErrCode both become text; per-task and message-push losses read alike", () =>
    atNow(withClient({}, statsHandler, (chat) =>
      Effect.gen(function*() {
        const expected = {
          beforeSending: [{ code: "-2", count: 1, info: "no token uploaded" }],
          afterSending: [{ code: "410", count: 1, info: "Unregistered" }],
          platformBeforeSending: [{ code: "-2", count: 1, info: undefined, platform: 8, eventType: 1 }],
          platformAfterSending: [],
        }
        assert.deepStrictEqual(yield* chat.getPushLoss({ taskIds: ["t1"] }), [{ taskId: "t1", ...expected }])
        assert.deepStrictEqual(yield* chat.getMessagePushLoss(), { taskId: undefined, ...expected })
      }))))
})

describe("traces", () => {
  it.effect("getPushTrace sends TaskID and UserID; last_active_terminal, mixed ErrorCode types and steps past the documented ones are read", () =>
    withClient({}, statsHandler, (chat, requests) =>
      Effect.gen(function*() {
        const [t] = yield* chat.getPushTrace("t1", "alice")
        assert.deepStrictEqual(requests[0]!.body, { TaskID: "t1", UserID: "alice" })
        assert.strictEqual(t!.lastActiveTerminal, 1)
        assert.strictEqual(t!.platform, 8)
        assert.deepStrictEqual(t!.steps, [
          { step: "IMStat", status: 1, code: "0", info: "sucess", time: "2026-12-03 11:00:00" },
          { step: "OfflineStat", status: 1, code: "0", info: undefined, time: "2026-12-03 11:00:01" },
          { step: "DeviceStat", status: 2, code: "1", info: "regid_invalid", time: undefined },
          { step: "LaterStep", status: 3, code: undefined, info: undefined, time: undefined },
        ])
        assert.strictEqual(t!.raw.Token, "tok")
      })))

  it.effect("getMessagePushTrace sends PushID; empty ids are refused locally", () =>
    withClient({}, statsHandler, (chat, requests) =>
      Effect.gen(function*() {
        const r = yield* chat.getMessagePushTrace("p-1")
        assert.deepStrictEqual(requests[0]!.body, { PushID: "p-1" })
        assert.strictEqual(r.length, 1)
        assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.getMessagePushTrace(""))).rule, "push_id_empty")
        assert.strictEqual(requestErrorOf(yield* Effect.exit(chat.getPushTrace("t1", ""))).rule, "user_id_empty")
        assert.strictEqual(requests.length, 1)
      })))

  it.effect("an answer without InstanceTrace is an empty list, not an error", () =>
    withClient({}, () => OK, (chat) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* chat.getMessagePushTrace("p-1"), [])
      })))
})
