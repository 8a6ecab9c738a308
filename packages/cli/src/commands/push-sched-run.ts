/**
 * `push schedule | reschedule | cancel | list | show` (loaded only when one runs), on the
 * client's scheduled-push methods. The writes follow `push send`'s safety: against the real
 * service the exact request (the client's own dry run of it) is printed and `--yes` is needed;
 * `--dry-run` prints it and sends nothing, without credentials.
 *
 * @module
 */
import * as Option from "effect/Option"
import type { ScheduledPush, ScheduledPushType } from "tencent-chat-push/client"
import { out } from "../action.ts"
import { makeClient } from "../client.ts"
import { withClient } from "../client-errors.ts"
import { resolveConnection } from "../config.ts"
import type { Connection, ConnectionFlagValues } from "../config.ts"
import { UsageError } from "../errors.ts"
import { isoOfWire, parseTimeArg, showSchedTime } from "../time-arg.ts"
import { confirmOrRefuse } from "./push-confirm.ts"
import { dryRunClient, reportRequests } from "./push-dry-run.ts"
import { contentGiven, contentOf, contentReadsStdin, withSender } from "./push-sched-content.ts"
import type { SchedContentInput } from "./push-sched-content.ts"
import { reporting } from "./push-report.ts"

/** Parses a scheduled task id (`TaskID`, a positive integer; not a push's `TaskId`). */
export const schedTaskIdOf = (text: string): number => {
  const n = Number(text)
  if (!/^\d{1,15}$/.test(text) || !Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`task id: a scheduled task's id is a positive integer (TaskID), got ${JSON.stringify(text.slice(0, 60))}`)
  }
  return n
}

const typeOf = (o: Option.Option<string>): ScheduledPushType | undefined => {
  if (Option.isNone(o)) return undefined
  const t = o.value.toLowerCase()
  if (t === "all") return "All"
  if (t === "tag") return "Tag"
  if (t === "user") return "User"
  throw new UsageError(`--type: one of All, Tag, User, got ${o.value}`)
}

const headline = (conn: Connection, what: string) =>
  `This ${what} changes scheduled pushes of app ${conn.sdkAppId} (${conn.target}), REAL users will get them:`

/** Parsed flags of `push schedule`. */
export type ScheduleInput = ConnectionFlagValues & SchedContentInput & {
  readonly at: string
  readonly yes: boolean
  readonly dryRun: boolean
  readonly json: boolean
}

export const runSchedule = (i: ScheduleInput): Promise<void> =>
  reporting("push schedule", i.json, async () => {
    const say = i.json ? () => {} : out
    const at = parseTimeArg("--at", i.at)
    const content = await contentOf(i)
    const input = (adminId: string) => ({ ...withSender(content, adminId), at })
    if (i.dryRun) {
      const { client, adminId } = dryRunClient(i, true)
      return await withClient(client, "schedule", async () => {
        const plan = await client.schedulePush({ ...input(adminId), dryRun: true })
        for (const r of plan.requests) say(JSON.stringify(r.body, null, 2))
        return { report: { ok: true, outcome: "dry_run", requests: reportRequests(plan.requests, i.family) } }
      })
    }
    const conn = await resolveConnection(i, process.env, contentReadsStdin(i))
    const client = makeClient(conn)
    return await withClient(client, "schedule", async () => {
      if (!conn.emulator) {
        const plan = await client.schedulePush({ ...input(conn.adminId), dryRun: true })
        confirmOrRefuse(conn, headline(conn, "schedule"), plan.requests, i.yes)
      }
      const r = await client.schedulePush(input(conn.adminId))
      say(`scheduled: task ${r.taskId ?? "(no TaskID in the answer: see push list)"} (${r.type}) at ${showSchedTime(r.schedAt)}`)
      return { report: { ok: true, outcome: "scheduled", taskId: r.taskId ?? null, type: r.type, schedAt: r.schedAt, at: isoOfWire(r.schedAt) } }
    })
  })

/** Parsed flags of `push reschedule`. */
export type RescheduleInput = ConnectionFlagValues & SchedContentInput & {
  readonly taskId: string
  readonly at: Option.Option<string>
  readonly type: Option.Option<string>
  readonly yes: boolean
  readonly dryRun: boolean
  readonly json: boolean
}

/**
 * `push reschedule`: a new time (`--at`), new content (`push schedule`'s content flags, which
 * replace the task's content whole, so they must make a complete push), or both. With new
 * content the task's type follows from it (`--type` is then only checked against it).
 */
