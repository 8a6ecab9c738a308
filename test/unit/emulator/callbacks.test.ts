/**
 * The emulator's push callbacks, received by the library's own verifying receiver
 * (`createCallbackHandler`): signed requests of at most 100 events, stage 1 for every recipient
 * then stages 2 and 3 as their times come, statistics and loss equal to the events received, the
 * inspection API (deliveries, pending, counters), failures recorded, retries as configured, and
 * events held in memory bounded by the settings, not by the audience.
 */
import { describe, expect, it } from "vitest"
import { createCallbackHandler } from "../../../src/callbacks/mod.ts"
import type { AllMemberPushEvent, PushCallbackEvent } from "../../../src/callbacks/mod.ts"
import type { CallbackOptions } from "../../../src/emulator/mod.ts"
import { APP, importAccounts, setup, text } from "./helpers.ts"
import type { Harness } from "./helpers.ts"

const TOKEN = "callback-token-for-tests"
const URL_ = "http://receiver.test/tencent/callback?app=1"

/** An emulator whose callbacks go to a real `createCallbackHandler`, sent only on `flush()`. */
const withReceiver = (callbacks: Partial<CallbackOptions> = {}, sim: object = {}) => {
  const received: AllMemberPushEvent[] = []
  const requests: Array<{ url: string; events: number }> = []
  const rejected: string[] = []
  let h: Harness | undefined
  const handler = createCallbackHandler({
    sdkAppId: APP.sdkAppId,
    token: TOKEN,
    // The receiver's clock is the emulator's (RequestTime is signed on the emulator clock).
    now: () => h!.em.now() / 1000,
    onEvents: (events: ReadonlyArray<PushCallbackEvent>) => {
      for (const e of events) if (e.command === "Push.AllMemberPush") received.push(e)
    },
    onRejected: (e) => rejected.push(e.code),
  })
  h = setup({
    callbacks: {
      url: URL_,
      token: TOKEN,
      drive: "manual",
      fetch: async (req) => {
        const res = await handler(req.clone())
        requests.push({ url: req.url, events: ((await req.json()) as { Events?: unknown[] }).Events?.length ?? -1 })
        return res
      },
      ...callbacks,
    },
    pushSimulation: { seed: 7, ...sim },
  })
  return { h, received, requests, rejected }
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `user${String(i).padStart(5, "0")}`)

const count = (events: ReadonlyArray<AllMemberPushEvent>, stage: string, ok?: boolean) =>
  events.filter((e) => e.stage === stage && (ok === undefined || (e.errorCode === 0) === ok)).length

