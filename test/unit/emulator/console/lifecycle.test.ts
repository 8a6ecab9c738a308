/**
 * The console's lifecycle routes over `em.fetch`: scheduled pushes (paged, newest first, counts
 * per status, one task with its content), a push task's deliveries per stage (attempts, events,
 * a bounded sample, the failed attempts), the callback log (paged, filtered, one attempt with its
 * events), and the test-callback write (to the configured receiver, or to a URL with the token
 * given in the form), received and verified by `createCallbackHandler`; the token never appears.
 */
import { afterEach, describe, expect, it } from "vitest"
import { formatSchedTime } from "../../../../src/api/mod.ts"
import { createCallbackHandler } from "../../../../src/callbacks/mod.ts"
import type { AllMemberPushEvent } from "../../../../src/callbacks/mod.ts"
import type { CallbackOptions } from "../../../../src/emulator/mod.ts"
import { serve } from "../../../../src/node/serve.ts"
import { APP, importAccounts, setup, T0, text } from "../helpers.ts"
import type { Harness } from "../helpers.ts"

const TOKEN = "console-callback-token-1234"
const MIN = 60_000

const get = async (h: Harness, path: string, init: RequestInit = {}) => {
  const res = await h.em.fetch(new Request(`http://127.0.0.1:5390/__emulator/ui/api/${path}`, init))
  return { status: res.status, text: await res.clone().text(), json: (await res.json()) as any }
}
const post = (h: Harness, path: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  get(h, path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers })

/** An emulator whose callbacks reach a verifying receiver directly (sent on flush only); `failFirst` answers 500 that often. */
const withReceiver = (o: { failFirst?: number; callbacks?: Partial<CallbackOptions> } = {}) => {
  const received: AllMemberPushEvent[] = []
  let h: Harness | undefined
  let failures = o.failFirst ?? 0
  const handler = createCallbackHandler({
    sdkAppId: APP.sdkAppId,
    token: TOKEN,
    now: () => h!.em.now() / 1000,
    onEvents: (events) => {
      for (const e of events) if (e.command === "Push.AllMemberPush") received.push(e)
    },
  })
  h = setup({
    callbacks: {
      url: "http://receiver.test/cb",
      token: TOKEN,
      drive: "manual",
      fetch: async (req) => (failures-- > 0 ? new Response("busy", { status: 500 }) : handler(req)),
      ...o.callbacks,
    },
    pushSimulation: { seed: 3 },
  })
  return { h, received }
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `user${String(i).padStart(4, "0")}`)
const sched = (h: Harness, atMs: number, title: string) =>
  h.call("add_sched_task", {
    Sdkappid: APP.sdkAppId, Type: "All", SchedAt: formatSchedTime(atMs),
    Content: { MsgBody: text("hi"), OfflinePushInfo: { PushFlag: 0, Title: title, Desc: "d" } },
  })

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe("console API: scheduled pushes", () => {
  it("pages them newest first with counts per status; the clock moves them to dispatched with their push task", async () => {
    const h = setup()
    await importAccounts(h, ["a", "b"])
    const first = (await sched(h, T0 + 10 * MIN, "first")).json.TaskID
    const second = (await sched(h, T0 + 20 * MIN, "second")).json.TaskID
    const third = (await sched(h, T0 + 30 * MIN, "third")).json.TaskID

    const p = (await get(h, "scheduled")).json
    expect(p.total).toBe(3)
    expect(p.counts).toEqual({ pending: 3, dispatching: 0, dispatched: 0 })
    expect(p.tasks.map((t: any) => t.TaskID)).toEqual([third, second, first])
    expect(p.tasks[0]).toMatchObject({ status: "pending", Title: "third", PushTaskID: "", DispatchErr: "" })
    // Rows leave the message out; the task's own route has it.
    expect(p.tasks[0].Content).toBeUndefined()

    const page1 = (await get(h, "scheduled?limit=2")).json
    expect(page1.tasks.map((t: any) => t.TaskID)).toEqual([third, second])
    const page2 = (await get(h, `scheduled?limit=2&before=${page1.next}`)).json
    expect(page2.tasks.map((t: any) => t.TaskID)).toEqual([first])
    expect(page2.next).toBeUndefined()

    h.em.advanceClock(10 * MIN) // the first is due, the others still 10 and 20 minutes away
    const after = (await get(h, "scheduled")).json
    expect(after.counts).toEqual({ pending: 2, dispatching: 0, dispatched: 1 })
    const done = after.tasks.find((t: any) => t.TaskID === first)
    expect(done).toMatchObject({ status: "dispatched", DispatchSuccess: 1, DispatchErr: "" })
    expect(h.em.task(done.PushTaskID)?.audienceSize).toBe(2)
    expect((await get(h, "scheduled?status=dispatched")).json.tasks.map((t: any) => t.TaskID)).toEqual([first])
    h.em.advanceClock(9.5 * MIN) // inside the second's last minute: locked
    expect((await get(h, "scheduled?status=dispatching")).json.tasks.map((t: any) => t.TaskID)).toEqual([second])

    const one = (await get(h, `scheduled/${APP.sdkAppId}/${first}`)).json
    expect(one).toMatchObject({ TaskID: first, status: "dispatched", Title: "first", PushTaskID: done.PushTaskID })
    expect(one.Content.MsgBody).toEqual(text("hi"))
  })

  it("records a dispatch refused by the push path, and answers 404 and 400 clearly", async () => {
    const h = setup({ limits: { dailyPushQuota: 0 } })
    const id = (await sched(h, T0 + 10 * MIN, "over quota")).json.TaskID
    h.em.advanceClock(11 * MIN)
    const t = (await get(h, `scheduled/${APP.sdkAppId}/${id}`)).json
    expect(t).toMatchObject({ status: "dispatched", DispatchSuccess: 0, PushTaskID: "" })
    expect(t.DispatchErr).toMatch(/^\d+: /)
    expect((await get(h, `scheduled/${APP.sdkAppId}/999`)).status).toBe(404)
    expect((await get(h, "scheduled/1/2/3")).status).toBe(400)
    expect((await get(h, "scheduled/x/1")).status).toBe(400)
    expect((await get(h, "scheduled?status=done")).status).toBe(400)
    expect((await get(h, "scheduled?sdkappid=7")).json.error).toMatch(/no app 7/)
    expect((await get(h, "scheduled?limit=0")).status).toBe(400)
  })
})

