/**
 * THE one place friendly names meet Tencent's wire names: request bodies are built here and
 * responses read here. Every other client file speaks either friendly names (methods) or wire
 * bodies (transport), never both.
 *
 * Bulk commands are described by a `BulkSpec`: how to key an item by account, build a body from
 * a list of items, and read one outcome per item back from the response (`ErrorList`,
 * `FailAccounts`, `ResultItem`...), so chunking and coalescing stay generic.
 *
 * @module
 */
import type { EndpointKey, ErrorListItem, Family, ResponseOf, WireRequestOf } from "../api/mod.ts"
import { describeErrorCode, endpoints, limits } from "../api/mod.ts"
import type {
  AccountError,
  AccountInput,
  AccountStatusResult,
  AttrNames,
  AttrSlot,
  AttrType,
  PushCondition,
  PushInput,
  PushToUsersInput,
  RemoveUserAttrsInput,
  UserAttrsInput,
  UserTagsInput,
} from "./types.ts"

/**
 * One item's outcome inside a successful request: its value, or its per-account error.
 *
 * @example
 * ```ts
 * import type { Outcome } from "tencent-chat-push/wire"
 *
 * const failed: Outcome<{}> = { ok: false, error: { code: 70107, info: "not imported", reason: "not_found", retryable: false } }
 * ```
 */
export type Outcome<V> = { readonly ok: true; readonly value: V } | { readonly ok: false; readonly error: AccountError }

/**
 * How a bulk command maps between items and wire bodies (see `bulkSpecs` in
 * `tencent-chat-push/wire`, an advanced and unstable surface).
 *
 * @example
 * ```ts
 * import { bulkSpecs, type BulkSpec } from "tencent-chat-push/wire"
 * import type { UserAttrsInput } from "tencent-chat-push/client"
 *
 * const spec: BulkSpec<"set_attr", UserAttrsInput, {}, void> = bulkSpecs.setUserAttrs
 * spec.body([{ userId: "alice", attrs: { city: "Shenzhen" } }]) // { UserAttrs: [{ To_Account: "alice", Attrs: { city: "Shenzhen" } }] }
 * ```
 */
export interface BulkSpec<K extends EndpointKey, Item, V extends object, O> {
  /** The catalogue command the spec sends. */
  readonly key: K
  /** The account an item is about (the unit of per-account order and results). */
  readonly account: (item: Item) => string
  /** Request-level options become part of the coalescing key (e.g. add vs replace). */
  readonly variant: (options: O) => string
  /** The wire body of one request carrying `items`. */
  readonly body: (items: ReadonlyArray<Item>, options: O) => WireRequestOf<K>
  /** One outcome per item, in order, read from the decoded response. */
  readonly outcomes: (response: ResponseOf<K>, items: ReadonlyArray<Item>) => ReadonlyArray<Outcome<V>>
}

/**
 * A per-account failure from Tencent's code for it. An `ErrorList` entry with `ErrorCode` 0
 * contradicts itself (the list is of failures; 0 means OK): it stays a failure, since counting it
 * as done could silently drop work, but says so, and is not marked retryable (for a push, a
 * resend could notify the user twice).
 */
export const accountError = (code: number, info: string | undefined): AccountError => {
  if (code === 0) {
    const note = "listed as failed with ErrorCode 0 (a contradictory answer); counted as a failure"
    return { code, info: info ? `${note}: ${info}` : note, reason: "unknown", retryable: false }
  }
  const d = describeErrorCode(code)
  return { code, info: info ?? d.meaning, reason: d.reason, retryable: d.retryable }
}

const ok = <V>(value: V): Outcome<V> => ({ ok: true, value })

// Copies an array; anything else (from an untyped caller) passes through unchanged, so the
// request checks report it instead of, say, a string being spread into characters.
const list = <T>(xs: ReadonlyArray<T>): Array<T> => (Array.isArray(xs) ? [...xs] : (xs as unknown as Array<T>))
const empty = {} as const

/** Index of `ErrorList` by account (the first entry wins if an account is listed twice). */
const failuresOf = (list: ReadonlyArray<ErrorListItem> | undefined): Map<string, AccountError> => {
  const m = new Map<string, AccountError>()
  for (const e of list ?? []) if (!m.has(e.To_Account)) m.set(e.To_Account, accountError(e.ErrorCode, e.ErrorInfo))
  return m
}

