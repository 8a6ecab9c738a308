/**
 * Documented request rules, shared by the client (which turns a violation into a local
 * `ChatRequestError { field, rule }` before sending) and the emulator (which answers with the
 * violation's `code`). Keeping both on this one function is what stops them drifting.
 *
 * Scope: every limit in docs/protocol/push-api.md#limits and docs/protocol/accounts-api.md#limits that one request body can show.
 * Per-app / stateful limits (100 tags per user, 1000 tags per app, daily quota, 24 h recall
 * window, unknown attribute names) need service state and are not here.
 *
 * The checks read the body defensively (it may be raw JSON in the emulator): a member of the
 * wrong shape is skipped here and left to the request schema, whose failure the service answers
 * with the row's `invalidBodyCode`. The exceptions are shapes the docs give their own code for
 * (MsgRandom 90005, MsgBody 90002/90007/90010, MsgLifeTime 90044).
 *
 * Choices where the docs are silent (also in docs/api.md):
 * - Assumed codes, where no page names one (docs/protocol/error-codes.md#assumed-codes): 90033 for attribute slots and
 *   name/value bytes, 90018 for batch > 500 recipients; an empty batch list answers 90001, the
 *   code batch uses for other malformed members ("Invalid format of MsgRandom").
 * - batch answers 90001, not 90005, for a bad MsgRandom (its documented FAIL sample).
 * - Account batches over 100 answer 70402 (not 70206), as do empty / over-32-byte UserIDs in an
 *   import (the whole call fails; the real service may instead list them in FailAccounts).
 * - A TIMCustomElem beyond the first answers 90010 (message format invalid).
 * - Mutual exclusion (90039) counts a condition member only when non-empty.
 * - On the legacy family, `Condition.TagsNot` and `Replace: 1` answer 90001: the legacy service
 *   does not know them and would silently push to more users / add instead of replace.
 * - Empty tags (90040) are rejected in add_tag and remove_tag too, not only in conditions.
 * - "10K" push body is 10240 bytes of JSON (timpush push only, the Push Service page).
 * - Scheduled tasks (docs/protocol/push-lifecycle.md#scheduled-push-tasks): every problem answers
 *   90104, the one parameter code their pages list. The task's `Content` must be a push the
 *   service would accept, so the push (All, Tag) or batch (User) rules run on it, reported under
 *   `Content.` with 90104 and the push rule's name. `All` carries no condition and no users, `Tag`
 *   a non-empty `Condition` (tag or attribute members), `User` 1–500 `To_Account`. `OrderBy`
 *   accepts both documented spellings, in any case (`createat`/`createAt`, `schedat`/`schedAt`).
 * - Statistics and loss queries: the documented "up to 30 days" / "within 7 days" is read as the
 *   length of the queried range (EndTime − StartTime); start ≤ end; at most 5 TaskIDs. The
 *   statistics pages list no codes, so these answer 90001 (docs/protocol/error-codes.md#assumed-codes).
 *
 * @module
 */
import { utf8Length } from "./bytes.ts"
import type { EndpointKey } from "./endpoints.ts"
import type { Family } from "./row.ts"
import { limits } from "./limits.ts"
import { withoutNulls } from "./nulls.ts"
import { parseSchedTime } from "./sched-time.ts"
import { pushMsgTypes } from "./schemas/message.ts"
import { userIdViolation } from "./user-id.ts"

/** Every rule name a `Violation` can carry. */
export const ruleNames = [
  "max_accounts",
  "min_accounts",
  "tag_empty",
  "tag_bytes",
  "tags_per_request",
  "replace_value",
  "replace_legacy",
  "attr_slot",
  "attr_name_bytes",
  "attr_value_bytes",
  "attr_name_duplicate",
  "attr_type_slot",
  "attr_type_value",
  "condition_mixed",
  "condition_tags_count",
  "condition_tag_overlap",
  "tags_not_legacy",
  "msg_random",
  "msg_body_required",
  "msg_body_array",
  "msg_element",
  "custom_elem_count",
  "msg_life_time_integer",
  "msg_life_time_range",
  "data_id_bytes",
  "push_body_bytes",
  "task_id_empty",
  "user_id_empty",
  "user_id_bytes",
  "profile_bytes",
  "account_list_shape",
  "sdkappid_value",
  "sched_type",
  "sched_time_format",
  "sched_task_id",
  "sched_content_type",
  "list_offset",
  "list_want",
  "list_order_by",
  "list_time_range",
  "stats_time_value",
  "stats_time_order",
  "stats_window",
  "stats_task_ids",
  "push_id_empty",
] as const

