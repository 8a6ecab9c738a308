/**
 * `push schedule | reschedule | cancel | list | show` (loaded only when one runs), on the
 * client's scheduled-push methods. The writes follow `push send`'s safety: against the real
 * service the exact request (the client's own dry run of it) is printed and `--yes` is needed;
 * `--dry-run` prints it and sends nothing, without credentials.
 *
 * @module
 */
import * as fs from "node:fs"
import * as Option from "effect/Option"
import type { ScheduledPush, ScheduledPushContent, ScheduledPushType, WireRequest } from "tencent-chat-push/client"
import { err, out } from "../action.ts"
import { makeClient } from "../client.ts"
import { withClient } from "../client-errors.ts"
import { resolveConnection } from "../config.ts"
import type { Connection, ConnectionFlagValues } from "../config.ts"
import { UsageError } from "../errors.ts"
import { readAll } from "../secret.ts"
import { isoOfWire, parseTimeArg, showSchedTime } from "../time-arg.ts"
import { parseMsgRandom, pushInputOf, readUserList } from "./push-run.ts"
import type { SendInput } from "./push-run.ts"
import { dryRunClient, reportRequests } from "./push-dry-run.ts"
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

/**
 * Against the real service: prints what will be sent (URL with the signed query redacted, body)
 * on stderr and refuses without `--yes`. The emulator needs no confirmation.
 */
const confirmOrRefuse = (conn: Connection, what: string, requests: ReadonlyArray<WireRequest>, yes: boolean) => {
  if (conn.emulator) return
  err(`This ${what} changes scheduled pushes of app ${conn.sdkAppId} (${conn.target}), REAL users will get them:`)
  for (const r of requests) {
    err(`POST ${r.url}?sdkappid=${conn.sdkAppId}&identifier=${encodeURIComponent(conn.adminId)}&usersig=<redacted>&random=<random>&contenttype=json`)
    err(JSON.stringify(r.body, null, 2))
  }
  if (!yes) throw new UsageError("not sent: add --yes to send it (or --dry-run to only print the request)", { outcome: "not_confirmed" })
}

/** Parsed flags of `push schedule`. */
export type ScheduleInput = Omit<SendInput, "idempotencyKey"> & {
  readonly at: string
  readonly users: Option.Option<string>
}

/** The scheduled content from the flags: `push send`'s audience and message, or `--users` (a `User` task). */
const contentOf = async (i: ScheduleInput): Promise<ScheduledPushContent> => {
  const base: SendInput = { ...i, idempotencyKey: Option.none() }
  if (Option.isNone(i.users)) return pushInputOf(base)
  if (i.all || Option.isSome(i.tag) || i.tagsAnd.length + i.tagsOr.length + i.tagsNot.length + i.attr.length > 0) {
    throw new UsageError("--users cannot be combined with --all or a tag / attribute condition")
  }
  let text: string
  try {
    text = i.users.value === "-" ? await readAll(process.stdin) : fs.readFileSync(i.users.value, "utf8")
  } catch {
    throw new UsageError(`--users: cannot read ${i.users.value}`)
  }
  const { ids, bad } = readUserList(text)
  if (bad.length > 0) {
    for (const b of bad) err(`line ${b.line}: ${b.id}: invalid-user-id: ${b.reason}`)
    throw new UsageError(`--users: ${bad.length} invalid user ids in ${i.users.value} (a scheduled task is sent whole: fix them first)`)
  }
  const userIds = Array.from(new Set(ids))
  if (userIds.length === 0) throw new UsageError(`--users: no user id in ${i.users.value}`)
  // pushInputOf checks the message flags; --all only satisfies its audience check.
  const { condition: _none, ...rest } = await pushInputOf({ ...base, all: true })
  return { ...rest, userIds }
}

const stdinTaken = (i: ScheduleInput) =>
  (Option.isSome(i.message) && i.message.value === "-") || (Option.isSome(i.users) && i.users.value === "-")