/** Outcomes of a command whose only per-account output is `ErrorList`. */
const fromErrorList = <Item>(account: (i: Item) => string) =>
(response: { readonly ErrorList?: ReadonlyArray<ErrorListItem> | undefined }, items: ReadonlyArray<Item>) => {
  const failed = failuresOf(response.ErrorList)
  return items.map((i): Outcome<{}> => {
    const e = failed.get(account(i))
    return e ? { ok: false, error: e } : ok(empty)
  })
}

const id = (s: string): string => s

/** `getUserAttrs`: get_attr. Users missing from both `UserAttrs` and `ErrorList` get `{}`. */
export const getAttrSpec: BulkSpec<"get_attr", string, { readonly attrs: { readonly [name: string]: string } }, void> = {
  key: "get_attr",
  account: id,
  variant: () => "",
  body: (ids) => ({ To_Account: list(ids) }),
  outcomes: (res, ids) => {
    const failed = failuresOf(res.ErrorList)
    const attrs = new Map((res.UserAttrs ?? []).map((u) => [u.To_Account, u.Attrs]))
    return ids.map((u) => {
      const e = failed.get(u)
      return e ? { ok: false, error: e } : ok({ attrs: attrs.get(u) ?? {} })
    })
  },
}

/** `setUserAttrs`: set_attr. */
export const setAttrSpec: BulkSpec<"set_attr", UserAttrsInput, {}, void> = {
  key: "set_attr",
  account: (i) => i.userId,
  variant: () => "",
  body: (items) => ({ UserAttrs: items.map((i) => ({ To_Account: i.userId, Attrs: { ...i.attrs } })) }),
  outcomes: fromErrorList((i: UserAttrsInput) => i.userId),
}

/** `removeUserAttrs`: remove_attr (attribute NAMES, not name/value pairs). */
export const removeAttrSpec: BulkSpec<"remove_attr", RemoveUserAttrsInput, {}, void> = {
  key: "remove_attr",
  account: (i) => i.userId,
  variant: () => "",
  body: (items) => ({ UserAttrs: items.map((i) => ({ To_Account: i.userId, Attrs: list(i.attrNames) })) }),
  outcomes: fromErrorList((i: RemoveUserAttrsInput) => i.userId),
}

/** `getUserTags`: get_tag. Users missing from both `UserTags` and `ErrorList` get `[]`. */
export const getTagSpec: BulkSpec<"get_tag", string, { readonly tags: ReadonlyArray<string> }, void> = {
  key: "get_tag",
  account: id,
  variant: () => "",
  body: (ids) => ({ To_Account: list(ids) }),
  outcomes: (res, ids) => {
    const failed = failuresOf(res.ErrorList)
    const tags = new Map((res.UserTags ?? []).map((u) => [u.To_Account, u.Tags]))
    return ids.map((u) => {
      const e = failed.get(u)
      return e ? { ok: false, error: e } : ok({ tags: tags.get(u) ?? [] })
    })
  },
}

/**
 * Options of `addUserTags`.
 *
 * @example
 * ```ts
 * import type { AddTagsOptions } from "tencent-chat-push/client"
 *
 * const overwrite: AddTagsOptions = { replace: true } // timpush only; up to 100 tags per user
 * ```
 */
export interface AddTagsOptions {
  /** Replace the user's tags instead of adding (timpush only; up to 100 tags per user then). */
  readonly replace?: boolean | undefined
}

/** `addUserTags`: add_tag. `Replace` is sent only when replacing (the legacy family lacks it). */
export const addTagSpec: BulkSpec<"add_tag", UserTagsInput, {}, AddTagsOptions | undefined> = {
  key: "add_tag",
  account: (i) => i.userId,
  variant: (o) => (o?.replace ? "replace" : "add"),
  body: (items, o) => ({
    ...(o?.replace ? { Replace: 1 } : {}),
    UserTags: items.map((i) => ({ To_Account: i.userId, Tags: list(i.tags) })),
  }),
  outcomes: fromErrorList((i: UserTagsInput) => i.userId),
}

/** `removeUserTags`: remove_tag. */
export const removeTagSpec: BulkSpec<"remove_tag", UserTagsInput, {}, void> = {
  key: "remove_tag",
  account: (i) => i.userId,
  variant: () => "",
  body: (items) => ({ UserTags: items.map((i) => ({ To_Account: i.userId, Tags: list(i.tags) })) }),
  outcomes: fromErrorList((i: UserTagsInput) => i.userId),
}

/** `clearUserTags`: clear_all_tags (im_remove_all_tags on the legacy family). */
export const clearTagsSpec: BulkSpec<"clear_all_tags", string, {}, void> = {
  key: "clear_all_tags",
  account: id,
  variant: () => "",
  body: (ids) => ({ To_Account: list(ids) }),
  outcomes: fromErrorList(id),
}