/** A rule's stable name (what `ChatRequestError.rule` carries). */
export type RuleName = (typeof ruleNames)[number]

/**
 * A broken documented rule: the wire field (a path such as `UserTags[3].Tags[0]`), the rule,
 * the ErrorCode the service answers for it, and a message fit for `ErrorInfo` (no secrets: it
 * quotes lengths and limits, not values).
 */
export interface Violation {
  /** The wire path of the offending value, e.g. `UserTags[3].Tags[0]`. */
  readonly field: string
  /** The rule broken. */
  readonly rule: RuleName
  /** The `ErrorCode` the service answers for it. */
  readonly code: number
  /** What is wrong, fit for `ErrorInfo` (lengths and limits, never values). */
  readonly message: string
}

type Obj = { readonly [k: string]: unknown }
type Add = (field: string, rule: RuleName, code: number, message: string) => void
type Check = (body: Obj, family: Family, add: Add, bodyBytes: number | undefined) => void

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v)
const key = (name: string): string => `[${JSON.stringify(name)}]`
const nonEmpty = (v: unknown): boolean =>
  Array.isArray(v) ? v.length > 0 : isObj(v) ? Object.keys(v).length > 0 : v !== undefined

const maxAccounts = (list: unknown, field: string, max: number, code: number, add: Add): void => {
  if (Array.isArray(list) && list.length > max) {
    add(field, "max_accounts", code, `${field} has ${list.length} entries; at most ${max} per request`)
  }
}

const tag = (value: unknown, field: string, add: Add): void => {
  if (typeof value !== "string") return
  if (value.length === 0) add(field, "tag_empty", 90040, `${field} is an empty tag`)
  else if (utf8Length(value) > limits.tagBytes) {
    add(field, "tag_bytes", 90020, `${field} is ${utf8Length(value)} bytes; a tag is at most ${limits.tagBytes} bytes`)
  }
}

const attrName = (name: string, field: string, add: Add): void => {
  const n = utf8Length(name)
  if (n > limits.attrNameBytes) {
    add(field, "attr_name_bytes", 90033, `${field}: attribute name is ${n} bytes; at most ${limits.attrNameBytes}`)
  }
}

const attrValue = (value: unknown, field: string, add: Add): void => {
  if (typeof value !== "string") return
  const n = utf8Length(value)
  if (n > limits.attrValueBytes) {
    add(field, "attr_value_bytes", 90033, `${field}: attribute value is ${n} bytes; at most ${limits.attrValueBytes}`)
  }
}

const msgRandom = (value: unknown, code: number, add: Add): void => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > limits.msgRandomMax) {
    add("MsgRandom", "msg_random", code, `MsgRandom must be an integer in 0..${limits.msgRandomMax}`)
  }
}

const dataId = (value: unknown, add: Add): void => {
  if (typeof value === "string" && utf8Length(value) > limits.dataIdBytes) {
    add("DataId", "data_id_bytes", 90057, `DataId is ${utf8Length(value)} bytes; at most ${limits.dataIdBytes}`)
  }
}

const userId = (value: unknown, field: string, add: Add): void => {
  if (typeof value !== "string") return
  const broken = userIdViolation(value)
  if (broken === "user_id_empty") add(field, broken, 70402, `${field} is an empty UserID`)
  else if (broken === "user_id_bytes") {
    add(field, broken, 70402, `${field} is ${utf8Length(value)} bytes; a UserID is at most ${limits.userIdBytes}`)
  }
}