export const runReschedule = (i: RescheduleInput): Promise<void> =>
  reporting("push reschedule", i.json, async () => {
    const say = i.json ? () => {} : out
    const taskId = schedTaskIdOf(i.taskId)
    const at = Option.isSome(i.at) ? parseTimeArg("--at", i.at.value) : undefined
    const content = contentGiven(i) ? await contentOf(i) : undefined
    if (at === undefined && content === undefined) {
      throw new UsageError("nothing to change: give --at, new content (push schedule's audience and message flags, or --users), or both")
    }
    let type = typeOf(i.type)
    const change = (adminId: string) => ({
      ...(at !== undefined ? { at } : {}),
      ...(content !== undefined ? { content: withSender(content, adminId) } : {}),
      ...(type !== undefined ? { type } : {}),
    })
    if (i.dryRun) {
      if (type === undefined && content === undefined) {
        throw new UsageError("--dry-run needs --type All|Tag|User (a dry run reads nothing from the service)")
      }
      const { client, adminId } = dryRunClient(i, true)
      return await withClient(client, "reschedule", async () => {
        const plan = await client.reschedulePush(taskId, { ...change(adminId), dryRun: true })
        for (const r of plan.requests) say(JSON.stringify(r.body, null, 2))
        return { report: { ok: true, outcome: "dry_run", taskId, requests: reportRequests(plan.requests, i.family) } }
      })
    }
    const conn = await resolveConnection(i, process.env, contentReadsStdin(i))
    const client = makeClient(conn)
    return await withClient(client, "reschedule", async () => {
      if (!conn.emulator) {
        if (content === undefined) type ??= (await client.getScheduledPush(taskId)).type as ScheduledPushType
        const plan = await client.reschedulePush(taskId, { ...change(conn.adminId), dryRun: true })
        confirmOrRefuse(conn, headline(conn, "reschedule"), plan.requests, i.yes)
      }
      await client.reschedulePush(taskId, change(conn.adminId))
      const task = await client.getScheduledPush(taskId).catch(() => undefined)
      const what = content !== undefined ? " with new content" : ""
      say(`rescheduled: task ${taskId}${what}${task !== undefined ? ` ${at !== undefined ? "to" : "at"} ${showSchedTime(task.schedAt)}` : ""}`)
      return { report: { ok: true, outcome: "rescheduled", taskId, ...(task !== undefined ? { schedAt: task.schedAt, at: isoOfWire(task.schedAt), status: task.status } : {}) } }
    })
  })

/** Parsed flags of `push cancel`. */
export type CancelInput = ConnectionFlagValues & {
  readonly taskId: string
  readonly type: Option.Option<string>
  readonly yes: boolean
  readonly dryRun: boolean
  readonly json: boolean
}

export const runCancel = (i: CancelInput): Promise<void> =>
  reporting("push cancel", i.json, async () => {
    const say = i.json ? () => {} : out
    const taskId = schedTaskIdOf(i.taskId)
    let type = typeOf(i.type)
    if (i.dryRun) {
      if (type === undefined) throw new UsageError("--dry-run needs --type All|Tag|User (a dry run reads nothing from the service)")
      const { client } = dryRunClient(i, true)
      return await withClient(client, "cancel", async () => {
        const plan = await client.cancelScheduledPush(taskId, { type, dryRun: true })
        for (const r of plan.requests) say(JSON.stringify(r.body, null, 2))
        return { report: { ok: true, outcome: "dry_run", taskId, requests: reportRequests(plan.requests, i.family) } }
      })
    }
    const conn = await resolveConnection(i)
    const client = makeClient(conn)
    return await withClient(client, "cancel", async () => {
      if (!conn.emulator) {
        type ??= (await client.getScheduledPush(taskId)).type as ScheduledPushType
        const plan = await client.cancelScheduledPush(taskId, { type, dryRun: true })
        confirmOrRefuse(conn, headline(conn, "cancel"), plan.requests, i.yes)
      }
      await client.cancelScheduledPush(taskId, type !== undefined ? { type } : {})
      say(`cancelled: task ${taskId}`)
      return { report: { ok: true, outcome: "cancelled", taskId } }
    })
  })

/** A task as the JSON reports show it (`at` as ISO text, `null` for absent fields). */
const taskJson = (t: ScheduledPush) => ({
  taskId: t.taskId,
  type: t.type,
  status: t.status,
  schedAt: t.schedAt,
  at: t.at?.toISOString() ?? null,
  createdAt: t.createdAt ?? null,
  title: t.title ?? null,
  description: t.description ?? null,
  dispatchSuccess: t.dispatchSuccess,
  dispatchError: t.dispatchError ?? null,
  pushTaskId: t.pushTaskId ?? null,
  content: t.content ?? null,
})

