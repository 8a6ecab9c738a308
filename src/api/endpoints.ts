/**
 * THE endpoint catalogue: one row per REST command, data only (no logic).
 *
 * Client methods, emulator routes, docs tables and the sample round-trip tests are all derived
 * from this table. Each row links the vendor page it follows; `seeAlso` lists the other
 * generations' pages (legacy G1 `all_member_push`, Chat G2, Push Service G3 — docs/protocol/push-api.md#three-generations).
 *
 * Protocol quirks recorded here:
 * - "Delete all tags" is `clear_all_tags` on timpush but `im_remove_all_tags` on the legacy
 *   family (there is no `v4/timpush/remove_all_tags`).
 * - `revoke` and `batch` exist only on timpush.
 * - Account commands have one path (`v4/im_open_login_svc/…`) used by both families.
 * - Rates: every attr/tag page states "100 calls/second" for ITS command, so each command has its
 *   own bucket. Push must be spaced MORE than 1 s apart (90024); the row says 1 per second, and a
 *   client should add a small margin because spacing is measured at the server. batch: the docs
 *   say 30/s (CN 108906, older intl 67553) or 10/30/40 by edition (newer intl) — 30 chosen, the
 *   value both older sources state flatly and the standard edition's; free-edition apps should
 *   configure 10.
 * - Retry safety: revoke is retry-safe (recalling the same TaskId twice can only yield 90050
 *   "already recalled", never a second effect); account_delete is retry-safe (a repeat reports
 *   70107 per account already deleted). add_sched_task is not: a repeat creates a second
 *   scheduled push. modify_sched_task sets the same values again; delete_sched_task can only
 *   answer 90104 (no such task) the second time.
 * - Scheduled tasks and statistics exist on timpush only (5 and 1 calls/s per command,
 *   docs/protocol/push-lifecycle.md). A scheduled-task body the service cannot use answers 90104
 *   ("invalid parameters", the only parameter code those pages list); the statistics pages list
 *   no codes, so their malformed bodies answer the push family's 90001 (docs/protocol/error-codes.md#assumed-codes).
 *
 * @module
 */
import type { Endpoint } from "./row.ts"
import * as Accounts from "./schemas/accounts.ts"
import * as Attrs from "./schemas/attrs.ts"
import * as Push from "./schemas/push.ts"
import * as Sched from "./schemas/sched.ts"
import * as Stats from "./schemas/stats.ts"
import * as Tags from "./schemas/tags.ts"

const intl = (id: number): string => `https://www.tencentcloud.com/document/product/1047/${id}`
const cn = (id: number): string => `https://cloud.tencent.com/document/product/269/${id}`
const trtc = (id: number): string => `https://trtc.io/document/${id}`

// Malformed-body codes: push-family pages list 90001 for a body they cannot use; account pages
// list 70402 "invalid parameter", and a non-JSON body there gets the public 60003.
const PUSH_BODY = 90001
const PUSH_JSON = 90001
const ACCOUNT_BODY = 70402
const ACCOUNT_JSON = 60003
// Scheduled-task pages list 90104 "invalid parameters" (delete_sched_task's table) and nothing else.
const SCHED_BODY = 90104

/**
 * The catalogue's type: one member per command with its request and response schemas. The
 * compiler checks `endpoints` against it both ways (a row without a member here, or a member
 * without a row, does not compile), and `EndpointKey` is derived from it.
 */
