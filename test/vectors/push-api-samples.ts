/**
 * Documented sample bodies for the push, attribute and tag rows, as data, each with its source
 * (the account rows are in accounts-api-samples.ts).
 *
 * `source` names the vendor page it was copied from: 1047/<id> is
 * https://www.tencentcloud.com/document/product/1047/<id> (intl), 269/<id> is
 * https://cloud.tencent.com/document/product/269/<id> (CN); docs/protocol/ says what each page states.
 * `verbatim: false` marks bodies CONSTRUCTED from a page's field table or prose because the page
 * shows no full sample (e.g. revoke, batch requests; FAIL bodies built from the envelope rule).
 *
 * Requests must decode with the row's request schema, encode back to exactly `body`, and break
 * no rule in rules.ts. Responses must decode with the row's response schema.
 */
import type { EndpointKey, Family } from "../../src/api/mod.ts"

/** One documented (or constructed) sample body. */
export interface Sample {
  readonly key: EndpointKey
  readonly kind: "request" | "response"
  /** For responses: the outcome the body shows. */
  readonly outcome?: "ok" | "fail" | "partial"
  /** The family the sample belongs to (for requests: the family its rules are checked in). */
  readonly family: Family
  readonly source: string
  readonly verbatim: boolean
  readonly body: unknown
}

/** The OK envelope every success sample starts from. */
export const OK = { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 } as const