describe("console API: a push task's deliveries and the callback log", () => {
  it("sums each stage's callbacks and events, keeps a bounded sample, and lists the failed attempts", async () => {
    const { h, received } = withReceiver({ failFirst: 1 })
    await importAccounts(h, ids(250))
    const taskId = (await h.call("push", { MsgRandom: 1, MsgBody: text("hi") })).json.TaskId as string
    const before = (await get(h, `deliveries/${taskId}`)).json
    expect(before).toMatchObject({ taskId, callbacks: true, configured: true, recipients: 250, attempts: 0, faults: [] })
    expect(before.stages.map((s: any) => [s.stage, s.generated, s.attempts])).toEqual([["sent", 0, 0], ["delivered", 0, 0], ["clicked", 0, 0]])
    expect(before.stages.map((s: any) => [s.due, s.happens, s.finished])).toEqual([[false, true, false], [false, true, false], [false, true, false]])

    h.em.advanceClock(2 * 3600_000)
    await h.em.callbacks.flush()
    const d = (await get(h, `deliveries/${taskId}`)).json
    const sent = d.stages.find((s: any) => s.stage === "sent")
    // 250 events in batches of 100: 3 requests, the first answered 500 and not retried (lost).
    expect(sent).toMatchObject({ generated: 250, finished: true, attempts: 3, ok: 2, failed: 1, eventsLost: 100, eventsDelivered: 150 })
    expect(sent.sample).toHaveLength(5)
    expect(sent.sample.every((e: any) => e.stage === "sent" && e.taskId === taskId)).toBe(true)
    expect(d.faults).toEqual([expect.objectContaining({ stage: "sent", outcome: "refused", status: 500, eventCount: 100, willRetry: false })])
    expect(d.faults[0].events).toBeUndefined()
    for (const s of d.stages) expect(s.eventsDelivered).toBe(received.filter((e) => e.stage === s.stage).length)
    expect(d.attempts).toBe(d.stages.reduce((n: number, s: any) => n + s.attempts, 0))
    expect(d.statistics.TotalCount).toBe(250)
    expect((await get(h, "deliveries/no-such-task")).status).toBe(404)
  })

  it("pages the callback log newest first, filters it, and opens one attempt with its events", async () => {
    const { h } = withReceiver({ failFirst: 1 })
    await importAccounts(h, ids(250))
    const taskId = (await h.call("push", { MsgRandom: 1, MsgBody: text("hi") })).json.TaskId as string
    h.em.advanceClock(2 * 3600_000)
    await h.em.callbacks.flush()
    const all = h.em.callbacks.deliveries()
    expect(all.length).toBeGreaterThan(4)

    const p = (await get(h, "callbacks?limit=2")).json
    expect(p).toMatchObject({ enabled: true, total: all.length, last: all.at(-1)!.seq })
    expect(p.settings).toMatchObject({ url: "http://receiver.test/cb", batchSize: 100 })
    expect(p.counters.attempts).toBe(all.length)
    expect(p.attempts.map((r: any) => r.seq)).toEqual([all.at(-1)!.seq, all.at(-2)!.seq])
    expect(p.attempts[0].events).toBeUndefined()
    const p2 = (await get(h, `callbacks?limit=2&before=${p.next}`)).json
    expect(p2.attempts.map((r: any) => r.seq)).toEqual([all.at(-3)!.seq, all.at(-4)!.seq])
    // Walking every page gives every attempt once.
    const seen: number[] = []
    let next: number | undefined
    do {
      const q = (await get(h, `callbacks?limit=3${next !== undefined ? `&before=${next}` : ""}`)).json
      seen.push(...q.attempts.map((r: any) => r.seq))
      next = q.next
    } while (next !== undefined)
    expect(seen).toEqual(all.map((r) => r.seq).reverse())

    expect((await get(h, "callbacks?ok=false")).json.attempts.map((r: any) => r.status)).toEqual([500])
    const clicked = (await get(h, "callbacks?stage=clicked")).json
    expect(clicked.total).toBe(all.filter((r) => r.stage === "clicked").length)
    expect(clicked.attempts.every((r: any) => r.stage === "clicked")).toBe(true)
    expect((await get(h, `callbacks?taskId=${taskId}&test=true`)).json.total).toBe(0)

    const one = (await get(h, `callbacks/${all[1]!.seq}`)).json
    expect(one).toMatchObject({ seq: all[1]!.seq, eventsKept: true, eventCount: all[1]!.eventCount })
    expect(one.events).toHaveLength(all[1]!.eventCount)
    expect((await get(h, "callbacks/99999")).status).toBe(404)
    expect((await get(h, "callbacks/x")).status).toBe(400)
    expect((await get(h, "callbacks?stage=read")).status).toBe(400)
    expect((await get(h, "callbacks?ok=yes")).status).toBe(400)
    for (const r of [p, p2, one]) expect(JSON.stringify(r)).not.toContain(TOKEN)
  })

  it("says the callbacks are off when no URL is configured", async () => {
    const h = setup()
    await importAccounts(h, ["a"])
    const taskId = (await h.call("push", { MsgRandom: 1, MsgBody: text("hi") })).json.TaskId as string
    expect((await get(h, "callbacks")).json).toMatchObject({ enabled: false, settings: null, total: 0, attempts: [] })
    expect((await get(h, `deliveries/${taskId}`)).json).toMatchObject({ callbacks: false, configured: false, recipients: 1 })
  })
})

