import { describe, expect, it } from "vitest"
import { importAccounts, setup, T0, text } from "./helpers.ts"

const offline = { PushFlag: 0, Title: "t", Desc: "d" }

const ready = async (options: Parameters<typeof setup>[0] = {}) => {
  const h = setup(options)
  expect(await h.code("set_attr_name", { AttrNames: { "0": "city", "1": "tier" } })).toBe(0)
  await importAccounts(h, ["alice", "bob", "carol"])
  expect(
    await h.code("set_attr", {
      UserAttrs: [
        { To_Account: "alice", Attrs: { city: "SZ", tier: "gold" } },
        { To_Account: "bob", Attrs: { city: "BJ", tier: "gold" } },
      ],
    }),
  ).toBe(0)
  expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["a", "b"] }, { To_Account: "carol", Tags: ["b"] }] })).toBe(0)
  return h
}

describe("emulator: push", () => {
  it("pushes to everyone without a condition and records the task", async () => {
    const h = await ready()
    const r = await h.call("push", { From_Account: "administrator", MsgRandom: 7, MsgBody: text("hi"), OfflinePushInfo: offline })
    expect(r.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" })
    expect(r.json.TaskId).toMatch(/^[0-9a-f]+_[0-9a-f]+_[0-9a-f]+_[0-9a-f]+_7$/)
    expect(r.json.TaskId.split("_")[0]).toBe(Math.floor(T0 / 1000).toString(16))
    expect(r.json.TaskId.split("_")[1]).toBe((1400000000).toString(16))
    expect(h.em.tasks()).toEqual([
      {
        TaskId: r.json.TaskId,
        sdkAppId: 1400000000,
        endpoint: "push",
        family: "timpush",
        createdAt: T0,
        From_Account: "administrator",
        MsgRandom: 7,
        message: { From_Account: "administrator", MsgRandom: 7, MsgBody: text("hi"), OfflinePushInfo: offline },
        audienceSize: 3,
        recipientSample: ["alice", "bob", "carol"],
      },
    ])
  })

  it("legacy im_push answers a decimal TaskId and needs MsgBody (90002)", async () => {
    const h = await ready()
    expect(await h.code("push", { MsgRandom: 1 }, { family: "all_member_push" })).toBe(90002)
    const r = await h.call("push", { MsgRandom: 1, MsgBody: text("x"), Condition: { TagsOr: ["b"] } }, { family: "all_member_push" })
    expect(r.json.TaskId).toMatch(/^1400000000_\d+_1_\d+$/)
    expect(h.em.task(r.json.TaskId)).toMatchObject({ family: "all_member_push", audienceSize: 2 })
  })

  it("pushIntervalMs: 0 turns the spacing off: two pushes in the same millisecond are both accepted", async () => {
    const off = await ready({ limits: { pushIntervalMs: 0 } })
    const a = await off.call("push", { MsgRandom: 1, Condition: { TagsOr: ["b"] } })
    const b = await off.call("push", { MsgRandom: 2, Condition: { TagsOr: ["b"] } })
    expect([a.json.ErrorCode, b.json.ErrorCode]).toEqual([0, 0])
    expect(a.json.TaskId).not.toBe(b.json.TaskId)
    const one = await ready({ limits: { pushIntervalMs: 1 } })
    expect((await one.call("push", { MsgRandom: 1 })).json.ErrorCode).toBe(0)
    expect((await one.call("push", { MsgRandom: 2 })).json.ErrorCode).toBe(90024)
  })

  it("resolves tag and attribute conditions", async () => {
    const h = await ready({ limits: { pushIntervalMs: 0 } })
    const audience = async (Condition: unknown) => {
      h.em.advanceClock(1)
      const r = await h.call("push", { MsgRandom: Math.floor(Math.random() * 1e9), Condition })
      expect(r.json.ErrorCode, JSON.stringify(r.json)).toBe(0)
      return h.em.task(r.json.TaskId)!.recipientSample
    }
    expect(await audience({ TagsOr: ["b"] })).toEqual(["alice", "carol"])
    expect(await audience({ TagsAnd: ["a", "b"] })).toEqual(["alice"])
    expect(await audience({ TagsOr: ["b"], TagsNot: ["a"] })).toEqual(["carol"])
    expect(await audience({ TagsNot: ["b"] })).toEqual(["bob"])
    expect(await audience({ AttrsAnd: { city: "SZ", tier: "gold" } })).toEqual(["alice"])
    expect(await audience({ AttrsOr: { city: "BJ", tier: "gold" } })).toEqual(["alice", "bob"])
    expect(await audience({ TagsOr: ["nobody-has-this"] })).toEqual([])
    expect(await audience({})).toEqual(["alice", "bob", "carol"])
    expect(await audience({ TagsOr: [], AttrsAnd: {} })).toEqual(["alice", "bob", "carol"])
  })

  it("answers each documented rule's code and creates nothing", async () => {
    const h = await ready()
    const cases: Array<[unknown, number]> = [
      [{ MsgBody: text("x") }, 90005],
      [{ MsgRandom: -1 }, 90005],
      [{ MsgRandom: 1.5 }, 90005],
      [{ MsgRandom: 4294967296 }, 90005],
      [{ MsgRandom: 1, Condition: { TagsOr: ["a"], AttrsOr: { city: "SZ" } } }, 90039],
      [{ MsgRandom: 1, Condition: { TagsOr: ["a"], TagsAnd: ["a"] } }, 90022],
      [{ MsgRandom: 1, Condition: { TagsOr: [""] } }, 90040],
      [{ MsgRandom: 1, Condition: { TagsAnd: Array.from({ length: 11 }, (_, i) => `t${i}`) } }, 90032],
      [{ MsgRandom: 1, Condition: { TagsOr: ["x".repeat(51)] } }, 90020],
      [{ MsgRandom: 1, MsgLifeTime: 604801 }, 90026],
      [{ MsgRandom: 1, MsgLifeTime: 1.5 }, 90044],
      [{ MsgRandom: 1, Condition: { AttrsAnd: { shoe: "42" } } }, 90033],
      [{ MsgRandom: 1, Condition: { AttrsOr: { city: "x".repeat(51) } } }, 90033],
      [{ MsgRandom: 1, MsgBody: {} }, 90007],
      [{ MsgRandom: 1, MsgBody: [{ MsgType: "TIMRelayElem", MsgContent: {} }] }, 90010],
      [{ MsgRandom: 1, DataId: "d".repeat(65) }, 90057],
      [{ MsgRandom: 1, OfflinePushInfo: { Desc: "x".repeat(10_300) } }, 90056],
      [{ MsgRandom: 1, Condition: { TagsNot: ["a"] } }, 0],
    ]
    for (const [body, code] of cases) {
      const r = await h.call("push", body)
      expect(r.json.ErrorCode, JSON.stringify(body).slice(0, 120)).toBe(code)
      if (code !== 0) expect(r.json.TaskId).toBeUndefined()
    }
    expect(h.em.tasks()).toHaveLength(1)
    expect(await h.code("push", { MsgRandom: 1, MsgBody: text("x"), Condition: { TagsNot: ["a"] } }, { family: "all_member_push" })).toBe(90001)
  })

  it("pushes must be MORE than 1 s apart (90024); a rejected push does not move the last-push time", async () => {
    const h = await ready()
    expect(await h.code("push", { MsgRandom: 1 })).toBe(0)
    h.em.advanceClock(1000)
    expect(await h.code("push", { MsgRandom: 2 })).toBe(90024)
    h.em.advanceClock(1)
    expect(await h.code("push", { MsgRandom: 3 })).toBe(0)
    h.em.advanceClock(500)
    expect(await h.code("push", { MsgRandom: 4 })).toBe(90024)
    h.em.advanceClock(501)
    expect(await h.code("push", { MsgRandom: 5 })).toBe(0)
    expect(h.em.tasks().map((t) => t.MsgRandom)).toEqual([1, 3, 5])
  })

  it("daily quota: 100 by default (90047), reset at midnight Beijing time", async () => {
    const h = await ready()
    for (let i = 0; i < 100; i++) {
      expect(await h.code("push", { MsgRandom: i })).toBe(0)
      h.em.advanceClock(1001)
    }
    expect(await h.code("push", { MsgRandom: 1000 })).toBe(90047)
    // T0 is 12:00 Beijing; 100 pushes took ~100 s. Jump to 23:59:59 then past midnight.
    const toMidnight = Date.UTC(2026, 0, 5, 16, 0, 0) - h.em.now()
    h.em.advanceClock(toMidnight - 1000)
    expect(await h.code("push", { MsgRandom: 1001 })).toBe(90047)
    h.em.advanceClock(1000)
    expect(await h.code("push", { MsgRandom: 1002 })).toBe(0)
  })

  it("the quota is configurable and rejected pushes do not count", async () => {
    const h = await ready({ limits: { dailyPushQuota: 2 } })
    expect(await h.code("push", { MsgRandom: 1 })).toBe(0)
    expect(await h.code("push", { MsgRandom: 2 })).toBe(90024)
    h.em.advanceClock(1001)
    expect(await h.code("push", { MsgRandom: 3 })).toBe(0)
    h.em.advanceClock(1001)
    expect(await h.code("push", { MsgRandom: 4 })).toBe(90047)
  })

  it("MsgRandom repeated within the de-dup window answers the first TaskId and creates nothing", async () => {
    const h = await ready()
    const first = await h.call("push", { MsgRandom: 42, MsgBody: text("x") })
    h.em.advanceClock(999)
    const again = await h.call("push", { MsgRandom: 42, MsgBody: text("x") })
    expect(again.json).toEqual(first.json)
    h.em.advanceClock(2)
    expect(await h.code("push", { MsgRandom: 42 })).toBe(0)
    expect(h.em.tasks()).toHaveLength(2)
  })

  it("msgRandomWindowMs emulates the older 7-day task de-dup", async () => {
    const h = await ready({ msgRandomWindowMs: 7 * 86_400_000 })
    const first = await h.call("push", { MsgRandom: 42 })
    h.em.advanceClock(6 * 86_400_000)
    expect((await h.call("push", { MsgRandom: 42 })).json.TaskId).toBe(first.json.TaskId)
    expect(h.em.tasks()).toHaveLength(1)
  })

  it("push disabled for the app → 90045 (push and batch)", async () => {
    const h = setup({ apps: [{ sdkAppId: 1400000000, secretKey: "emulator-test-secret-key", admins: ["administrator"], pushEnabled: false }] })
    expect(await h.code("push", { MsgRandom: 1 })).toBe(90045)
    const b = await h.call("batch", { From_Account: "a", To_Account: ["a"], MsgRandom: 1, OfflinePushInfo: offline })
    expect(b.json).toMatchObject({ ErrorCode: 90045, TaskId: "" })
  })
})

describe("emulator: batch", () => {
  it("pushes to the known accounts of an explicit list, unknown ones in ErrorList (70107)", async () => {
    const h = await ready()
    const r = await h.call("batch", { From_Account: "alice", To_Account: ["bob", "mary", "carol", "bob"], MsgRandom: 9, OfflinePushInfo: offline })
    expect(r.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0, ErrorList: [{ To_Account: "mary", ErrorCode: 70107 }] })
    expect(r.json.TaskId).toMatch(/^batch_/)
    expect(h.em.task(r.json.TaskId)).toMatchObject({ endpoint: "batch", audienceSize: 2, recipientSample: ["bob", "carol"] })
  })

  it("1..500 accounts (0 → 90001, 501 → 90018), MsgRandom → 90001, FAIL keeps TaskId: \"\"", async () => {
    const h = await ready()
    const base = { From_Account: "alice", MsgRandom: 1, OfflinePushInfo: offline }
    const empty = await h.call("batch", { ...base, To_Account: [] })
    expect(empty.json).toEqual({ ActionStatus: "FAIL", ErrorInfo: expect.any(String), ErrorCode: 90001, TaskId: "" })
    expect(await h.code("batch", { ...base, To_Account: Array.from({ length: 501 }, (_, i) => `u${i}`) })).toBe(90018)
    expect(await h.code("batch", { ...base, To_Account: Array.from({ length: 500 }, (_, i) => `u${i}`) })).toBe(0)
    expect(await h.code("batch", { ...base, MsgRandom: "x", To_Account: ["a"] })).toBe(90001)
    expect(await h.code("batch", { ...base, DataId: "d".repeat(65), To_Account: ["a"] })).toBe(90057)
    expect(await h.code("batch", { From_Account: "alice", MsgRandom: 1, To_Account: ["alice"] })).toBe(90001)
  })

  it("does not count toward the push quota or spacing", async () => {
    const h = await ready({ limits: { dailyPushQuota: 1 } })
    expect(await h.code("push", { MsgRandom: 1 })).toBe(0)
    for (let i = 0; i < 5; i++) {
      expect(await h.code("batch", { From_Account: "a", To_Account: ["alice"], MsgRandom: 100 + i, OfflinePushInfo: offline })).toBe(0)
    }
  })
})

