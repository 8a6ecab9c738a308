import { describe, expect, it } from "vitest"
import { APP, setup } from "./helpers.ts"

describe("emulator: account APIs", () => {
  it("account_import creates, re-import is OK; legacy Identifier is accepted", async () => {
    const h = setup()
    expect((await h.call("account_import", { UserID: "alice", Nick: "A" })).json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 })
    expect(await h.code("account_import", { UserID: "alice", FaceUrl: "http://x" })).toBe(0)
    expect(await h.code("account_import", { Identifier: "bob", Type: 0 })).toBe(0)
    expect(h.em.accountCount(APP.sdkAppId)).toBe(2)
    const state = h.em.exportState().apps.find((a) => a.sdkAppId === APP.sdkAppId)!
    expect(state.accounts).toMatchObject([{ UserID: "alice", Nick: "A", FaceUrl: "http://x" }, { UserID: "bob" }])
  })

  it("account_import: UserID wins over Identifier when both are present", async () => {
    const h = setup()
    expect(await h.code("account_import", { UserID: "alice", Identifier: "bob" })).toBe(0)
    expect(h.em.account(APP.sdkAppId, "alice")).toBeDefined()
    expect(h.em.account(APP.sdkAppId, "bob")).toBeUndefined()
  })

  it("account_import: invalid UserID → 70402, long profile field → 40601, reserved prefix → 70402", async () => {
    const h = setup()
    expect(await h.code("account_import", { UserID: "" })).toBe(70402)
    expect(await h.code("account_import", { UserID: "x".repeat(33) })).toBe(70402)
    expect(await h.code("account_import", { UserID: "x".repeat(32) })).toBe(0)
    expect(await h.code("account_import", { UserID: "u", Nick: "n".repeat(501) })).toBe(40601)
    expect(await h.code("account_import", {})).toBe(70402)
    expect(await h.code("account_import", { UserID: 5 })).toBe(70402)
    expect(await h.code("account_import", { UserID: "@TLS#NOT_FOUND" })).toBe(70402)
    const lenient = setup({ rejectReservedUserIds: false })
    expect(await lenient.code("account_import", { UserID: "@TLS#NOT_FOUND" })).toBe(0)
  })

  it("UserIDs are case-sensitive exact strings", async () => {
    const h = setup()
    expect(await h.code("account_import", { UserID: "Alice" })).toBe(0)
    const r = await h.call("account_check", { CheckItem: [{ UserID: "Alice" }, { UserID: "alice" }] })
    expect(r.json.ResultItem.map((i: { AccountStatus: string }) => i.AccountStatus)).toEqual(["Imported", "NotImported"])
  })

  it("multiaccount_import: both shapes; FailAccounts always present (empty when nothing failed), as every documented sample", async () => {
    const h = setup()
    expect((await h.call("multiaccount_import", { Accounts: ["a", "b"] })).json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, FailAccounts: [] })
    expect((await h.call("multiaccount_import", { AccountList: [{ UserID: "z" }] })).json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, FailAccounts: [] })
    expect(await h.code("multiaccount_import", { AccountList: [{ UserID: "c", Nick: "C" }, { UserID: "c", Nick: "C2" }] })).toBe(0)
    expect(h.em.exportState().apps[0]!.accounts.find((a) => a.UserID === "c")).toMatchObject({ Nick: "C2" })
    const r = await h.call("multiaccount_import", { Accounts: ["d", "@TIM#x", "e"] })
    expect(r.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, FailAccounts: ["@TIM#x"] })
    expect(h.em.accountCount(APP.sdkAppId)).toBe(6)
  })

  it("multiaccount_import: both shapes at once, > 100 accounts, or a bad UserID → 70402", async () => {
    const h = setup()
    expect(await h.code("multiaccount_import", { Accounts: ["a"], AccountList: [{ UserID: "b" }] })).toBe(70402)
    expect(await h.code("multiaccount_import", { Accounts: Array.from({ length: 101 }, (_, i) => `u${i}`) })).toBe(70402)
    expect(await h.code("multiaccount_import", { Accounts: ["ok", ""] })).toBe(70402)
    expect(h.em.accountCount(APP.sdkAppId)).toBe(0)
  })

  it("an edition cap (maxAccounts) → 70398 on import, FailAccounts on batch import", async () => {
    const h = setup({ apps: [{ ...APP, maxAccounts: 2 }] })
    expect(await h.code("multiaccount_import", { Accounts: ["a"] })).toBe(0)
    expect((await h.call("multiaccount_import", { Accounts: ["b", "c", "a"] })).json.FailAccounts).toEqual(["c"])
    expect(await h.code("account_import", { UserID: "d" })).toBe(70398)
    expect(await h.code("account_import", { UserID: "a" })).toBe(0)
  })

  it("account_delete: per-item ResultItem, top level stays OK; tags and attributes go too", async () => {
    const h = setup()
    await h.call("multiaccount_import", { Accounts: ["UserID_1"] })
    await h.call("add_tag", { UserTags: [{ To_Account: "UserID_1", Tags: ["t"] }] })
    const r = await h.call("account_delete", { DeleteItem: [{ UserID: "UserID_1" }, { UserID: "UserID_2" }] })
    expect(r.json).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      ResultItem: [
        { ResultCode: 0, ResultInfo: "", UserID: "UserID_1" },
        { ResultCode: 70107, ResultInfo: "Err_TLS_PT_Open_Login_Account_Not_Exist", UserID: "UserID_2" },
      ],
    })
    expect(h.em.account(APP.sdkAppId, "UserID_1")).toBeUndefined()
    // Re-import starts clean (IM Trial/Developer behaviour: no re-import block).
    await h.call("account_import", { UserID: "UserID_1" })
    expect(h.em.account(APP.sdkAppId, "UserID_1")).toEqual({ UserID: "UserID_1", attrs: {}, tags: [] })
    const push = await h.call("push", { MsgRandom: 1, Condition: { TagsOr: ["t"] } })
    expect(h.em.task(push.json.TaskId)?.audienceSize).toBe(0)
  })

  it("account_delete: deletion disabled → 71000; > 100 items → 70402", async () => {
    const h = setup({ apps: [{ ...APP, accountDeletion: false }] })
    expect(await h.code("account_delete", { DeleteItem: [{ UserID: "a" }] })).toBe(71000)
    const ok = setup()
    expect(await ok.code("account_delete", { DeleteItem: Array.from({ length: 101 }, (_, i) => ({ UserID: `u${i}` })) })).toBe(70402)
  })

  it("account_check: Imported / NotImported with ResultCode 0; > 100 items → 70402", async () => {
    const h = setup()
    await h.call("account_import", { UserID: "UserID_1" })
    const r = await h.call("account_check", { CheckItem: [{ UserID: "UserID_1" }, { UserID: "UserID_2" }] })
    expect(r.json).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      ResultItem: [
        { UserID: "UserID_1", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
        { UserID: "UserID_2", ResultCode: 0, ResultInfo: "", AccountStatus: "NotImported" },
      ],
    })
    expect(await h.code("account_check", { CheckItem: Array.from({ length: 101 }, (_, i) => ({ UserID: `u${i}` })) })).toBe(70402)
    expect(await h.code("account_check", { CheckItem: "x" })).toBe(70402)
  })

  it("account paths answer the same on both families (one path)", async () => {
    const h = setup()
    expect(await h.code("account_import", { UserID: "z" }, { family: "all_member_push" })).toBe(0)
  })
})