/**
 * `importAccounts`: multiaccount_import with the new `AccountList` shape, chosen over
 * account_import (one account per call) because it carries Nick/FaceUrl too and needs 100×
 * fewer calls. The service names failures only in `FailAccounts`, without a code.
 */
export const importSpec: BulkSpec<"multiaccount_import", AccountInput, {}, void> = {
  key: "multiaccount_import",
  account: (a) => a.userId,
  variant: () => "",
  body: (items) => ({
    AccountList: items.map((a) => ({
      UserID: a.userId,
      ...(a.nick === undefined ? {} : { Nick: a.nick }),
      ...(a.faceUrl === undefined ? {} : { FaceUrl: a.faceUrl }),
    })),
  }),
  outcomes: (res, items) => {
    const failed = new Set(res.FailAccounts ?? [])
    return items.map((a) =>
      failed.has(a.userId)
        ? { ok: false, error: { code: undefined, info: "listed in FailAccounts (the service gives no reason)", reason: "unknown", retryable: false } }
        : ok(empty)
    )
  },
}

/** `deleteAccounts`: account_delete. Per-account `ResultCode` (70107 = did not exist). */
export const deleteSpec: BulkSpec<"account_delete", string, {}, void> = {
  key: "account_delete",
  account: id,
  variant: () => "",
  body: (ids) => ({ DeleteItem: ids.map((u) => ({ UserID: u })) }),
  outcomes: (res, ids) => {
    const byId = new Map((res.ResultItem ?? []).map((r) => [r.UserID, r]))
    return ids.map((u) => {
      const r = byId.get(u)
      return r !== undefined && r.ResultCode !== 0 ? { ok: false, error: accountError(r.ResultCode, r.ResultInfo || undefined) } : ok(empty)
    })
  },
}

/** `checkAccounts`: account_check. An unknown account is `NotImported`, not an error. */
export const checkSpec: BulkSpec<"account_check", string, AccountStatusResult, void> = {
  key: "account_check",
  account: id,
  variant: () => "",
  body: (ids) => ({ CheckItem: ids.map((u) => ({ UserID: u })) }),
  outcomes: (res, ids) => {
    const byId = new Map((res.ResultItem ?? []).map((r) => [r.UserID, r]))
    return ids.map((u): Outcome<AccountStatusResult> => {
      const r = byId.get(u)
      if (r === undefined) {
        return { ok: false, error: { code: undefined, info: "no ResultItem for this account", reason: "unknown", retryable: true } }
      }
      if (r.ResultCode !== 0) return { ok: false, error: accountError(r.ResultCode, r.ResultInfo || undefined) }
      const status = r.AccountStatus ?? "NotImported"
      return ok({ status, imported: status === "Imported" })
    })
  },
}

/** `setAttrNames` body. */
export const setAttrNamesBody = (
  names: { readonly [S in AttrSlot]?: string },
  types: { readonly [S in AttrSlot]?: AttrType } | undefined,
): WireRequestOf<"set_attr_name"> => ({
  AttrNames: { ...names } as Record<string, string>,
  ...(types === undefined ? {} : { AttrTypes: { ...types } as Record<string, number> }),
})

/** `getAttrNames` result. */
export const attrNamesOf = (res: ResponseOf<"get_attr_name">): AttrNames => ({
  names: { ...(res.AttrNames ?? {}) },
  ...(res.AttrTypes === undefined ? {} : { types: { ...res.AttrTypes } as { [S in AttrSlot]?: AttrType } }),
})

const conditionBody = (c: PushCondition) => ({
  ...(c.tagsAnd === undefined ? {} : { TagsAnd: list(c.tagsAnd) }),
  ...(c.tagsOr === undefined ? {} : { TagsOr: list(c.tagsOr) }),
  ...(c.tagsNot === undefined ? {} : { TagsNot: list(c.tagsNot) }),
  ...(c.attrsAnd === undefined ? {} : { AttrsAnd: { ...c.attrsAnd } }),
  ...(c.attrsOr === undefined ? {} : { AttrsOr: { ...c.attrsOr } }),
})

/**
 * `push` body from the friendly input. `onlineOnly` depends on the family: timpush has
 * `OnlineOnlyFlag: 1`; the legacy family has no flag and means "online only" by `MsgLifeTime: 0`
 * (its default).
 *
 * @example
 * ```ts
 * import { pushBody } from "tencent-chat-push/wire"
 *
 * const body = pushBody({ condition: { tagsAnd: ["vip"] }, offlinePush: { Title: "Hi", Desc: "Hi" } }, 12345, "timpush")
 * // { MsgRandom: 12345, Condition: { TagsAnd: ["vip"] }, OfflinePushInfo: { Title: "Hi", Desc: "Hi" } }
 * ```
 */
