/**
 * push (all / tag / attribute), revoke and batch.
 *
 * Order of checks in push (after the catalogue's request rules: 90005, 90039, 90022, 90040,
 * 90032, 90020, 90026, ...): 90045 not enabled → 90033 unknown attribute name → MsgRandom
 * de-duplication → 90024 spacing → 90047 daily quota → create the task. A rejected push
 * changes nothing (it neither counts toward the quota nor moves the last-push time).
 *
 * Choices (docs/protocol/push-api.md#condition and #msgrandom):
 * - Audience = imported accounts matching the condition; groups combine with AND; `TagsNot`
 *   defaults to not (C or D) (option `tagsNot: "all"` gives the sample comment's not (C and D)):
 *   when the docs disagree, the emulator picks the reading that reaches FEWER people.
 * - MsgRandom: a push repeating an earlier push's MsgRandom within `msgRandomWindowMs`
 *   (default 1 s) in the same app answers the first TaskId and creates nothing.
 * - batch has its own rate (30/s, 60007) and does not count toward the push quota or spacing.
 * - revoke: 90049 unknown → 90050 already recalled → 90052 older than 24 h → 90051 a successful
 *   recall less than 1 s ago. 90053 is never answered: the emulator cannot know what the
 *   service stored for roaming/unread. A recall also ends the task's simulated deliveries: stages
 *   not yet due never happen (no callbacks, no statistics for them).
 * - Every new task gets its simulated deliveries (task-sim.ts) over the recipients frozen now.
 *
 * @module
 */
import type { PushTask } from "../app-state.ts"
import type { AppState } from "../app-state.ts"
import { fail, ok } from "./contract.ts"
import type { Handler, HandlerContext } from "./contract.ts"
import { IdList } from "../id-list.ts"
import { makeTaskId } from "../task-id.ts"
import { TaskSim } from "../task-sim.ts"
import { ACCOUNT_NOT_FOUND, distinct, ErrorListBuilder, isLegacy } from "./common.ts"

const DAY_MS = 86_400_000

/** Days since the epoch in the quota's time zone. */
const quotaDay = (ctx: HandlerContext): number =>
  Math.floor((ctx.now + ctx.settings.limits.quotaUtcOffsetMinutes * 60_000) / DAY_MS)

const recentTask = (ctx: HandlerContext, key: string): string | undefined => {
  const st = ctx.state
  const prev = st.recentMsgRandom.get(key)
  if (prev === undefined) return undefined
  if (ctx.now - prev.at < ctx.settings.msgRandomWindowMs) return prev.taskId
  st.recentMsgRandom.delete(key)
  return undefined
}

const remember = (ctx: HandlerContext, key: string, taskId: string): void => {
  const m = ctx.state.recentMsgRandom
  if (m.size >= 10_000) {
    for (const [k, v] of m) if (ctx.now - v.at >= ctx.settings.msgRandomWindowMs) m.delete(k)
  }
  m.set(key, { taskId, at: ctx.now })
}

const nextTaskId = (ctx: HandlerContext, kind: "push" | "batch", from: string, msgRandom: number): string => {
  const st: AppState = ctx.state
  st.taskCounter++
  return makeTaskId({
    kind,
    legacy: isLegacy(ctx),
    sdkAppId: st.sdkAppId,
    from,
    nowMs: ctx.now,
    counter: st.taskCounter,
    msgRandom,
  })
}

const simulate = (ctx: HandlerContext, TaskId: string, recipients: IdList, dataId: string | undefined): void => {
  ctx.state.sims.set(TaskId, new TaskSim({
    taskId: TaskId,
    sdkAppId: ctx.state.sdkAppId,
    dataId,
    createdAt: ctx.now,
    recipients,
    sim: ctx.settings.simulation,
    deliver: ctx.settings.callbacks,
  }))
}

const withoutKeys = (o: Record<string, unknown>, keys: ReadonlyArray<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) {
    // Keys are the sender's: "__proto__" must stay an own member, not become the prototype.
    if (!keys.includes(k)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  }
  return out
}

