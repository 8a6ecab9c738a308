/**
 * One app's whole emulated state: its data (accounts, attributes, tags and their indexes), push
 * tasks, the daily push counter and the time of the last push and recall, MsgRandom
 * de-duplication, and the per-command rate windows.
 *
 * @module
 */
import type { Condition, EndpointKey, Family } from "../api/mod.ts"
import { AppData } from "./app-data.ts"
import type { AccountSnapshot } from "./app-data.ts"
import { EmulatorInputError } from "./errors.ts"
import type { EmulatorApp } from "./options.ts"
import type { ResolvedSimulation } from "./outcomes.ts"
import { SchedTasks } from "./sched-tasks.ts"
import type { SchedTask } from "./sched-tasks.ts"
import type { SlidingWindow } from "./sliding-window.ts"
import { checkDeliveryRecord, checkSchedRecord } from "./state-records.ts"
import { STAGES, TaskSim } from "./task-sim.ts"
import type { DeliverySnapshot } from "./task-sim.ts"

/** A push or batch task as the emulator keeps it. */
export interface PushTask {
  /** The task id the emulator answered. */
  readonly TaskId: string
  /** The app it belongs to. */
  readonly sdkAppId: number
  /** The command that created it. */
  readonly endpoint: "push" | "batch"
  /** The URL family it was sent on. */
  readonly family: Family
  /** Creation time, epoch ms (emulator clock). */
  readonly createdAt: number
  /** The sender, as sent. */
  readonly From_Account?: string
  /** The `MsgRandom`, as sent. */
  readonly MsgRandom: number
  /** The push condition as sent (absent = everyone; always absent for batch). */
  readonly condition?: Condition
  /** The message: the request body without `Condition` / `To_Account`. */
  readonly message: Record<string, unknown>
  /** How many accounts the task reached when it was created. */
  readonly audienceSize: number
  /** The first recipients in import order (all of them for batch, which has ≤ 500). */
  readonly recipientSample: ReadonlyArray<string>
  /** When it was recalled, epoch ms, if it was. */
  recalledAt?: number
  /** The scheduled task (`TaskID`) that sent it, when a scheduled push created it. */
  readonly schedTaskId?: number
}

/** An app's state without its accounts and tasks (the `app` record of the NDJSON state). */
export interface AppHeader {
  /** The app's SDKAppID. */
  readonly sdkAppId: number
  /** Slot → name. */
  readonly attrNames: Record<string, string>
  /** Slot → account type. */
  readonly attrTypes: Record<string, number>
  /** The last task number handed out. */
  readonly taskCounter: number
  /** The quota day (days since epoch in the quota's UTC offset) `pushesToday` counts. */
  readonly pushDay: number
  /** Pushes counted against the daily quota on `pushDay`. */
  readonly pushesToday: number
  /** The last push, epoch ms (for the spacing rule). */
  readonly lastPushAt?: number
  /** The last recall, epoch ms (for the 1 per second rule). */
  readonly lastRevokeAt?: number
  /** The last scheduled-task number handed out (absent in files of earlier versions). */
  readonly schedCounter?: number
}

/** An app's state as JSON (no secrets: the app's key stays in the options). */
export interface AppSnapshot {
  /** The app's SDKAppID. */
  readonly sdkAppId: number
  /** Slot → name. */
  readonly attrNames: Record<string, string>
  /** Slot → account type. */
  readonly attrTypes: Record<string, number>
  /** Every account, in import order. */
  readonly accounts: ReadonlyArray<AccountSnapshot>
  /** Every push and batch task. */
  readonly tasks: ReadonlyArray<PushTask>
  /** The last task number handed out. */
  readonly taskCounter: number
  /** The quota day (days since epoch in the quota's UTC offset) `pushesToday` counts. */
  readonly pushDay: number
  /** Pushes counted against the daily quota on `pushDay`. */
  readonly pushesToday: number
  /** The last push, epoch ms (for the spacing rule). */
  readonly lastPushAt?: number
  /** The last recall, epoch ms (for the 1 per second rule). */
  readonly lastRevokeAt?: number
  /** The last scheduled-task number handed out. */
  readonly schedCounter?: number
  /** Scheduled push tasks, in creation order (absent in files of earlier versions). */
  readonly sched?: ReadonlyArray<SchedTask>
  /** Push tasks' simulated deliveries as counts (absent in files of earlier versions). */
  readonly deliveries?: ReadonlyArray<DeliverySnapshot>
}

export class AppState {
  readonly app: EmulatorApp
  data: AppData = new AppData()
  readonly tasks = new Map<string, PushTask>()
  taskCounter = 0
  pushDay = 0
  pushesToday = 0
  lastPushAt: number | undefined = undefined
  lastRevokeAt: number | undefined = undefined
  /** `${endpoint}:${MsgRandom}` → the task it created and when. */
  readonly recentMsgRandom = new Map<string, { readonly taskId: string; readonly at: number }>()
  readonly windows = new Map<EndpointKey, SlidingWindow>()
  /** Scheduled push tasks. */
  readonly sched = new SchedTasks()
  /**
   * Each push task's simulated deliveries (callbacks, statistics, traces), by TaskId. A state
   * file keeps their counts (task-sim.ts, `snapshot`), not their recipients.
   */
  readonly sims = new Map<string, TaskSim>()

  constructor(app: EmulatorApp) {
    this.app = app
  }

  get sdkAppId(): number {
    return this.app.sdkAppId
  }

  /** Clears everything (data, tasks, counters, windows). */
  reset(): void {
    this.data = new AppData()
    this.tasks.clear()
    this.taskCounter = 0
    this.pushDay = 0
    this.pushesToday = 0
    this.lastPushAt = undefined
    this.lastRevokeAt = undefined
    this.recentMsgRandom.clear()
    this.windows.clear()
    this.sched.clear()
    this.sims.clear()
  }

