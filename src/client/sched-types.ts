/**
 * Public input and output shapes of the scheduled-push methods (`schedulePush`,
 * `reschedulePush`, `cancelScheduledPush`, `getScheduledPush`, `listScheduledPushes`).
 * sched-wire.ts turns them into Tencent's wire names and back.
 *
 * @module
 */
import type { PushCondition, PushInput } from "./types.ts"

/**
 * A time at the friendly API: a `Date`, or epoch milliseconds (as `Date.now()` gives). A number
 * below 10^11 (before 1973) is refused as probably seconds.
 *
 * @example
 * ```ts
 * import type { TimeInput } from "tencent-chat-push/client"
 *
 * const inAnHour: TimeInput = Date.now() + 3_600_000
 * const newYear: TimeInput = new Date("2027-01-01T00:00:00Z")
 * ```
 */
export type TimeInput = Date | number

/**
 * A scheduled task's type: everyone (`All`), a tag or attribute condition (`Tag`), or a list of
 * 1–500 users (`User`). The methods derive it from the content: `userIds` means `User`,
 * `condition` means `Tag`, neither means `All`.
 *
 * @example
 * ```ts
 * import type { ScheduledPushType } from "tencent-chat-push/client"
 *
 * const type: ScheduledPushType = "Tag"
 * ```
 */
export type ScheduledPushType = "All" | "Tag" | "User"

/**
 * A scheduled task's status. The docs name `pending` only; `dispatching` and `dispatched` are
 * this library's (and its emulator's) reading of the states their prose describes
 * (docs/client.md, "Scheduled pushes"). Another string from the service is passed through.
 *
 * @example
 * ```ts
 * import type { ScheduledPushStatus } from "tencent-chat-push/client"
 *
 * const canChange = (s: ScheduledPushStatus) => s === "pending"
 * ```
 */
export type ScheduledPushStatus = "pending" | "dispatching" | "dispatched" | (string & {})

/**
 * What a scheduled task will push: the fields of `push` (everyone, or `condition`), or
 * `userIds` (1–500 users, like `pushToUsers`).
 *
 * @example
 * ```ts
 * import type { ScheduledPushContent } from "tencent-chat-push/client"
 *
 * const content: ScheduledPushContent = { condition: { tagsOr: ["vip"] }, offlinePush: { Title: "Sale", Desc: "Starts now" } }
 * ```
 */
export interface ScheduledPushContent extends Omit<PushInput, "condition"> {
  /** Users matching this condition (a `Tag` task). */
  readonly condition?: PushCondition | undefined
  /** These users, 1–500 (a `User` task; `To_Account`). */
  readonly userIds?: ReadonlyArray<string> | undefined
}

/**
 * A push to schedule: its content and when (`at`). Add `dryRun: true` to get the request back
 * instead of sending it.
 *
 * @example
 * ```ts
 * import type { SchedulePushInput } from "tencent-chat-push/client"
 *
 * const input: SchedulePushInput = {
 *   at: new Date("2027-01-01T09:00:00Z"),
 *   condition: { tagsOr: ["vip"] },
 *   offlinePush: { Title: "Happy new year", Desc: "A gift is waiting" },
 * }
 * ```
 */
export interface SchedulePushInput extends ScheduledPushContent {
  /** When to push (sent as UTC `YYYY-MM-DD HH:MM:SS`; seconds precision, milliseconds dropped). */
  readonly at: TimeInput
}

/**
 * A scheduled task just created.
 *
 * @example
 * ```ts
 * import type { ScheduledPushRef } from "tencent-chat-push/client"
 *
 * const line = (r: ScheduledPushRef) => `task ${r.taskId} (${r.type}) at ${r.schedAt} UTC`
 * ```
 */
export interface ScheduledPushRef {
  /**
   * The scheduled task's id (`TaskID`, an integer; not the push's `TaskId`). `undefined` only if
   * the answer carries none: no page shows add_sched_task's answer (list the tasks to find it).
   */
  readonly taskId: number | undefined
  /** The task type that was sent. */
  readonly type: ScheduledPushType
  /** The time that was sent, UTC `YYYY-MM-DD HH:MM:SS`. */
  readonly schedAt: string
}