const taskLine = (t: ScheduledPush): string =>
  [
    String(t.taskId),
    t.type,
    t.status,
    showSchedTime(t.schedAt),
    t.title !== undefined && t.title !== "" ? JSON.stringify(t.title) : "",
    t.pushTaskId !== undefined ? `push ${t.pushTaskId}` : "",
    t.dispatchError !== undefined ? `error: ${t.dispatchError}` : "",
  ].filter((s) => s !== "").join("  ")

/** Parsed flags of `push list`. */
export type ListInput = ConnectionFlagValues & {
  readonly offset: Option.Option<string>
  readonly limit: Option.Option<string>
  readonly orderBy: "createAt" | "schedAt"
  readonly ascending: boolean
  readonly from: Option.Option<string>
  readonly to: Option.Option<string>
  readonly keyword: Option.Option<string>
  readonly json: boolean
}

/** The page size the client asks for without `--limit` (`Want`, the library's default). */
const DEFAULT_LIST_LIMIT = 20

const count = (flag: string, o: Option.Option<string>, min: number): number | undefined => {
  if (Option.isNone(o)) return undefined
  const n = Number(o.value)
  if (!/^\d{1,9}$/.test(o.value) || n < min) throw new UsageError(`${flag}: expected a whole number ≥ ${min}, got ${o.value}`)
  return n
}

export const runList = (i: ListInput): Promise<void> =>
  reporting("push list", i.json, async () => {
    const offset = count("--offset", i.offset, 0)
    const limit = count("--limit", i.limit, 1)
    if (Option.isSome(i.from) !== Option.isSome(i.to)) throw new UsageError("--from and --to go together (the service filters by a range)")
    const from = Option.isSome(i.from) ? parseTimeArg("--from", i.from.value) : undefined
    const to = Option.isSome(i.to) ? parseTimeArg("--to", i.to.value) : undefined
    const conn = await resolveConnection(i)
    const client = makeClient(conn)
    return await withClient(client, "list", async () => {
      const page = await client.listScheduledPushes({
        orderBy: i.orderBy,
        ascending: i.ascending,
        ...(offset !== undefined ? { offset } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(from !== undefined && to !== undefined ? { from, to } : {}),
        ...(Option.isSome(i.keyword) ? { keyword: i.keyword.value } : {}),
      })
      // Where this page is and where the next one starts, so a script (or a person) can page on
      // without counting: `nextOffset` is null on the last page.
      const first = offset ?? 0
      const after = first + page.tasks.length
      const nextOffset = page.tasks.length > 0 && after < page.total ? after : null
      if (!i.json) {
        for (const t of page.tasks) out(taskLine(t))
        if (page.tasks.length > 0) out(`tasks ${first + 1}-${after} of ${page.total}${nextOffset !== null ? ` (next page: --offset ${nextOffset})` : ""}`)
        else if (page.total > 0) out(`no tasks at --offset ${first} (${page.total} in all)`)
        else out("no scheduled tasks match")
      }
      return {
        report: { ok: true, outcome: "listed", total: page.total, offset: first, limit: limit ?? DEFAULT_LIST_LIMIT, nextOffset, tasks: page.tasks.map(taskJson) },
      }
    })
  })

/** Parsed flags of `push show`. */
export type ShowInput = ConnectionFlagValues & {
  readonly taskId: string
  readonly json: boolean
}

export const runShow = (i: ShowInput): Promise<void> =>
  reporting("push show", i.json, async () => {
    const taskId = schedTaskIdOf(i.taskId)
    const conn = await resolveConnection(i)
    const client = makeClient(conn)
    return await withClient(client, "show", async () => {
      const t = await client.getScheduledPush(taskId)
      if (!i.json) {
        out(`task ${t.taskId} (${t.type}), ${t.status}`)
        out(`at: ${showSchedTime(t.schedAt)}`)
        if (t.createdAt !== undefined) out(`created: ${showSchedTime(t.createdAt).replace("SchedAt", "CreateAt")}`)
        if (t.title !== undefined) out(`title: ${t.title}`)
        if (t.description !== undefined) out(`description: ${t.description}`)
        if (t.pushTaskId !== undefined) out(`push task: ${t.pushTaskId}`)
        if (t.dispatchError !== undefined) out(`dispatch error: ${t.dispatchError}`)
        if (t.content !== undefined) out(`content: ${JSON.stringify(t.content)}`)
      }
      return { report: { ok: true, outcome: "found", task: taskJson(t) } }
    })
  })
