/**
 * Callbacks driven by requests (`drive: "request"`, the Workers mode): deliveries run only inside
 * the `waitUntil` of a request handled with a context (`em.fetch(request, env, ctx)`), never on
 * their own; every event arrives signed and verified by the library's own receiver
 * (`createCallbackHandler`); a request waits for later stages at most REQUEST_LINGER_MS (20 s of
 * the emulator clock running), later ones go out with a later request; a frozen emulator clock
 * does not keep a request's waitUntil alive.
 */
import { afterEach, describe, expect, it, vi } from "vitest"
import { createCallbackHandler } from "../../../src/callbacks/mod.ts"
import type { AllMemberPushEvent, PushCallbackEvent } from "../../../src/callbacks/mod.ts"
import type { PushSimulationOptions } from "../../../src/emulator/mod.ts"
import { APP, importAccounts, requestFor, setup, T0, text } from "./helpers.ts"
import type { Harness } from "./helpers.ts"

const TOKEN = "callback-token-for-request-drive"

/** An emulator with `drive: "request"` whose callbacks go to a verifying receiver; a ctx that keeps every waitUntil promise. */
const workersLike = (o: { readonly now?: () => number; readonly sim?: PushSimulationOptions } = {}) => {
  const received: AllMemberPushEvent[] = []
  const rejected: string[] = []
  let h: Harness | undefined
  const receiver = createCallbackHandler({
    sdkAppId: APP.sdkAppId,
    token: TOKEN,
    now: () => h!.em.now() / 1000,
    onEvents: (events: ReadonlyArray<PushCallbackEvent>) => {
      for (const e of events) if (e.command === "Push.AllMemberPush") received.push(e)
    },
    onRejected: (e) => rejected.push(e.code),
  })
  let outside = 0
  let inside = 0
  const kept: Array<Promise<unknown>> = []
  const ctx = {
    waitUntil: (p: Promise<unknown>) => {
      inside++
      kept.push(p.finally(() => inside--))
    },
  }
  h = setup({
    ...(o.now !== undefined ? { now: o.now } : {}),
    callbacks: {
      url: "http://receiver.test/callback",
      token: TOKEN,
      drive: "request",
      fetch: (req) => {
        // Every delivery starts while a request is handled or its waitUntil promise still runs.
        if (inside === 0) outside++
        return receiver(req)
      },
    },
    pushSimulation: { seed: 3, ...o.sim },
  })
  const em = h.em
  /** A REST call handled as a Worker handles it: `fetch(request, env, ctx)`. */
  const call = async (key: string, body: unknown) => {
    inside++
    try {
      return (await (await em.fetch(requestFor(key, body), {}, ctx)).json()) as Record<string, any>
    } finally {
      inside--
    }
  }
  const settle = async () => {
    while (kept.length > 0) await Promise.all(kept.splice(0))
  }
  return { h, em, received, rejected, ctx, kept, call, settle, outside: () => outside }
}

/** The emulator clock running with real time from T0 (the helpers' UserSigs are minted at T0). */
const running = () => {
  const start = Date.now()
  return () => T0 + (Date.now() - start)
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `user${String(i).padStart(4, "0")}`)
const stageCount = (events: ReadonlyArray<AllMemberPushEvent>, stage: string) => events.filter((e) => e.stage === stage).length

afterEach(() => {
  vi.useRealTimers()
})

