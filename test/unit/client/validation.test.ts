/**
 * Local validation: every documented limit (and the client's own rules) fails with
 * `ChatRequestError { field, rule }` before anything is sent — each case asserts that the
 * recording fetch saw zero requests. Byte limits count UTF-8 bytes, not characters.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { ruleNames } from "../../../src/api/mod.ts"
import type { Family } from "../../../src/api/mod.ts"
import type { TencentChatClient } from "../../../src/client/mod.ts"
import { ChatRequestError } from "../../../src/client/mod.ts"
import { withClient } from "./helpers.ts"

const text = (t: string) => ({ MsgType: "TIMTextElem" as const, MsgContent: { Text: t } })
const custom = { MsgType: "TIMCustomElem" as const, MsgContent: { Data: "d" } }
const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`)
/** 26 characters, 52 UTF-8 bytes: over a 50-byte limit although under 50 characters. */
const wide = "é".repeat(26)

interface Case {
  readonly name: string
  readonly rule: string
  readonly field: string
  readonly family?: Family
  readonly run: (c: TencentChatClient) => Effect.Effect<unknown, unknown>
}

const cases: ReadonlyArray<Case> = [
  // attribute names
  { name: "attribute slot outside 0..9", rule: "attr_slot", field: "AttrNames[\"10\"]", run: (c) => c.setAttrNames({ "10": "x" } as never) },
  { name: "attribute name over 50 bytes", rule: "attr_name_bytes", field: "AttrNames[\"0\"]", run: (c) => c.setAttrNames({ "0": wide }) },
  { name: "duplicate attribute name", rule: "attr_name_duplicate", field: "AttrNames[\"1\"]", run: (c) => c.setAttrNames({ "0": "city", "1": "city" }) },
  { name: "AttrTypes slot not in AttrNames", rule: "attr_type_slot", field: "AttrTypes[\"1\"]", run: (c) => c.setAttrNames({ "0": "city" }, { types: { "1": 0 } }) },
  { name: "AttrTypes value not 0/1", rule: "attr_type_value", field: "AttrTypes[\"0\"]", run: (c) => c.setAttrNames({ "0": "city" }, { types: { "0": 2 as never } }) },
  // user attributes
  { name: "attribute value over 50 bytes", rule: "attr_value_bytes", field: "UserAttrs[0].Attrs[\"city\"]", run: (c) => c.setUserAttrs([{ userId: "a", attrs: { city: wide } }]) },
  { name: "attribute name over 50 bytes in set", rule: "attr_name_bytes", field: `UserAttrs[0].Attrs[${JSON.stringify(wide)}]`, run: (c) => c.setUserAttrs([{ userId: "a", attrs: { [wide]: "x" } }]) },
  { name: "attribute name over 50 bytes in remove", rule: "attr_name_bytes", field: "UserAttrs[1].Attrs[0]", run: (c) => c.removeUserAttrs([{ userId: "a", attrNames: ["ok"] }, { userId: "b", attrNames: [wide] }]) },
  // tags
  { name: "empty tag (add)", rule: "tag_empty", field: "UserTags[0].Tags[1]", run: (c) => c.addUserTags([{ userId: "a", tags: ["ok", ""] }]) },
  { name: "empty tag (remove)", rule: "tag_empty", field: "UserTags[0].Tags[0]", run: (c) => c.removeUserTags([{ userId: "a", tags: [""] }]) },
  { name: "tag over 50 bytes, names the item's real index", rule: "tag_bytes", field: "UserTags[3].Tags[0]", run: (c) => c.addUserTags([...["a", "b", "c"].map((u) => ({ userId: u, tags: ["x"] })), { userId: "d", tags: [wide] }]) },
  { name: "11 tags in one add", rule: "tags_per_request", field: "UserTags[0].Tags", run: (c) => c.addUserTags([{ userId: "a", tags: tags(11) }]) },
  { name: "101 tags in one replace", rule: "tags_per_request", field: "UserTags[0].Tags", run: (c) => c.addUserTags([{ userId: "a", tags: tags(101) }], { replace: true }) },
  { name: "replace on the legacy family", rule: "replace_legacy", field: "Replace", family: "all_member_push", run: (c) => c.addUserTags([{ userId: "a", tags: ["x"] }], { replace: true }) },
  // push conditions
  { name: "11 tags in a condition", rule: "condition_tags_count", field: "Condition.TagsOr", run: (c) => c.push({ condition: { tagsOr: tags(11) }, message: [text("x")] }) },
  { name: "tag and attribute conditions together", rule: "condition_mixed", field: "Condition", run: (c) => c.push({ condition: { tagsOr: ["a"], attrsAnd: { city: "x" } }, message: [text("x")] }) },
  { name: "tag in both And and Or", rule: "condition_tag_overlap", field: "Condition.TagsOr[1]", run: (c) => c.push({ condition: { tagsAnd: ["a"], tagsOr: ["b", "a"] }, message: [text("x")] }) },
  { name: "empty tag in a condition", rule: "tag_empty", field: "Condition.TagsAnd[0]", run: (c) => c.push({ condition: { tagsAnd: [""] }, message: [text("x")] }) },
  { name: "condition tag over 50 bytes", rule: "tag_bytes", field: "Condition.TagsNot[0]", run: (c) => c.push({ condition: { tagsNot: [wide] }, message: [text("x")] }) },
  { name: "TagsNot on the legacy family", rule: "tags_not_legacy", field: "Condition.TagsNot", family: "all_member_push", run: (c) => c.push({ condition: { tagsNot: ["a"] }, message: [text("x")] }) },
  // push body
  { name: "MsgLifeTime over 604800", rule: "msg_life_time_range", field: "MsgLifeTime", run: (c) => c.push({ lifetimeSeconds: 604801, message: [text("x")] }) },
  { name: "MsgLifeTime not an integer", rule: "msg_life_time_integer", field: "MsgLifeTime", run: (c) => c.push({ lifetimeSeconds: 1.5, message: [text("x")] }) },
  { name: "two TIMCustomElem", rule: "custom_elem_count", field: "MsgBody[2]", run: (c) => c.push({ message: [custom, text("x"), custom] }) },
  { name: "MsgBody not an array", rule: "msg_body_array", field: "MsgBody", run: (c) => c.push({ message: "hi" as never }) },
  { name: "unknown message type", rule: "msg_element", field: "MsgBody[0]", run: (c) => c.push({ message: [{ MsgType: "TIMRelayElem", MsgContent: {} } as never] }) },
  { name: "MsgBody missing on the legacy family", rule: "msg_body_required", field: "MsgBody", family: "all_member_push", run: (c) => c.push({ offlinePush: { Title: "t" } }) },
  { name: "MsgRandom not a uint32", rule: "msg_random", field: "MsgRandom", run: (c) => c.push({ msgRandom: 2 ** 32, message: [text("x")] }) },
  { name: "negative MsgRandom", rule: "msg_random", field: "MsgRandom", run: (c) => c.push({ msgRandom: -1, message: [text("x")] }) },
  { name: "DataId over 64 bytes (push)", rule: "data_id_bytes", field: "DataId", run: (c) => c.push({ dataId: "é".repeat(33), message: [text("x")] }) },
  { name: "push body over 10 KB", rule: "push_body_bytes", field: "(body)", run: (c) => c.push({ message: [text("x".repeat(11_000))] }) },
  { name: "onlineOnly with a lifetime on the legacy family", rule: "online_only_lifetime", field: "MsgLifeTime", family: "all_member_push", run: (c) => c.push({ onlineOnly: true, lifetimeSeconds: 60, message: [text("x")] }) },
  // revoke, batch
  { name: "empty TaskId", rule: "task_id_empty", field: "TaskId", run: (c) => c.revokePush("") },
  { name: "batch with no accounts", rule: "min_accounts", field: "To_Account", run: (c) => c.pushToUsers({ from: "a", userIds: [], offlinePush: {} }) },
  { name: "batch DataId over 64 bytes", rule: "data_id_bytes", field: "DataId", run: (c) => c.pushToUsers({ from: "a", userIds: ["b"], offlinePush: {}, dataId: "x".repeat(65) }) },
  { name: "batch MsgRandom not a uint32", rule: "msg_random", field: "MsgRandom", run: (c) => c.pushToUsers({ from: "a", userIds: ["b"], offlinePush: {}, msgRandom: 0.5 }) },
  { name: "call(batch) with 501 accounts", rule: "max_accounts", field: "To_Account", run: (c) => c.call("batch", { From_Account: "a", To_Account: tags(501), MsgRandom: 1, OfflinePushInfo: {} }) },
  { name: "call(get_tag) with 101 accounts", rule: "max_accounts", field: "To_Account", run: (c) => c.call("get_tag", { To_Account: tags(101) }) },
  // accounts
  { name: "empty UserID in an import", rule: "user_id_empty", field: "AccountList[1].UserID", run: (c) => c.importAccounts([{ userId: "a" }, { userId: "" }]) },
  { name: "UserID over 32 bytes", rule: "user_id_bytes", field: "AccountList[0].UserID", run: (c) => c.importAccounts([{ userId: "é".repeat(17) }]) },
  { name: "Nick over 500 bytes", rule: "profile_bytes", field: "AccountList[0].Nick", run: (c) => c.importAccounts([{ userId: "a", nick: "x".repeat(501) }]) },
  { name: "call(account_import) UserID over 32 bytes", rule: "user_id_bytes", field: "UserID", run: (c) => c.call("account_import", { UserID: "x".repeat(33) }) },
  { name: "call(multiaccount_import) with both shapes", rule: "account_list_shape", field: "AccountList", run: (c) => c.call("multiaccount_import", { AccountList: [], Accounts: [] } as never) },
  { name: "call(account_check) with 101 accounts", rule: "max_accounts", field: "CheckItem", run: (c) => c.call("account_check", { CheckItem: tags(101).map((u) => ({ UserID: u })) }) },
  // scheduled tasks and statistics, through call (the catalogue's rules; friendly methods add their own cases)
  { name: "call(add_sched_task) Sdkappid 0", rule: "sdkappid_value", field: "Sdkappid", run: (c) => c.call("add_sched_task", { Sdkappid: 0, Type: "All", SchedAt: "2099-01-01 00:00:00", Content: {} }) },
  { name: "call(add_sched_task) unknown Type", rule: "sched_type", field: "Type", run: (c) => c.call("add_sched_task", { Sdkappid: 1, Type: "Everyone" as never, SchedAt: "2099-01-01 00:00:00", Content: {} }) },
  { name: "call(add_sched_task) ISO SchedAt", rule: "sched_time_format", field: "SchedAt", run: (c) => c.call("add_sched_task", { Sdkappid: 1, Type: "All", SchedAt: "2099-01-01T00:00:00Z", Content: {} }) },
  { name: "call(add_sched_task) Tag without a condition", rule: "sched_content_type", field: "Content.Condition", run: (c) => c.call("add_sched_task", { Sdkappid: 1, Type: "Tag", SchedAt: "2099-01-01 00:00:00", Content: {} }) },
  { name: "call(get_sched_task) TaskID 0", rule: "sched_task_id", field: "TaskID", run: (c) => c.call("get_sched_task", { Sdkappid: 1, TaskID: 0 }) },
  { name: "call(list_sched_task) Offset -1", rule: "list_offset", field: "Offset", run: (c) => c.call("list_sched_task", { Sdkappid: 1, Offset: -1, Want: 1, OrderBy: "createAt", Asc: true }) },
  { name: "call(list_sched_task) Want 0", rule: "list_want", field: "Want", run: (c) => c.call("list_sched_task", { Sdkappid: 1, Offset: 0, Want: 0, OrderBy: "createAt", Asc: true }) },
  { name: "call(list_sched_task) OrderBy name", rule: "list_order_by", field: "OrderBy", run: (c) => c.call("list_sched_task", { Sdkappid: 1, Offset: 0, Want: 1, OrderBy: "name", Asc: true }) },
  { name: "call(list_sched_task) BeginTime alone", rule: "list_time_range", field: "EndTime", run: (c) => c.call("list_sched_task", { Sdkappid: 1, Offset: 0, Want: 1, OrderBy: "schedat", Asc: true, BeginTime: "2099-01-01 00:00:00" }) },
  { name: "call(normal_push_statistics) negative StartTime", rule: "stats_time_value", field: "StartTime", run: (c) => c.call("normal_push_statistics", { StartTime: -1, EndTime: 1 }) },
  { name: "call(normal_push_loss) EndTime before StartTime", rule: "stats_time_order", field: "EndTime", run: (c) => c.call("normal_push_loss", { StartTime: 2, EndTime: 1 }) },
  { name: "call(all_member_push_loss) 8 days", rule: "stats_window", field: "EndTime", run: (c) => c.call("all_member_push_loss", { StartTime: 0, EndTime: 8 * 86_400 }) },
  { name: "call(all_member_push_statistics) 6 TaskIDs", rule: "stats_task_ids", field: "TaskID", run: (c) => c.call("all_member_push_statistics", { StartTime: 0, EndTime: 1, TaskID: tags(6) }) },
  { name: "call(normal_push_trace) empty PushID", rule: "push_id_empty", field: "PushID", run: (c) => c.call("normal_push_trace", { PushID: "" }) },
  // shapes from untyped callers
  { name: "tags not an array (JavaScript caller)", rule: "shape", field: "(body)", run: (c) => c.addUserTags([{ userId: "a", tags: "vip" as never }]) },
  { name: "userId not a string", rule: "user_id_type", field: "[0]", run: (c) => c.getUserTags([42 as never]) },
  { name: "items not an array", rule: "shape", field: "(items)", run: (c) => c.setUserAttrs({} as never) },
]

