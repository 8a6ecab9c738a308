/**
 * The demo's lifecycle part (embedded emulator only): a push scheduled for two minutes ahead,
 * the emulator clock moved past it (no real waiting), the push dispatched by the emulator's
 * scheduler, its `Push.AllMemberPush` callbacks verified by the library's own receiver
 * (`createCallbackHandler`, in-process, on the emulator's clock), and the statistics the service
 * answers compared with the events the receiver counted.
 */
import { formatSchedTime } from "../../src/api/mod.ts"
import { createCallbackHandler } from "../../src/callbacks/mod.ts"
import type { CallbackHandler } from "../../src/callbacks/mod.ts"
import type { PromiseClient } from "../../src/client/mod.ts"
import type { Emulator } from "../../src/emulator/mod.ts"

/** What the receiver counted for one push task. */
export interface ReceivedCounts {
  requests: number
  rejected: number
  sent: number
  sentOk: number
  delivered: number
  deliveredOk: number
  clicked: number
}

const zero = (): ReceivedCounts => ({ requests: 0, rejected: 0, sent: 0, sentOk: 0, delivered: 0, deliveredOk: 0, clicked: 0 })

/** An in-process callback receiver that counts verified events per task. */
export const countingReceiver = (sdkAppId: number, token: string, clock: () => number): {
  readonly handler: CallbackHandler
  readonly token: string
  readonly countsOf: (taskId: string) => ReceivedCounts
  readonly totals: ReceivedCounts
} => {
  const byTask = new Map<string, ReceivedCounts>()
  const totals = zero()
  const handler = createCallbackHandler({
    sdkAppId,
    token,
    now: () => clock() / 1000,
    onEvents: (events) => {
      totals.requests++
      for (const e of events) {
        if (e.command !== "Push.AllMemberPush") continue
        let c = byTask.get(e.taskId)
        if (c === undefined) byTask.set(e.taskId, (c = zero()))
        for (const x of [c, totals]) {
          if (e.stage === "sent") (x.sent++, e.errorCode === 0 && x.sentOk++)
          else if (e.stage === "delivered") (x.delivered++, e.errorCode === 0 && x.deliveredOk++)
          else if (e.stage === "clicked") x.clicked++
        }
      }
    },
    onRejected: () => {
      totals.rejected++
    },
  })
  return { handler, token, countsOf: (taskId) => byTask.get(taskId) ?? zero(), totals }
}

/** The lifecycle part of the report. */
export interface LifecycleReport {
  readonly schedTaskId: number
  readonly schedAt: string
  readonly statusBefore: string
  readonly statusAfter: string
  readonly pushTaskId: string
  readonly audience: number
  readonly received: ReceivedCounts
  readonly callbackRequests: number
  readonly statistics: { readonly TotalCount: number; readonly SentCount: number; readonly DeliveredCount: number; readonly ClickCount: number }
  readonly agree: boolean
}

/** What the lifecycle part needs from the emulator target. */
export interface LifecycleHooks {
  readonly emulator: Emulator
  readonly countsOf: (taskId: string) => ReceivedCounts
  readonly advance: (ms: number) => void
}

export const runLifecycle = async (chat: PromiseClient, sdkAppId: number, tag: string, hooks: LifecycleHooks): Promise<LifecycleReport> => {
  const em = hooks.emulator
  const schedAt = formatSchedTime(em.now() + 120_000)
  const { TaskID } = await chat.call("add_sched_task", {
    Sdkappid: sdkAppId,
    Type: "Tag",
    SchedAt: schedAt,
    Content: {
      Condition: { TagsAnd: [tag] },
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "A scheduled hello from the demo" } }],
      OfflinePushInfo: { PushFlag: 0, Title: "tencent-chat-push", Desc: "A scheduled hello" },
    },
  })
  const id = TaskID ?? 0
  const before = await chat.call("get_sched_task", { Sdkappid: sdkAppId, TaskID: id })
  // Past the task's time, then past its last stage (clicks, 60 s after the push by default).
  hooks.advance(121_000)
  await em.callbacks.flush()
  hooks.advance(61_000)
  await em.callbacks.flush()
  // The receiver hands events on just after answering: let those turns run.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
  const after = await chat.call("get_sched_task", { Sdkappid: sdkAppId, TaskID: id })
  const pushTaskId = after.TaskInfo?.PushTaskID ?? ""
  const now = Math.floor(em.now() / 1000)
  const stats = await chat.call("all_member_push_statistics", { StartTime: now - 86_400, EndTime: now, TaskID: [pushTaskId] })
  const s = stats.Results?.[0] ?? { TotalCount: 0, SentCount: 0, DeliveredCount: 0, ClickCount: 0 }
  const received = hooks.countsOf(pushTaskId)
  const agree = s.TotalCount === received.sent && s.SentCount === received.sentOk && s.DeliveredCount === received.deliveredOk && s.ClickCount === received.clicked
  return {
    schedTaskId: id,
    schedAt,
    statusBefore: before.TaskInfo?.Status ?? "?",
    statusAfter: after.TaskInfo?.Status ?? "?",
    pushTaskId,
    audience: em.task(pushTaskId)?.audienceSize ?? 0,
    received,
    callbackRequests: em.callbacks.counters().attempts,
    statistics: { TotalCount: s.TotalCount, SentCount: s.SentCount, DeliveredCount: s.DeliveredCount, ClickCount: s.ClickCount },
    agree,
  }
}
