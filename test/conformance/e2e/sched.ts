/**
 * The scheduled-push methods end to end against the emulator's scheduler: schedule (All, Tag,
 * User), read, list, reschedule and cancel while pending; 90107 while dispatching and 90106 once
 * dispatched; dispatch creating a real push whose id the task reports; the type lookup before
 * modify / delete; the local checks (nothing reaches the emulator).
 *
 * The emulator refuses a `SchedAt` that is not in the future, and its clock is frozen at the
 * fixture's start, so every time here is relative to `em.now()`.
 */
import { formatSchedTime } from "../../../src/api/mod.ts"
import type { PromiseClient } from "../../../src/client/mod.ts"
import type { Harness } from "../harness.ts"
import { apiError, requestError } from "./expect.ts"
import { APP, ids, offline, text, withE2E } from "./fixture.ts"

const HOUR = 3_600_000

const seed = async (chat: PromiseClient): Promise<void> => {
  await chat.importAccounts(ids(4).map((userId) => ({ userId })))
  await chat.addUserTags([{ userId: "u0", tags: ["vip"] }, { userId: "u1", tags: ["vip"] }])
}

export const registerSched = (t: Harness): void => {
  t.test("sched: schedule a Tag push, read it back, reschedule by id alone, then it dispatches a real push", () =>
    withE2E({}, async ({ chat, em }) => {
      await seed(chat)
      const at = em.now() + HOUR
      const ref = await chat.schedulePush({ at, condition: { tagsOr: ["vip"] }, message: text("sale"), offlinePush: { Title: "Sale", Desc: "now" } })
      t.equal(ref.type, "Tag")
      t.equal(ref.schedAt, formatSchedTime(at))
      t.ok(typeof ref.taskId === "number" && ref.taskId > 0)
      const taskId = ref.taskId!

      const got = await chat.getScheduledPush(taskId)
      t.equal([got.taskId, got.type, got.status, got.schedAt, got.dispatchSuccess, got.pushTaskId], [taskId, "Tag", "pending", formatSchedTime(at), false, undefined])
      t.equal(got.at?.getTime(), Math.floor(at / 1000) * 1000)
      t.equal(em.scheduledTask(APP.sdkAppId, taskId)?.status, "pending")

      // No type given: the client reads it (get_sched_task), then modifies.
      const later = at + HOUR
      await chat.reschedulePush(taskId, { at: later })
      t.equal(em.requests().slice(-2).map((r) => r.endpoint), ["get_sched_task", "modify_sched_task"])
      t.equal(em.scheduledTask(APP.sdkAppId, taskId)?.SchedAt, formatSchedTime(later))

      em.advanceClock(2 * HOUR + 1_000)
      const done = await chat.getScheduledPush(taskId)
      t.equal([done.status, done.dispatchSuccess], ["dispatched", true])
      t.ok(done.pushTaskId !== undefined && em.task(done.pushTaskId) !== undefined, "dispatch created the push it reports")
      t.equal(em.task(done.pushTaskId!)?.audienceSize, 2)

      await apiError(t, () => chat.reschedulePush(taskId, { at: later + HOUR, type: "Tag" }), 90106, "modify_sched_task")
      await apiError(t, () => chat.cancelScheduledPush(taskId), 90106, "delete_sched_task")
    }))

  t.test("sched: a task about to go out is dispatching (90107); a cancelled task is gone (90104)", () =>
    withE2E({}, async ({ chat, em }) => {
      await seed(chat)
      const a = (await chat.schedulePush({ at: em.now() + HOUR, userIds: ["u0", "u2"], from: "administrator", offlinePush: offline })).taskId!
      const b = (await chat.schedulePush({ at: em.now() + 2 * HOUR, offlinePush: offline })).taskId!
      t.equal(em.scheduledTask(APP.sdkAppId, a)?.Type, "User")
      t.equal(em.scheduledTask(APP.sdkAppId, b)?.Type, "All")

      await chat.cancelScheduledPush(b, { type: "All" })
      await apiError(t, () => chat.getScheduledPush(b), 90104, "get_sched_task")

      em.advanceClock(HOUR - 30_000)
      t.equal((await chat.getScheduledPush(a)).status, "dispatching")
      await apiError(t, () => chat.cancelScheduledPush(a, { type: "User" }), 90107, "delete_sched_task")
      await apiError(t, () => chat.reschedulePush(a, { at: em.now() + HOUR, type: "User" }), 90107, "modify_sched_task")
    }))

  t.test("sched: list pages, orders by creation or schedule, filters by range and keyword", () =>
    withE2E({}, async ({ chat, em }) => {
      await seed(chat)
      const base = em.now()
      const made: Array<number> = []
      for (const [i, title] of ["Spring sale", "Summer news", "Autumn sale"].entries()) {
        made.push((await chat.schedulePush({ at: base + (3 - i) * HOUR, offlinePush: { Title: title, Desc: "d" } })).taskId!)
        em.advanceClock(1_000)
      }
      const all = await chat.listScheduledPushes()
      t.equal(all.total, 3)
      t.equal(all.tasks.map((x) => x.taskId), [...made].reverse(), "newest created first by default")
      const bySched = await chat.listScheduledPushes({ orderBy: "schedAt", ascending: true, limit: 2 })
      t.equal(bySched.tasks.map((x) => x.taskId), [made[2], made[1]])
      t.equal(bySched.total, 3)
      const page2 = await chat.listScheduledPushes({ orderBy: "schedAt", ascending: true, offset: 2, limit: 2 })
      t.equal(page2.tasks.map((x) => x.taskId), [made[0]])
      const sales = await chat.listScheduledPushes({ keyword: "SALE" })
      t.equal(sales.tasks.map((x) => x.title).sort(), ["Autumn sale", "Spring sale"])
      const window = await chat.listScheduledPushes({ orderBy: "schedAt", from: base + 2 * HOUR, to: base + 3 * HOUR })
      t.equal(window.tasks.map((x) => x.taskId).sort(), [made[0], made[1]].sort())
      t.equal(em.requests({ endpoint: "list_sched_task" }).map((r) => r.code), [0, 0, 0, 0, 0])
    }))

  t.test("sched: local checks send nothing (a time in seconds, users with a condition, 501 users, modify without a change)", () =>
    withE2E({}, async ({ chat, em }) => {
      const at = em.now() + HOUR
      await requestError(t, em, () => chat.schedulePush({ at: Math.floor(at / 1000), offlinePush: offline }), {
        endpoint: "add_sched_task",
        field: "SchedAt",
        rule: "time_value",
      })
      await requestError(t, em, () => chat.schedulePush({ at, userIds: ["u0"], condition: { tagsOr: ["vip"] }, offlinePush: offline }), {
        endpoint: "add_sched_task",
        field: "Content.Condition",
        rule: "sched_content_type",
        code: 90104,
      })
      await requestError(t, em, () => chat.schedulePush({ at, userIds: ids(501), offlinePush: offline }), {
        endpoint: "add_sched_task",
        field: "Content.To_Account",
        rule: "max_accounts",
        code: 90104,
      })
      await requestError(t, em, () => chat.reschedulePush(1, {}), { endpoint: "modify_sched_task", field: "(body)", rule: "sched_no_change" })
      t.equal(em.scheduledTasks().length, 0)
    }))

  t.test("sched: dry runs reach nothing; the returned add_sched_task body is accepted when sent", () =>
    withE2E({}, async ({ chat, em }) => {
      await seed(chat)
      const before = em.countRequests()
      const plan = await chat.schedulePush({ at: em.now() + HOUR, condition: { tagsOr: ["vip"] }, offlinePush: offline, dryRun: true })
      const m = await chat.reschedulePush(7, { at: em.now() + 2 * HOUR, type: "Tag", dryRun: true })
      const d = await chat.cancelScheduledPush(7, { type: "Tag", dryRun: true })
      t.equal(em.countRequests(), before)
      t.equal([plan.requests[0]!.endpoint, m.requests[0]!.endpoint, d.requests[0]!.endpoint], ["add_sched_task", "modify_sched_task", "delete_sched_task"])
      const sent = await chat.call("add_sched_task", plan.requests[0]!.body)
      t.equal(em.scheduledTask(APP.sdkAppId, sent.TaskID!)?.Type, "Tag")
    }))
}