/**
 * Changes to a pending scheduled task: a new time, new content (replacing the old content
 * whole), or both. `type` is needed only without `content`; when it is absent the client reads it
 * with `getScheduledPush` first (a dry run, `dryRun: true`, cannot, and fails with rule
 * `sched_type_needed`).
 *
 * @example
 * ```ts
 * import type { ReschedulePushInput } from "tencent-chat-push/client"
 *
 * const later: ReschedulePushInput = { at: Date.UTC(2027, 0, 1, 12, 0, 0) }
 * ```
 */
export interface ReschedulePushInput {
  /** The new time. */
  readonly at?: TimeInput | undefined
  /** The new content (its type must be the task's: Tencent does not change a task's type). */
  readonly content?: ScheduledPushContent | undefined
  /** The task's type, when known (saves a `getScheduledPush` call when `content` is absent). */
  readonly type?: ScheduledPushType | undefined
}

/**
 * Options of `cancelScheduledPush`.
 *
 * @example
 * ```ts
 * import type { CancelScheduledPushOptions } from "tencent-chat-push/client"
 *
 * const options: CancelScheduledPushOptions = { type: "User" }
 * ```
 */
export interface CancelScheduledPushOptions {
  /** The task's type (the command needs it); when absent the client reads it first. */
  readonly type?: ScheduledPushType | undefined
}

/**
 * One scheduled task as the service reports it.
 *
 * @example
 * ```ts
 * import type { ScheduledPush } from "tencent-chat-push/client"
 *
 * const line = (t: ScheduledPush) => `${t.taskId} ${t.status} ${t.schedAt}${t.pushTaskId ? ` → ${t.pushTaskId}` : ""}`
 * ```
 */
export interface ScheduledPush {
  /** The scheduled task's id (`TaskID`). */
  readonly taskId: number
  /** `All`, `Tag` or `User` (another string from the service is passed through). */
  readonly type: ScheduledPushType | (string & {})
  /** `pending`, `dispatching`, `dispatched`. */
  readonly status: ScheduledPushStatus
  /** `SchedAt` as sent by the service (UTC `YYYY-MM-DD HH:MM:SS`). */
  readonly schedAt: string
  /** `SchedAt` as a `Date`; `undefined` when the service's text is not that format. */
  readonly at: Date | undefined
  /** `CreateAt` (UTC text), when reported. */
  readonly createdAt: string | undefined
  /** The title, when reported (`Title`). */
  readonly title: string | undefined
  /** The description, when reported (`Desc`). */
  readonly description: string | undefined
  /** Whether dispatching created the push (`DispatchSuccess` 1). */
  readonly dispatchSuccess: boolean
  /** Why dispatching failed (`DispatchErr`); `undefined` when empty or absent. */
  readonly dispatchError: string | undefined
  /** The push task the dispatch created (`PushTaskID`, for `revokePush` and statistics); `undefined` before. */
  readonly pushTaskId: string | undefined
  /** The stored content, in wire form, as reported (`From_Account` may be a number). */
  readonly content: { readonly [key: string]: unknown } | undefined
}

/**
 * A query of `listScheduledPushes`. `from` and `to` go together and filter by the time the
 * method orders by.
 *
 * @example
 * ```ts
 * import type { ListScheduledPushesInput } from "tencent-chat-push/client"
 *
 * const next: ListScheduledPushesInput = { orderBy: "schedAt", ascending: true, limit: 10 }
 * ```
 */
export interface ListScheduledPushesInput {
  /** The first task to return, from 0 (`Offset`; default 0). */
  readonly offset?: number | undefined
  /** How many tasks to return (`Want`; default 20). */
  readonly limit?: number | undefined
  /** Order by creation or scheduled time (default `createAt`). */
  readonly orderBy?: "createAt" | "schedAt" | undefined
  /** Oldest first (`Asc`; default `false`, newest first). */
  readonly ascending?: boolean | undefined
  /** Start of the time range (with `to`). */
  readonly from?: TimeInput | undefined
  /** End of the time range (with `from`). */
  readonly to?: TimeInput | undefined
  /** Matches the title or the description (`Keyword`). */
  readonly keyword?: string | undefined
}

/**
 * One page of scheduled tasks.
 *
 * @example
 * ```ts
 * import type { ScheduledPushPage } from "tencent-chat-push/client"
 *
 * const more = (p: ScheduledPushPage, offset: number) => offset + p.tasks.length < p.total
 * ```
 */
export interface ScheduledPushPage {
  /** How many tasks match (`Total`). */
  readonly total: number
  /** This page. */
  readonly tasks: ReadonlyArray<ScheduledPush>
}