  /**
   * Brings the statistics of tasks without callbacks up to `now` (their due stages are counted),
   * ends stages recalled before they were due, and frees the recipient lists of finished tasks
   * past the trace window (`traceWindowMs`).
   */
  settle(now: number, traceWindowMs: number): void {
    for (const sim of this.sims.values()) {
      if (sim.complete) {
        if (now - sim.createdAt > traceWindowMs && sim.recipientBytes > 0) sim.releaseRecipients()
        continue
      }
      const recalledAt = this.tasks.get(sim.taskId)?.recalledAt
      for (const stage of STAGES) {
        if (sim.finished(stage) || now < sim.dueAt(stage)) continue
        if (!sim.happens(stage, recalledAt)) sim.cancel(stage)
        else if (!sim.deliver) sim.countRest(stage, this.data)
      }
    }
  }

  /** Everything but the accounts and tasks. */
  header(): AppHeader {
    const attrNames: Record<string, string> = {}
    const attrTypes: Record<string, number> = {}
    this.data.attrNames.forEach((n, slot) => {
      if (n !== undefined) attrNames[String(slot)] = n
    })
    this.data.attrTypes.forEach((t, slot) => {
      if (t !== undefined) attrTypes[String(slot)] = t
    })
    return {
      sdkAppId: this.sdkAppId,
      attrNames,
      attrTypes,
      taskCounter: this.taskCounter,
      pushDay: this.pushDay,
      pushesToday: this.pushesToday,
      ...(this.lastPushAt !== undefined ? { lastPushAt: this.lastPushAt } : {}),
      ...(this.lastRevokeAt !== undefined ? { lastRevokeAt: this.lastRevokeAt } : {}),
      schedCounter: this.sched.counter,
    }
  }

  /** Scheduled tasks as exported (copies), in creation order. */
  schedSnapshots(): Array<SchedTask> {
    return this.sched.all().map((t) => ({ ...t, Content: { ...t.Content } }))
  }

  /** Each push task's deliveries as exported, one at a time (each walks its task's pending recipients). */
  *deliverySnapshots(): Generator<DeliverySnapshot> {
    for (const sim of this.sims.values()) yield sim.snapshot(this.data)
  }

  /** Tasks as exported (copies), oldest first. */
  taskSnapshots(): Array<PushTask> {
    return [...this.tasks.values()].map((t) => ({ ...t }))
  }

  snapshot(): AppSnapshot {
    const { sdkAppId, attrNames, attrTypes, ...counters } = this.header()
    return {
      sdkAppId,
      attrNames,
      attrTypes,
      accounts: this.data.exportAccounts(),
      tasks: this.taskSnapshots(),
      ...counters,
      sched: this.schedSnapshots(),
      deliveries: [...this.deliverySnapshots()],
    }
  }

  /** Starts a restore: clears everything and applies `h` (accounts and tasks follow one by one). */
  restoreHeader(h: AppHeader): void {
    this.reset()
    for (const [slot, name] of Object.entries(h.attrNames ?? {})) this.data.attrNames[Number(slot)] = name
    for (const [slot, type] of Object.entries(h.attrTypes ?? {})) this.data.attrTypes[Number(slot)] = type
    this.taskCounter = h.taskCounter
    this.pushDay = h.pushDay ?? 0
    this.pushesToday = h.pushesToday ?? 0
    this.lastPushAt = h.lastPushAt
    this.lastRevokeAt = h.lastRevokeAt
    const counter = h.schedCounter ?? 0
    if (!Number.isSafeInteger(counter) || counter < 0) throw new EmulatorInputError("schedCounter", "invalid emulator state: schedCounter must be a non-negative integer")
    this.sched.counter = counter
  }

  restoreTask(t: PushTask): void {
    this.tasks.set(t.TaskId, { ...t })
  }

  /** Restores one scheduled task from an untrusted record (checked whole first). */
  restoreSched(value: unknown, where: string): void {
    const t = checkSchedRecord(value, this.sdkAppId, where)
    if (this.sched.get(t.TaskID) !== undefined) throw new EmulatorInputError(where, `invalid emulator state at ${where}: scheduled task ${t.TaskID} twice`)
    this.sched.restore(t)
  }

  /** Restores one push task's deliveries from an untrusted record (after its task). */
  restoreDelivery(value: unknown, where: string, sim: ResolvedSimulation): void {
    const taskId = typeof value === "object" && value !== null ? (value as { TaskId?: unknown }).TaskId : undefined
    const task = typeof taskId === "string" ? this.tasks.get(taskId) : undefined
    const d = checkDeliveryRecord(value, task?.createdAt, where)
    if (this.sims.has(d.TaskId)) throw new EmulatorInputError(where, `invalid emulator state at ${where}: deliveries of task ${JSON.stringify(d.TaskId.slice(0, 80))} twice`)
    this.sims.set(d.TaskId, TaskSim.restore(d, this.sdkAppId, sim))
  }

  /** Replaces this app's state with `s` (rate windows and MsgRandom memory start empty). */
  restore(s: AppSnapshot, sim: ResolvedSimulation): void {
    this.restoreHeader(s)
    for (const a of s.accounts ?? []) this.data.importAccountSnapshot(a)
    for (const t of s.tasks ?? []) this.restoreTask(t)
    s.sched?.forEach((t, i) => this.restoreSched(t, `apps[sdkAppId=${this.sdkAppId}].sched[${i}]`))
    s.deliveries?.forEach((d, i) => this.restoreDelivery(d, `apps[sdkAppId=${this.sdkAppId}].deliveries[${i}]`, sim))
  }
}