const profile = (item: Obj, prefix: string, add: Add): void => {
  for (const name of ["Nick", "FaceUrl"]) {
    const v = item[name]
    if (typeof v === "string" && utf8Length(v) > limits.profileFieldBytes) {
      add(`${prefix}${name}`, "profile_bytes", 40601, `${prefix}${name} is ${utf8Length(v)} bytes; at most ${limits.profileFieldBytes}`)
    }
  }
}

const toAccounts: Check = (body, _family, add) =>
  maxAccounts(body.To_Account, "To_Account", limits.accountsPerRequest, 90018, add)

const condition = (c: unknown, family: Family, add: Add): void => {
  if (!isObj(c)) return
  const tagMembers = ["TagsAnd", "TagsOr", "TagsNot"] as const
  const hasTags = tagMembers.some((m) => nonEmpty(c[m]))
  const hasAttrs = nonEmpty(c.AttrsAnd) || nonEmpty(c.AttrsOr)
  if (hasTags && hasAttrs) {
    add("Condition", "condition_mixed", 90039, "Condition mixes tag and attribute members")
  }
  if (family === "all_member_push" && c.TagsNot !== undefined) {
    add("Condition.TagsNot", "tags_not_legacy", 90001, "Condition.TagsNot is not supported by the all_member_push family")
  }
  for (const m of tagMembers) {
    const tags = c[m]
    if (!Array.isArray(tags)) continue
    if (tags.length > limits.tagsPerCondition) {
      add(`Condition.${m}`, "condition_tags_count", 90032, `Condition.${m} has ${tags.length} tags; at most ${limits.tagsPerCondition}`)
    }
    tags.forEach((t, i) => tag(t, `Condition.${m}[${i}]`, add))
  }
  if (Array.isArray(c.TagsAnd) && Array.isArray(c.TagsOr)) {
    const and = new Set(c.TagsAnd)
    c.TagsOr.forEach((t, i) => {
      if (and.has(t)) add(`Condition.TagsOr[${i}]`, "condition_tag_overlap", 90022, `Condition.TagsOr[${i}] is also in TagsAnd`)
    })
  }
  for (const m of ["AttrsAnd", "AttrsOr"] as const) {
    const attrs = c[m]
    if (!isObj(attrs)) continue
    for (const [name, value] of Object.entries(attrs)) {
      attrName(name, `Condition.${m}${key(name)}`, add)
      attrValue(value, `Condition.${m}${key(name)}`, add)
    }
  }
}

const msgBody = (body: unknown, family: Family, add: Add): void => {
  if (body === undefined) {
    if (family === "all_member_push") add("MsgBody", "msg_body_required", 90002, "MsgBody is required by im_push")
    return
  }
  if (!Array.isArray(body)) {
    add("MsgBody", "msg_body_array", 90007, "MsgBody must be an array")
    return
  }
  let customs = 0
  body.forEach((el, i) => {
    const ok = isObj(el) && typeof el.MsgType === "string" &&
      (pushMsgTypes as readonly string[]).includes(el.MsgType) && isObj(el.MsgContent)
    if (!ok) {
      add(`MsgBody[${i}]`, "msg_element", 90010, `MsgBody[${i}] must be { MsgType: one of ${pushMsgTypes.join(", ")}, MsgContent: {...} }`)
    } else if (el.MsgType === "TIMCustomElem" && ++customs > limits.customElemsPerMessage) {
      add(`MsgBody[${i}]`, "custom_elem_count", 90010, "a message carries at most one TIMCustomElem")
    }
  })
}

const msgLifeTime = (v: unknown, add: Add): void => {
  if (v === undefined) return
  if (typeof v !== "number" || !Number.isInteger(v)) {
    add("MsgLifeTime", "msg_life_time_integer", 90044, "MsgLifeTime must be an integer number of seconds")
  } else if (v < 0 || v > limits.msgLifeTimeMax) {
    add("MsgLifeTime", "msg_life_time_range", 90026, `MsgLifeTime must be in 0..${limits.msgLifeTimeMax} seconds (7 days)`)
  }
}