/** Push, attribute and tag samples (docs/protocol/push-api.md), grouped by command. */
export const pushSamples: readonly Sample[] = [
  // set_attr_name
  {
    key: "set_attr_name", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60563 (AttrTypes), 1047/37167",
    body: { AttrNames: { "0": "sex", "1": "city", "2": "country" }, AttrTypes: { "0": 0, "1": 0, "2": 0 } },
  },
  {
    key: "set_attr_name", kind: "request", family: "all_member_push", verbatim: false,
    source: "1047/37167 (legacy: AttrNames only)",
    body: { AttrNames: { "0": "sex", "1": "city", "2": "country" } },
  },
  {
    key: "set_attr_name", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/60563 (envelope only)",
    body: OK,
  },
  {
    key: "set_attr_name", kind: "response", outcome: "fail", family: "timpush", verbatim: true,
    source: "1047/60563 FAIL sample",
    body: { ActionStatus: "FAIL", ErrorInfo: "attrName:city already exists at index:1", ErrorCode: 90033 },
  },
  // get_attr_name
  {
    key: "get_attr_name", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60562, 1047/37168 (body must be {})",
    body: {},
  },
  {
    key: "get_attr_name", kind: "response", outcome: "ok", family: "timpush", verbatim: true,
    source: "1047/60562",
    body: { ...OK, AttrNames: { "0": "sex", "1": "city", "2": "country" }, AttrTypes: { "0": 0, "1": 0, "2": 1 } },
  },
  {
    key: "get_attr_name", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/60562 error table (90009)",
    body: { ActionStatus: "FAIL", ErrorInfo: "admin required", ErrorCode: 90009 },
  },
  // get_attr
  {
    key: "get_attr", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60564, 1047/67817, 1047/37169",
    body: { To_Account: ["Mary", "xiaoming", "xiaohua"] },
  },
  {
    key: "get_attr", kind: "response", outcome: "partial", family: "timpush", verbatim: true,
    source: "1047/67817, 1047/60564",
    body: {
      ...OK,
      UserAttrs: [
        { To_Account: "xiaoming", Attrs: { sex: "male", city: "ShenZhen" } },
        { To_Account: "xiaohua", Attrs: {} },
      ],
      ErrorList: [{ ErrorCode: 70107, To_Account: "Mary" }],
    },
  },
  {
    key: "get_attr", kind: "response", outcome: "ok", family: "all_member_push", verbatim: false,
    source: "1047/37169 (legacy: no ErrorList, unknown id with empty Attrs)",
    body: { ...OK, UserAttrs: [{ To_Account: "abc", Attrs: {} }, { To_Account: "xiaoming", Attrs: { sex: "male" } }] },
  },
  {
    key: "get_attr", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/60564 error table (90018)",
    body: { ActionStatus: "FAIL", ErrorInfo: "too many accounts", ErrorCode: 90018 },
  },
  // set_attr
  {
    key: "set_attr", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60565, 1047/37170",
    body: {
      UserAttrs: [
        { To_Account: "xiaoming", Attrs: { sex: "male", city: "ShenZhen" } },
        { To_Account: "379C2F0D-290D-47AE-94D1-919058C39C77", Attrs: { sex: "female", city: "NewYork" } },
      ],
    },
  },
  {
    key: "set_attr", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/60565 (envelope)",
    body: OK,
  },
  {
    key: "set_attr", kind: "response", outcome: "partial", family: "timpush", verbatim: false,
    source: "1047/60565 ErrorList sample code 90035",
    body: { ...OK, ErrorList: [{ To_Account: "379C2F0D-290D-47AE-94D1-919058C39C77", ErrorCode: 90035 }] },
  },
  {
    key: "set_attr", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/60565 error table (90033)",
    body: { ActionStatus: "FAIL", ErrorInfo: "invalid attribute", ErrorCode: 90033 },
  },
  // remove_attr
  {
    key: "remove_attr", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60566, 1047/37171",
    body: {
      UserAttrs: [
        { To_Account: "Mary", Attrs: ["sex", "city"] },
        { To_Account: "xiaoming", Attrs: ["sex", "city"] },
      ],
    },
  },
  {
    key: "remove_attr", kind: "response", outcome: "partial", family: "timpush", verbatim: true,
    source: "1047/67819 sample code 70107, in the partial-failure form",
    body: { ...OK, ErrorList: [{ To_Account: "Mary", ErrorCode: 70107 }] },
  },
  {
    key: "remove_attr", kind: "response", outcome: "ok", family: "all_member_push", verbatim: false,
    source: "1047/37171 (envelope)",
    body: OK,
  },
  {
    key: "remove_attr", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/60566 error table (90009)",
    body: { ActionStatus: "FAIL", ErrorInfo: "admin required", ErrorCode: 90009 },
  },
  // get_tag
  {
    key: "get_tag", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60567, 269/45940",
    body: { To_Account: ["xiaoming", "xiaohong", "Mary"] },
  },
  {
    key: "get_tag", kind: "response", outcome: "partial", family: "timpush", verbatim: true,
    source: "1047/60567, 269/45940",
    body: {
      ...OK,
      UserTags: [
        { To_Account: "xiaoming", Tags: ["GoldMember", "WeekPassUser"] },
        { To_Account: "xiaohong", Tags: ["PlatinumMember", "MonthPassUser"] },
      ],
      ErrorList: [{ ErrorCode: 70107, To_Account: "Mary" }],
    },
  },
  {
    key: "get_tag", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/60567 error table (91000)",
    body: { ActionStatus: "FAIL", ErrorInfo: "internal error", ErrorCode: 91000 },
  },
  // add_tag
  {
    key: "add_tag", kind: "request", family: "timpush", verbatim: true,
    source: "1047/67821, 269/100641",
    body: {
      Replace: 1,
      UserTags: [
        { To_Account: "xiaoming", Tags: ["GoldMember", "WeekPassUser"] },
        { To_Account: "379C2F0D-290D-47AE-94D1-919058C39C77", Tags: ["PlatinumMember", "MonthPassUser"] },
      ],
    },
  },
  {
    key: "add_tag", kind: "request", family: "all_member_push", verbatim: false,
    source: "1047/37173 (legacy: no Replace)",
    body: { UserTags: [{ To_Account: "xiaoming", Tags: ["GoldMember", "WeekPassUser"] }] },
  },
  {
    key: "add_tag", kind: "response", outcome: "partial", family: "timpush", verbatim: false,
    source: "1047/67821 ErrorList sample code 90035",
    body: { ...OK, ErrorList: [{ To_Account: "xiaoming", ErrorCode: 90035, ErrorInfo: "" }] },
  },
  {
    key: "add_tag", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/67821 (envelope)",
    body: OK,
  },
  {
    key: "add_tag", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/74196 (90032 more than 10 tags in an add-tag request)",
    body: { ActionStatus: "FAIL", ErrorInfo: "too many tags", ErrorCode: 90032 },
  },
  // remove_tag
  {
    key: "remove_tag", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60569, 1047/67822",
    body: { UserTags: [{ To_Account: "xiaoming", Tags: ["GoldMember", "WeekPassUser"] }] },
  },
  {
    key: "remove_tag", kind: "response", outcome: "partial", family: "timpush", verbatim: false,
    source: "1047/67822 ErrorList sample code 70107",
    body: { ...OK, ErrorList: [{ To_Account: "Mary", ErrorCode: 70107 }] },
  },
  {
    key: "remove_tag", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/60569 (envelope)",
    body: OK,
  },
  {
    key: "remove_tag", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/60569 error table (90018)",
    body: { ActionStatus: "FAIL", ErrorInfo: "too many accounts", ErrorCode: 90018 },
  },
  // clear_all_tags
  {
    key: "clear_all_tags", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60570, 1047/67823, 1047/37175",
    body: { To_Account: ["xiaoming", "xiaohong"] },
  },
  {
    key: "clear_all_tags", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/60570 (envelope)",
    body: OK,
  },
  {
    key: "clear_all_tags", kind: "response", outcome: "partial", family: "timpush", verbatim: false,
    source: "1047/60570 partially-successful form",
    body: { ...OK, ErrorList: [{ To_Account: "xiaohong", ErrorCode: 70107 }] },
  },
  {
    key: "clear_all_tags", kind: "response", outcome: "fail", family: "all_member_push", verbatim: false,
    source: "1047/37175 error table (90001)",
    body: { ActionStatus: "FAIL", ErrorInfo: "json parse error", ErrorCode: 90001 },
  },
  // push
  {
    key: "push", kind: "request", family: "all_member_push", verbatim: true,
    source: "1047/37166 tag push, offline 120 s",
    body: {
      From_Account: "admin",
      MsgRandom: 124032,
      MsgLifeTime: 120,
      Condition: { TagsOr: ["Stock A", "Stock B"] },
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi, beauty" } }],
    },
  },
  {
    key: "push", kind: "request", family: "all_member_push", verbatim: false,
    source: "1047/37166 attribute AND condition (condition verbatim, rest from the tag sample)",
    body: {
      From_Account: "admin",
      MsgRandom: 124032,
      MsgLifeTime: 120,
      Condition: { AttrsAnd: { "Membership Level": "Platinum Premier members", city: "Shenzhen" } },
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi, beauty" } }],
    },
  },
  {
    key: "push", kind: "request", family: "all_member_push", verbatim: false,
    source: "1047/37166 attribute OR condition (condition verbatim)",
    body: {
      From_Account: "admin",
      MsgRandom: 124032,
      Condition: { AttrsOr: { sex: "M", city: "Shenzhen" } },
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi, beauty" } }],
    },
  },
  {
    key: "push", kind: "request", family: "timpush", verbatim: true,
    source: "1047/60561 tag NOT sample (Push Service)",
    body: {
      From_Account: "administrator",
      MsgRandom: 124032,
      Condition: { TagsOr: ["Stock A", "stock B"], TagsNot: ["Stock C", "Stock D"] },
      OfflinePushInfo: { PushFlag: 0, Title: "Offline Push Title", Desc: "Offline Push Content" },
    },
  },
  {
    key: "push", kind: "request", family: "timpush", verbatim: false,
    source: "1047/67814 (Chat) sample fields: From_Account, MsgRandom, OnlineOnlyFlag, MsgBody, OfflinePushInfo",
    body: {
      From_Account: "admin",
      MsgRandom: 56512,
      OnlineOnlyFlag: 1,
      MsgBody: [
        { MsgType: "TIMTextElem", MsgContent: { Text: "hi, beauty" } },
        { MsgType: "TIMCustomElem", MsgContent: { Data: "message", Desc: "notification", Ext: "url", Sound: "dingdong.aiff" } },
      ],
      OfflinePushInfo: {
        PushFlag: 0,
        Title: "Title",
        Desc: "offline push content",
        Ext: "{\"entity\":{\"key1\":\"value1\"}}",
        AndroidInfo: { Sound: "android.mp3", HuaWeiChannelID: "ch1", VIVOClassification: 1 },
        ApnsInfo: { Sound: "apns.mp3", BadgeMode: 1, Title: "apns title", SubTitle: "apns subtitle", MutableContent: 1 },
      },
    },
  },
  {
    key: "push", kind: "response", outcome: "ok", family: "all_member_push", verbatim: true,
    source: "1047/37166",
    body: { ...OK, TaskId: "1400123456_144115212910570789_4155518400_15723514" },
  },
  {
    key: "push", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/60571 TaskId format",
    body: { ...OK, TaskId: "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e" },
  },
  {
    key: "push", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/74196 (90024 pushes too frequent)",
    body: { ActionStatus: "FAIL", ErrorInfo: "push too frequently", ErrorCode: 90024 },
  },
  // revoke
  {
    key: "revoke", kind: "request", family: "timpush", verbatim: false,
    source: "1047/60571, 269/105123 field list (TaskId, OfflinePushInfo)",
    body: {
      TaskId: "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e",
      OfflinePushInfo: { PushFlag: 0, Title: "Recalled", Desc: "This message was recalled" },
    },
  },
  {
    key: "revoke", kind: "request", family: "timpush", verbatim: false,
    source: "1047/67824 (Chat: OfflinePushInfo optional)",
    body: { TaskId: "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e" },
  },
  {
    key: "revoke", kind: "response", outcome: "ok", family: "timpush", verbatim: false,
    source: "1047/60571 (envelope)",
    body: OK,
  },
  {
    key: "revoke", kind: "response", outcome: "fail", family: "timpush", verbatim: false,
    source: "1047/74196 (90050 already recalled)",
    body: { ActionStatus: "FAIL", ErrorInfo: "task already revoked", ErrorCode: 90050 },
  },
  // batch
  {
    key: "batch", kind: "request", family: "timpush", verbatim: false,
    source: "1047/67553, 269/108906 field list",
    body: {
      From_Account: "administrator",
      To_Account: ["UserID_1", "UserID_2"],
      MsgRandom: 3674128,
      OfflinePushInfo: { PushFlag: 0, Title: "Offline Push Title", Desc: "Offline Push Content", Ext: "{\"k\":\"v\"}" },
      DataId: "id-123",
    },
  },
  {
    key: "batch", kind: "response", outcome: "partial", family: "timpush", verbatim: false,
    source: "1047/67553 TaskId sample and ErrorList 70107",
    body: {
      ...OK,
      TaskId: "batch_667015d4_537529d8_2000005e80aa873_d03ac87_56f5e750",
      ErrorList: [{ To_Account: "UserID_2", ErrorCode: 70107 }],
    },
  },
  {
    key: "batch", kind: "response", outcome: "fail", family: "timpush", verbatim: true,
    source: "1047/67553 FAIL sample",
    body: { ActionStatus: "FAIL", ErrorInfo: "Invalid format of MsgRandom", ErrorCode: 90001, TaskId: "" },
  },
]
