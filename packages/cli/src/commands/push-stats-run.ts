/**
 * `push stats` (loaded only when it runs): the statistics of push tasks (all users, tags,
 * batches), optionally their losses and one recipient's trace, or those of ordinary message
 * pushes with `--messages`. Read-only: no confirmation is needed.
 *
 * @module
 */
import * as Option from "effect/Option"
import type { PushCounts, PushLoss, PushStatistics } from "tencent-chat-push/client"
import { out } from "../action.ts"
import { makeClient } from "../client.ts"
import { withClient } from "../client-errors.ts"
import { resolveConnection } from "../config.ts"
import type { ConnectionFlagValues } from "../config.ts"
import { UsageError } from "../errors.ts"
import { parseTimeArg } from "../time-arg.ts"
import { reporting } from "./push-report.ts"

/** Parsed flags of `push stats`. */
export type StatsInput = ConnectionFlagValues & {
  readonly taskIds: ReadonlyArray<string>
  readonly from: Option.Option<string>
  readonly to: Option.Option<string>
  readonly loss: boolean
  readonly trace: Option.Option<string>
  readonly messages: boolean
  readonly json: boolean
}

const countsLine = (c: PushCounts) => `${c.total} recipients, ${c.sent} sent, ${c.delivered} delivered, ${c.clicked} clicked`

const lossLines = (l: PushLoss): string[] => [
  ...l.beforeSending.map((b) => `  lost before sending: ${b.count} (code ${b.code}${b.info ? `: ${b.info}` : ""})`),
  ...l.afterSending.map((b) => `  lost after sending: ${b.count} (code ${b.code}${b.info ? `: ${b.info}` : ""})`),
]

export const runStats = (i: StatsInput): Promise<void> =>
  reporting("push stats", i.json, async () => {
    const say = i.json ? () => {} : out
    // A header per loss report, and `none` when nothing was lost: --loss always shows it ran.
    const sayLoss = (what: string, l: PushLoss) => {
      const lines = lossLines(l)
      say(`${what} losses:${lines.length === 0 ? " none" : ""}`)
      for (const line of lines) say(line)
    }
    const from = Option.isSome(i.from) ? parseTimeArg("--from", i.from.value) : undefined
    const to = Option.isSome(i.to) ? parseTimeArg("--to", i.to.value) : undefined
    const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }
    const taskIds = i.taskIds.flatMap((t) => t.split(",")).filter((t) => t !== "")
    if (i.messages && (taskIds.length > 0 || Option.isSome(i.trace))) {
      throw new UsageError("--messages reports ordinary message pushes: it takes no task ids and no --trace")
    }
    if (taskIds.length > 5) throw new UsageError(`at most 5 task ids per query (the service's limit), got ${taskIds.length}`)
    if (Option.isSome(i.trace) && taskIds.length !== 1) throw new UsageError("--trace USERID needs exactly one task id")
    const conn = await resolveConnection(i)
    const client = makeClient(conn)
    return await withClient(client, "stats", async () => {
      // The loss query goes first: its window is the shorter (7 days), so a range it refuses
      // fails the command before anything is sent, not after the statistics were.
      if (i.messages) {
        const loss = i.loss ? await client.getMessagePushLoss(range) : undefined
        const s = await client.getMessagePushStatistics(range)
        say(`message pushes: ${countsLine(s)}`)
        if (loss !== undefined) sayLoss("message push", loss)
        return { report: { ok: true, outcome: "reported", messages: s, ...(loss !== undefined ? { loss } : {}) } }
      }
      const query = { ...range, ...(taskIds.length > 0 ? { taskIds } : {}) }
      const loss = i.loss ? await client.getPushLoss(query) : undefined
      const statistics: ReadonlyArray<PushStatistics> = await client.getPushStatistics(query)
      for (const s of statistics) say(`${s.taskId ?? "all push tasks"}: ${countsLine(s)}`)
      if (statistics.length === 0) say("no statistics for this query")
      if (loss !== undefined) for (const l of loss) sayLoss(l.taskId ?? "all push tasks", l)
      const trace = Option.isSome(i.trace) ? await client.getPushTrace(taskIds[0]!, i.trace.value) : undefined
      if (trace !== undefined) {
        say(`trace of ${i.trace.pipe(Option.getOrElse(() => ""))} in ${taskIds[0]}: ${trace.length} device instance(s)`)
        for (const t of trace) {
          say(`  instance ${t.instanceId ?? "?"} (platform ${t.platform ?? "?"})`)
          for (const s of t.steps) say(`    ${s.step}: status ${s.status ?? "?"}, code ${s.code ?? "?"}${s.info ? ` ${s.info}` : ""}${s.time ? ` at ${s.time}` : ""}`)
        }
      }
      return {
        report: {
          ok: true,
          outcome: "reported",
          statistics,
          ...(loss !== undefined ? { loss } : {}),
          ...(trace !== undefined ? { trace: trace.map(({ raw: _raw, ...t }) => t) } : {}),
        },
      }
    })
  })