describe("emulator: revoke", () => {
  const pushed = async () => {
    const h = await ready()
    const r = await h.call("push", { MsgRandom: 1, MsgBody: text("x") })
    return { h, taskId: r.json.TaskId as string }
  }

  it("recalls a task within 24 h and records when", async () => {
    const { h, taskId } = await pushed()
    h.em.advanceClock(5000)
    expect(await h.code("revoke", { TaskId: taskId, OfflinePushInfo: offline })).toBe(0)
    expect(h.em.task(taskId)?.recalledAt).toBe(T0 + 5000)
  })

  it("unknown TaskId → 90049 (also an empty one, and another app's task)", async () => {
    const { h, taskId } = await pushed()
    expect(await h.code("revoke", { TaskId: "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e" })).toBe(90049)
    expect(await h.code("revoke", { TaskId: "" })).toBe(90049)
    const { sigFor, OTHER_APP } = await import("./helpers.ts")
    expect(await h.code("revoke", { TaskId: taskId }, { sdkappid: String(OTHER_APP.sdkAppId), usersig: sigFor("administrator", { app: OTHER_APP }) })).toBe(90049)
  })

  it("already recalled → 90050", async () => {
    const { h, taskId } = await pushed()
    expect(await h.code("revoke", { TaskId: taskId })).toBe(0)
    h.em.advanceClock(2000)
    expect(await h.code("revoke", { TaskId: taskId })).toBe(90050)
  })

  it("older than 24 h → 90052; exactly 24 h is still allowed", async () => {
    const { h, taskId } = await pushed()
    h.em.advanceClock(1001)
    const second = (await h.call("push", { MsgRandom: 2 })).json.TaskId
    h.em.advanceClock(86_400_000 - 1001)
    expect(await h.code("revoke", { TaskId: taskId })).toBe(0)
    h.em.advanceClock(1002)
    expect(await h.code("revoke", { TaskId: second })).toBe(90052)
  })

  it("more than one recall per second → 90051", async () => {
    const h = await ready({ limits: { pushIntervalMs: 0 } })
    const ids: Array<string> = []
    for (let i = 0; i < 3; i++) {
      h.em.advanceClock(1)
      ids.push((await h.call("push", { MsgRandom: i })).json.TaskId)
    }
    expect(await h.code("revoke", { TaskId: ids[0] })).toBe(0)
    h.em.advanceClock(999)
    expect(await h.code("revoke", { TaskId: ids[1] })).toBe(90051)
    h.em.advanceClock(1)
    expect(await h.code("revoke", { TaskId: ids[1] })).toBe(0)
    // A failed recall (unknown task) does not start the 1 s window.
    h.em.advanceClock(1000)
    expect(await h.code("revoke", { TaskId: "nope" })).toBe(90049)
    expect(await h.code("revoke", { TaskId: ids[2] })).toBe(0)
  })

  it("batch tasks can be recalled too", async () => {
    const h = await ready()
    const r = await h.call("batch", { From_Account: "a", To_Account: ["alice"], MsgRandom: 1, OfflinePushInfo: offline })
    expect(await h.code("revoke", { TaskId: r.json.TaskId })).toBe(0)
  })
})
