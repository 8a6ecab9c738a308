/**
 * The statistics, loss and trace methods (timpush only, 1 call/s per command):
 * `getPushStatistics`, `getPushLoss`, `getPushTrace` (pushes to everyone, by tag, and
 * `pushToUsers`) and `getMessagePushStatistics`, `getMessagePushLoss`, `getMessagePushTrace`
 * (ordinary one-to-one and group message pushes).
 *
 * Ranges: the pages allow "up to 30 days" for statistics and "within 7 days" for loss; the
 * catalogue's rules read that as the length of the queried range (rule `stats_window`), and the
 * client runs those rules before sending. A missing `to` is now (Effect's `Clock`, so tests set
 * it), a missing `from` is `to` minus that longest range, so `getPushStatistics()` asks for the
 * last 30 days. Traces take no range: the pages say they are kept 7 days, which only the service
 * can know.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { EndpointKey, ResponseOf, WireRequestOf } from "../api/mod.ts"
import { limits } from "../api/mod.ts"
import type { ChatError } from "./errors.ts"
import { ChatRequestError } from "./errors.ts"
import type { Send } from "./internal/send.ts"
import { readArgs } from "./sched.ts"
import { epochMillisOf } from "./sched-wire.ts"
import { guarded } from "./snapshot.ts"
import type { MessagePushStatistics, PushLoss, PushStatistics, PushStatsQuery, PushTrace, StatsRange } from "./stats-types.ts"
import { messagePushLossOf, messagePushStatisticsOf, pushLossOf, pushStatisticsOf, tracesOf } from "./stats-wire.ts"
import type { Family } from "../api/mod.ts"
import { checkBody } from "./validate.ts"

/** What the statistics methods need from the client. */
export interface StatsDeps {
  readonly family: Family
  readonly send: Send
}

/** Checks and sends one body. */
const checked = <K extends EndpointKey>(deps: StatsDeps, key: K, body: WireRequestOf<K>): Effect.Effect<ResponseOf<K>, ChatError> => {
  const bad = guarded(key, "input", () => checkBody(key, body, deps.family))
  return bad !== undefined ? Effect.fail(bad) : deps.send(key, body)
}

/** `StartTime` / `EndTime` in unix seconds from a friendly range and the longest allowed one. */
const rangeOf = (
  endpoint: string,
  range: StatsRange | undefined,
  maxSeconds: number,
): Effect.Effect<{ readonly StartTime: number; readonly EndTime: number }, ChatRequestError> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const to = range?.to === undefined ? now : epochMillisOf(endpoint, "EndTime", range.to)
    if (typeof to !== "number") return Effect.fail(to)
    const end = Math.floor(to / 1000)
    if (range?.from === undefined) return Effect.succeed({ StartTime: end - maxSeconds, EndTime: end })
    const from = epochMillisOf(endpoint, "StartTime", range.from)
    if (typeof from !== "number") return Effect.fail(from)
    return Effect.succeed({ StartTime: Math.floor(from / 1000), EndTime: end })
  })

const taskIdsOf = (endpoint: string, q: PushStatsQuery | undefined): Array<string> | ChatRequestError => {
  const ids = q?.taskIds
  if (ids === undefined) return []
  if (!Array.isArray(ids)) return new ChatRequestError({ endpoint, field: "TaskID", rule: "shape", detail: "taskIds must be an array of strings" })
  return [...ids]
}

const taskQuery = <K extends "all_member_push_statistics" | "all_member_push_loss", A>(
  deps: StatsDeps,
  key: K,
  rawQuery: PushStatsQuery | undefined,
  maxSeconds: number,
  read: (res: ResponseOf<K>) => A,
): Effect.Effect<A, ChatError> =>
  Effect.gen(function*() {
    const { query } = yield* readArgs(key, { query: rawQuery }, ["query"])
    const ids = taskIdsOf(key, query)
    if (!Array.isArray(ids)) return yield* ids
    const range = yield* rangeOf(key, query, maxSeconds)
    // TaskID is always sent: the pages mark it required, and `[]` asks for the overall figures.
    const body = { ...range, TaskID: ids } as WireRequestOf<K>
    return read(yield* checked(deps, key, body))
  })

/** `getPushStatistics`: all_member_push_statistics. */
export const getPushStatistics = (deps: StatsDeps, query?: PushStatsQuery): Effect.Effect<ReadonlyArray<PushStatistics>, ChatError> =>
  taskQuery(deps, "all_member_push_statistics", query, limits.statisticsRangeSeconds, pushStatisticsOf)

/** `getPushLoss`: all_member_push_loss. */
export const getPushLoss = (deps: StatsDeps, query?: PushStatsQuery): Effect.Effect<ReadonlyArray<PushLoss>, ChatError> =>
  taskQuery(deps, "all_member_push_loss", query, limits.lossRangeSeconds, pushLossOf)

/** `getPushTrace`: all_member_push_trace. */
export const getPushTrace = (deps: StatsDeps, taskId: string, userId: string): Effect.Effect<ReadonlyArray<PushTrace>, ChatError> =>
  Effect.flatMap(readArgs("all_member_push_trace", { taskId, userId }, []), (a) =>
    Effect.map(checked(deps, "all_member_push_trace", { TaskID: a.taskId, UserID: a.userId }), tracesOf))

/** `getMessagePushStatistics`: normal_push_statistics. */
export const getMessagePushStatistics = (deps: StatsDeps, range?: StatsRange): Effect.Effect<MessagePushStatistics, ChatError> =>
  Effect.flatMap(readArgs("normal_push_statistics", { range }, ["range"]), (a) =>
    Effect.flatMap(rangeOf("normal_push_statistics", a.range, limits.statisticsRangeSeconds), (body) =>
      Effect.map(checked(deps, "normal_push_statistics", body), messagePushStatisticsOf)))

/** `getMessagePushLoss`: normal_push_loss. */
export const getMessagePushLoss = (deps: StatsDeps, range?: StatsRange): Effect.Effect<PushLoss, ChatError> =>
  Effect.flatMap(readArgs("normal_push_loss", { range }, ["range"]), (a) =>
    Effect.flatMap(rangeOf("normal_push_loss", a.range, limits.lossRangeSeconds), (body) =>
      Effect.map(checked(deps, "normal_push_loss", body), messagePushLossOf)))

/** `getMessagePushTrace`: normal_push_trace. */
export const getMessagePushTrace = (deps: StatsDeps, pushId: string): Effect.Effect<ReadonlyArray<PushTrace>, ChatError> =>
  Effect.flatMap(readArgs("normal_push_trace", { pushId }, []), (a) =>
    Effect.map(checked(deps, "normal_push_trace", { PushID: a.pushId }), tracesOf))
