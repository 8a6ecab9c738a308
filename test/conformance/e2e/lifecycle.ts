/**
 * The push lifecycle on every runtime: a push scheduled through `call`, the emulator clock moved
 * past it, the scheduled push dispatched, its `Push.AllMemberPush` callbacks sent (on `flush()`)
 * to `createCallbackHandler` given as the emulator's callback `fetch`, each signature verified,
 * and the statistics equal to the events the receiver got. In memory: no socket, so it runs the
 * same on Node, Deno, Bun and workerd.
 */
import { formatSchedTime } from "../../../src/api/mod.ts"
import { createCallbackHandler } from "../../../src/callbacks/mod.ts"
import type { AllMemberPushEvent } from "../../../src/callbacks/mod.ts"
import type { Emulator } from "../../../src/emulator/mod.ts"
import type { Harness } from "../harness.ts"
import { APP, withE2E } from "./fixture.ts"

const TOKEN = "conformance-callback-token"

export const registerLifecycle = (t: Harness): void => {
  t.test("lifecycle: schedule, dispatch, verified callbacks, statistics equal to the events received", async () => {
    const received: AllMemberPushEvent[] = []
    const rejected: string[] = []
    let em: Emulator | undefined
    const handler = createCallbackHandler({
      sdkAppId: APP.sdkAppId,
      token: TOKEN,
      now: () => em!.now() / 1000,
      onEvents: (events) => {
        for (const e of events) if (e.command === "Push.AllMemberPush") received.push(e)
      },
      onRejected: (e) => rejected.push(e.code),
    })
    const callbacks = { url: "http://receiver.e2e/cb", token: TOKEN, drive: "manual" as const, fetch: handler }
    await withE2E({ emulator: { callbacks, pushSimulation: { seed: 5, stageDelaysMs: [1_000, 2_000, 3_000] } } }, async (e) => {
      em = e.em
      const users = Array.from({ length: 120 }, (_, i) => ({ userId: `u${i}` }))
      await e.chat.importAccounts(users)
      const schedAt = formatSchedTime(e.em.now() + 120_000)
      const { TaskID } = await e.chat.call("add_sched_task", { Sdkappid: APP.sdkAppId, Type: "All", SchedAt: schedAt, Content: { MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] } })
      e.em.advanceClock(125_000)
      await e.em.callbacks.flush()
      // The receiver hands events on after answering: let those turns run.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
      const info = (await e.chat.call("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: TaskID! })).TaskInfo!
      t.equal([info.Status, info.DispatchSuccess], ["dispatched", 1], "dispatched")
      const pushTaskId = info.PushTaskID!
      t.equal(rejected, [], "every callback verified")
      const of = (stage: string, ok?: boolean) => received.filter((x) => x.stage === stage && (ok === undefined || (x.errorCode === 0) === ok)).length
      t.equal(of("sent"), 120, "one sent event per recipient")
      t.ok(received.every((x) => x.taskId === pushTaskId), "events name the dispatched push")
      t.ok(of("delivered") > 0 && of("clicked") > 0, "later stages reported")
      const now = Math.floor(e.em.now() / 1000)
      const stats = await e.chat.call("all_member_push_statistics", { StartTime: now - 3_600, EndTime: now, TaskID: [pushTaskId] })
      const r = stats.Results![0]!
      t.equal(
        [r.TotalCount, r.SentCount, r.DeliveredCount, r.ClickCount],
        [of("sent"), of("sent", true), of("delivered", true), of("clicked", true)],
        "statistics equal the events received",
      )
    })
  })
}
