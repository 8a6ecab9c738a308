/**
 * The content of a scheduled push from the flags, one reading for `push schedule` and `push
 * reschedule`: `push send`'s audience and message flags, or `--users` (a `User` task), and the
 * `MsgRandom`.
 *
 * @module
 */
import * as fs from "node:fs"
import * as Option from "effect/Option"
import type { ScheduledPushContent } from "tencent-chat-push/client"
import { err } from "../action.ts"
import { UsageError } from "../errors.ts"
import { readAll } from "../secret.ts"
import { parseMsgRandom, pushInputOf, readUserList } from "./push-run.ts"
import type { SendContentInput } from "./push-run.ts"

/** Parsed content flags of `push schedule` and `push reschedule` (push-sched.ts `schedContentFlags`). */
export interface SchedContentInput extends SendContentInput {
  readonly users: Option.Option<string>
}

/** Whether any content flag was given (a reschedule without one keeps the task's content). */
export const contentGiven = (i: SchedContentInput): boolean =>
  i.all || i.attrsOr || i.onlineOnly ||
  i.tagsAnd.length + i.tagsOr.length + i.tagsNot.length + i.attr.length > 0 ||
  [i.tag, i.text, i.message, i.offlineTitle, i.offlineDesc, i.from, i.lifetime, i.msgRandom, i.dataId, i.users].some(Option.isSome)

/** Whether a content flag reads stdin (`--message -`, `--users -`). */
export const contentReadsStdin = (i: SchedContentInput): boolean =>
  (Option.isSome(i.message) && i.message.value === "-") || (Option.isSome(i.users) && i.users.value === "-")

/**
 * The scheduled content from the flags: `push send`'s audience and message, or `--users` (a
 * `User` task), with `--msg-random` (random when absent). Usage errors as `push send`'s.
 */
export const contentOf = async (i: SchedContentInput): Promise<ScheduledPushContent> => {
  const msgRandom = parseMsgRandom(i.msgRandom)
  if (Option.isNone(i.users)) return { ...(await pushInputOf(i)), msgRandom }
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
  const { condition: _none, ...rest } = await pushInputOf({ ...i, all: true })
  return { ...rest, userIds, msgRandom }
}

/** A `User` task goes out as a batch push, which needs a sender: the admin, as `push to-users`. */
export const withSender = (c: ScheduledPushContent, adminId: string): ScheduledPushContent =>
  c.userIds !== undefined && c.from === undefined ? { ...c, from: adminId } : c
