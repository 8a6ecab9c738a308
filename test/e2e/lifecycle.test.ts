/**
 * The push lifecycle end to end, over real sockets: the client schedules a push on the emulator
 * (served by the node:http bridge), the emulator clock is moved past its time, the scheduled push
 * is dispatched through the push path, the emulator sends its `Push.AllMemberPush` callbacks on
 * its own timers to `createCallbackHandler` served on a second socket, which verifies each
 * signature; the statistics and loss the client then reads equal the events the receiver got.
 *
 * The client's friendly scheduling methods are not used here: `call` sends the catalogue's wire
 * bodies, so this test depends only on the catalogue, the emulator and the receiver.
 */
import { afterEach, describe, expect, it } from "vitest"
import { formatSchedTime } from "../../src/api/mod.ts"
import { createCallbackHandler } from "../../src/callbacks/mod.ts"
import type { AllMemberPushEvent, CallbackError } from "../../src/callbacks/mod.ts"
import { createClient } from "../../src/client/mod.ts"
import { createEmulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"

const APP = { sdkAppId: 1400000000, secretKey: "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90", admins: ["administrator"] }
const TOKEN = "lifecycle-callback-token"
const USERS = Array.from({ length: 230 }, (_, i) => `user${i}`)

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Resolves once `done()` holds; the receiver hands events on after answering, so they trail the flush. */
const settle = async (done: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe("the push lifecycle over sockets", () => {
  it("schedule → advance the clock → dispatch → verified callbacks → statistics equal to the events received", async () => {
    const received: AllMemberPushEvent[] = []
    const rejected: CallbackError[] = []
    const receiver = await serve({ fetch: createCallbackHandler({
      sdkAppId: APP.sdkAppId,
      token: TOKEN,
      onEvents: (events) => {
        for (const e of events) if (e.command === "Push.AllMemberPush") received.push(e)
      },
      onRejected: (e) => rejected.push(e),
    }) })
    cleanups.push(() => receiver.close())
    const em = createEmulator({
      apps: [APP],
      callbacks: { url: `${receiver.url}/tencent/callbacks`, token: TOKEN },
      // Stages a few seconds apart on the emulator clock, so the whole run stays inside the
      // receiver's ±300 s freshness window although the clock is moved forward.
      pushSimulation: { seed: 11, stageDelaysMs: [1_000, 3_000, 6_000] },
    })
    const server = await serve(em)
    cleanups.push(() => server.close())
    const chat = createClient({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminId: "administrator", baseUrl: server.url, rateLimits: false, retry: false })
    cleanups.push(() => chat.dispose())

    for (let i = 0; i < USERS.length; i += 100) await chat.importAccounts(USERS.slice(i, i + 100).map((userId) => ({ userId })))
    await chat.addUserTags(USERS.slice(0, 150).map((userId) => ({ userId, tags: ["vip"] })))

    const schedAt = formatSchedTime(em.now() + 120_000)
    const { TaskID } = await chat.call("add_sched_task", {
      Sdkappid: APP.sdkAppId, Type: "Tag", SchedAt: schedAt,
      Content: { Condition: { TagsAnd: ["vip"] }, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "Sale" } }], OfflinePushInfo: { PushFlag: 0, Title: "Sale", Desc: "Sale starts now" }, DataId: "campaign-7" },
    })
    expect(typeof TaskID).toBe("number")
    const pending = await chat.call("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: TaskID! })
    expect(pending.TaskInfo).toMatchObject({ Status: "pending", SchedAt: schedAt, PushTaskID: "" })

    // Past the task's time and every stage: the scheduler dispatches it, the timers send the callbacks.
    em.advanceClock(130_000)
    const dispatched = await chat.call("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: TaskID! })
    expect(dispatched.TaskInfo).toMatchObject({ Status: "dispatched", DispatchSuccess: 1, DispatchErr: "" })
    const pushTaskId = dispatched.TaskInfo!.PushTaskID!
    expect(em.task(pushTaskId)?.audienceSize).toBe(150)

    await em.callbacks.flush()
    const total = em.callbacks.counters().eventsDelivered
    await settle(() => received.length >= total)
    expect(rejected).toStrictEqual([])
    expect(em.callbacks.counters()).toMatchObject({ failed: 0, eventsLost: 0 })
    expect(received).toHaveLength(total)
    expect(received.every((e) => e.taskId === pushTaskId && e.dataId === "campaign-7")).toBe(true)
    const of = (stage: string, ok?: boolean) => received.filter((e) => e.stage === stage && (ok === undefined || (e.errorCode === 0) === ok)).length
    expect(of("sent")).toBe(150)
    expect(new Set(received.filter((e) => e.stage === "sent").map((e) => e.userId))).toStrictEqual(new Set(USERS.slice(0, 150)))
    expect(of("delivered")).toBeGreaterThan(0)
    expect(of("clicked")).toBeGreaterThan(0)

    const now = Math.floor(em.now() / 1000)
    const stats = await chat.call("all_member_push_statistics", { StartTime: now - 3_600, EndTime: now, TaskID: [pushTaskId] })
    expect(stats.Results).toStrictEqual([expect.objectContaining({
      TaskID: pushTaskId,
      TotalCount: of("sent"),
      SentCount: of("sent", true),
      DeliveredCount: of("delivered", true),
      ClickCount: of("clicked", true),
    })])
    em.advanceClock(1_000)
    const loss = await chat.call("all_member_push_loss", { StartTime: now - 3_600, EndTime: now, TaskID: [pushTaskId] })
    const lost = (l: ReadonlyArray<{ readonly ErrCount: number }> | undefined) => (l ?? []).reduce((n, x) => n + x.ErrCount, 0)
    expect(lost(loss.Results?.[0]?.ReadyToSendLoss)).toBe(of("sent", false))
    expect(lost(loss.Results?.[0]?.PostSendDeliveredLoss)).toBe(of("delivered", false))
  })
})
