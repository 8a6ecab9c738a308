import { afterAll, describe, expect, it } from "vitest"
import { checkRequest, checkRequestAll, ruleNames } from "../../../src/api/mod.ts"
import type { EndpointKey, Family, RuleName } from "../../../src/api/mod.ts"

const seen = new Set<RuleName>()

/** `body` breaks `rule` on `field`, and the service answers `code`. */
const bad = (key: EndpointKey, body: unknown, want: { field: string; rule: RuleName; code: number }, family: Family = "timpush") => {
  const v = checkRequest(key, body, family)
  expect(v).toMatchObject(want)
  expect(v?.message.length).toBeGreaterThan(0)
  seen.add(want.rule)
}

/** `body` breaks no rule. */
const ok = (key: EndpointKey, body: unknown, family: Family = "timpush") =>
  expect(checkRequestAll(key, body, family)).toStrictEqual([])

const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`)
const s = (bytes: number) => "a".repeat(bytes)
const push = (extra: object) => ({ MsgRandom: 1, ...extra })
const legacyPush = (extra: object) => ({ MsgRandom: 1, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "t" } }], ...extra })
const opi = { PushFlag: 0, Desc: "d" }
const batch = (extra: object) => ({ From_Account: "admin", To_Account: ["a"], MsgRandom: 1, OfflinePushInfo: opi, ...extra })

describe("max_accounts / min_accounts", () => {
  for (const key of ["get_attr", "get_tag", "clear_all_tags"] as const) {
    it(`${key}: 100 accounts pass, 101 → 90018`, () => {
      ok(key, { To_Account: ids(100) })
      bad(key, { To_Account: ids(101) }, { field: "To_Account", rule: "max_accounts", code: 90018 })
      bad(key, { To_Account: ids(101) }, { field: "To_Account", rule: "max_accounts", code: 90018 }, "all_member_push")
    })
  }

  it("set_attr / remove_attr: 100 users pass, 101 → 90018", () => {
    ok("set_attr", { UserAttrs: ids(100).map((u) => ({ To_Account: u, Attrs: {} })) })
    bad("set_attr", { UserAttrs: ids(101).map((u) => ({ To_Account: u, Attrs: {} })) }, { field: "UserAttrs", rule: "max_accounts", code: 90018 })
    ok("remove_attr", { UserAttrs: ids(100).map((u) => ({ To_Account: u, Attrs: ["x"] })) })
    bad("remove_attr", { UserAttrs: ids(101).map((u) => ({ To_Account: u, Attrs: ["x"] })) }, { field: "UserAttrs", rule: "max_accounts", code: 90018 })
  })

  it("add_tag / remove_tag: 100 users pass, 101 → 90018", () => {
    for (const key of ["add_tag", "remove_tag"] as const) {
      ok(key, { UserTags: ids(100).map((u) => ({ To_Account: u, Tags: ["t"] })) })
      bad(key, { UserTags: ids(101).map((u) => ({ To_Account: u, Tags: ["t"] })) }, { field: "UserTags", rule: "max_accounts", code: 90018 })
    }
  })

  it("batch: 1 and 500 recipients pass, 0 → 90001, 501 → 90018", () => {
    ok("batch", batch({ To_Account: ids(1) }))
    ok("batch", batch({ To_Account: ids(500) }))
    bad("batch", batch({ To_Account: [] }), { field: "To_Account", rule: "min_accounts", code: 90001 })
    bad("batch", batch({ To_Account: ids(501) }), { field: "To_Account", rule: "max_accounts", code: 90018 })
  })

  it("account batches: 100 pass, 101 → 70402", () => {
    ok("multiaccount_import", { Accounts: ids(100) })
    bad("multiaccount_import", { Accounts: ids(101) }, { field: "Accounts", rule: "max_accounts", code: 70402 })
    ok("multiaccount_import", { AccountList: ids(100).map((UserID) => ({ UserID })) })
    bad("multiaccount_import", { AccountList: ids(101).map((UserID) => ({ UserID })) }, { field: "AccountList", rule: "max_accounts", code: 70402 })
    ok("account_delete", { DeleteItem: ids(100).map((UserID) => ({ UserID })) })
    bad("account_delete", { DeleteItem: ids(101).map((UserID) => ({ UserID })) }, { field: "DeleteItem", rule: "max_accounts", code: 70402 })
    ok("account_check", { CheckItem: ids(100).map((UserID) => ({ UserID })) })
    bad("account_check", { CheckItem: ids(101).map((UserID) => ({ UserID })) }, { field: "CheckItem", rule: "max_accounts", code: 70402 })
  })
})

describe("tags", () => {
  it("a tag of exactly 50 bytes passes, 51 → 90020 (bytes, not characters)", () => {
    ok("add_tag", { UserTags: [{ To_Account: "u", Tags: [s(50), "标".repeat(16) + "ab"] }] })
    bad("add_tag", { UserTags: [{ To_Account: "u", Tags: ["x", s(51)] }] }, { field: "UserTags[0].Tags[1]", rule: "tag_bytes", code: 90020 })
    // 17 characters, 51 bytes
    bad("add_tag", { UserTags: [{ To_Account: "u", Tags: ["标".repeat(17)] }] }, { field: "UserTags[0].Tags[0]", rule: "tag_bytes", code: 90020 })
    bad("remove_tag", { UserTags: [{ To_Account: "u", Tags: [s(51)] }] }, { field: "UserTags[0].Tags[0]", rule: "tag_bytes", code: 90020 })
    ok("remove_tag", { UserTags: [{ To_Account: "u", Tags: [s(50)] }] })
  })

  it("an empty tag → 90040", () => {
    bad("add_tag", { UserTags: [{ To_Account: "u", Tags: [""] }] }, { field: "UserTags[0].Tags[0]", rule: "tag_empty", code: 90040 })
    bad("remove_tag", { UserTags: [{ To_Account: "a", Tags: ["x"] }, { To_Account: "u", Tags: [""] }] }, { field: "UserTags[1].Tags[0]", rule: "tag_empty", code: 90040 })
    ok("add_tag", { UserTags: [{ To_Account: "u", Tags: ["x"] }] })
  })

  it("10 tags per user per add pass, 11 → 90032; with Replace 1 on timpush, 100 pass and 101 fail", () => {
    ok("add_tag", { UserTags: [{ To_Account: "u", Tags: ids(10) }] })
    bad("add_tag", { UserTags: [{ To_Account: "u", Tags: ids(11) }] }, { field: "UserTags[0].Tags", rule: "tags_per_request", code: 90032 })
    ok("add_tag", { Replace: 0, UserTags: [{ To_Account: "u", Tags: ids(10) }] })
    bad("add_tag", { Replace: 0, UserTags: [{ To_Account: "u", Tags: ids(11) }] }, { field: "UserTags[0].Tags", rule: "tags_per_request", code: 90032 })
    ok("add_tag", { Replace: 1, UserTags: [{ To_Account: "u", Tags: ids(100) }] })
    bad("add_tag", { Replace: 1, UserTags: [{ To_Account: "u", Tags: ids(101) }] }, { field: "UserTags[0].Tags", rule: "tags_per_request", code: 90032 })
    bad("add_tag", { UserTags: [{ To_Account: "u", Tags: ids(11) }] }, { field: "UserTags[0].Tags", rule: "tags_per_request", code: 90032 }, "all_member_push")
  })

  it("Replace must be 0 or 1, and 1 is not offered by the legacy family", () => {
    bad("add_tag", { Replace: 2, UserTags: [] }, { field: "Replace", rule: "replace_value", code: 90001 })
    bad("add_tag", { Replace: 1, UserTags: [] }, { field: "Replace", rule: "replace_legacy", code: 90001 }, "all_member_push")
    ok("add_tag", { Replace: 0, UserTags: [] }, "all_member_push")
    ok("add_tag", { Replace: 1, UserTags: [] }, "timpush")
  })
})

describe("attributes", () => {
  it("slots are \"0\"..\"9\" → else 90033", () => {
    ok("set_attr_name", { AttrNames: { "0": "a", "9": "b" } })
    bad("set_attr_name", { AttrNames: { "0": "a", "10": "b" } }, { field: 'AttrNames["10"]', rule: "attr_slot", code: 90033 })
    bad("set_attr_name", { AttrNames: { x: "a" } }, { field: 'AttrNames["x"]', rule: "attr_slot", code: 90033 })
  })

  it("names of 50 bytes pass, 51 → 90033, in every place a name appears", () => {
    ok("set_attr_name", { AttrNames: { "0": s(50) } })
    bad("set_attr_name", { AttrNames: { "0": s(51) } }, { field: 'AttrNames["0"]', rule: "attr_name_bytes", code: 90033 })
    ok("set_attr", { UserAttrs: [{ To_Account: "u", Attrs: { [s(50)]: "v" } }] })
    bad("set_attr", { UserAttrs: [{ To_Account: "u", Attrs: { [s(51)]: "v" } }] }, { field: `UserAttrs[0].Attrs["${s(51)}"]`, rule: "attr_name_bytes", code: 90033 })
    ok("remove_attr", { UserAttrs: [{ To_Account: "u", Attrs: [s(50)] }] })
    bad("remove_attr", { UserAttrs: [{ To_Account: "u", Attrs: ["ok", s(51)] }] }, { field: "UserAttrs[0].Attrs[1]", rule: "attr_name_bytes", code: 90033 })
    bad("push", push({ Condition: { AttrsAnd: { ["é".repeat(26)]: "v" } } }), { field: `Condition.AttrsAnd["${"é".repeat(26)}"]`, rule: "attr_name_bytes", code: 90033 })
    ok("push", push({ Condition: { AttrsAnd: { ["é".repeat(25)]: "v" } } }))
  })

  it("values of 50 bytes pass, 51 → 90033", () => {
    ok("set_attr", { UserAttrs: [{ To_Account: "u", Attrs: { city: "城".repeat(16) + "ab" } }] })
    bad("set_attr", { UserAttrs: [{ To_Account: "u", Attrs: { city: "城".repeat(17) } }] }, { field: 'UserAttrs[0].Attrs["city"]', rule: "attr_value_bytes", code: 90033 })
    bad("push", push({ Condition: { AttrsOr: { city: s(51) } } }), { field: 'Condition.AttrsOr["city"]', rule: "attr_value_bytes", code: 90033 })
    ok("push", push({ Condition: { AttrsOr: { city: s(50) } } }))
  })

  it("a name in two slots → 90033", () => {
    bad("set_attr_name", { AttrNames: { "0": "sex", "1": "sex" } }, { field: 'AttrNames["1"]', rule: "attr_name_duplicate", code: 90033 })
  })

  it("AttrTypes keys must be in AttrNames and values 0 or 1 → else 90033", () => {
    ok("set_attr_name", { AttrNames: { "0": "a", "1": "b" }, AttrTypes: { "0": 0, "1": 1 } })
    bad("set_attr_name", { AttrNames: { "0": "a" }, AttrTypes: { "3": 0 } }, { field: 'AttrTypes["3"]', rule: "attr_type_slot", code: 90033 })
    bad("set_attr_name", { AttrNames: { "0": "a" }, AttrTypes: { "0": 2 } }, { field: 'AttrTypes["0"]', rule: "attr_type_value", code: 90033 })
  })
})

describe("push conditions", () => {
  it("tag and attribute members together → 90039 (empty members do not count)", () => {
    bad("push", push({ Condition: { TagsOr: ["a"], AttrsAnd: { city: "x" } } }), { field: "Condition", rule: "condition_mixed", code: 90039 })
    ok("push", push({ Condition: { TagsOr: [], AttrsAnd: { city: "x" } } }))
    ok("push", push({ Condition: { TagsOr: ["a"], TagsAnd: ["b"], TagsNot: ["c"] } }))
    ok("push", push({ Condition: { AttrsOr: { a: "1" }, AttrsAnd: { b: "2" } } }))
  })

  it("10 tags per member pass, 11 → 90032", () => {
    for (const m of ["TagsAnd", "TagsOr", "TagsNot"]) {
      ok("push", push({ Condition: { [m]: ids(10) } }))
      bad("push", push({ Condition: { [m]: ids(11) } }), { field: `Condition.${m}`, rule: "condition_tags_count", code: 90032 })
    }
  })

  it("empty and over-long condition tags → 90040 / 90020", () => {
    bad("push", push({ Condition: { TagsAnd: ["a", ""] } }), { field: "Condition.TagsAnd[1]", rule: "tag_empty", code: 90040 })
    bad("push", push({ Condition: { TagsOr: [s(51)] } }), { field: "Condition.TagsOr[0]", rule: "tag_bytes", code: 90020 })
    ok("push", push({ Condition: { TagsOr: [s(50)] } }))
  })

  it("a tag in both TagsAnd and TagsOr → 90022", () => {
    bad("push", push({ Condition: { TagsAnd: ["a", "b"], TagsOr: ["c", "b"] } }), { field: "Condition.TagsOr[1]", rule: "condition_tag_overlap", code: 90022 })
    ok("push", push({ Condition: { TagsAnd: ["a"], TagsOr: ["b"], TagsNot: ["a"] } }))
  })

  it("TagsNot on the legacy family → 90001", () => {
    bad("push", legacyPush({ Condition: { TagsNot: ["a"] } }), { field: "Condition.TagsNot", rule: "tags_not_legacy", code: 90001 }, "all_member_push")
    ok("push", legacyPush({ Condition: { TagsOr: ["a"] } }), "all_member_push")
  })
})

describe("push body", () => {
  it("MsgRandom is a uint32 → else 90005 (push) / 90001 (batch)", () => {
    ok("push", push({ MsgRandom: 0 }))
    ok("push", push({ MsgRandom: 4294967295 }))
    for (const r of [undefined, -1, 1.5, 4294967296, "1", null]) {
      bad("push", { MsgRandom: r }, { field: "MsgRandom", rule: "msg_random", code: 90005 })
      bad("batch", batch({ MsgRandom: r }), { field: "MsgRandom", rule: "msg_random", code: 90001 })
    }
    ok("batch", batch({ MsgRandom: 4294967295 }))
  })

  it("MsgBody is required by im_push (90002) but not by timpush push", () => {
    bad("push", { MsgRandom: 1 }, { field: "MsgBody", rule: "msg_body_required", code: 90002 }, "all_member_push")
    ok("push", { MsgRandom: 1, OfflinePushInfo: opi })
  })

  it("MsgBody must be an array → 90007", () => {
    bad("push", push({ MsgBody: { MsgType: "TIMTextElem", MsgContent: { Text: "t" } } }), { field: "MsgBody", rule: "msg_body_array", code: 90007 })
  })

  it("each element is { MsgType (a push type), MsgContent: {} } → else 90010", () => {
    bad("push", push({ MsgBody: [{ MsgType: "TIMRelayElem", MsgContent: {} }] }), { field: "MsgBody[0]", rule: "msg_element", code: 90010 })
    bad("push", push({ MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "t" } }, 1] }), { field: "MsgBody[1]", rule: "msg_element", code: 90010 })
    bad("push", push({ MsgBody: [{ MsgType: "TIMTextElem" }] }), { field: "MsgBody[0]", rule: "msg_element", code: 90010 })
  })

  it("at most one TIMCustomElem per message → 90010", () => {
    const custom = { MsgType: "TIMCustomElem", MsgContent: { Data: "d" } }
    const text = { MsgType: "TIMTextElem", MsgContent: { Text: "t" } }
    ok("push", push({ MsgBody: [text, custom, text] }))
    bad("push", push({ MsgBody: [custom, text, custom] }), { field: "MsgBody[2]", rule: "custom_elem_count", code: 90010 })
  })

  it("MsgLifeTime is an integer (90044) in 0..604800 (90026)", () => {
    ok("push", push({ MsgLifeTime: 0 }))
    ok("push", push({ MsgLifeTime: 604800 }))
    bad("push", push({ MsgLifeTime: 604801 }), { field: "MsgLifeTime", rule: "msg_life_time_range", code: 90026 })
    bad("push", push({ MsgLifeTime: -1 }), { field: "MsgLifeTime", rule: "msg_life_time_range", code: 90026 })
    bad("push", push({ MsgLifeTime: 1.5 }), { field: "MsgLifeTime", rule: "msg_life_time_integer", code: 90044 })
    bad("push", push({ MsgLifeTime: "120" }), { field: "MsgLifeTime", rule: "msg_life_time_integer", code: 90044 })
  })

  it("DataId of 64 bytes passes, 65 → 90057 (push and batch)", () => {
    ok("push", push({ DataId: s(64) }))
    ok("batch", batch({ DataId: "标".repeat(21) + "a" }))
    bad("push", push({ DataId: s(65) }), { field: "DataId", rule: "data_id_bytes", code: 90057 })
    bad("batch", batch({ DataId: "标".repeat(22) }), { field: "DataId", rule: "data_id_bytes", code: 90057 })
  })

  it("a timpush push body of 10240 bytes passes, 10241 → 90056; the legacy family is not checked", () => {
    const body = (n: number) => {
      const base = JSON.stringify({ MsgRandom: 1, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "" } }] }).length
      return { MsgRandom: 1, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: s(n - base) } }] }
    }
    ok("push", body(10240))
    bad("push", body(10241), { field: "(body)", rule: "push_body_bytes", code: 90056 })
    ok("push", body(20000), "all_member_push")
  })

  it("revoke: an empty TaskId → 90049", () => {
    bad("revoke", { TaskId: "" }, { field: "TaskId", rule: "task_id_empty", code: 90049 })
    ok("revoke", { TaskId: "t" })
  })
})

describe("accounts", () => {
  it("UserID of 32 bytes passes, 33 → 70402; empty → 70402", () => {
    ok("account_import", { UserID: s(32) })
    bad("account_import", { UserID: s(33) }, { field: "UserID", rule: "user_id_bytes", code: 70402 })
    bad("account_import", { UserID: "标".repeat(11) }, { field: "UserID", rule: "user_id_bytes", code: 70402 })
    bad("account_import", { UserID: "" }, { field: "UserID", rule: "user_id_empty", code: 70402 })
    bad("account_import", { Identifier: "" }, { field: "Identifier", rule: "user_id_empty", code: 70402 })
    bad("multiaccount_import", { Accounts: ["a", s(33)] }, { field: "Accounts[1]", rule: "user_id_bytes", code: 70402 })
    bad("multiaccount_import", { AccountList: [{ UserID: "" }] }, { field: "AccountList[0].UserID", rule: "user_id_empty", code: 70402 })
    ok("multiaccount_import", { AccountList: [{ UserID: s(32) }] })
  })

  it("Nick / FaceUrl of 500 bytes pass, 501 → 40601", () => {
    ok("account_import", { UserID: "u", Nick: s(500), FaceUrl: s(500) })
    bad("account_import", { UserID: "u", Nick: s(501) }, { field: "Nick", rule: "profile_bytes", code: 40601 })
    bad("account_import", { UserID: "u", FaceUrl: "é".repeat(251) }, { field: "FaceUrl", rule: "profile_bytes", code: 40601 })
    bad("multiaccount_import", { AccountList: [{ UserID: "u", Nick: s(501) }] }, { field: "AccountList[0].Nick", rule: "profile_bytes", code: 40601 })
  })

  it("multiaccount_import takes AccountList or Accounts, not both → 70402", () => {
    bad("multiaccount_import", { AccountList: [{ UserID: "a" }], Accounts: ["b"] }, { field: "AccountList", rule: "account_list_shape", code: 70402 })
  })
})

describe("scheduled tasks (90104)", () => {
  const opiS = { PushFlag: 0, Title: "t", Desc: "d" }
  const task = (extra: object) => ({ Sdkappid: 1400000000, Type: "All", SchedAt: "2025-06-01 10:00:00", Content: { OfflinePushInfo: opiS }, ...extra })
  const code = 90104

  it("Sdkappid, Type and SchedAt", () => {
    ok("add_sched_task", task({}))
    bad("add_sched_task", task({ Sdkappid: 0 }), { field: "Sdkappid", rule: "sdkappid_value", code })
    bad("get_sched_task", { Sdkappid: 1.5, TaskID: 1 }, { field: "Sdkappid", rule: "sdkappid_value", code })
    bad("add_sched_task", task({ Type: "Everyone" }), { field: "Type", rule: "sched_type", code })
    bad("delete_sched_task", { Sdkappid: 1, TaskID: 1, Type: "all" }, { field: "Type", rule: "sched_type", code })
    for (const t of ["2025-06-01T10:00:00Z", "2025-02-30 00:00:00", "2025-06-01 24:00:00", "2025-6-1 10:00:00", ""]) {
      bad("add_sched_task", task({ SchedAt: t }), { field: "SchedAt", rule: "sched_time_format", code })
    }
    bad("modify_sched_task", { Sdkappid: 1, TaskID: 1, Type: "All", SchedAt: "tomorrow" }, { field: "SchedAt", rule: "sched_time_format", code })
    ok("modify_sched_task", { Sdkappid: 1, TaskID: 1, Type: "All" })
  })

  it("TaskID is a positive integer", () => {
    for (const id of [0, -1, 1.5]) {
      bad("modify_sched_task", { Sdkappid: 1, TaskID: id, Type: "All" }, { field: "TaskID", rule: "sched_task_id", code })
      bad("delete_sched_task", { Sdkappid: 1, TaskID: id, Type: "All" }, { field: "TaskID", rule: "sched_task_id", code })
      bad("get_sched_task", { Sdkappid: 1, TaskID: id }, { field: "TaskID", rule: "sched_task_id", code })
    }
  })

  it("Content matches Type: All has no condition or users, Tag a condition, User 1–500 users", () => {
    ok("add_sched_task", task({ Type: "Tag", Content: { Condition: { TagsAnd: ["vip"] }, OfflinePushInfo: opiS } }))
    ok("add_sched_task", task({ Type: "Tag", Content: { Condition: { AttrsOr: { city: "sz" } }, OfflinePushInfo: opiS } }))
    ok("add_sched_task", task({ Type: "User", Content: { From_Account: "admin", To_Account: ids(500), OfflinePushInfo: opiS } }))
    bad("add_sched_task", task({ Type: "All", Content: { Condition: { TagsAnd: ["vip"] } } }), { field: "Content.Condition", rule: "sched_content_type", code })
    bad("add_sched_task", task({ Type: "All", Content: { To_Account: ["a"] } }), { field: "Content.To_Account", rule: "sched_content_type", code })
    bad("add_sched_task", task({ Type: "Tag", Content: { Condition: { TagsAnd: [] } } }), { field: "Content.Condition", rule: "sched_content_type", code })
    bad("add_sched_task", task({ Type: "User", Content: { OfflinePushInfo: opiS } }), { field: "Content.To_Account", rule: "sched_content_type", code })
    bad("add_sched_task", task({ Type: "User", Content: { To_Account: [] } }), { field: "Content.To_Account", rule: "min_accounts", code })
    bad("add_sched_task", task({ Type: "User", Content: { To_Account: ids(501) } }), { field: "Content.To_Account", rule: "max_accounts", code })
    // Dispatched as a batch push, which requires a sender: refused when scheduled, not at its time.
    bad("add_sched_task", task({ Type: "User", Content: { To_Account: ["a"], OfflinePushInfo: opiS } }), { field: "Content.From_Account", rule: "sched_content_type", code })
  })

  it("Content breaks a push rule: reported under Content. with 90104", () => {
    bad("add_sched_task", task({ Type: "Tag", Content: { Condition: { TagsAnd: ["a"], TagsOr: ["a"] } } }), { field: "Content.Condition.TagsOr[0]", rule: "condition_tag_overlap", code })
    bad("add_sched_task", task({ Content: { MsgLifeTime: 604801 } }), { field: "Content.MsgLifeTime", rule: "msg_life_time_range", code })
    bad("modify_sched_task", { Sdkappid: 1, TaskID: 1, Type: "User", Content: { To_Account: ["a"], DataId: s(65) } }, { field: "Content.DataId", rule: "data_id_bytes", code })
  })

  it("list_sched_task: Offset, Want, OrderBy in either casing, BeginTime and EndTime together", () => {
    const list = (extra: object) => ({ Sdkappid: 1, Offset: 0, Want: 10, OrderBy: "createat", Asc: true, ...extra })
    for (const o of ["createat", "createAt", "schedat", "schedAt", "CREATEAT"]) ok("list_sched_task", list({ OrderBy: o }))
    ok("list_sched_task", list({ BeginTime: "2025-06-01 00:00:00", EndTime: "2025-06-01 00:00:00" }))
    bad("list_sched_task", list({ Offset: -1 }), { field: "Offset", rule: "list_offset", code })
    bad("list_sched_task", list({ Want: 0 }), { field: "Want", rule: "list_want", code })
    bad("list_sched_task", list({ OrderBy: "create_at" }), { field: "OrderBy", rule: "list_order_by", code })
    bad("list_sched_task", list({ BeginTime: "2025-06-01 00:00:00" }), { field: "EndTime", rule: "list_time_range", code })
    bad("list_sched_task", list({ BeginTime: "2025-06-02 00:00:00", EndTime: "2025-06-01 00:00:00" }), { field: "EndTime", rule: "list_time_range", code })
    bad("list_sched_task", list({ BeginTime: "2025-06-02", EndTime: "2025-06-03 00:00:00" }), { field: "BeginTime", rule: "sched_time_format", code })
  })
})

describe("statistics, loss and traces (90001)", () => {
  const day = 86_400
  const code = 90001

  it("statistics cover at most 30 days, loss at most 7, start ≤ end, unix seconds", () => {
    ok("all_member_push_statistics", { StartTime: 0, EndTime: 30 * day, TaskID: [] })
    ok("normal_push_statistics", { StartTime: 100, EndTime: 100 + 30 * day })
    ok("all_member_push_loss", { StartTime: 0, EndTime: 7 * day })
    bad("all_member_push_statistics", { StartTime: 0, EndTime: 30 * day + 1 }, { field: "EndTime", rule: "stats_window", code })
    bad("normal_push_statistics", { StartTime: 0, EndTime: 30 * day + 1 }, { field: "EndTime", rule: "stats_window", code })
    bad("all_member_push_loss", { StartTime: 0, EndTime: 7 * day + 1 }, { field: "EndTime", rule: "stats_window", code })
    bad("normal_push_loss", { StartTime: 0, EndTime: 7 * day + 1 }, { field: "EndTime", rule: "stats_window", code })
    bad("normal_push_loss", { StartTime: 10, EndTime: 9 }, { field: "EndTime", rule: "stats_time_order", code })
    bad("all_member_push_statistics", { StartTime: -1, EndTime: 9 }, { field: "StartTime", rule: "stats_time_value", code })
    bad("all_member_push_statistics", { StartTime: 1, EndTime: 1.5 }, { field: "EndTime", rule: "stats_time_value", code })
  })

  it("at most 5 TaskIDs, none empty", () => {
    ok("all_member_push_loss", { StartTime: 0, EndTime: 1, TaskID: ids(5) })
    bad("all_member_push_loss", { StartTime: 0, EndTime: 1, TaskID: ids(6) }, { field: "TaskID", rule: "stats_task_ids", code })
    bad("all_member_push_statistics", { StartTime: 0, EndTime: 1, TaskID: ["a", ""] }, { field: "TaskID[1]", rule: "task_id_empty", code })
  })

  it("traces name a task and a user, or a PushID", () => {
    ok("all_member_push_trace", { TaskID: "t", UserID: "u" })
    bad("all_member_push_trace", { TaskID: "", UserID: "u" }, { field: "TaskID", rule: "task_id_empty", code })
    bad("all_member_push_trace", { TaskID: "t", UserID: "" }, { field: "UserID", rule: "user_id_empty", code })
    ok("normal_push_trace", { PushID: "p" })
    bad("normal_push_trace", { PushID: "" }, { field: "PushID", rule: "push_id_empty", code })
  })
})

describe("checkRequest", () => {
  it("returns the first violation in check order and checkRequestAll returns them all", () => {
    const body = { MsgRandom: -1, MsgLifeTime: 604801, DataId: s(65) }
    expect(checkRequest("push", body)?.code).toBe(90005)
    expect(checkRequestAll("push", body).map((v) => v.code)).toStrictEqual([90005, 90026, 90057])
  })

  it("defaults to the timpush family", () => {
    expect(checkRequest("push", { MsgRandom: 1 })).toBeUndefined()
  })

  it("leaves non-object bodies and wrong-typed members to the schema", () => {
    for (const body of [null, 1, "x", [], undefined]) expect(checkRequest("add_tag", body, "timpush")).toBeUndefined()
    ok("add_tag", { UserTags: "nope" })
    ok("set_attr", { UserAttrs: [{ To_Account: "u", Attrs: [] }] })
    ok("get_attr_name", {})
  })

  it("never echoes a value in its message", () => {
    const secret = "s3cret-tag-value-that-is-very-long-xxxxxxxxxxxxxxxxxxxxxxx"
    const v = checkRequest("add_tag", { UserTags: [{ To_Account: "u", Tags: [secret] }] })
    expect(v?.message).not.toContain(secret)
  })
})

afterAll(() => {
  // Every rule has at least one test that triggers it.
  expect([...seen].sort()).toStrictEqual([...ruleNames].sort())
})