export interface Catalogue {
  /** Name the app's attribute slots. */
  readonly set_attr_name: Endpoint<"set_attr_name", typeof Attrs.SetAttrNameRequest, typeof Attrs.SetAttrNameResponse>
  /** Read the app's attribute names. */
  readonly get_attr_name: Endpoint<"get_attr_name", typeof Attrs.GetAttrNameRequest, typeof Attrs.GetAttrNameResponse>
  /** Read users' attributes. */
  readonly get_attr: Endpoint<"get_attr", typeof Attrs.GetAttrRequest, typeof Attrs.GetAttrResponse>
  /** Set users' attributes. */
  readonly set_attr: Endpoint<"set_attr", typeof Attrs.SetAttrRequest, typeof Attrs.SetAttrResponse>
  /** Remove users' attributes. */
  readonly remove_attr: Endpoint<"remove_attr", typeof Attrs.RemoveAttrRequest, typeof Attrs.RemoveAttrResponse>
  /** Read users' tags. */
  readonly get_tag: Endpoint<"get_tag", typeof Tags.GetTagRequest, typeof Tags.GetTagResponse>
  /** Add (or replace) users' tags. */
  readonly add_tag: Endpoint<"add_tag", typeof Tags.AddTagRequest, typeof Tags.AddTagResponse>
  /** Remove users' tags. */
  readonly remove_tag: Endpoint<"remove_tag", typeof Tags.RemoveTagRequest, typeof Tags.RemoveTagResponse>
  /** Remove all tags of users (`im_remove_all_tags` on the legacy family). */
  readonly clear_all_tags: Endpoint<"clear_all_tags", typeof Tags.ClearAllTagsRequest, typeof Tags.ClearAllTagsResponse>
  /** Push to everyone, or by tag or attribute condition. */
  readonly push: Endpoint<"push", typeof Push.PushRequest, typeof Push.PushResponse>
  /** Recall a push task (timpush only). */
  readonly revoke: Endpoint<"revoke", typeof Push.RevokeRequest, typeof Push.RevokeResponse>
  /** Push to a list of accounts (timpush only). */
  readonly batch: Endpoint<"batch", typeof Push.BatchRequest, typeof Push.BatchResponse>
  /** Import one account. */
  readonly account_import: Endpoint<"account_import", typeof Accounts.AccountImportRequest, typeof Accounts.AccountImportResponse>
  /** Import up to 100 accounts. */
  readonly multiaccount_import: Endpoint<"multiaccount_import", typeof Accounts.MultiAccountImportRequest, typeof Accounts.MultiAccountImportResponse>
  /** Delete accounts. */
  readonly account_delete: Endpoint<"account_delete", typeof Accounts.AccountDeleteRequest, typeof Accounts.AccountDeleteResponse>
  /** Check whether accounts exist. */
  readonly account_check: Endpoint<"account_check", typeof Accounts.AccountCheckRequest, typeof Accounts.AccountCheckResponse>
  /** Schedule a push (to everyone, by tag, or to users) for a UTC time (timpush only). */
  readonly add_sched_task: Endpoint<"add_sched_task", typeof Sched.AddSchedTaskRequest, typeof Sched.AddSchedTaskResponse>
  /** Change a pending scheduled push's time or content. */
  readonly modify_sched_task: Endpoint<"modify_sched_task", typeof Sched.ModifySchedTaskRequest, typeof Sched.ModifySchedTaskResponse>
  /** Delete a pending scheduled push. */
  readonly delete_sched_task: Endpoint<"delete_sched_task", typeof Sched.DeleteSchedTaskRequest, typeof Sched.DeleteSchedTaskResponse>
  /** Read one scheduled push. */
  readonly get_sched_task: Endpoint<"get_sched_task", typeof Sched.GetSchedTaskRequest, typeof Sched.GetSchedTaskResponse>
  /** List scheduled pushes, a page at a time. */
  readonly list_sched_task: Endpoint<"list_sched_task", typeof Sched.ListSchedTaskRequest, typeof Sched.ListSchedTaskResponse>
  /** Counts (recipients, sent, delivered, clicked) of all-user, tag and user-list pushes. */
  readonly all_member_push_statistics: Endpoint<"all_member_push_statistics", typeof Stats.TaskStatsRequest, typeof Stats.TaskStatisticsResponse>
  /** Why recipients of all-user, tag and user-list pushes were lost, by error code. */
  readonly all_member_push_loss: Endpoint<"all_member_push_loss", typeof Stats.TaskStatsRequest, typeof Stats.TaskLossResponse>
  /** One recipient's trace through an all-user, tag or user-list push. */
  readonly all_member_push_trace: Endpoint<"all_member_push_trace", typeof Stats.TaskTraceRequest, typeof Stats.TraceResponse>
  /** Counts of ordinary one-to-one and group message pushes. */
  readonly normal_push_statistics: Endpoint<"normal_push_statistics", typeof Stats.RangeRequest, typeof Stats.NormalStatisticsResponse>
  /** Losses of ordinary message pushes, by error code. */
  readonly normal_push_loss: Endpoint<"normal_push_loss", typeof Stats.RangeRequest, typeof Stats.NormalLossResponse>
  /** The trace of one ordinary message push (`PushID`). */
  readonly normal_push_trace: Endpoint<"normal_push_trace", typeof Stats.NormalTraceRequest, typeof Stats.TraceResponse>
}