const SCHED = 90104
const STATS = 90001
const schedTypes: ReadonlyArray<string> = ["All", "Tag", "User"]

const sdkappid = (v: unknown, add: Add): void => {
  if (typeof v === "number" && !(Number.isSafeInteger(v) && v > 0)) add("Sdkappid", "sdkappid_value", SCHED, "Sdkappid must be a positive integer")
}

const schedType = (v: unknown, add: Add): void => {
  if (typeof v === "string" && !schedTypes.includes(v)) add("Type", "sched_type", SCHED, "Type must be All, Tag or User")
}

const schedTime = (v: unknown, field: string, add: Add): void => {
  if (typeof v === "string" && parseSchedTime(v) === undefined) {
    add(field, "sched_time_format", SCHED, `${field} must be a UTC time written YYYY-MM-DD HH:MM:SS`)
  }
}

const schedTaskId = (v: unknown, add: Add): void => {
  if (typeof v === "number" && !(Number.isSafeInteger(v) && v > 0)) add("TaskID", "sched_task_id", SCHED, "TaskID must be a positive integer")
}

/** The push the task will send must be one the push (All, Tag) or batch (User) rules accept. */
const schedContent = (content: unknown, type: unknown, add: Add): void => {
  if (!isObj(content) || typeof type !== "string" || !schedTypes.includes(type)) return
  const c = withoutNulls(content)
  const hasCondition = isObj(c.Condition) && Object.values(c.Condition).some(nonEmpty)
  if (type === "User") {
    if (!Array.isArray(c.To_Account)) add("Content.To_Account", "sched_content_type", SCHED, `a User task needs Content.To_Account with ${limits.schedUsersMin} to ${limits.schedUsersMax} users`)
    if (c.Condition !== undefined) add("Content.Condition", "sched_content_type", SCHED, "a User task has no Condition; use Type Tag")
  } else {
    if (c.To_Account !== undefined) add("Content.To_Account", "sched_content_type", SCHED, `${type} tasks have no To_Account; use Type User`)
    if (type === "All" && hasCondition) add("Content.Condition", "sched_content_type", SCHED, "an All task has no Condition; use Type Tag")
    if (type === "Tag" && !hasCondition) add("Content.Condition", "sched_content_type", SCHED, "a Tag task needs a non-empty Content.Condition")
  }
  // MsgRandom is optional in a task (the service fills it in): check the rest as a push would be.
  const asPush = { MsgRandom: 0, ...c }
  const inner: Add = (field, rule, _code, message) =>
    add(field === "(body)" ? "Content" : `Content.${field}`, rule, SCHED, `Content: ${message}`)
  if (type === "User") {
    const to = c.To_Account
    if (Array.isArray(to) && to.length < limits.schedUsersMin) inner("To_Account", "min_accounts", SCHED, "To_Account needs at least one user")
    maxAccounts(to, "Content.To_Account", limits.schedUsersMax, SCHED, add)
    msgRandom(asPush.MsgRandom, SCHED, inner)
    dataId(c.DataId, inner)
    // A User task is dispatched as a batch push, and batch requires its sender: without one the
    // task would be accepted now and fail at its time (docs/protocol/push-lifecycle.md).
    if (typeof c.From_Account !== "string") add("Content.From_Account", "sched_content_type", SCHED, "a User task needs Content.From_Account (the sender: it is dispatched as a batch push, which requires one)")
  } else {
    checks.push(asPush, "timpush", inner, undefined)
  }
}