export const pushBody = (input: PushInput, msgRandom: number, family: Family): WireRequestOf<"push"> => {
  const lifetime = input.lifetimeSeconds ?? (input.onlineOnly && family === "all_member_push" ? 0 : undefined)
  return {
    ...(input.from === undefined ? {} : { From_Account: input.from }),
    MsgRandom: msgRandom,
    ...(input.message === undefined ? {} : { MsgBody: list(input.message) as WireRequestOf<"push">["MsgBody"] & {} }),
    ...(lifetime === undefined ? {} : { MsgLifeTime: lifetime }),
    ...(input.onlineOnly === undefined || family === "all_member_push" ? {} : { OnlineOnlyFlag: input.onlineOnly ? 1 : 0 }),
    ...(input.condition === undefined ? {} : { Condition: conditionBody(input.condition) }),
    ...(input.offlinePush === undefined ? {} : { OfflinePushInfo: input.offlinePush as WireRequestOf<"push">["OfflinePushInfo"] & {} }),
    ...(input.dataId === undefined ? {} : { DataId: input.dataId }),
  }
}

/** `revokePush` body. */
export const revokeBody = (taskId: string, offlinePush: PushInput["offlinePush"]): WireRequestOf<"revoke"> => ({
  TaskId: taskId,
  ...(offlinePush === undefined ? {} : { OfflinePushInfo: offlinePush as WireRequestOf<"revoke">["OfflinePushInfo"] & {} }),
})

/** One `batch` body of `pushToUsers`. */
export const batchBody = (
  from: string,
  userIds: ReadonlyArray<string>,
  offlinePush: PushInput["offlinePush"] & {},
  msgRandom: number,
  dataId: string | undefined,
): WireRequestOf<"batch"> => ({
  From_Account: from,
  To_Account: list(userIds),
  MsgRandom: msgRandom,
  OfflinePushInfo: offlinePush as WireRequestOf<"batch">["OfflinePushInfo"],
  ...(dataId === undefined ? {} : { DataId: dataId }),
})

/**
 * One `batch` request of a `pushToUsers`: its recipients and its wire body.
 *
 * @example
 * ```ts
 * import { batchRequests, type BatchRequest } from "tencent-chat-push/wire"
 *
 * const [first]: Array<BatchRequest> = batchRequests({ from: "administrator", userIds: ["alice"], offlinePush: { Title: "Hi" }, msgRandom: 1 })
 * console.log(first!.userIds, first!.body.MsgRandom) // ["alice"] 1
 * ```
 */
export interface BatchRequest {
  /** The users the request names. */
  readonly userIds: ReadonlyArray<string>
  /** Its wire body. */
  readonly body: WireRequestOf<"batch">
}

/**
 * THE way a `pushToUsers` becomes `batch` requests (the client's method and the CLI both use it):
 * users de-duplicated (a user listed twice gets one notification), cut into requests of the
 * catalogue's maximum, request i with `MsgRandom` `msgRandom + i` wrapped into the uint32 range.
 * The docs say batch de-duplicates on MsgRandom within a second, so requests never share one.
 * Request 0 keeps `msgRandom` as given, so an invalid value is reported by the request checks
 * rather than "fixed"; an empty list gives one request with no users, for the same reason.
 *
 * @example
 * ```ts
 * import { batchRequests } from "tencent-chat-push/wire"
 *
 * const userIds = Array.from({ length: 1200 }, (_, i) => `user${i}`)
 * const requests = batchRequests({ from: "administrator", userIds, offlinePush: { Title: "Hi" }, msgRandom: 4294967295 })
 * requests.map((r) => [r.userIds.length, r.body.MsgRandom]) // [[500, 4294967295], [500, 0], [200, 1]]
 * ```
 */
export const batchRequests = (input: PushToUsersInput & { readonly msgRandom: number }): Array<BatchRequest> => {
  const max = endpoints.batch.maxAccounts ?? limits.batchAccountsMax
  const unique = Array.from(new Set(input.userIds))
  const out: Array<BatchRequest> = []
  for (let i = 0; i === 0 || i * max < unique.length; i++) {
    const userIds = unique.slice(i * max, (i + 1) * max)
    const msgRandom = i === 0 ? input.msgRandom : (input.msgRandom + i) % (limits.msgRandomMax + 1)
    out.push({ userIds, body: batchBody(input.from, userIds, input.offlinePush, msgRandom, input.dataId) })
  }
  return out
}
