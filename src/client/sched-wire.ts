/**
 * Where the scheduled-push methods meet Tencent's wire names (the counterpart of wire-map.ts for
 * add_sched_task, modify_sched_task, delete_sched_task, get_sched_task and list_sched_task).
 *
 * - `SchedAt`, `BeginTime`, `EndTime`: a `Date` or epoch milliseconds becomes the UTC
 *   `YYYY-MM-DD HH:MM:SS` text of `formatSchedTime` (src/api/sched-time.ts), the one writer the
 *   request rules and the emulator also read with.
 * - `Content`: the same body `push` builds (wire-map.ts `pushBody`) for `All` and `Tag`, plus
 *   `To_Account` for `User`. `MsgRandom` is sent only when given: the documented samples send
 *   none and the service fills one in.
 * - `OrderBy`: the intl pages spell it `createat`/`schedat`, the CN page `createAt`/`schedAt`;
 *   the client sends the camel-case spelling, and the request rules and the emulator accept either
 *   in any case (docs/protocol/push-lifecycle.md#orderby).
 *
 * @module
 */
import type { ResponseOf, SchedTaskInfo, WireRequestOf } from "../api/mod.ts"
import { formatSchedTime, parseSchedTime } from "../api/mod.ts"
import { ChatRequestError } from "./errors.ts"
import type { ListScheduledPushesInput, ScheduledPush, ScheduledPushContent, ScheduledPushType, TimeInput } from "./sched-types.ts"
import { pushBody } from "./wire-map.ts"

/** Epoch milliseconds below this (1973-03-03) are refused: almost certainly seconds. */
const MIN_EPOCH_MS = 100_000_000_000

/** `Date.prototype.toJSON`'s text: what a `Date` becomes when the arguments are snapshotted. */
const DATE_JSON = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * A friendly time as epoch milliseconds, or the `ChatRequestError` (rule `time_value`) for a
 * value that is not a valid `Date` or epoch-milliseconds number. The methods read their
 * arguments as JSON data first (snapshot.ts), which turns a `Date` into its `toJSON` text (an
 * invalid one into `null`); that exact UTC text is read back here.
 */
export const epochMillisOf = (endpoint: string, field: string, t: unknown): number | ChatRequestError => {
  const ms = t instanceof Date ? t.getTime() : typeof t === "string" && DATE_JSON.test(t) ? Date.parse(t) : t
  const bad = (detail: string) => new ChatRequestError({ endpoint, field, rule: "time_value", detail })
  if (typeof ms !== "number" || !Number.isFinite(ms)) return bad(`${field} must be a valid Date or epoch milliseconds`)
  if (ms < MIN_EPOCH_MS) {
    return bad(`${field} is before 1973: pass epoch milliseconds (Date.now() style) or a Date, not seconds`)
  }
  if (ms > 253_402_300_799_999) return bad(`${field} is after 9999-12-31`)
  return ms
}

/** A friendly time as Tencent's UTC `YYYY-MM-DD HH:MM:SS`, or the error. */
export const schedTimeOf = (endpoint: string, field: string, t: TimeInput): string | ChatRequestError => {
  const ms = epochMillisOf(endpoint, field, t)
  return typeof ms === "number" ? formatSchedTime(ms) : ms
}

/** The task type a content implies: users → `User`, a condition → `Tag`, else `All`. */
export const schedTypeOf = (c: ScheduledPushContent): ScheduledPushType =>
  c.userIds !== undefined ? "User" : c.condition !== undefined ? "Tag" : "All"

/** The wire `Content` of a task. */
export const schedContentBody = (c: ScheduledPushContent): WireRequestOf<"add_sched_task">["Content"] => {
  const { MsgRandom, ...push } = pushBody(c, c.msgRandom ?? 0, "timpush")
  return {
    ...push,
    ...(c.msgRandom === undefined ? {} : { MsgRandom }),
    ...(c.userIds === undefined ? {} : { To_Account: Array.isArray(c.userIds) ? [...c.userIds] : c.userIds as Array<string> }),
  }
}

/** add_sched_task body. */
export const addSchedBody = (
  sdkAppId: number,
  type: ScheduledPushType,
  schedAt: string,
  content: ScheduledPushContent,
): WireRequestOf<"add_sched_task"> => ({ Sdkappid: sdkAppId, Type: type, SchedAt: schedAt, Content: schedContentBody(content) })

/** modify_sched_task body; an absent time or content stays as it is on the service. */
export const modifySchedBody = (
  sdkAppId: number,
  taskId: number,
  type: ScheduledPushType,
  schedAt: string | undefined,
  content: ScheduledPushContent | undefined,
): WireRequestOf<"modify_sched_task"> => ({
  Sdkappid: sdkAppId,
  TaskID: taskId,
  Type: type,
  ...(schedAt === undefined ? {} : { SchedAt: schedAt }),
  ...(content === undefined ? {} : { Content: schedContentBody(content) }),
})

/** list_sched_task body with the defaults (first 20, newest created first). */
export const listSchedBody = (
  sdkAppId: number,
  q: ListScheduledPushesInput,
  begin: string | undefined,
  end: string | undefined,
): WireRequestOf<"list_sched_task"> => ({
  Sdkappid: sdkAppId,
  Offset: q.offset ?? 0,
  Want: q.limit ?? 20,
  OrderBy: q.orderBy ?? "createAt",
  Asc: q.ascending ?? false,
  ...(begin === undefined ? {} : { BeginTime: begin }),
  ...(end === undefined ? {} : { EndTime: end }),
  ...(q.keyword === undefined ? {} : { Keyword: q.keyword }),
})

const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === "" ? undefined : s)

/** One reported task, friendly. */
export const scheduledPushOf = (t: SchedTaskInfo): ScheduledPush => {
  const at = parseSchedTime(t.SchedAt)
  return {
    taskId: t.TaskID,
    type: t.Type,
    status: t.Status,
    schedAt: t.SchedAt,
    at: at === undefined ? undefined : new Date(at),
    createdAt: t.CreateAt,
    title: t.Title,
    description: t.Desc,
    dispatchSuccess: t.DispatchSuccess === 1,
    dispatchError: nonEmpty(t.DispatchErr),
    pushTaskId: nonEmpty(t.PushTaskID),
    content: t.Content,
  }
}

/** list_sched_task answer, friendly. */
export const scheduledPageOf = (res: ResponseOf<"list_sched_task">) => {
  const tasks = (res.Tasks ?? []).map(scheduledPushOf)
  return { total: res.Total ?? tasks.length, tasks }
}
