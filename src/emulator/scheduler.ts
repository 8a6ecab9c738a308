/**
 * Dispatching scheduled pushes: when a task's time has come on the emulator clock, it goes out
 * through the same path as a REST push or batch (the catalogue's request rules, the schema, the
 * handler: spacing 90024, the daily quota 90047, the audience, MsgRandom de-duplication), at its
 * `SchedAt` time, without the REST call rate (the service sends it, not a caller). The outcome is
 * recorded on the task: `PushTaskID` and `DispatchSuccess` 1, or `DispatchErr` with the code.
 *
 * The emulator runs this before every request it answers, when its clock is moved, and (with
 * callbacks on timers) when a task's time comes; tasks due together go out in time order.
 *
 * @module
 */
import { withoutNulls } from "../api/mod.ts"
import type { AppState } from "./app-state.ts"
import { execute } from "./dispatch.ts"
import type { ResolvedSettings } from "./options.ts"

/** Dispatches every task of `state` whose time has come by `now`; returns how many went out. */
export const runSchedule = (state: AppState, now: number, settings: ResolvedSettings): number => {
  const due = state.sched.due(now)
  for (const t of due) {
    t.dispatchedAt = t.schedAtMs
    const answer = execute({
      key: t.Type === "User" ? "batch" : "push",
      family: "timpush",
      state,
      wire: withoutNulls(t.Content),
      bodyBytes: undefined,
      now: t.schedAtMs,
      settings,
      rateLimited: false,
    })
    const taskId = answer.body["TaskId"]
    if (answer.code === 0 && typeof taskId === "string" && taskId !== "") {
      t.DispatchSuccess = 1
      t.PushTaskID = taskId
      const task = state.tasks.get(taskId)
      if (task !== undefined && task.schedTaskId === undefined) state.tasks.set(taskId, { ...task, schedTaskId: t.TaskID })
    } else {
      t.DispatchErr = `${answer.code}: ${String(answer.body["ErrorInfo"] ?? "")}`
    }
  }
  return due.length
}