describe('callbacks with drive: "request"', () => {
  it("sends nothing on its own: a request without a waitUntil context, or a clock move, delivers nothing", async () => {
    const w = workersLike({ sim: { stageDelaysMs: [0, 0, 0] } })
    await importAccounts(w.h, ids(30))
    expect((await w.h.call("push", { MsgRandom: 1, MsgBody: text("hi") })).json.ErrorCode).toBe(0)
    w.em.advanceClock(120_000)
    await w.h.call("get_attr_name", {})
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(w.em.callbacks.counters().attempts).toBe(0)
    expect(w.received).toStrictEqual([])
    expect(w.kept).toHaveLength(0)
    // The first request with a context sends what is due, inside its waitUntil.
    await w.call("get_attr_name", {})
    expect(w.kept.length).toBeGreaterThan(0)
    await w.settle()
    expect(stageCount(w.received, "sent")).toBe(30)
  })

  it("delivers every stage inside the push request's waitUntil, signed and verified; statistics equal the events received", async () => {
    const w = workersLike({ now: running(), sim: { stageDelaysMs: [5, 10, 15] } })
    await importAccounts(w.h, ids(250))
    const taskId = (await w.call("push", { MsgRandom: 1, MsgBody: text("hi") })).TaskId as string
    expect(w.kept).toHaveLength(1)
    await w.settle()
    expect(w.rejected).toStrictEqual([])
    expect(w.outside()).toBe(0)
    expect(stageCount(w.received, "sent")).toBe(250)
    expect(w.received.every((e) => e.taskId === taskId)).toBe(true)
    const stats = (await w.h.call("all_member_push_statistics", { StartTime: Math.floor(w.em.now() / 1000) - 60, EndTime: Math.floor(w.em.now() / 1000), TaskID: [taskId] })).json.Results[0]
    expect(stats.TotalCount).toBe(250)
    expect(stats.SentCount).toBe(w.received.filter((e) => e.stage === "sent" && e.errorCode === 0).length)
    expect(stats.DeliveredCount).toBe(w.received.filter((e) => e.stage === "delivered" && e.errorCode === 0).length)
    expect(stats.ClickCount).toBe(stageCount(w.received, "clicked"))
    expect(stats.DeliveredCount).toBeGreaterThan(0)
    expect(stats.ClickCount).toBeGreaterThan(0)
    expect(w.em.callbacks.pending()).toStrictEqual([])
  })

  it("waits for a later stage at most 20 s (the emulator clock): a stage due later goes out with a later request", async () => {
    const w = workersLike({ now: running(), sim: { stageDelaysMs: [5, 10, 25_000] } })
    await importAccounts(w.h, ids(40))
    await w.call("push", { MsgRandom: 1, MsgBody: text("hi") })
    await w.settle()
    expect(stageCount(w.received, "sent")).toBe(40)
    expect(stageCount(w.received, "delivered")).toBeGreaterThan(0)
    expect(stageCount(w.received, "clicked")).toBe(0)
    expect(w.em.callbacks.pending().map((p) => [p.stage, p.due])).toStrictEqual([["clicked", false]])
    w.em.advanceClock(25_000)
    await w.h.call("get_attr_name", {})
    expect(stageCount(w.received, "clicked")).toBe(0)
    await w.call("get_attr_name", {})
    await w.settle()
    expect(stageCount(w.received, "clicked")).toBeGreaterThan(0)
    expect(w.em.callbacks.pending()).toStrictEqual([])
    expect(w.rejected).toStrictEqual([])
    expect(w.outside()).toBe(0)
  })

  it("a frozen emulator clock does not keep a request's waitUntil alive waiting for a stage it never reaches", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] })
    vi.setSystemTime(T0)
    const w = workersLike({ now: () => T0 })
    await importAccounts(w.h, ids(10))
    await w.call("push", { MsgRandom: 1, MsgBody: text("hi") })
    let done = false
    void Promise.all(w.kept).then(() => (done = true))
    // The first stage is due 1 s after the push on the emulator clock, which does not move.
    await vi.advanceTimersByTimeAsync(3_000)
    expect(done).toBe(true)
    expect(w.received).toStrictEqual([])
    // Moved, it delivers with the next request.
    w.em.advanceClock(61_000)
    w.kept.length = 0
    await w.call("get_attr_name", {})
    const all = Promise.all(w.kept)
    await vi.advanceTimersByTimeAsync(100)
    await all
    expect(stageCount(w.received, "sent")).toBe(10)
  })
})