describe("every local validation rule fails before any request is sent", () => {
  for (const c of cases) {
    it.effect(`${c.name} → ${c.rule}`, () =>
      withClient({ family: c.family ?? "timpush" }, () => ({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }), (chat, requests) =>
        Effect.gen(function*() {
          const e = yield* Effect.flip(c.run(chat))
          assert.instanceOf(e, ChatRequestError)
          const r = e as ChatRequestError
          assert.strictEqual(r._tag, "ChatRequestError")
          assert.strictEqual(r.rule, c.rule)
          assert.strictEqual(r.field, c.field)
          assert.strictEqual(requests.length, 0, "nothing may be sent")
        })))
  }

  it("every documented rule of the catalogue is exercised here", () => {
    const covered = new Set(cases.map((c) => c.rule))
    // A malformed Replace value cannot be produced through the typed API (replace is a boolean).
    const unreachable = new Set(["replace_value"])
    for (const rule of ruleNames) if (!unreachable.has(rule)) assert.isTrue(covered.has(rule), rule)
  })

  it.effect("a bulk call with one bad item sends nothing for the good items either", () =>
    withClient({}, () => ({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }), (chat, requests) =>
      Effect.gen(function*() {
        const items = tags(250).map((u) => ({ userId: u, tags: ["ok"] }))
        items[249] = { userId: "last", tags: [""] }
        const e = (yield* Effect.flip(chat.addUserTags(items))) as ChatRequestError
        assert.strictEqual(e.field, "UserTags[249].Tags[0]")
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("limits are UTF-8 bytes: 50 bytes pass, 51 fail", () =>
    withClient({}, () => ({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }), (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.addUserTags([{ userId: "a", tags: ["é".repeat(25)] }]) // 25 chars, 50 bytes
        const e = (yield* Effect.flip(chat.addUserTags([{ userId: "a", tags: ["é".repeat(25) + "x"] }]))) as ChatRequestError
        assert.strictEqual(e.rule, "tag_bytes")
        assert.strictEqual(requests.length, 1)
      })))
})