const listQuery: Check = (body, _family, add) => {
  const offset = body.Offset
  if (typeof offset === "number" && !(Number.isSafeInteger(offset) && offset >= 0)) add("Offset", "list_offset", SCHED, "Offset must be an integer from 0")
  const want = body.Want
  if (typeof want === "number" && !(Number.isSafeInteger(want) && want > 0)) add("Want", "list_want", SCHED, "Want must be an integer greater than 0")
  const order = body.OrderBy
  if (typeof order === "string" && !["createat", "schedat"].includes(order.toLowerCase())) {
    add("OrderBy", "list_order_by", SCHED, "OrderBy must be createAt or schedAt (createat / schedat)")
  }
  const begin = body.BeginTime
  const end = body.EndTime
  if ((begin === undefined) !== (end === undefined)) {
    add(begin === undefined ? "BeginTime" : "EndTime", "list_time_range", SCHED, "BeginTime and EndTime go together: give both or neither")
  }
  schedTime(begin, "BeginTime", add)
  schedTime(end, "EndTime", add)
  const b = typeof begin === "string" ? parseSchedTime(begin) : undefined
  const e = typeof end === "string" ? parseSchedTime(end) : undefined
  if (b !== undefined && e !== undefined && b > e) add("EndTime", "list_time_range", SCHED, "BeginTime is later than EndTime")
}

/** A statistics or loss range: unix seconds, start ≤ end, at most `maxSeconds` long. */
const statsRange = (body: Obj, maxSeconds: number, add: Add): void => {
  const valid: Array<number> = []
  for (const field of ["StartTime", "EndTime"] as const) {
    const v = body[field]
    if (typeof v !== "number") continue
    if (Number.isSafeInteger(v) && v >= 0) valid.push(v)
    else add(field, "stats_time_value", STATS, `${field} must be unix seconds (a non-negative integer)`)
  }
  if (valid.length !== 2) return
  const [start, end] = valid as [number, number]
  if (start > end) add("EndTime", "stats_time_order", STATS, "EndTime is earlier than StartTime")
  else if (end - start > maxSeconds) {
    add("EndTime", "stats_window", STATS, `the range is ${end - start} s; at most ${maxSeconds / 86_400} days (${maxSeconds} s)`)
  }
}

const statsTaskIds = (ids: unknown, add: Add): void => {
  if (!Array.isArray(ids)) return
  if (ids.length > limits.statsTaskIds) add("TaskID", "stats_task_ids", STATS, `TaskID has ${ids.length} entries; at most ${limits.statsTaskIds}`)
  ids.forEach((id, i) => {
    if (id === "") add(`TaskID[${i}]`, "task_id_empty", STATS, `TaskID[${i}] is empty`)
  })
}

