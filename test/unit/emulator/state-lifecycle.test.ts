/**
 * Scheduled pushes and the statistics of past pushes survive a saved state: a round trip (both
 * file forms) answers get_sched_task, list_sched_task, the statistics and the loss analysis the
 * same on a new emulator; a task whose time passes while the state is on disk dispatches on the
 * new emulator's clock; stages still to come when the state was saved count when they are due
 * (and not when the task is recalled first); files of earlier versions still load; a hostile
 * scheduled-task or delivery record is refused with a clear error and nothing is loaded.
 */
import { describe, expect, it } from "vitest"
import { formatSchedTime } from "../../../src/api/mod.ts"
import { EmulatorInputError } from "../../../src/emulator/mod.ts"
import { APP, importAccounts, setup, T0, text } from "./helpers.ts"
import type { Harness } from "./helpers.ts"

const MIN = 60_000
const DAY = 86_400_000
const ids = (n: number) => Array.from({ length: n }, (_, i) => `user-${i}`)
const offline = { PushFlag: 0, Title: "Sale", Desc: "Sale starts now" }
const addBody = (at: number, extra: object = {}) => ({
  Sdkappid: APP.sdkAppId,
  Type: "All",
  SchedAt: formatSchedTime(at),
  Content: { MsgBody: text("hi"), OfflinePushInfo: offline },
  ...extra,
})

/** Two emulators on one clock (a shared `t`), so their answers can be compared at the same time. */
const pair = () => {
  const clock = { t: T0 }
  const make = () => setup({ now: () => clock.t })
  return { clock, make }
}

const range = (clock: { t: number }) => ({ StartTime: Math.floor(T0 / 1000) - 60, EndTime: Math.floor(clock.t / 1000) })