export const push: Handler<"push"> = (ctx, req) => {
  const st = ctx.state
  const { limits } = ctx.settings
  if (st.app.pushEnabled === false) return fail(90045, "all-user/tag push is not enabled for this app")
  const cond = req.Condition
  for (const name of [...Object.keys(cond?.AttrsAnd ?? {}), ...Object.keys(cond?.AttrsOr ?? {})]) {
    if (st.data.slotOf(name) < 0) return fail(90033, `attribute ${JSON.stringify(name)} in the condition is not defined`)
  }
  const dedupKey = `push:${req.MsgRandom}`
  const repeat = recentTask(ctx, dedupKey)
  if (repeat !== undefined) return ok({ TaskId: repeat })
  // 0 means no spacing at all (tests, load runs); otherwise "more than" the interval, as the
  // service words 90024, so a push exactly one interval later is still refused.
  if (limits.pushIntervalMs > 0 && st.lastPushAt !== undefined && ctx.now - st.lastPushAt <= limits.pushIntervalMs) {
    return fail(90024, `pushes must be more than ${limits.pushIntervalMs} ms apart (last push ${ctx.now - st.lastPushAt} ms ago)`)
  }
  const day = quotaDay(ctx)
  if (day !== st.pushDay) {
    st.pushDay = day
    st.pushesToday = 0
  }
  if (st.pushesToday >= limits.dailyPushQuota) {
    return fail(90047, `daily push quota of ${limits.dailyPushQuota} reached`)
  }
  const audience = st.data.resolve(cond, ctx.settings.recipientSampleSize, ctx.settings.tagsNot)
  const from = req.From_Account ?? ""
  const TaskId = nextTaskId(ctx, "push", from, req.MsgRandom)
  const task: PushTask = {
    TaskId,
    sdkAppId: st.sdkAppId,
    endpoint: "push",
    family: ctx.family,
    createdAt: ctx.now,
    ...(req.From_Account !== undefined ? { From_Account: req.From_Account } : {}),
    MsgRandom: req.MsgRandom,
    ...(cond !== undefined ? { condition: cond } : {}),
    message: withoutKeys(ctx.wire, ["Condition"]),
    audienceSize: audience.count,
    recipientSample: audience.sample,
  }
  st.tasks.set(TaskId, task)
  simulate(ctx, TaskId, audience.ids, req.DataId)
  st.lastPushAt = ctx.now
  st.pushesToday++
  remember(ctx, dedupKey, TaskId)
  return ok({ TaskId })
}

export const revoke: Handler<"revoke"> = (ctx, req) => {
  const st = ctx.state
  const { limits } = ctx.settings
  const task = st.tasks.get(req.TaskId)
  if (task === undefined) return fail(90049, `TaskId ${JSON.stringify(req.TaskId)} is not a push or batch task of this app`)
  if (task.recalledAt !== undefined) return fail(90050, "the task was already recalled")
  if (ctx.now - task.createdAt > limits.revokeWindowMs) return fail(90052, "the task is older than 24 hours")
  if (st.lastRevokeAt !== undefined && ctx.now - st.lastRevokeAt < limits.revokeIntervalMs) {
    return fail(90051, "at most one recall per second")
  }
  task.recalledAt = ctx.now
  st.lastRevokeAt = ctx.now
  return ok({})
}

export const batch: Handler<"batch"> = (ctx, req) => {
  const st = ctx.state
  if (st.app.pushEnabled === false) return fail(90045, "push is not enabled for this app", { TaskId: "" })
  const dedupKey = `batch:${req.MsgRandom}`
  const repeat = recentTask(ctx, dedupKey)
  const errors = new ErrorListBuilder()
  const recipients: Array<string> = []
  const ids: Array<number> = []
  for (const account of distinct(req.To_Account)) {
    const id = st.data.idOf(account)
    if (id !== undefined) {
      recipients.push(account)
      ids.push(id)
    } else errors.add(account, ACCOUNT_NOT_FOUND)
  }
  if (repeat !== undefined) return ok({ TaskId: repeat, ...errors.field() })
  const TaskId = nextTaskId(ctx, "batch", req.From_Account, req.MsgRandom)
  st.tasks.set(TaskId, {
    TaskId,
    sdkAppId: st.sdkAppId,
    endpoint: "batch",
    family: ctx.family,
    createdAt: ctx.now,
    From_Account: req.From_Account,
    MsgRandom: req.MsgRandom,
    message: withoutKeys(ctx.wire, ["To_Account"]),
    audienceSize: recipients.length,
    recipientSample: recipients,
  })
  simulate(ctx, TaskId, IdList.ofIds(Uint32Array.from(ids)), req.DataId)
  remember(ctx, dedupKey, TaskId)
  return ok({ TaskId, ...errors.field() })
}