const checks: { readonly [K in EndpointKey]: Check } = {
  set_attr_name: (body, _family, add) => {
    const names = body.AttrNames
    if (isObj(names)) {
      const seen = new Set<unknown>()
      for (const [slot, name] of Object.entries(names)) {
        const field = `AttrNames${key(slot)}`
        if (!(limits.attrSlots as readonly string[]).includes(slot)) {
          add(field, "attr_slot", 90033, `${field}: attribute slots are "0".."9"`)
        }
        if (typeof name === "string") attrName(name, field, add)
        if (seen.has(name)) add(field, "attr_name_duplicate", 90033, `${field}: the same attribute name is in two slots`)
        seen.add(name)
      }
    }
    const types = body.AttrTypes
    if (isObj(types)) {
      for (const [slot, t] of Object.entries(types)) {
        const field = `AttrTypes${key(slot)}`
        if (!isObj(names) || !Object.hasOwn(names, slot)) {
          add(field, "attr_type_slot", 90033, `${field}: AttrTypes keys must also be in AttrNames`)
        }
        if (t !== 0 && t !== 1) add(field, "attr_type_value", 90033, `${field} must be 0 (UserID) or 1 (RegistrationID)`)
      }
    }
  },
  get_attr_name: () => {},
  get_attr: toAccounts,
  set_attr: (body, _family, add) => {
    const items = body.UserAttrs
    maxAccounts(items, "UserAttrs", limits.accountsPerRequest, 90018, add)
    if (!Array.isArray(items)) return
    items.forEach((item, i) => {
      if (!isObj(item) || !isObj(item.Attrs)) return
      for (const [name, value] of Object.entries(item.Attrs)) {
        const field = `UserAttrs[${i}].Attrs${key(name)}`
        attrName(name, field, add)
        attrValue(value, field, add)
      }
    })
  },
  remove_attr: (body, _family, add) => {
    const items = body.UserAttrs
    maxAccounts(items, "UserAttrs", limits.accountsPerRequest, 90018, add)
    if (!Array.isArray(items)) return
    items.forEach((item, i) => {
      if (!isObj(item) || !Array.isArray(item.Attrs)) return
      item.Attrs.forEach((name, j) => {
        if (typeof name === "string") attrName(name, `UserAttrs[${i}].Attrs[${j}]`, add)
      })
    })
  },
  get_tag: toAccounts,
  add_tag: (body, family, add) => {
    const replace = body.Replace
    if (replace !== undefined && replace !== 0 && replace !== 1) {
      add("Replace", "replace_value", 90001, "Replace must be 0 or 1")
    } else if (replace === 1 && family === "all_member_push") {
      add("Replace", "replace_legacy", 90001, "Replace is not supported by the all_member_push family")
    }
    const items = body.UserTags
    maxAccounts(items, "UserTags", limits.accountsPerRequest, 90018, add)
    if (!Array.isArray(items)) return
    const max = replace === 1 && family === "timpush" ? limits.tagsPerReplace : limits.tagsPerAdd
    items.forEach((item, i) => {
      if (!isObj(item) || !Array.isArray(item.Tags)) return
      if (item.Tags.length > max) {
        add(`UserTags[${i}].Tags`, "tags_per_request", 90032, `UserTags[${i}].Tags has ${item.Tags.length} tags; at most ${max} per request`)
      }
      item.Tags.forEach((t, j) => tag(t, `UserTags[${i}].Tags[${j}]`, add))
    })
  },
  remove_tag: (body, _family, add) => {
    const items = body.UserTags
    maxAccounts(items, "UserTags", limits.accountsPerRequest, 90018, add)
    if (!Array.isArray(items)) return
    items.forEach((item, i) => {
      if (!isObj(item) || !Array.isArray(item.Tags)) return
      item.Tags.forEach((t, j) => tag(t, `UserTags[${i}].Tags[${j}]`, add))
    })
  },
  clear_all_tags: toAccounts,
  push: (body, family, add, bodyBytes) => {
    msgRandom(body.MsgRandom, 90005, add)
    msgBody(body.MsgBody, family, add)
    msgLifeTime(body.MsgLifeTime, add)
    condition(body.Condition, family, add)
    dataId(body.DataId, add)
    if (family === "timpush") {
      const n = bodyBytes ?? utf8Length(JSON.stringify(body))
      if (n > limits.pushBodyBytes) {
        add("(body)", "push_body_bytes", 90056, `the push body is ${n} bytes of JSON; at most ${limits.pushBodyBytes}`)
      }
    }
  },
  revoke: (body, _family, add) => {
    if (body.TaskId === "") add("TaskId", "task_id_empty", 90049, "TaskId is empty")
  },
  batch: (body, _family, add) => {
    const to = body.To_Account
    if (Array.isArray(to) && to.length < limits.batchAccountsMin) {
      add("To_Account", "min_accounts", 90001, "To_Account needs at least one account")
    }
    maxAccounts(to, "To_Account", limits.batchAccountsMax, 90018, add)
    msgRandom(body.MsgRandom, 90001, add)
    dataId(body.DataId, add)
  },
  account_import: (body, _family, add) => {
    if (body.UserID !== undefined) userId(body.UserID, "UserID", add)
    else userId(body.Identifier, "Identifier", add)
    profile(body, "", add)
  },
  multiaccount_import: (body, _family, add) => {
    if (body.AccountList !== undefined && body.Accounts !== undefined) {
      add("AccountList", "account_list_shape", 70402, "send either AccountList or Accounts, not both")
    }
    const list = body.AccountList
    if (Array.isArray(list)) {
      maxAccounts(list, "AccountList", limits.accountsPerRequest, 70402, add)
      list.forEach((item, i) => {
        if (!isObj(item)) return
        userId(item.UserID, `AccountList[${i}].UserID`, add)
        profile(item, `AccountList[${i}].`, add)
      })
    }
    const legacy = body.Accounts
    if (Array.isArray(legacy)) {
      maxAccounts(legacy, "Accounts", limits.accountsPerRequest, 70402, add)
      legacy.forEach((id, i) => userId(id, `Accounts[${i}]`, add))
    }
  },
  account_delete: (body, _family, add) =>
    maxAccounts(body.DeleteItem, "DeleteItem", limits.accountsPerRequest, 70402, add),
  account_check: (body, _family, add) =>
    maxAccounts(body.CheckItem, "CheckItem", limits.accountsPerRequest, 70402, add),
  add_sched_task: (body, _family, add) => {
    sdkappid(body.Sdkappid, add)
    schedType(body.Type, add)
    schedTime(body.SchedAt, "SchedAt", add)
    schedContent(body.Content, body.Type, add)
  },
  modify_sched_task: (body, _family, add) => {
    sdkappid(body.Sdkappid, add)
    schedTaskId(body.TaskID, add)
    schedType(body.Type, add)
    schedTime(body.SchedAt, "SchedAt", add)
    schedContent(body.Content, body.Type, add)
  },
  delete_sched_task: (body, _family, add) => {
    sdkappid(body.Sdkappid, add)
    schedTaskId(body.TaskID, add)
    schedType(body.Type, add)
  },
  get_sched_task: (body, _family, add) => {
    sdkappid(body.Sdkappid, add)
    schedTaskId(body.TaskID, add)
  },
  list_sched_task: (body, family, add, bytes) => {
    sdkappid(body.Sdkappid, add)
    listQuery(body, family, add, bytes)
  },
  all_member_push_statistics: (body, _family, add) => {
    statsRange(body, limits.statisticsRangeSeconds, add)
    statsTaskIds(body.TaskID, add)
  },
  all_member_push_loss: (body, _family, add) => {
    statsRange(body, limits.lossRangeSeconds, add)
    statsTaskIds(body.TaskID, add)
  },
  all_member_push_trace: (body, _family, add) => {
    if (body.TaskID === "") add("TaskID", "task_id_empty", STATS, "TaskID is empty")
    if (body.UserID === "") add("UserID", "user_id_empty", STATS, "UserID is empty")
  },
  normal_push_statistics: (body, _family, add) => statsRange(body, limits.statisticsRangeSeconds, add),
  normal_push_loss: (body, _family, add) => statsRange(body, limits.lossRangeSeconds, add),
  normal_push_trace: (body, _family, add) => {
    if (body.PushID === "") add("PushID", "push_id_empty", STATS, "PushID is empty")
  },
}