describe("console API: send a test callback", () => {
  it("sends one signed event to the configured receiver and answers its status and reply, never the token", async () => {
    const { h, received } = withReceiver()
    const r = await post(h, "test-callback", { userId: "alice", stage: "clicked", platform: "fcm" })
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ configured: true, ok: true, outcome: "ok", status: 200, errorCode: 0, sdkAppId: APP.sdkAppId, requestTime: Math.floor(T0 / 1000) })
    expect(JSON.parse(r.json.reply)).toMatchObject({ ErrorCode: 0 })
    expect(r.json.url).toMatch(/^http:\/\/receiver\.test\/cb\?.*Sign=<redacted>/)
    expect(JSON.parse(r.json.body).Events[0]).toMatchObject({ To_Account: "alice", PushStage: 3 })
    expect(received.map((e) => [e.userId, e.stage, e.platform])).toEqual([["alice", "clicked", "fcm"]])
    expect(r.text).not.toContain(TOKEN)
    // Not a task's callback: the log and the statistics are untouched.
    expect(h.em.callbacks.deliveries()).toHaveLength(0)
  })

  it("shows a refusal as the receiver answered it", async () => {
    const { h } = withReceiver({ failFirst: 1 })
    const r = (await post(h, "test-callback", {})).json
    expect(r).toMatchObject({ ok: false, outcome: "refused", status: 500, reply: "busy", errorInfo: "the answer is not JSON" })
  })

  it("refuses a URL or token when one is configured, bad fields, and anything but a JSON body", async () => {
    const { h, received } = withReceiver()
    expect((await post(h, "test-callback", { url: "http://elsewhere.test/" })).json.error).toMatch(/configured/)
    expect((await post(h, "test-callback", { token: "other" })).status).toBe(400)
    expect((await post(h, "test-callback", { stage: "read" })).json.error).toMatch(/stage must be one of/)
    expect((await post(h, "test-callback", { sdkAppId: 7 })).status).toBe(400)
    expect((await post(h, "test-callback", { userId: "" })).status).toBe(400)
    expect((await post(h, "test-callback", { nope: 1 })).json.error).toMatch(/unknown member "nope"/)
    expect((await post(h, "test-callback", [])).status).toBe(400)
    expect((await post(h, "test-callback", "{not json")).status).toBe(400)
    expect((await post(h, "test-callback", "{}", { "content-type": "application/x-ndjson" })).status).toBe(415)
    expect((await post(h, "test-callback", "{}", { "content-type": "text/plain" })).status).toBe(415)
    expect((await post(h, "test-callback", "x".repeat(20_000))).status).toBe(413)
    expect((await get(h, "test-callback")).status).toBe(405)
    expect(received).toHaveLength(0)
  })

  it("without a callbacks option, sends to the URL given with the token given, over a real socket; says the token must be configured", async () => {
    const h = setup()
    const received: AllMemberPushEvent[] = []
    const rejected: string[] = []
    const receiver = await serve({
      fetch: createCallbackHandler({
        sdkAppId: APP.sdkAppId,
        token: TOKEN,
        now: () => h.em.now() / 1000,
        onEvents: (events) => {
          for (const e of events) if (e.command === "Push.AllMemberPush") received.push(e)
        },
        onRejected: (e) => rejected.push(e.code),
      }),
    })
    cleanups.push(() => receiver.close())
    const url = `${receiver.url}/tencent/cb?app=1`

    const noToken = await post(h, "test-callback", { url })
    expect(noToken.status).toBe(400)
    expect(noToken.json.error).toMatch(/token must be configured/)
    expect((await post(h, "test-callback", {})).json.error).toMatch(/no callback URL is configured/)
    expect((await post(h, "test-callback", { url: "ftp://x/", token: TOKEN })).status).toBe(400)

    const ok = await post(h, "test-callback", { url, token: TOKEN, userId: "bob" })
    expect(ok.json).toMatchObject({ configured: false, ok: true, status: 200 })
    expect(ok.json.url).toContain(`${receiver.url}/tencent/cb?app=1&`)
    expect(received.map((e) => e.userId)).toEqual(["bob"])
    expect(ok.text).not.toContain(TOKEN)

    const wrong = await post(h, "test-callback", { url, token: "not-the-receivers-token" })
    expect(wrong.json).toMatchObject({ ok: false, outcome: "refused", status: 401 })
    expect(wrong.text).not.toContain("not-the-receivers-token")
    expect(rejected).toEqual(["BAD_SIGNATURE"])
    expect(received).toHaveLength(1)

    await receiver.close()
    cleanups.length = 0
    const down = await post(h, "test-callback", { url, token: TOKEN })
    expect(down.json).toMatchObject({ ok: false, outcome: "network" })
    expect(down.text).not.toContain(TOKEN)
  })

  it("follows the inspection API's rules: no cross-origin use, a foreign Host is refused, the inspection token is needed", async () => {
    const { h, received } = withReceiver()
    const crossOrigin = await post(h, "test-callback", {}, { "content-type": "application/json", origin: "http://evil.test" })
    expect(crossOrigin.status).toBe(403)
    const crossSite = await post(h, "test-callback", {}, { "content-type": "application/json", "sec-fetch-site": "cross-site" })
    expect(crossSite.status).toBe(403)
    const res = await h.em.fetch(new Request("http://127.0.0.1:5390/__emulator/ui/api/test-callback", { method: "POST", body: "{}", headers: { "content-type": "application/json", host: "evil.test" } }))
    expect(res.status).toBe(403)
    expect(received).toHaveLength(0)

    const locked = setup({ inspection: { token: "inspect-me" }, callbacks: { url: "http://receiver.test/cb", token: TOKEN, drive: "manual", fetch: async () => new Response("{}") } })
    expect((await post(locked, "test-callback", {})).status).toBe(401)
    expect((await post(locked, "test-callback", {}, { "content-type": "application/json", authorization: "Bearer inspect-me" })).status).toBe(200)
  })
})
