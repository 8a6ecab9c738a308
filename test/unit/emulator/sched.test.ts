/**
 * Scheduled push tasks on the emulator: the lifecycle on its clock (pending → dispatching →
 * dispatched), the only-pending rule (90107, 90106), dispatch through the ordinary push path
 * (its rules apply, its refusals are recorded), and list_sched_task's order, filter and paging.
 */
import { describe, expect, it } from "vitest"
import { formatSchedTime } from "../../../src/api/mod.ts"
import { APP, importAccounts, setup, T0, text } from "./helpers.ts"

const MIN = 60_000
const offline = { PushFlag: 0, Title: "Sale", Desc: "Sale starts now" }
const at = (ms: number) => formatSchedTime(ms)
const add = (extra: object = {}) => ({ Sdkappid: APP.sdkAppId, Type: "All", SchedAt: at(T0 + 10 * MIN), Content: { MsgBody: text("hi"), OfflinePushInfo: offline }, ...extra })

describe("scheduled push tasks", () => {
  it("add answers an integer TaskID; get reports the task pending, with the content and a MsgRandom filled in", async () => {
    const h = setup()
    const r = await h.call("add_sched_task", add())
    expect(r.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 })
    expect(Number.isSafeInteger(r.json.TaskID) && r.json.TaskID > 0).toBe(true)
    const g = await h.call("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: r.json.TaskID })
    expect(g.json.TaskInfo).toMatchObject({
      TaskID: r.json.TaskID, Sdkappid: APP.sdkAppId, Type: "All", SchedAt: at(T0 + 10 * MIN), CreateAt: at(T0),
      Status: "pending", DispatchSuccess: 0, DispatchErr: "", PushTaskID: "", Title: "Sale", Desc: "Sale starts now",
    })
    expect(typeof g.json.TaskInfo.Content.MsgRandom).toBe("number")
  })

  it("refuses a SchedAt in the past, a foreign Sdkappid and an unknown TaskID with 90104", async () => {
    const h = setup()
    expect(await h.code("add_sched_task", add({ SchedAt: at(T0 - 1000) }))).toBe(90104)
    expect(await h.code("add_sched_task", add({ SchedAt: at(T0) }))).toBe(90104)
    expect(await h.code("add_sched_task", add({ Sdkappid: 1400000001 }))).toBe(90104)
    expect(await h.code("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: 99 })).toBe(90104)
    expect(await h.code("delete_sched_task", { Sdkappid: APP.sdkAppId, TaskID: 99, Type: "All" })).toBe(90104)
    expect(await h.code("add_sched_task", "{not json" as never)).toBeTypeOf("number")
    const raw = await h.call("add_sched_task", {}, { raw: "{not json" })
    expect(raw.json.ErrorCode).toBe(90104)
    expect(h.em.scheduledTasks()).toHaveLength(0)
  })

  it("modify changes a pending task's time and content; Type must be the task's", async () => {
    const h = setup()
    const id = (await h.call("add_sched_task", add())).json.TaskID
    expect(await h.code("modify_sched_task", { Sdkappid: APP.sdkAppId, TaskID: id, Type: "Tag" })).toBe(90104)
    expect(await h.code("modify_sched_task", { Sdkappid: APP.sdkAppId, TaskID: id, Type: "All", SchedAt: at(T0 + 20 * MIN) })).toBe(0)
    const before = h.em.scheduledTask(APP.sdkAppId, id)!
    expect(before.schedAtMs).toBe(T0 + 20 * MIN)
    expect(await h.code("modify_sched_task", { Sdkappid: APP.sdkAppId, TaskID: id, Type: "All", Content: { OfflinePushInfo: { ...offline, Title: "New" } } })).toBe(0)
    const after = h.em.scheduledTask(APP.sdkAppId, id)!
    expect(after.Title).toBe("New")
    // A content without MsgRandom keeps the task's.
    expect(after.Content["MsgRandom"]).toBe(before.Content["MsgRandom"])
  })

  it("only pending tasks change: 90107 while dispatching (the last minute), 90106 once dispatched", async () => {
    const h = setup()
    await importAccounts(h, ["a", "b"])
    const id = (await h.call("add_sched_task", add())).json.TaskID
    const change = { Sdkappid: APP.sdkAppId, TaskID: id, Type: "All" }
    h.em.advanceClock(9 * MIN - 1)
    expect(h.em.scheduledTask(APP.sdkAppId, id)!.status).toBe("pending")
    h.em.advanceClock(1)
    expect(h.em.scheduledTask(APP.sdkAppId, id)!.status).toBe("dispatching")
    expect(await h.code("modify_sched_task", { ...change, SchedAt: at(T0 + 30 * MIN) })).toBe(90107)
    expect(await h.code("delete_sched_task", change)).toBe(90107)
    expect((await h.call("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: id })).json.TaskInfo.Status).toBe("dispatching")
    expect(h.em.tasks()).toHaveLength(0)
    h.em.advanceClock(MIN)
    expect(await h.code("delete_sched_task", change)).toBe(90106)
    expect(await h.code("modify_sched_task", change)).toBe(90106)
    const info = (await h.call("get_sched_task", { Sdkappid: APP.sdkAppId, TaskID: id })).json.TaskInfo
    expect(info).toMatchObject({ Status: "dispatched", DispatchSuccess: 1, DispatchErr: "" })
    // The push went out through the ordinary path, at the task's time, to the whole audience.
    const task = h.em.task(info.PushTaskID)!
    expect(task).toBeDefined()
    expect(task.createdAt).toBe(T0 + 10 * MIN)
    expect(task.audienceSize).toBe(2)
  })

  it("delete removes a pending task: it never goes out", async () => {
    const h = setup()
    const id = (await h.call("add_sched_task", add())).json.TaskID
    expect(await h.code("delete_sched_task", { Sdkappid: APP.sdkAppId, TaskID: id, Type: "All" })).toBe(0)
    expect(await h.code("delete_sched_task", { Sdkappid: APP.sdkAppId, TaskID: id, Type: "All" })).toBe(90104)
    h.em.advanceClock(60 * MIN)
    expect(h.em.tasks()).toHaveLength(0)
  })

  it("a User task goes out as a batch to its users; a Tag task to its tag", async () => {
    const h = setup()
    await importAccounts(h, ["a", "b", "c"])
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "c", Tags: ["vip"] }] })).toBe(0)
    const user = (await h.call("add_sched_task", add({ Type: "User", Content: { From_Account: "administrator", To_Account: ["a", "b"], OfflinePushInfo: offline } }))).json.TaskID
    const tag = (await h.call("add_sched_task", add({ Type: "Tag", SchedAt: at(T0 + 11 * MIN), Content: { MsgBody: text("hi"), Condition: { TagsAnd: ["vip"] }, OfflinePushInfo: offline } }))).json.TaskID
    h.em.advanceClock(12 * MIN)
    const u = h.em.scheduledTask(APP.sdkAppId, user)!
    const t = h.em.scheduledTask(APP.sdkAppId, tag)!
    expect([u.DispatchSuccess, t.DispatchSuccess]).toStrictEqual([1, 1])
    expect(h.em.task(u.PushTaskID)!.audienceSize).toBe(2)
    expect(h.em.task(t.PushTaskID)!.audienceSize).toBe(1)
  })

  it("a push rule that refuses the dispatch is recorded: DispatchSuccess 0 and DispatchErr with the code", async () => {
    const h = setup()
    // Two all-user pushes in the same second: the second is refused for spacing (90024).
    const first = (await h.call("add_sched_task", add())).json.TaskID
    const second = (await h.call("add_sched_task", add({ Content: { MsgBody: text("again"), OfflinePushInfo: offline } }))).json.TaskID
    // An attribute condition on a name the app never set: 90035 at dispatch time.
    const attr = (await h.call("add_sched_task", add({ Type: "Tag", SchedAt: at(T0 + 15 * MIN), Content: { MsgBody: text("x"), Condition: { AttrsAnd: { city: "sz" } } } }))).json.TaskID
    h.em.advanceClock(20 * MIN)
    expect(h.em.scheduledTask(APP.sdkAppId, first)).toMatchObject({ status: "dispatched", DispatchSuccess: 1 })
    expect(h.em.scheduledTask(APP.sdkAppId, second)).toMatchObject({ status: "dispatched", DispatchSuccess: 0, PushTaskID: "" })
    expect(h.em.scheduledTask(APP.sdkAppId, second)!.DispatchErr).toMatch(/^90024: /)
    expect(h.em.scheduledTask(APP.sdkAppId, attr)!.DispatchSuccess).toBe(0)
    expect(h.em.scheduledTask(APP.sdkAppId, attr)!.DispatchErr).toMatch(/^\d+: /)
    expect(h.em.tasks()).toHaveLength(1)
  })

  it("list_sched_task orders by creation or schedule in either OrderBy casing, filters by time and keyword, and pages", async () => {
    const h = setup()
    const ids: number[] = []
    for (const [i, title] of ["Alpha sale", "Beta", "Gamma SALE"].entries()) {
      // Created a second apart, scheduled in the reverse order.
      ids.push((await h.call("add_sched_task", add({ SchedAt: at(T0 + (30 - i) * MIN), Content: { MsgBody: text("x"), OfflinePushInfo: { PushFlag: 0, Title: title, Desc: `${title}!` } } }))).json.TaskID)
      h.em.advanceClock(1000)
    }
    // list_sched_task allows 5 calls a second: a quarter second between calls.
    const list = async (extra: object) => (h.em.advanceClock(250), await h.call("list_sched_task", { Sdkappid: APP.sdkAppId, Offset: 0, Want: 10, OrderBy: "createat", Asc: true, ...extra })).json
    const order = (r: Record<string, any>) => (r.Tasks as Array<{ TaskID: number }>).map((t) => t.TaskID)
    expect(order(await list({}))).toStrictEqual(ids)
    expect(order(await list({ OrderBy: "createAt", Asc: false }))).toStrictEqual([...ids].reverse())
    expect(order(await list({ OrderBy: "schedAt" }))).toStrictEqual([...ids].reverse())
    expect(order(await list({ OrderBy: "schedat" }))).toStrictEqual([...ids].reverse())
    const page = await list({ Offset: 1, Want: 1 })
    expect(page.Total).toBe(3)
    expect(order(page)).toStrictEqual([ids[1]])
    expect(order(await list({ Keyword: "sale" }))).toStrictEqual([ids[0], ids[2]])
    expect(order(await list({ BeginTime: at(T0 + 1000), EndTime: at(T0 + 2000) }))).toStrictEqual([ids[1], ids[2]])
    expect((await list({ OrderBy: "name" })).ErrorCode).toBe(90104)
  })
})