/**
 * Every documented rule `wireBody` breaks for `key` in `family`, in check order (the order the
 * emulator reports them in). A body that is not an object yields none (the schema rejects it).
 * `null` members count as absent (see `withoutNulls`). `bodyBytes` is the size of the JSON text
 * as sent or received, for the push size limit; by default the size of `JSON.stringify(wireBody)`.
 */
export const checkRequestAll = (
  key: EndpointKey,
  wireBody: unknown,
  family: Family = "timpush",
  bodyBytes?: number,
): readonly Violation[] => {
  if (!isObj(wireBody)) return []
  const out: Violation[] = []
  checks[key](withoutNulls(wireBody), family, (field, rule, code, message) => out.push({ field, rule, code, message }), bodyBytes)
  return out
}

/**
 * The first documented rule `wireBody` breaks for `key` in `family`, or `undefined` when it
 * breaks none. The client fails locally with it; the emulator answers its `code`.
 *
 * @example
 * ```ts
 * checkRequest("add_tag", { UserTags: [{ To_Account: "a", Tags: ["x".repeat(51)] }] }, "timpush")
 * // { field: "UserTags[0].Tags[0]", rule: "tag_bytes", code: 90020, message: "..." }
 * ```
 */
export const checkRequest = (
  key: EndpointKey,
  wireBody: unknown,
  family: Family = "timpush",
  bodyBytes?: number,
): Violation | undefined => checkRequestAll(key, wireBody, family, bodyBytes)[0]