describe("emulator callbacks", () => {
  it("sends every stage of a push, signed and verified, in requests of at most 100 events; statistics equal the events received", async () => {
    const { h, received, requests, rejected } = withReceiver()
    await importAccounts(h, ids(250))
    const r = await h.call("push", { MsgRandom: 1, MsgBody: text("hi"), DataId: "biz-1" })
    const taskId = r.json.TaskId as string
    // Nothing is due yet: stage 1 goes out one second after the task (the default stage delays).
    expect((await h.em.callbacks.flush()).attempts).toBe(0)
    expect(h.em.callbacks.pending()[0]).toMatchObject({ taskId, stage: "sent", due: false, sent: 0, remaining: 250 })
    expect(h.em.callbacks.pending()[0]!.next.map((e) => e.userId)).toStrictEqual(ids(5))
    h.em.advanceClock(61_000)
    await h.em.callbacks.flush()
    expect(rejected).toStrictEqual([])
    expect(requests.every((q) => q.events >= 1 && q.events <= 100)).toBe(true)
    // The app's own query parameters are kept beside the signed ones.
    expect(requests.every((q) => new URL(q.url).searchParams.get("app") === "1" && new URL(q.url).searchParams.get("CallbackCommand") === "Push.AllMemberPush")).toBe(true)
    expect(count(received, "sent")).toBe(250)
    expect(new Set(received.filter((e) => e.stage === "sent").map((e) => e.userId)).size).toBe(250)
    expect(received.every((e) => e.taskId === taskId && e.dataId === "biz-1")).toBe(true)
    expect(count(received, "delivered")).toBeGreaterThan(0)
    expect(count(received, "clicked")).toBeGreaterThan(0)
    expect(h.em.callbacks.pending()).toStrictEqual([])

    h.em.advanceClock(1_000)
    const stats = (await h.call("all_member_push_statistics", { StartTime: 0, EndTime: 2_000_000_000 - 1, TaskID: [taskId] })).json
    // 2_000_000_000 − 0 s is far more than 30 days: the rule must refuse it first.
    expect(stats.ErrorCode).toBe(90001)
    const now = Math.floor(h.em.now() / 1000)
    const ok = (await h.call("all_member_push_statistics", { StartTime: now - 86_400, EndTime: now, TaskID: [taskId] })).json
    expect(ok.ErrorCode).toBe(0)
    expect(ok.Results[0]).toMatchObject({
      TaskID: taskId,
      TotalCount: count(received, "sent"),
      SentCount: count(received, "sent", true),
      DeliveredCount: count(received, "delivered", true),
      ClickCount: count(received, "clicked", true),
    })
    h.em.advanceClock(1_000)
    const loss = (await h.call("all_member_push_loss", { StartTime: now - 86_400, EndTime: now, TaskID: [taskId] })).json.Results[0]
    const lost = (list: Array<{ ErrCount: number }>) => list.reduce((n, l) => n + l.ErrCount, 0)
    expect(lost(loss.ReadyToSendLoss)).toBe(count(received, "sent", false))
    expect(lost(loss.PostSendDeliveredLoss)).toBe(count(received, "delivered", false))
    // The inspection API shows the same numbers.
    const view = h.em.taskDeliveries(taskId)!
    expect(view.statistics.TotalCount).toBe(250)
    expect(view.stages.map((s) => s.finished)).toStrictEqual([true, true, true])
    const counters = h.em.callbacks.counters()
    expect(counters.eventsDelivered).toBe(received.length)
    expect(counters.attempts).toBe(requests.length)
    expect(counters.failed).toBe(0)
  })

  it("a recipient's trace shows the stages its callbacks reported", async () => {
    const { h, received } = withReceiver()
    await importAccounts(h, ids(20))
    const taskId = (await h.call("push", { MsgRandom: 1, MsgBody: text("hi") })).json.TaskId as string
    h.em.advanceClock(61_000)
    await h.em.callbacks.flush()
    const delivered = received.find((e) => e.stage === "delivered" && e.errorCode === 0)!
    const trace = (await h.call("all_member_push_trace", { TaskID: taskId, UserID: delivered.userId })).json.InstanceTrace
    expect(trace).toHaveLength(1)
    expect(trace[0].OfflinePushStat.DeviceStat).toMatchObject({ PushStatus: 1, ErrorCode: 0 })
    h.em.advanceClock(1_000)
    expect((await h.call("all_member_push_trace", { TaskID: taskId, UserID: "not-a-recipient" })).json.InstanceTrace).toStrictEqual([])
  })

  it("a receiver answering 500 is recorded as refused, retried as configured, and the events counted as lost", async () => {
    let calls = 0
    const h = setup({
      callbacks: {
        url: URL_, token: TOKEN, drive: "manual", retry: { times: 2, delayMs: 0 },
        fetch: async () => {
          calls++
          return new Response("nope", { status: 500 })
        },
      },
      pushSimulation: { stageDelaysMs: [1000, 1000, 1000], deliveredRate: 0, deliveryFailureRate: 0 },
    })
    await importAccounts(h, ids(3))
    await h.call("push", { MsgRandom: 1, MsgBody: text("hi") })
    h.em.advanceClock(2_000)
    await h.em.callbacks.flush()
    const log = h.em.callbacks.deliveries()
    expect(log.map((d) => [d.attempt, d.outcome, d.status, d.willRetry])).toStrictEqual([[1, "refused", 500, true], [2, "refused", 500, true], [3, "refused", 500, false]])
    expect(calls).toBe(3)
    expect(h.em.callbacks.counters()).toMatchObject({ attempts: 3, failed: 3, retries: 2, eventsLost: 3, eventsDelivered: 0 })
    // The token never shows in what the inspection API returns.
    expect(JSON.stringify([log, h.em.callbacks.settings, h.em.callbacks.counters()])).not.toContain(TOKEN)
  })

  it("a receiver that never answers is recorded as a timeout", async () => {
    const h = setup({
      callbacks: { url: URL_, token: TOKEN, drive: "manual", timeoutMs: 20, fetch: (req) => new Promise((_, reject) => req.signal.addEventListener("abort", () => reject(req.signal.reason))) },
      pushSimulation: { stageDelaysMs: [1000, 1000, 1000] },
    })
    await importAccounts(h, ids(1))
    await h.call("push", { MsgRandom: 1, MsgBody: text("hi") })
    h.em.advanceClock(2_000)
    await h.em.callbacks.flush()
    expect(h.em.callbacks.deliveries()[0]).toMatchObject({ outcome: "timeout", ok: false })
  })

  it("holds at most concurrency × batchSize events, whatever the audience (5,000 recipients)", async () => {
    let maxInRequest = 0
    const h = setup({
      callbacks: {
        url: URL_, token: TOKEN, drive: "manual", batchSize: 50, concurrency: 2, logEvents: 0,
        fetch: async (req) => {
          maxInRequest = Math.max(maxInRequest, ((await req.json()) as { Events: unknown[] }).Events.length)
          return Response.json({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" })
        },
      },
      pushSimulation: { stageDelaysMs: [1000, 1000, 1000] },
    })
    // 50 imports of 100: 10 ms apart on the emulator clock, under the 100/s import rate.
    for (let i = 0; i < 5_000; i += 100) {
      h.em.advanceClock(10)
      expect(await h.code("multiaccount_import", { Accounts: ids(5_000).slice(i, i + 100) })).toBe(0)
    }
    await h.call("push", { MsgRandom: 1, MsgBody: text("hi") })
    h.em.advanceClock(2_000)
    await h.em.callbacks.flush()
    const c = h.em.callbacks.counters()
    expect(c.eventsDelivered).toBeGreaterThanOrEqual(5_000)
    expect(maxInRequest).toBe(50)
    expect(c.peakEventsHeld).toBeLessThanOrEqual(2 * 50 * 2)
    // logEvents 0: the log keeps its records without their events.
    expect(h.em.callbacks.deliveries().every((d) => d.events === undefined)).toBe(true)
  })

  it("a scheduled push's callbacks go out after it is dispatched", async () => {
    const { h, received } = withReceiver({}, { stageDelaysMs: [1000, 2000, 3000] })
    await importAccounts(h, ids(5))
    const when = new Date(h.em.now() + 120_000).toISOString().slice(0, 19).replace("T", " ")
    const id = (await h.call("add_sched_task", { Sdkappid: APP.sdkAppId, Type: "All", SchedAt: when, Content: { MsgBody: text("hi") } })).json.TaskID
    h.em.advanceClock(60_000)
    await h.em.callbacks.flush()
    expect(received).toHaveLength(0)
    h.em.advanceClock(70_000)
    await h.em.callbacks.flush()
    const pushTaskId = h.em.scheduledTask(APP.sdkAppId, id)!.PushTaskID
    expect(pushTaskId).not.toBe("")
    expect(count(received, "sent")).toBe(5)
    expect(received.every((e) => e.taskId === pushTaskId)).toBe(true)
  })

  it("sendTest sends one signed event the receiver verifies, counted in no statistics", async () => {
    const { h, received } = withReceiver()
    const rec = await h.em.callbacks.sendTest({ userId: "alice" })
    expect(rec).toMatchObject({ ok: true, test: true, eventCount: 1 })
    expect(received.map((e) => [e.userId, e.stage])).toStrictEqual([["alice", "sent"]])
  })

  it("the inspection API over HTTP shows scheduled tasks, pending and delivered callbacks, and flushes", async () => {
    const { h, received } = withReceiver()
    await importAccounts(h, ids(30))
    const get = async (path: string, init: RequestInit = {}) => {
      const res = await h.em.fetch(new Request(`http://emulator.test${path}`, { ...init, headers: { "content-type": "application/json" } }))
      return { status: res.status, json: (await res.json()) as any }
    }
    const when = new Date(h.em.now() + 120_000).toISOString().slice(0, 19).replace("T", " ")
    const id = (await h.call("add_sched_task", { Sdkappid: APP.sdkAppId, Type: "All", SchedAt: when, Content: { MsgBody: text("hi") } })).json.TaskID
    expect((await get(`/__emulator/scheduled?sdkappid=${APP.sdkAppId}`)).json.tasks.map((t: { TaskID: number; status: string }) => [t.TaskID, t.status])).toStrictEqual([[id, "pending"]])
    expect((await get(`/__emulator/scheduled/${APP.sdkAppId}/${id}`)).json.SchedAt).toBe(when)
    expect((await get(`/__emulator/scheduled/${APP.sdkAppId}/99`)).status).toBe(404)
    expect((await get("/__emulator/clock", { method: "POST", body: JSON.stringify({ advanceMs: 125_000 }) })).status).toBe(200)
    const pushTaskId = (await get(`/__emulator/scheduled/${APP.sdkAppId}/${id}`)).json.PushTaskID as string
    expect(pushTaskId).not.toBe("")
    const pending = (await get("/__emulator/callbacks/pending?peek=2")).json.pending
    expect(pending[0]).toMatchObject({ taskId: pushTaskId, stage: "sent", due: true, remaining: 30 })
    expect(pending[0].next).toHaveLength(2)
    const flushed = (await get("/__emulator/callbacks/flush", { method: "POST" })).json
    expect(flushed.eventsDelivered).toBeGreaterThanOrEqual(30)
    const status = (await get("/__emulator/callbacks")).json
    expect(status).toMatchObject({ enabled: true, settings: { url: URL_, drive: "manual" }, counters: { eventsDelivered: flushed.eventsDelivered } })
    expect(JSON.stringify(status)).not.toContain(TOKEN)
    const sent = (await get(`/__emulator/callbacks/deliveries?taskId=${pushTaskId}&stage=sent&ok=true`)).json
    expect(sent.deliveries.reduce((n: number, d: { eventCount: number }) => n + d.eventCount, 0)).toBe(30)
    expect((await get(`/__emulator/deliveries/${pushTaskId}`)).json.statistics.TotalCount).toBe(30)
    expect((await get("/__emulator/callbacks/deliveries?stage=read")).status).toBe(400)
    expect((await get("/__emulator/callbacks/test", { method: "POST", body: JSON.stringify({ userId: "zed" }) })).json).toMatchObject({ ok: true, test: true })
    expect(received.some((e) => e.userId === "zed")).toBe(true)
    expect((await get("/__emulator/callbacks/test", { method: "POST", body: JSON.stringify({ token: "x" }) })).status).toBe(400)
  })

  it("without a callback URL, the HTTP test callback is a clear 400", async () => {
    const h = setup()
    const res = await h.em.fetch(new Request("http://emulator.test/__emulator/callbacks/test", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/callback/)
  })

  it("rejects bad callback options with a typed error naming the member, never the token", () => {
    expect(() => setup({ callbacks: { url: "not a url", token: TOKEN } })).toThrow(/callbacks\.url/)
    expect(() => setup({ callbacks: { url: "ftp://x/y", token: TOKEN } })).toThrow(/callbacks\.url/)
    expect(() => setup({ callbacks: { url: URL_, token: "" } })).toThrow(/callbacks\.token/)
    expect(() => setup({ callbacks: { url: URL_, token: TOKEN, batchSize: 101 } })).toThrow(/callbacks\.batchSize/)
    expect(() => setup({ callbacks: { url: URL_, token: TOKEN, rate: 0 } })).toThrow(/callbacks\.rate/)
    try {
      setup({ callbacks: { url: URL_, token: TOKEN, drive: "sometimes" as never } })
    } catch (e) {
      expect(String(e)).not.toContain(TOKEN)
    }
  })
})