export const runSchedule = (i: ScheduleInput): Promise<void> =>
  reporting("push schedule", i.json, async () => {
    const say = i.json ? () => {} : out
    const at = parseTimeArg("--at", i.at)
    const content = await contentOf(i)
    const input = { ...content, at, msgRandom: parseMsgRandom(i.msgRandom) }
    // A User task goes out as a batch push, which needs a sender: the admin, as push to-users.
    const withSender = (adminId: string) => (input.userIds !== undefined && input.from === undefined ? { ...input, from: adminId } : input)
    if (i.dryRun) {
      const { client, adminId } = dryRunClient(i, true)
      return await withClient(client, "schedule", async () => {
        const plan = await client.schedulePush({ ...withSender(adminId), dryRun: true })
        for (const r of plan.requests) say(JSON.stringify(r.body, null, 2))
        return { report: { ok: true, outcome: "dry_run", requests: reportRequests(plan.requests, i.family) } }
      })
    }
    const conn = await resolveConnection(i, process.env, stdinTaken(i))
    const client = makeClient(conn)
    return await withClient(client, "schedule", async () => {
      if (!conn.emulator) {
        const plan = await client.schedulePush({ ...withSender(conn.adminId), dryRun: true })
        confirmOrRefuse(conn, "schedule", plan.requests, i.yes)
      }
      const r = await client.schedulePush(withSender(conn.adminId))
      say(`scheduled: task ${r.taskId ?? "(no TaskID in the answer: see push list)"} (${r.type}) at ${showSchedTime(r.schedAt)}`)
      return { report: { ok: true, outcome: "scheduled", taskId: r.taskId ?? null, type: r.type, schedAt: r.schedAt, at: isoOfWire(r.schedAt) } }
    })
  })

/** Parsed flags of `push reschedule`. */
export type RescheduleInput = ConnectionFlagValues & {
  readonly taskId: string
  readonly at: string
  readonly type: Option.Option<string>
  readonly yes: boolean
  readonly dryRun: boolean
  readonly json: boolean
}

export const runReschedule = (i: RescheduleInput): Promise<void> =>
  reporting("push reschedule", i.json, async () => {
    const say = i.json ? () => {} : out
    const taskId = schedTaskIdOf(i.taskId)
    const at = parseTimeArg("--at", i.at)
    let type = typeOf(i.type)
    if (i.dryRun) {
      if (type === undefined) throw new UsageError("--dry-run needs --type All|Tag|User (a dry run reads nothing from the service)")
      const { client } = dryRunClient(i, true)
      return await withClient(client, "reschedule", async () => {
        const plan = await client.reschedulePush(taskId, { at, type, dryRun: true })
        for (const r of plan.requests) say(JSON.stringify(r.body, null, 2))
        return { report: { ok: true, outcome: "dry_run", taskId, requests: reportRequests(plan.requests, i.family) } }
      })
    }
    const conn = await resolveConnection(i)
    const client = makeClient(conn)
    return await withClient(client, "reschedule", async () => {
      if (!conn.emulator) {
        type ??= (await client.getScheduledPush(taskId)).type as ScheduledPushType
        const plan = await client.reschedulePush(taskId, { at, type, dryRun: true })
        confirmOrRefuse(conn, "reschedule", plan.requests, i.yes)
      }
      await client.reschedulePush(taskId, { at, ...(type !== undefined ? { type } : {}) })
      const task = await client.getScheduledPush(taskId).catch(() => undefined)
      const schedAt = task?.schedAt
      say(`rescheduled: task ${taskId}${schedAt !== undefined ? ` to ${showSchedTime(schedAt)}` : ""}`)
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
        confirmOrRefuse(conn, "cancel", plan.requests, i.yes)
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
      if (!i.json) {
        for (const t of page.tasks) out(taskLine(t))
        out(`${page.tasks.length} of ${page.total} scheduled tasks`)
      }
      return { report: { ok: true, outcome: "listed", total: page.total, tasks: page.tasks.map(taskJson) } }
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
