/**
 * One app's scheduled push tasks and their lifecycle on the emulator clock
 * (docs/protocol/push-lifecycle.md#task-status):
 *
 *   pending ──(SchedAt − lockMs)──▶ dispatching ──(SchedAt)──▶ dispatched
 *
 * Only a `pending` task can be modified or deleted (90107 while dispatching, 90106 once
 * dispatched). The docs name `pending` only; `dispatching` and `dispatched` are our spelling of
 * the states their prose describes. A task is "dispatching" from `lockMs` (default 60 s) before
 * its time: our choice, so the 90107 window exists and can be tested. At its time the scheduler
 * (scheduler.ts) sends the push through the ordinary push path and records the outcome:
 * `DispatchSuccess` 1 and `PushTaskID`, or `DispatchSuccess` 0 and `DispatchErr`.
 *
 * @module
 */
import { formatSchedTime } from "../api/mod.ts"
import type { SchedType } from "../api/mod.ts"

/** A task's state. */
export type SchedStatus = "pending" | "dispatching" | "dispatched"

/** A scheduled push task as the emulator keeps it (wire names for what the service reports). */
export interface SchedTask {
  /** The task's id (an integer, unlike a push's `TaskId`). */
  readonly TaskID: number
  /** The app it belongs to. */
  readonly sdkAppId: number
  /** All, Tag or User. */
  readonly Type: SchedType
  /** When it goes out, UTC `YYYY-MM-DD HH:MM:SS`. */
  SchedAt: string
  /** The same, epoch ms. */
  schedAtMs: number
  /** The push it sends (with the `MsgRandom` the emulator filled in when none was given). */
  Content: Record<string, unknown>
  /** Creation, UTC `YYYY-MM-DD HH:MM:SS`. */
  readonly CreateAt: string
  /** Creation, epoch ms (emulator clock). */
  readonly createdAt: number
  /** When it was dispatched, epoch ms; absent while pending or dispatching. */
  dispatchedAt?: number
  /** 1 when the push was created, else 0. */
  DispatchSuccess: number
  /** Why the push was refused (`"<ErrorCode>: <ErrorInfo>"`), or `""`. */
  DispatchErr: string
  /** The push task's `TaskId` once dispatched, or `""`. */
  PushTaskID: string
}

/** The status of `t` at `now`. */
export const statusOf = (t: SchedTask, now: number, lockMs: number): SchedStatus =>
  t.dispatchedAt !== undefined ? "dispatched" : now >= t.schedAtMs - lockMs ? "dispatching" : "pending"

const offline = (content: Record<string, unknown>): Record<string, unknown> => {
  const o = content["OfflinePushInfo"]
  return typeof o === "object" && o !== null ? (o as Record<string, unknown>) : {}
}

/** The title and description a task shows (its offline notification's). */
export const titleOf = (t: SchedTask): { readonly Title: string; readonly Desc: string } => {
  const o = offline(t.Content)
  return { Title: typeof o["Title"] === "string" ? o["Title"] : "", Desc: typeof o["Desc"] === "string" ? o["Desc"] : "" }
}

/** `TaskInfo` as get_sched_task / list_sched_task answer it. */
export const taskInfo = (t: SchedTask, now: number, lockMs: number): Record<string, unknown> => ({
  TaskID: t.TaskID,
  Sdkappid: t.sdkAppId,
  CreateAt: t.CreateAt,
  Type: t.Type,
  SchedAt: t.SchedAt,
  Content: t.Content,
  ...titleOf(t),
  Status: statusOf(t, now, lockMs),
  DispatchSuccess: t.DispatchSuccess,
  DispatchErr: t.DispatchErr,
  PushTaskID: t.PushTaskID,
})

/** TaskIDs start here, so they look like the samples' ten-digit ids. */
const FIRST_ID = 1_000_000_000

/** One app's scheduled tasks. */
export class SchedTasks {
  readonly #tasks = new Map<number, SchedTask>()
  /** The last number handed out (`TaskID` = 1,000,000,000 + counter). */
  counter = 0

  get size(): number {
    return this.#tasks.size
  }

  get(id: number): SchedTask | undefined {
    return this.#tasks.get(id)
  }

  /** Every task, in creation order. */
  all(): Array<SchedTask> {
    return [...this.#tasks.values()]
  }

  /** Creates a task; `Content` must already carry its `MsgRandom`. */
  add(init: { sdkAppId: number; Type: SchedType; schedAtMs: number; Content: Record<string, unknown>; now: number }): SchedTask {
    this.counter++
    const t: SchedTask = {
      TaskID: FIRST_ID + this.counter,
      sdkAppId: init.sdkAppId,
      Type: init.Type,
      SchedAt: formatSchedTime(init.schedAtMs),
      schedAtMs: init.schedAtMs,
      Content: init.Content,
      CreateAt: formatSchedTime(init.now),
      createdAt: init.now,
      DispatchSuccess: 0,
      DispatchErr: "",
      PushTaskID: "",
    }
    this.#tasks.set(t.TaskID, t)
    return t
  }

  delete(id: number): boolean {
    return this.#tasks.delete(id)
  }

  /** Tasks not yet dispatched whose time has come by `now`, oldest time first (then by id). */
  due(now: number): Array<SchedTask> {
    return this.all()
      .filter((t) => t.dispatchedAt === undefined && t.schedAtMs <= now)
      .sort((a, b) => a.schedAtMs - b.schedAtMs || a.TaskID - b.TaskID)
  }

  /** The earliest future moment a task changes state (locks or dispatches), or undefined. */
  nextChange(now: number, lockMs: number): number | undefined {
    let next: number | undefined
    for (const t of this.#tasks.values()) {
      if (t.dispatchedAt !== undefined) continue
      for (const at of [t.schedAtMs - lockMs, t.schedAtMs]) if (at > now && (next === undefined || at < next)) next = at
    }
    return next
  }

  /** Restores one task from a state file. */
  restore(t: SchedTask): void {
    this.#tasks.set(t.TaskID, { ...t, Content: { ...t.Content } })
    this.counter = Math.max(this.counter, t.TaskID - FIRST_ID)
  }

  clear(): void {
    this.#tasks.clear()
    this.counter = 0
  }
}
