import { describe, expect, it } from "vitest"
import { importAccounts, setup } from "./helpers.ts"

const tags = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

const ready = async (options: Parameters<typeof setup>[0] = {}) => {
  const h = setup(options)
  await importAccounts(h, ["alice", "bob", "carol"])
  return h
}

describe("emulator: tags", () => {
  it("add_tag adds (a set, order kept), get_tag reads, remove_tag and clear_all_tags delete", async () => {
    const h = await ready()
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["gold", "week"] }] })).toBe(0)
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["week", "sz"] }, { To_Account: "bob", Tags: ["gold"] }] })).toBe(0)
    const r = await h.call("get_tag", { To_Account: ["alice", "bob", "carol"] })
    expect(r.json).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      UserTags: [
        { To_Account: "alice", Tags: ["gold", "week", "sz"] },
        { To_Account: "bob", Tags: ["gold"] },
        { To_Account: "carol", Tags: [] },
      ],
    })
    expect(await h.code("remove_tag", { UserTags: [{ To_Account: "alice", Tags: ["week", "never-had"] }] })).toBe(0)
    expect(h.em.account(1400000000, "alice")?.tags).toEqual(["gold", "sz"])
    expect(await h.code("clear_all_tags", { To_Account: ["alice", "bob"] })).toBe(0)
    expect(h.em.account(1400000000, "alice")?.tags).toEqual([])
    expect(h.em.account(1400000000, "bob")?.tags).toEqual([])
  })

  it("Replace: 1 overwrites the user's tags (timpush); legacy rejects Replace: 1 with 90001", async () => {
    const h = await ready()
    await h.call("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["a", "b"] }] })
    expect(await h.code("add_tag", { Replace: 1, UserTags: [{ To_Account: "alice", Tags: ["c"] }] })).toBe(0)
    expect(h.em.account(1400000000, "alice")?.tags).toEqual(["c"])
    expect(await h.code("add_tag", { Replace: 1, UserTags: [{ To_Account: "alice", Tags: ["d"] }] }, { family: "all_member_push" })).toBe(90001)
    expect(await h.code("add_tag", { Replace: 2, UserTags: [] })).toBe(90001)
  })

  it("per request: > 10 tags per user → 90032; with Replace up to 100", async () => {
    const h = await ready()
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: tags("t", 11) }] })).toBe(90032)
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: tags("t", 10) }] })).toBe(0)
    expect(await h.code("add_tag", { Replace: 1, UserTags: [{ To_Account: "alice", Tags: tags("r", 100) }] })).toBe(0)
    expect(await h.code("add_tag", { Replace: 1, UserTags: [{ To_Account: "alice", Tags: tags("r", 101) }] })).toBe(90032)
  })

  it("tag rules: empty → 90040, > 50 bytes → 90020, > 100 accounts → 90018", async () => {
    const h = await ready()
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: [""] }] })).toBe(90040)
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["x".repeat(51)] }] })).toBe(90020)
    expect(await h.code("remove_tag", { UserTags: [{ To_Account: "alice", Tags: ["x".repeat(51)] }] })).toBe(90020)
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["x".repeat(50)] }] })).toBe(0)
    const many = tags("u", 101)
    expect(await h.code("get_tag", { To_Account: many })).toBe(90018)
    expect(await h.code("clear_all_tags", { To_Account: many })).toBe(90018)
    expect(await h.code("add_tag", { UserTags: many.map((To_Account) => ({ To_Account, Tags: ["a"] })) })).toBe(90018)
  })

  it("a user holds at most 100 tags: the account that would exceed it fails with 90032 in ErrorList", async () => {
    const h = await ready()
    for (let i = 0; i < 10; i++) {
      expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: tags(`g${i}-`, 10) }] })).toBe(0)
    }
    expect(h.em.account(1400000000, "alice")?.tags).toHaveLength(100)
    const r = await h.call("add_tag", {
      UserTags: [
        { To_Account: "alice", Tags: ["one-more"] },
        { To_Account: "bob", Tags: ["fine"] },
      ],
    })
    expect(r.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, ErrorList: [{ To_Account: "alice", ErrorCode: 90032 }] })
    expect(h.em.account(1400000000, "alice")?.tags).toHaveLength(100)
    expect(h.em.account(1400000000, "bob")?.tags).toEqual(["fine"])
    // Re-adding tags the user already has is not growth.
    expect((await h.call("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["g0-0"] }] })).json.ErrorList).toBeUndefined()
  })

  it("an app holds at most 1000 distinct tags (configurable): later accounts that would add more fail with 90032", async () => {
    const h = await ready({ limits: { distinctTagsPerApp: 12 } })
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: tags("a", 10) }] })).toBe(0)
    const r = await h.call("add_tag", {
      UserTags: [
        { To_Account: "bob", Tags: ["a0", "b0", "b1"] }, // 2 new → 12: fine
        { To_Account: "carol", Tags: ["c0"] }, // 13th distinct → fails
        { To_Account: "carol", Tags: ["a1"] }, // existing tag → fine
      ],
    })
    expect(r.json.ErrorList).toEqual([{ To_Account: "carol", ErrorCode: 90032 }])
    expect(h.em.account(1400000000, "carol")?.tags).toEqual(["a1"])
    // Freeing a tag makes room again.
    expect(await h.code("remove_tag", { UserTags: [{ To_Account: "bob", Tags: ["b1"] }] })).toBe(0)
    expect((await h.call("add_tag", { UserTags: [{ To_Account: "carol", Tags: ["c0"] }] })).json.ErrorList).toBeUndefined()
  })

  it("Replace frees the tags it drops before the app cap is checked", async () => {
    const h = await ready({ limits: { distinctTagsPerApp: 3 } })
    expect(await h.code("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["a", "b", "c"] }] })).toBe(0)
    const r = await h.call("add_tag", { Replace: 1, UserTags: [{ To_Account: "alice", Tags: ["x", "y"] }] })
    expect(r.json.ErrorList).toBeUndefined()
    expect(h.em.account(1400000000, "alice")?.tags).toEqual(["x", "y"])
  })

  it("legacy family: a cap failure fails the whole request with 90032 and writes nothing", async () => {
    const h = await ready({ limits: { tagsPerUser: 2 } })
    const r = await h.call(
      "add_tag",
      { UserTags: [{ To_Account: "bob", Tags: ["ok"] }, { To_Account: "alice", Tags: ["a", "b", "c"] }] },
      { family: "all_member_push" },
    )
    expect(r.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 90032 })
    expect(h.em.account(1400000000, "bob")?.tags).toEqual([])
  })

  it("unknown accounts: ErrorList 70107 on timpush; legacy get answers empty, writes skip", async () => {
    const h = await ready()
    for (const [key, body] of [
      ["add_tag", { UserTags: [{ To_Account: "mary", Tags: ["a"] }] }],
      ["remove_tag", { UserTags: [{ To_Account: "mary", Tags: ["a"] }] }],
      ["clear_all_tags", { To_Account: ["mary"] }],
      ["get_tag", { To_Account: ["mary"] }],
    ] as const) {
      const r = await h.call(key, body)
      expect(r.json.ErrorList, key).toEqual([{ To_Account: "mary", ErrorCode: 70107 }])
      const legacy = await h.call(key, body, { family: "all_member_push" })
      expect(legacy.json.ErrorCode, key).toBe(0)
      expect(legacy.json.ErrorList, key).toBeUndefined()
    }
    expect((await h.call("get_tag", { To_Account: ["mary"] }, { family: "all_member_push" })).json.UserTags).toEqual([
      { To_Account: "mary", Tags: [] },
    ])
    expect(h.em.account(1400000000, "mary")).toBeUndefined()
  })
})