/** A catalogue key: Tencent's current (timpush / im_open_login_svc) command name. */
export type EndpointKey = keyof Catalogue

/** The catalogue, keyed by command. */
export const endpoints: Catalogue = {
  set_attr_name: {
    key: "set_attr_name",
    area: "attr_names",
    paths: { timpush: "v4/timpush/set_attr_name", all_member_push: "v4/all_member_push/im_set_attr_name" },
    request: Attrs.SetAttrNameRequest,
    response: Attrs.SetAttrNameResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "set_attr_name", limit: 100, window: "1 second" },
    doc: intl(60563),
    seeAlso: [intl(67816), intl(37167), cn(45935)],
  },
  get_attr_name: {
    key: "get_attr_name",
    area: "attr_names",
    paths: { timpush: "v4/timpush/get_attr_name", all_member_push: "v4/all_member_push/im_get_attr_name" },
    request: Attrs.GetAttrNameRequest,
    response: Attrs.GetAttrNameResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "get_attr_name", limit: 100, window: "1 second" },
    doc: intl(60562),
    seeAlso: [intl(67815), intl(37168), cn(45936)],
  },
  get_attr: {
    key: "get_attr",
    area: "user_attrs",
    paths: { timpush: "v4/timpush/get_attr", all_member_push: "v4/all_member_push/im_get_attr" },
    request: Attrs.GetAttrRequest,
    response: Attrs.GetAttrResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "get_attr", limit: 100, window: "1 second" },
    doc: intl(60564),
    seeAlso: [intl(67817), intl(37169), cn(45937)],
  },
  set_attr: {
    key: "set_attr",
    area: "user_attrs",
    paths: { timpush: "v4/timpush/set_attr", all_member_push: "v4/all_member_push/im_set_attr" },
    request: Attrs.SetAttrRequest,
    response: Attrs.SetAttrResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "set_attr", limit: 100, window: "1 second" },
    doc: intl(60565),
    seeAlso: [intl(67818), intl(37170), cn(45938), cn(100638)],
  },
  remove_attr: {
    key: "remove_attr",
    area: "user_attrs",
    paths: { timpush: "v4/timpush/remove_attr", all_member_push: "v4/all_member_push/im_remove_attr" },
    request: Attrs.RemoveAttrRequest,
    response: Attrs.RemoveAttrResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "remove_attr", limit: 100, window: "1 second" },
    doc: intl(60566),
    seeAlso: [intl(67819), intl(37171), cn(45939)],
  },
  get_tag: {
    key: "get_tag",
    area: "user_tags",
    paths: { timpush: "v4/timpush/get_tag", all_member_push: "v4/all_member_push/im_get_tag" },
    request: Tags.GetTagRequest,
    response: Tags.GetTagResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "get_tag", limit: 100, window: "1 second" },
    doc: intl(60567),
    seeAlso: [intl(67820), intl(37172), cn(45940)],
  },
  add_tag: {
    key: "add_tag",
    area: "user_tags",
    paths: { timpush: "v4/timpush/add_tag", all_member_push: "v4/all_member_push/im_add_tag" },
    request: Tags.AddTagRequest,
    response: Tags.AddTagResponse,
    // Tags are a set per user, so adding the same tags again changes nothing.
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "add_tag", limit: 100, window: "1 second" },
    doc: intl(60568),
    seeAlso: [intl(67821), intl(37173), cn(45941), cn(100641)],
  },
  remove_tag: {
    key: "remove_tag",
    area: "user_tags",
    paths: { timpush: "v4/timpush/remove_tag", all_member_push: "v4/all_member_push/im_remove_tag" },
    request: Tags.RemoveTagRequest,
    response: Tags.RemoveTagResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "remove_tag", limit: 100, window: "1 second" },
    doc: intl(60569),
    seeAlso: [intl(67822), intl(37174), cn(45942)],
  },
  clear_all_tags: {
    key: "clear_all_tags",
    area: "user_tags",
    // Same command, different names: clear_all_tags (timpush) vs im_remove_all_tags (legacy).
    paths: { timpush: "v4/timpush/clear_all_tags", all_member_push: "v4/all_member_push/im_remove_all_tags" },
    request: Tags.ClearAllTagsRequest,
    response: Tags.ClearAllTagsResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "clear_all_tags", limit: 100, window: "1 second" },
    doc: intl(60570),
    seeAlso: [intl(67823), intl(37175), cn(45943)],
  },
  push: {
    key: "push",
    area: "push",
    paths: { timpush: "v4/timpush/push", all_member_push: "v4/all_member_push/im_push" },
    request: Push.PushRequest,
    response: Push.PushResponse,
    // Never retried automatically: MsgRandom de-dup is 7 days in one revision, 1 s in another.
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: false,
    // "More than 1 s apart" (90024): measured at the server, so clients should keep a margin.
    rate: { bucket: "push", limit: 1, window: "1 second" },
    // All/tag/attribute pushes share one daily quota: 100 by default (90047); G3 free edition 10.
    dailyQuota: { bucket: "push_daily", limit: 100, window: "1 day" },
    doc: intl(60561),
    seeAlso: [intl(67814), intl(37166), cn(45933), cn(45934), cn(100634), intl(74196)],
  },
  revoke: {
    key: "revoke",
    area: "push",
    paths: { timpush: "v4/timpush/revoke" },
    request: Push.RevokeRequest,
    response: Push.RevokeResponse,
    // Recall is idempotent on TaskId: a repeat can only answer 90050 "already recalled".
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "revoke", limit: 1, window: "1 second" },
    doc: intl(60571),
    seeAlso: [intl(67824), cn(105123), intl(74196)],
  },
  batch: {
    key: "batch",
    area: "push",
    paths: { timpush: "v4/timpush/batch" },
    request: Push.BatchRequest,
    response: Push.BatchResponse,
    // Same MsgRandom conflict as push ("de-dup within the same second" here): never retried blindly.
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: false,
    maxAccounts: 500,
    // Docs conflict: 30/s vs 10/30/40 by edition; 30 chosen (see the module comment).
    rate: { bucket: "batch", limit: 30, window: "1 second" },
    doc: intl(67553),
    seeAlso: [cn(108906), intl(74196)],
  },
  account_import: {
    key: "account_import",
    area: "accounts",
    paths: {
      timpush: "v4/im_open_login_svc/account_import",
      all_member_push: "v4/im_open_login_svc/account_import",
    },
    request: Accounts.AccountImportRequest,
    response: Accounts.AccountImportResponse,
    // Re-importing an existing UserID is documented as normal (one internal ID per UserID).
    invalidBodyCode: ACCOUNT_BODY,
    invalidJsonCode: ACCOUNT_JSON,
    retrySafe: true,
    rate: { bucket: "account_import", limit: 200, window: "1 second" },
    doc: intl(34953),
    seeAlso: [cn(1608)],
  },
  multiaccount_import: {
    key: "multiaccount_import",
    area: "accounts",
    paths: {
      timpush: "v4/im_open_login_svc/multiaccount_import",
      all_member_push: "v4/im_open_login_svc/multiaccount_import",
    },
    request: Accounts.MultiAccountImportRequest,
    response: Accounts.MultiAccountImportResponse,
    invalidBodyCode: ACCOUNT_BODY,
    invalidJsonCode: ACCOUNT_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "multiaccount_import", limit: 100, window: "1 second" },
    doc: intl(34954),
    seeAlso: [cn(4919)],
  },
  account_delete: {
    key: "account_delete",
    area: "accounts",
    paths: {
      timpush: "v4/im_open_login_svc/account_delete",
      all_member_push: "v4/im_open_login_svc/account_delete",
    },
    request: Accounts.AccountDeleteRequest,
    response: Accounts.AccountDeleteResponse,
    // A repeat after success reports 70107 per account; the end state is the same.
    invalidBodyCode: ACCOUNT_BODY,
    invalidJsonCode: ACCOUNT_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "account_delete", limit: 100, window: "1 second" },
    doc: intl(34955),
    seeAlso: [cn(36443)],
  },
  account_check: {
    key: "account_check",
    area: "accounts",
    paths: {
      timpush: "v4/im_open_login_svc/account_check",
      all_member_push: "v4/im_open_login_svc/account_check",
    },
    request: Accounts.AccountCheckRequest,
    response: Accounts.AccountCheckResponse,
    invalidBodyCode: ACCOUNT_BODY,
    invalidJsonCode: ACCOUNT_JSON,
    retrySafe: true,
    maxAccounts: 100,
    rate: { bucket: "account_check", limit: 100, window: "1 second" },
    doc: intl(34956),
    seeAlso: [cn(38417)],
  },
  add_sched_task: {
    key: "add_sched_task",
    area: "scheduled_push",
    paths: { timpush: "v4/timpush/add_sched_task" },
    request: Sched.AddSchedTaskRequest,
    response: Sched.AddSchedTaskResponse,
    // A repeat creates a second scheduled push: never retried automatically.
    invalidBodyCode: SCHED_BODY,
    invalidJsonCode: SCHED_BODY,
    retrySafe: false,
    rate: { bucket: "add_sched_task", limit: 5, window: "1 second" },
    doc: intl(78839),
    seeAlso: [cn(130277), "https://trtc.io/zh/document/78839"],
  },
  modify_sched_task: {
    key: "modify_sched_task",
    area: "scheduled_push",
    paths: { timpush: "v4/timpush/modify_sched_task" },
    request: Sched.ModifySchedTaskRequest,
    response: Sched.ModifySchedTaskResponse,
    // Sets the given values; a repeat sets the same values again.
    invalidBodyCode: SCHED_BODY,
    invalidJsonCode: SCHED_BODY,
    retrySafe: true,
    rate: { bucket: "modify_sched_task", limit: 5, window: "1 second" },
    doc: intl(78840),
    seeAlso: [cn(130278)],
  },
  delete_sched_task: {
    key: "delete_sched_task",
    area: "scheduled_push",
    paths: { timpush: "v4/timpush/delete_sched_task" },
    request: Sched.DeleteSchedTaskRequest,
    response: Sched.DeleteSchedTaskResponse,
    // A repeat after success answers 90104 (no such task); the end state is the same.
    invalidBodyCode: SCHED_BODY,
    invalidJsonCode: SCHED_BODY,
    retrySafe: true,
    rate: { bucket: "delete_sched_task", limit: 5, window: "1 second" },
    doc: intl(78841),
    seeAlso: [cn(130279)],
  },
  get_sched_task: {
    key: "get_sched_task",
    area: "scheduled_push",
    paths: { timpush: "v4/timpush/get_sched_task" },
    request: Sched.GetSchedTaskRequest,
    response: Sched.GetSchedTaskResponse,
    invalidBodyCode: SCHED_BODY,
    invalidJsonCode: SCHED_BODY,
    retrySafe: true,
    rate: { bucket: "get_sched_task", limit: 5, window: "1 second" },
    doc: intl(78842),
    seeAlso: [cn(130280), "https://www.tencentcloud.com/zh/document/product/1047/78842"],
  },
  list_sched_task: {
    key: "list_sched_task",
    area: "scheduled_push",
    paths: { timpush: "v4/timpush/list_sched_task" },
    request: Sched.ListSchedTaskRequest,
    response: Sched.ListSchedTaskResponse,
    invalidBodyCode: SCHED_BODY,
    invalidJsonCode: SCHED_BODY,
    retrySafe: true,
    rate: { bucket: "list_sched_task", limit: 5, window: "1 second" },
    doc: intl(78843),
    seeAlso: [cn(130281)],
  },
  all_member_push_statistics: {
    key: "all_member_push_statistics",
    area: "push_data",
    paths: { timpush: "v4/timpush/all_member_push_statistics" },
    request: Stats.TaskStatsRequest,
    response: Stats.TaskStatisticsResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "all_member_push_statistics", limit: 1, window: "1 second" },
    doc: intl(71894),
    seeAlso: [trtc(71894)],
  },
  all_member_push_loss: {
    key: "all_member_push_loss",
    area: "push_data",
    paths: { timpush: "v4/timpush/all_member_push_loss" },
    request: Stats.TaskStatsRequest,
    response: Stats.TaskLossResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "all_member_push_loss", limit: 1, window: "1 second" },
    doc: intl(71895),
    seeAlso: ["https://trtc.io/zh/document/71895"],
  },
  all_member_push_trace: {
    key: "all_member_push_trace",
    area: "push_data",
    paths: { timpush: "v4/timpush/all_member_push_trace" },
    request: Stats.TaskTraceRequest,
    response: Stats.TraceResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "all_member_push_trace", limit: 1, window: "1 second" },
    doc: intl(71893),
    seeAlso: [trtc(71893), "https://trtc.io/zh/document/71893"],
  },
  normal_push_statistics: {
    key: "normal_push_statistics",
    area: "push_data",
    paths: { timpush: "v4/timpush/normal_push_statistics" },
    request: Stats.RangeRequest,
    response: Stats.NormalStatisticsResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "normal_push_statistics", limit: 1, window: "1 second" },
    doc: intl(71897),
    seeAlso: ["https://trtc.io/zh/document/71897"],
  },
  normal_push_loss: {
    key: "normal_push_loss",
    area: "push_data",
    paths: { timpush: "v4/timpush/normal_push_loss" },
    request: Stats.RangeRequest,
    response: Stats.NormalLossResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "normal_push_loss", limit: 1, window: "1 second" },
    doc: intl(71898),
    seeAlso: [trtc(71898)],
  },
  normal_push_trace: {
    key: "normal_push_trace",
    area: "push_data",
    paths: { timpush: "v4/timpush/normal_push_trace" },
    request: Stats.NormalTraceRequest,
    response: Stats.TraceResponse,
    invalidBodyCode: PUSH_BODY,
    invalidJsonCode: PUSH_JSON,
    retrySafe: true,
    rate: { bucket: "normal_push_trace", limit: 1, window: "1 second" },
    doc: intl(71896),
    seeAlso: [trtc(71896), "https://trtc.io/zh/document/71896"],
  },
}

/** The catalogue's type (the same as `Catalogue`). */
export type Endpoints = Catalogue

/** Every key, in catalogue order. */
export const endpointKeys: readonly EndpointKey[] = Object.keys(endpoints) as EndpointKey[]