/** The answers a user reads back: every scheduled task, the list, and statistics and loss per push (statistics allow 1 call/s). */
const readBack = async (h: Harness, clock: { t: number }, sched: ReadonlyArray<number>, pushes: ReadonlyArray<string>) => {
  const out: Record<string, unknown> = {}
  for (const id of sched) out[`get ${id}`] = (await h.call("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: id })).json
  out["list"] = (await h.call("list_sched_task", { Sdkappid: APP.sdkAppId, Offset: 0, Want: 10, OrderBy: "createat", Asc: true })).json
  out["stats"] = (await h.call("all_member_push_statistics", { ...range(clock), TaskID: [...pushes] })).json
  out["overall"] = (await h.call("all_member_push_loss", { ...range(clock) })).json
  return out
}

/** A state with one push done, one scheduled push dispatched, one pending tomorrow, one deleted, and a push still in progress. */
const busy = async () => {
  const { clock, make } = pair()
  const h = make()
  await importAccounts(h, ids(300))
  const first = (await h.call("push", { MsgRandom: 1, MsgBody: text("hi") })).json.TaskId as string
  const soon = (await h.call("add_sched_task", addBody(T0 + 10 * MIN))).json.TaskID as number
  const tomorrow = (await h.call("add_sched_task", addBody(T0 + DAY, { Type: "User", Content: { From_Account: "administrator", To_Account: ["user-1", "user-2"], MsgBody: text("u"), OfflinePushInfo: offline } }))).json.TaskID as number
  const gone = (await h.call("add_sched_task", addBody(T0 + 2 * DAY))).json.TaskID as number
  expect(await h.code("delete_sched_task", { Sdkappid: APP.sdkAppId, TaskID: gone, Type: "All" })).toBe(0)
  clock.t = T0 + 20 * MIN
  const dispatched = h.em.scheduledTask(APP.sdkAppId, soon)!
  expect(dispatched).toMatchObject({ status: "dispatched", DispatchSuccess: 1 })
  // A push whose first stage is due (1 s) and whose later ones are not (5 s, 60 s) when the state is saved.
  const inProgress = (await h.call("push", { MsgRandom: 2, MsgBody: text("later") })).json.TaskId as string
  clock.t += 2000
  return { clock, make, h, sched: [soon, tomorrow], gone, pushes: [first, dispatched.PushTaskID, inProgress], inProgress }
}

describe("scheduled pushes and deliveries in the saved state", () => {
  it("round-trips (NDJSON): the same get/list/statistics/loss answers, the pending task dispatching on the new emulator's clock", async () => {
    const { clock, make, h, sched, gone, pushes, inProgress } = await busy()
    const ndjson = await new Response(h.em.exportStateStream()).text()
    const kinds = ndjson.trimEnd().split("\n").map((l) => Object.keys(JSON.parse(l))[0])
    expect(kinds.filter((k) => k === "sched")).toHaveLength(2)
    expect(kinds.filter((k) => k === "delivery")).toHaveLength(3)
    // A delivery record is counts, not events: its size does not grow with the audience (300 here).
    expect(Math.max(...ndjson.split("\n").filter((l) => l.startsWith('{"delivery"')).map((l) => l.length))).toBeLessThan(2048)

    const h2 = make()
    expect(await h2.em.importStateStream(new Response(ndjson).body!)).toEqual({ format: "ndjson", apps: 2, accounts: 300, tasks: 3, sched: 2, deliveries: 3 })
    expect(await readBack(h2, clock, sched, pushes)).toEqual(await readBack(h, clock, sched, pushes))
    expect(h2.em.exportState()).toEqual(h.em.exportState())

    // The in-progress push: its later stages count on the new emulator when their time comes, as they do on the old one.
    clock.t += 2 * MIN
    const [after1, after2] = [await readBack(h, clock, sched, pushes), await readBack(h2, clock, sched, pushes)]
    expect(after2).toEqual(after1)
    const statsOf = (r: Record<string, any>, taskId: string) => r["stats"].Results.find((x: { TaskID: string }) => x.TaskID === taskId)
    expect(statsOf(after2, inProgress).DeliveredCount).toBeGreaterThan(0)
    expect(statsOf(after2, inProgress).ClickCount).toBeGreaterThan(0)
    expect(statsOf(after2, inProgress).TotalCount).toBe(300)

    // A deleted task's id is not handed out again.
    const next = (await h2.call("add_sched_task", addBody(T0 + 3 * DAY))).json.TaskID as number
    expect(next).toBeGreaterThan(Math.max(gone, ...sched))

    // Tomorrow comes while the state is on disk: the task goes out on the next tick of the new emulator.
    const h3 = make()
    await h3.em.importStateStream(new Response(ndjson).body!)
    clock.t = T0 + 2 * DAY
    expect(h3.em.scheduledTasks().map((t) => t.status)).toStrictEqual(["dispatched", "dispatched"])
    const got = (await h3.call("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: sched[1] })).json.TaskInfo
    expect(got).toMatchObject({ Status: "dispatched", DispatchSuccess: 1, DispatchErr: "" })
    const pushed = h3.em.task(got.PushTaskID)!
    expect(pushed).toMatchObject({ endpoint: "batch", schedTaskId: sched[1], createdAt: T0 + DAY, audienceSize: 2 })
  })

  it("round-trips the version-1 JSON form (exportState / importState and the streamed JSON document)", async () => {
    const { clock, make, h, sched, pushes } = await busy()
    const h2 = make()
    h2.em.importState(JSON.parse(JSON.stringify(h.em.exportState())))
    expect(await readBack(h2, clock, sched, pushes)).toEqual(await readBack(h, clock, sched, pushes))
    const h3 = make()
    const json = await new Response(h.em.exportStateStream({ format: "json" })).text()
    expect(await h3.em.importStateStream(new Response(json).body!)).toMatchObject({ format: "json", sched: 2, deliveries: 3 })
    expect(h3.em.exportState()).toEqual(h.em.exportState())
  })

  it("a stage still to come when the state was saved does not count when the task is recalled before it is due", async () => {
    const { clock, make, h, inProgress } = await busy()
    const h2 = make()
    await h2.em.importStateStream(h.em.exportStateStream())
    expect(await h2.code("revoke", { TaskId: inProgress })).toBe(0)
    clock.t += 2 * MIN
    const stats = (await h2.call("all_member_push_statistics", { ...range(clock), TaskID: [inProgress] })).json.Results[0]
    expect(stats).toMatchObject({ TotalCount: 300, DeliveredCount: 0, ClickCount: 0 })
    expect(h2.em.taskDeliveries(inProgress)!.stages.map((s) => [s.stage, s.happens, s.finished])).toStrictEqual([
      ["sent", true, true],
      ["delivered", false, true],
      ["clicked", false, true],
    ])
  })

  it("loads files of earlier versions: NDJSON without sched/delivery records or their counts, and the JSON document without them", async () => {
    const { make } = pair()
    const task = {
      TaskId: "old-task", sdkAppId: APP.sdkAppId, endpoint: "push", family: "timpush", createdAt: T0 - DAY, MsgRandom: 5,
      message: { MsgBody: text("old") }, audienceSize: 1, recipientSample: ["old-user"],
    }
    const header = { sdkAppId: APP.sdkAppId, attrNames: {}, attrTypes: {}, taskCounter: 1, pushDay: 0, pushesToday: 0 }
    const old = [
      '{"state":{"version":2}}',
      JSON.stringify({ app: header }),
      JSON.stringify({ account: { UserID: "old-user", importedAt: T0 - DAY } }),
      JSON.stringify({ task }),
      '{"end":{"apps":1,"accounts":1,"tasks":1}}',
    ].join("\n")
    const h = make()
    expect(await h.em.importStateStream(new Response(old).body!)).toEqual({ format: "ndjson", apps: 1, accounts: 1, tasks: 1, sched: 0, deliveries: 0 })
    expect(h.em.task("old-task")).toMatchObject({ audienceSize: 1 })
    expect(h.em.scheduledTasks()).toStrictEqual([])
    expect(h.em.taskDeliveries("old-task")).toBeUndefined()
    // A new scheduled task starts at the first id; the old task has no statistics (none were kept).
    expect((await h.call("add_sched_task", addBody(T0 + MIN))).json.TaskID).toBe(1_000_000_001)
    const stats = (await h.call("all_member_push_statistics", { StartTime: Math.floor((T0 - 2 * DAY) / 1000), EndTime: Math.floor(T0 / 1000), TaskID: ["old-task"] })).json
    expect(stats.Results[0]).toMatchObject({ TaskID: "old-task", TotalCount: 0 })

    const h2 = make()
    h2.em.importState({ version: 1, apps: [{ ...header, accounts: [{ UserID: "old-user", importedAt: T0 - DAY }], tasks: [task] }] })
    expect(h2.em.tasks()).toHaveLength(1)
    expect(h2.em.scheduledTasks()).toStrictEqual([])
  })

  it("refuses a hostile scheduled-task or delivery record, naming it, and loads nothing", async () => {
    const { make, h } = await busy()
    const lines = (await new Response(h.em.exportStateStream()).text()).trimEnd().split("\n")
    const index = (kind: string) => lines.findIndex((l) => l.startsWith(`{"${kind}"`))
    const schedAt = index("sched")
    const deliveryAt = index("delivery")
    const sched = JSON.parse(lines[schedAt]!).sched
    const delivery = JSON.parse(lines[deliveryAt]!).delivery
    const withLine = (at: number, record: unknown) => lines.map((l, i) => (i === at ? JSON.stringify(record) : l)).join("\n")
    // 5,000 nested arrays, written out (JSON.stringify of it would itself overflow the stack).
    const deepLine = JSON.stringify({ sched: { ...sched, Content: { ...sched.Content, Extra: "DEEP" } } }).replace('"DEEP"', `${"[".repeat(5000)}"x"${"]".repeat(5000)}`)
    const attempts: Array<[string, string, RegExp]> = [
      ["a TaskID that is not a number", withLine(schedAt, { sched: { ...sched, TaskID: "1" } }), /TaskID/],
      ["a TaskID below the first id", withLine(schedAt, { sched: { ...sched, TaskID: 5 } }), /TaskID must be an integer above/],
      ["another app's task", withLine(schedAt, { sched: { ...sched, sdkAppId: 1400000001 } }), /belongs to app 1400000001/],
      ["SchedAt not schedAtMs", withLine(schedAt, { sched: { ...sched, SchedAt: "2030-01-01 00:00:00" } }), /SchedAt .* is not schedAtMs/],
      ["a time past year 9999", withLine(schedAt, { sched: { ...sched, schedAtMs: 1e20 } }), /schedAtMs and createdAt/],
      ["DispatchSuccess 2", withLine(schedAt, { sched: { ...sched, DispatchSuccess: 2 } }), /DispatchSuccess must be 0 or 1/],
      ["a dispatch result without dispatchedAt", withLine(schedAt, { sched: { ...sched, dispatchedAt: undefined } }), /not yet dispatched/],
      ["a deeply nested content", lines.map((l, i) => (i === schedAt ? deepLine : l)).join("\n"), /nested deeper than 64/],
      ["a content no push accepts", withLine(schedAt, { sched: { ...sched, Content: { ...sched.Content, MsgBody: "hi" } } }), /Content is not a push/],
      ["the same task twice", [...lines.slice(0, schedAt + 1), lines[schedAt], ...lines.slice(schedAt + 1)].join("\n"), /twice|end record/],
      ["deliveries of an unknown task", withLine(deliveryAt, { delivery: { ...delivery, TaskId: "no-such-task" } }), /do not have/],
      ["a createdAt not the task's", withLine(deliveryAt, { delivery: { ...delivery, createdAt: delivery.createdAt + 1 } }), /not its task's/],
      ["a negative count", withLine(deliveryAt, { delivery: { ...delivery, counted: [[1, 1, 4, 0, -3]] } }), /count must be a positive integer/],
      ["more events than recipients", withLine(deliveryAt, { delivery: { ...delivery, counted: [[1, 1, 4, 0, 10_000]] } }), /events for 300 recipients/],
      ["a code without its text", withLine(deliveryAt, { delivery: { ...delivery, counted: [[1, 1, 4, 77, 1]] } }), /errorCode 77 has no errorInfo/],
      ["too many buckets", withLine(deliveryAt, { delivery: { ...delivery, counted: Array.from({ length: 2000 }, (_, i) => [1, 1, 4, i + 1000, 1]) } }), /at most 1024 buckets/],
      ["a later stage that is finished", withLine(deliveryAt, { delivery: { ...delivery, finished: [true, true, true], later: [[2, 1, 4, 0, 1]] } }), /is finished/],
      ["a delivery before its task", [...lines.slice(0, 2), lines[deliveryAt], ...lines.slice(2).filter((_, i) => i + 2 !== deliveryAt)].join("\n"), /do not have/],
      ["an end record without the sched count", [...lines.slice(0, -1), JSON.stringify({ end: { ...JSON.parse(lines.at(-1)!).end, sched: undefined } })].join("\n"), /end record counts/],
    ]
    const target = make()
    await importAccounts(target, ["keep-me"])
    const before = target.em.exportState()
    for (const [what, body, message] of attempts) {
      const error = await target.em.importStateStream(new Response(body).body!).then(() => undefined, (e: unknown) => e)
      expect(error, what).toBeInstanceOf(EmulatorInputError)
      expect((error as Error).message, what).toMatch(message)
      expect(target.em.exportState(), what).toEqual(before)
    }
    // The JSON form goes through the same checks.
    const state = h.em.exportState()
    const bad = { ...state, apps: state.apps.map((a) => ({ ...a, sched: (a.sched ?? []).map((t) => ({ ...t, DispatchSuccess: 7 })) })) }
    expect(() => target.em.importState(bad)).toThrow(/DispatchSuccess must be 0 or 1/)
    expect(target.em.exportState()).toEqual(before)
  })
})
