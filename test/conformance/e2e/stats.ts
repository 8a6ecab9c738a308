/**
 * The statistics, loss and trace methods end to end: the client's friendly figures equal the
 * emulator's own record of the simulated deliveries (`em.taskDeliveries`), loss codes arrive as
 * text, traces name their steps, the documented windows are refused before sending, and the
 * message-push commands (which the emulator has nothing for) read as zeros and empty lists.
 *
 * The emulator's clock is frozen at the fixture's start and moved by `advanceClock`; the
 * client's default `to` is the wall clock, so these tests pass explicit ranges on the
 * emulator's clock.
 */
import type { PushPlatformCounts } from "../../../src/client/mod.ts"
import type { Harness } from "../harness.ts"
import { requestError } from "./expect.ts"
import { ids, text, withE2E } from "./fixture.ts"

const HOUR = 3_600_000
const DAY = 24 * HOUR

type WirePlatform = { EventType: number; PushPlatform: number; TotalCount: number; SentCount: number; DeliveredCount: number; ClickCount: number }

const friendly = (p: WirePlatform): PushPlatformCounts => ({
  platform: p.PushPlatform,
  eventType: p.EventType,
  total: p.TotalCount,
  sent: p.SentCount,
  delivered: p.DeliveredCount,
  clicked: p.ClickCount,
})

export const registerStats = (t: Harness): void => {
  t.test("stats: a push's statistics, loss and traces as the emulator recorded its deliveries", () =>
    // Outcomes are a function of the TaskId, which carries the wall-clock start: at the default
    // rates, 40 recipients have no loss at all in about 4% of runs (0.922^40; a workerd run failed
    // the loss check below). Half of the offline recipients failing makes a loss-free run
    // (0.6^40, about 1e-9) practically impossible while every figure stays checked.
    withE2E({ emulator: { pushSimulation: { sendFailureRate: 0.5 } } }, async ({ chat, em, nextSecond }) => {
      await chat.importAccounts(ids(40).map((userId) => ({ userId })))
      const { taskId } = await chat.push({ message: text("hello"), offlinePush: { Title: "Hi", Desc: "there" } })
      em.advanceClock(2 * HOUR)
      const range = { from: em.now() - DAY, to: em.now() + HOUR }

      const [stats] = await chat.getPushStatistics({ taskIds: [taskId], ...range })
      const recorded = em.taskDeliveries(taskId)!.statistics
      t.equal(stats, {
        taskId,
        total: recorded.TotalCount,
        sent: recorded.SentCount,
        delivered: recorded.DeliveredCount,
        clicked: recorded.ClickCount,
        platforms: recorded.PlatformStatistics.map(friendly),
      })
      t.equal(stats!.total, 40)

      nextSecond() // 1 call per second per command, at the emulator too (the client's limiter is off here)
      const [overall] = await chat.getPushStatistics(range)
      t.equal([overall!.taskId, overall!.total], [undefined, 40])

      const [loss] = await chat.getPushLoss({ taskIds: [taskId], ...range })
      t.equal(loss!.taskId, taskId)
      const lost = [...loss!.beforeSending, ...loss!.afterSending]
      t.ok(lost.length > 0 && lost.every((b) => typeof b.code === "string" && b.count > 0))
      const sum = (buckets: ReadonlyArray<{ readonly count: number }>) => buckets.reduce((n, b) => n + b.count, 0)
      // Lost before sending = reached but not sent; lost after sending cannot exceed sent but not delivered.
      t.equal(sum(loss!.beforeSending), stats!.total - stats!.sent)
      t.ok(sum(loss!.afterSending) <= stats!.sent - stats!.delivered)

      const traces = await chat.getPushTrace(taskId, "u3")
      t.equal(traces.length, 1)
      t.ok(traces[0]!.steps.length > 0 && traces[0]!.steps.every((s) => s.step.length > 0))
      nextSecond()
      t.equal(await chat.getPushTrace(taskId, "nobody"), [])
    }))

  t.test("stats: windows are checked before sending (30 days of statistics, 7 of loss); message pushes read as zeros", () =>
    withE2E({}, async ({ chat, em }) => {
      const to = em.now()
      await requestError(t, em, () => chat.getPushStatistics({ from: to - 30 * DAY - 1_000, to }), {
        endpoint: "all_member_push_statistics",
        field: "EndTime",
        rule: "stats_window",
      })
      await requestError(t, em, () => chat.getMessagePushLoss({ from: to - 7 * DAY - 1_000, to }), {
        endpoint: "normal_push_loss",
        field: "EndTime",
        rule: "stats_window",
      })
      await requestError(t, em, () => chat.getPushLoss({ taskIds: ids(6), to }), {
        endpoint: "all_member_push_loss",
        field: "TaskID",
        rule: "stats_task_ids",
      })
      const s = await chat.getMessagePushStatistics({ from: to - 30 * DAY, to })
      t.equal(s, { total: 0, sent: 0, delivered: 0, clicked: 0, platforms: [] })
      const l = await chat.getMessagePushLoss({ from: to - 7 * DAY, to })
      t.equal(l, { taskId: undefined, beforeSending: [], afterSending: [], platformBeforeSending: [], platformAfterSending: [] })
      t.equal(await chat.getMessagePushTrace("push-id"), [])
    }))
}
