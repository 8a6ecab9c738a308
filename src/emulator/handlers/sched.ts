/**
 * Scheduled push tasks: add_sched_task, modify_sched_task, delete_sched_task, get_sched_task,
 * list_sched_task (docs/protocol/push-lifecycle.md#scheduled-push-tasks). The lifecycle and the
 * dispatch live in sched-tasks.ts and scheduler.ts.
 *
 * Order of checks (after the catalogue's request rules, which answer 90104 for a bad Type, time
 * format or content): `Sdkappid` equals the URL's (90104) → the task exists (90104) → `Type` is
 * the task's (90104) → the task is `pending` (90107 dispatching, 90106 dispatched) → `SchedAt`
 * lies in the future (90104).
 *
 * Choices (the docs are silent):
 * - A `SchedAt` that is not in the future is refused (90104) rather than dispatched at once.
 * - A task's `MsgRandom`, when its content has none, is derived from the app and TaskID, and a
 *   modified content without one keeps the task's.
 * - list_sched_task's `BeginTime`/`EndTime` filter on the `OrderBy` time (creation or schedule),
 *   both ends included; `Keyword` matches the title or the description, ignoring case.
 * - A deleted task is gone: get, modify and delete then answer 90104.
 *
 * @module
 */
import { parseSchedTime } from "../../api/mod.ts"
import { hash32 } from "../outcomes.ts"
import type { SchedTask } from "../sched-tasks.ts"
import { statusOf, taskInfo, titleOf } from "../sched-tasks.ts"
import { fail, ok } from "./contract.ts"
import type { Handler, HandlerContext, Outcome } from "./contract.ts"

const INVALID = 90104

const wrongApp = (ctx: HandlerContext, sdkappid: number): string | undefined =>
  sdkappid === ctx.state.sdkAppId ? undefined : `Sdkappid ${sdkappid} is not the URL's sdkappid`

const contentOf = (ctx: HandlerContext): Record<string, unknown> => ({ ...(ctx.wire["Content"] as Record<string, unknown>) })

const future = (ctx: HandlerContext, text: string): number | undefined => {
  const at = parseSchedTime(text)
  return at !== undefined && at > ctx.now ? at : undefined
}

/** The task for a modify or delete, or why it cannot be changed. */
const changeable = (
  ctx: HandlerContext,
  req: { readonly Sdkappid: number; readonly TaskID: number; readonly Type: string },
  verb: string,
): SchedTask | { readonly code: number; readonly info: string } => {
  const app = wrongApp(ctx, req.Sdkappid)
  if (app !== undefined) return { code: INVALID, info: app }
  const t = ctx.state.sched.get(req.TaskID)
  if (t === undefined) return { code: INVALID, info: `${verb} failed: no scheduled task ${req.TaskID}` }
  if (t.Type !== req.Type) return { code: INVALID, info: `${verb} failed: Type must be the task's (${t.Type})` }
  const status = statusOf(t, ctx.now, ctx.settings.limits.schedLockMs)
  if (status === "dispatched") return { code: 90106, info: `${verb} failed: task dispatched` }
  if (status === "dispatching") return { code: 90107, info: `${verb} failed: task dispatching` }
  return t
}

const failed = <K extends "modify_sched_task" | "delete_sched_task">(r: { readonly code: number; readonly info: string }): Outcome<K> =>
  fail(r.code, r.info, { TaskID: 0 } as never)

export const addSchedTask: Handler<"add_sched_task"> = (ctx, req) => {
  const app = wrongApp(ctx, req.Sdkappid)
  if (app !== undefined) return fail(INVALID, app, { TaskID: 0 })
  const at = future(ctx, req.SchedAt)
  if (at === undefined) return fail(INVALID, "SchedAt must be a future UTC time", { TaskID: 0 })
  const content = contentOf(ctx)
  const t = ctx.state.sched.add({ sdkAppId: ctx.state.sdkAppId, Type: req.Type, schedAtMs: at, Content: content, now: ctx.now })
  // The samples send no MsgRandom and the service reports one: fill it in, stable per task.
  if (content["MsgRandom"] === undefined) content["MsgRandom"] = hash32(`${t.sdkAppId}:${t.TaskID}`)
  return ok({ TaskID: t.TaskID })
}

export const modifySchedTask: Handler<"modify_sched_task"> = (ctx, req) => {
  const t = changeable(ctx, req, "modify")
  if ("code" in t) return failed(t)
  let at: number | undefined
  if (req.SchedAt !== undefined) {
    at = future(ctx, req.SchedAt)
    if (at === undefined) return fail(INVALID, "modify failed: SchedAt must be a future UTC time", { TaskID: 0 })
  }
  if (at !== undefined) {
    t.schedAtMs = at
    t.SchedAt = req.SchedAt!
  }
  if (req.Content !== undefined) {
    const content = contentOf(ctx)
    if (content["MsgRandom"] === undefined) content["MsgRandom"] = t.Content["MsgRandom"]
    t.Content = content
  }
  return ok({ TaskID: t.TaskID })
}

export const deleteSchedTask: Handler<"delete_sched_task"> = (ctx, req) => {
  const t = changeable(ctx, req, "delete")
  if ("code" in t) return failed(t)
  ctx.state.sched.delete(t.TaskID)
  return ok({ TaskID: t.TaskID })
}

export const getSchedTask: Handler<"get_sched_task"> = (ctx, req) => {
  const app = wrongApp(ctx, req.Sdkappid)
  if (app !== undefined) return fail(INVALID, app)
  const t = ctx.state.sched.get(req.TaskID)
  if (t === undefined) return fail(INVALID, `no scheduled task ${req.TaskID}`)
  return ok({ TaskInfo: taskInfo(t, ctx.now, ctx.settings.limits.schedLockMs) as never })
}

export const listSchedTask: Handler<"list_sched_task"> = (ctx, req) => {
  const app = wrongApp(ctx, req.Sdkappid)
  if (app !== undefined) return fail(INVALID, app)
  const bySched = req.OrderBy.toLowerCase() === "schedat"
  const time = (t: SchedTask) => (bySched ? t.schedAtMs : t.createdAt)
  const begin = req.BeginTime === undefined ? undefined : parseSchedTime(req.BeginTime)
  const end = req.EndTime === undefined ? undefined : parseSchedTime(req.EndTime)
  const keyword = req.Keyword?.toLowerCase() ?? ""
  const matching = ctx.state.sched.all().filter((t) => {
    // The times compare in whole seconds, as they are written.
    const at = Math.floor(time(t) / 1000) * 1000
    if (begin !== undefined && at < begin) return false
    if (end !== undefined && at > end) return false
    if (keyword === "") return true
    const { Title, Desc } = titleOf(t)
    return Title.toLowerCase().includes(keyword) || Desc.toLowerCase().includes(keyword)
  })
  const sign = req.Asc ? 1 : -1
  matching.sort((a, b) => sign * (time(a) - time(b) || a.TaskID - b.TaskID))
  const page = matching.slice(req.Offset, req.Offset + req.Want)
  return ok({ Total: matching.length, Tasks: page.map((t) => taskInfo(t, ctx.now, ctx.settings.limits.schedLockMs)) as never })
}
