/**
 * Statistics, loss analysis and traces (docs/protocol/push-lifecycle.md#statistics-loss-and-traces),
 * answered from the simulated deliveries (task-sim.ts, push-stats.ts): the events the emulator
 * sends as callbacks are the events these count.
 *
 * Choices (the docs are silent):
 * - A query covers the tasks created between `StartTime` and `EndTime` (unix seconds, both
 *   included); without TaskIDs it answers one overall entry (no `TaskID` member), with TaskIDs one
 *   entry per id in the order asked, zero counts for an id that is unknown or outside the range.
 * - Tasks with a callback URL configured count the events generated for delivery so far (call
 *   `em.callbacks.flush()` to bring them up to date); tasks without one count every event whose
 *   stage is due on the emulator clock.
 * - A trace is kept for 7 days after the task (the documented query window); an unknown task, a
 *   user who was not a recipient, or an older task answers an empty `InstanceTrace`.
 * - The emulator has no one-to-one or group messages, so the normal_push_* commands answer zero
 *   counts, empty loss lists and empty traces.
 * - Success answers `ErrorInfo: ""` (not the samples' `"sucess"`).
 *
 * @module
 */
import { limits } from "../../api/mod.ts"
import { countsOf, lossOf, traceOf } from "../push-stats.ts"
import type { TaskSim } from "../task-sim.ts"
import { ok } from "./contract.ts"
import type { Handler, HandlerContext } from "./contract.ts"

const TRACE_WINDOW_MS = limits.lossRangeSeconds * 1000

/** Tasks created in [start, end] (unix seconds), their statistics brought up to now. */
const inRange = (ctx: HandlerContext, start: number, end: number): Array<TaskSim> => {
  ctx.state.settle(ctx.now, TRACE_WINDOW_MS)
  return [...ctx.state.sims.values()].filter((s) => s.taskTime >= start && s.taskTime <= end)
}

const selected = <R>(
  ctx: HandlerContext,
  req: { readonly StartTime: number; readonly EndTime: number; readonly TaskID?: ReadonlyArray<string> | undefined },
  read: (sims: ReadonlyArray<TaskSim>) => R,
): Array<R | (R & { TaskID: string })> => {
  const sims = inRange(ctx, req.StartTime, req.EndTime)
  const ids = req.TaskID ?? []
  if (ids.length === 0) return [read(sims)]
  return ids.map((TaskID) => ({ TaskID, ...read(sims.filter((s) => s.taskId === TaskID)) }))
}

export const allMemberPushStatistics: Handler<"all_member_push_statistics"> = (ctx, req) =>
  ok({ Results: selected(ctx, req, countsOf) })

export const allMemberPushLoss: Handler<"all_member_push_loss"> = (ctx, req) => ok({ Results: selected(ctx, req, lossOf) })

export const allMemberPushTrace: Handler<"all_member_push_trace"> = (ctx, req) => {
  const st = ctx.state
  st.settle(ctx.now, TRACE_WINDOW_MS)
  const sim = st.sims.get(req.TaskID)
  if (sim === undefined || ctx.now - sim.createdAt > TRACE_WINDOW_MS) return ok({ InstanceTrace: [] })
  return ok({ InstanceTrace: traceOf(sim, req.UserID, st.data.idOf(req.UserID), ctx.now, st.tasks.get(req.TaskID)?.recalledAt) })
}

export const normalPushStatistics: Handler<"normal_push_statistics"> = () => ok(countsOf([]))

export const normalPushLoss: Handler<"normal_push_loss"> = () => ok(lossOf([]))

export const normalPushTrace: Handler<"normal_push_trace"> = () => ok({ InstanceTrace: [] })
