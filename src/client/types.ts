/**
 * The client's public input and output shapes (friendly names). wire-map.ts is the one place
 * that turns them into Tencent's wire names and back.
 *
 * @module
 */
import type { ErrorReason, MsgElement, OfflinePushInfo } from "../api/mod.ts"
import type { ChatError } from "./errors.ts"

/**
 * An attribute slot: the strings `"0"` … `"9"` (an app has at most 10 attributes).

 *
 * @example
 * ```ts
 * import type { AttrSlot } from "tencent-chat-push/client"
 *
 * const slot: AttrSlot = "3"
 * ```
 */
export type AttrSlot = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9"

/**
 * Attribute account type of a slot: 0 = UserID (default), 1 = RegistrationID (Push Service).

 *
 * @example
 * ```ts
 * import type { AttrType } from "tencent-chat-push/client"
 *
 * const types: { [slot: string]: AttrType } = { "0": 0, "1": 1 }
 * ```
 */
export type AttrType = 0 | 1

/**
 * The app's attribute names, by slot (`getAttrNames`).

 *
 * @example
 * ```ts
 * import type { AttrNames } from "tencent-chat-push/client"
 *
 * const names: AttrNames = { names: { "0": "city", "1": "plan" } }
 * ```
 */
export interface AttrNames {
  /** Attribute name by slot; a slot without a name is absent. */
  readonly names: { readonly [S in AttrSlot]?: string }
  /** Present when the service reports account types (Push Service). */
  readonly types?: { readonly [S in AttrSlot]?: AttrType }
}

/**
 * One user's attributes to set (name → value; names must have been set with `setAttrNames`;
 * names and values at most 50 UTF-8 bytes).

 *
 * @example
 * ```ts
 * import type { UserAttrsInput } from "tencent-chat-push/client"
 *
 * const item: UserAttrsInput = { userId: "alice", attrs: { city: "Shenzhen" } }
 * ```
 */
export interface UserAttrsInput {
  /** The user (UserID). */
  readonly userId: string
  /** Attribute name → value. */
  readonly attrs: { readonly [name: string]: string }
}

/**
 * Attribute names to remove from one user.

 *
 * @example
 * ```ts
 * import type { RemoveUserAttrsInput } from "tencent-chat-push/client"
 *
 * const item: RemoveUserAttrsInput = { userId: "alice", attrNames: ["city"] }
 * ```
 */
export interface RemoveUserAttrsInput {
  /** The user (UserID). */
  readonly userId: string
  /** The attribute names to remove. */
  readonly attrNames: ReadonlyArray<string>
}

/**
 * Tags to add to / remove from one user (each tag non-empty, at most 50 UTF-8 bytes; at most 10
 * per add, 100 with `replace`).

 *
 * @example
 * ```ts
 * import type { UserTagsInput } from "tencent-chat-push/client"
 *
 * const item: UserTagsInput = { userId: "alice", tags: ["vip", "beta"] }
 * ```
 */
export interface UserTagsInput {
  /** The user (UserID or, on timpush, a RegistrationID). */
  readonly userId: string
  /** The tags. */
  readonly tags: ReadonlyArray<string>
}

/**
 * An account to import (UserID at most 32 bytes; nick and faceUrl at most 500 bytes).

 *
 * @example
 * ```ts
 * import type { AccountInput } from "tencent-chat-push/client"
 *
 * const account: AccountInput = { userId: "alice", nick: "Alice", faceUrl: "https://example.com/a.png" }
 * ```
 */
export interface AccountInput {
  /** The UserID to create or update (non-empty, at most 32 UTF-8 bytes). */
  readonly userId: string
  /** Nickname (`Nick`). */
  readonly nick?: string | undefined
  /** Avatar URL (`FaceUrl`). */
  readonly faceUrl?: string | undefined
}

/**
 * Push recipients filter. Tag members and attribute members cannot be combined; a tag cannot be
 * in both `tagsAnd` and `tagsOr`; at most 10 tags per member. `tagsNot` is timpush only.

 *
 * @example
 * ```ts
 * import type { PushCondition } from "tencent-chat-push/client"
 *
 * const vipsNotInChina: PushCondition = { tagsOr: ["vip"], tagsNot: ["cn"] }
 * ```
 */
export interface PushCondition {
  /** Users carrying every one of these tags (`TagsAnd`). */
  readonly tagsAnd?: ReadonlyArray<string> | undefined
  /** Users carrying at least one of these tags (`TagsOr`). */
  readonly tagsOr?: ReadonlyArray<string> | undefined
  /** Users carrying none of these tags (`TagsNot`; timpush only). */
  readonly tagsNot?: ReadonlyArray<string> | undefined
  /** Users whose attributes match every name → value pair (`AttrsAnd`). */
  readonly attrsAnd?: { readonly [name: string]: string } | undefined
  /** Users whose attributes match at least one pair (`AttrsOr`). */
  readonly attrsOr?: { readonly [name: string]: string } | undefined
}

/**
 * A push to everyone (no condition), or to users matching `condition`.

 *
 * @example
 * ```ts
 * import type { PushInput } from "tencent-chat-push/client"
 *
 * const input: PushInput = {
 *   condition: { attrsAnd: { city: "Shenzhen" } },
 *   message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "Rain tonight" } }],
 *   offlinePush: { Title: "Weather", Desc: "Rain tonight" },
 *   lifetimeSeconds: 3600,
 * }
 * ```
 */
export interface PushInput {
  /** Sender shown to receivers (`From_Account`); default: the service uses the admin. */
  readonly from?: string | undefined
  /** Who receives the push; absent: every user of the app. */
  readonly condition?: PushCondition | undefined
  /** The message, in wire form: `[{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }]`. */
  readonly message?: ReadonlyArray<MsgElement> | undefined
  /** Vendor (offline) push settings, in wire form (`{ Title, Desc, Ext, ... }`). */
  readonly offlinePush?: OfflinePushInfo | undefined
  /** Offline retention in seconds (`MsgLifeTime`, 0..604800). */
  readonly lifetimeSeconds?: number | undefined
  /**
   * Online only. timpush: `OnlineOnlyFlag: 1` (no roaming, no unread count). Legacy family:
   * `MsgLifeTime: 0` (cannot be combined with a positive `lifetimeSeconds`).
   */
  readonly onlineOnly?: boolean | undefined
  /** The uint32 `MsgRandom` to send; default: a fresh random value (returned in the result). */
  readonly msgRandom?: number | undefined
  /** Passed through to callbacks (`DataId`, ≤ 64 bytes). */
  readonly dataId?: string | undefined
  /**
   * Sends this push once per fleet: the first caller with the key (in the client's `store`)
   * sends; later callers get its result without sending (see docs/client.md, "Idempotent pushes").
   */
  readonly idempotencyKey?: string | undefined
}

/**
 * An accepted push: keep `taskId` for `revokePush`.

 *
 * @example
 * ```ts
 * import type { PushResult } from "tencent-chat-push/client"
 *
 * const show = (r: PushResult) => `task ${r.taskId} (MsgRandom ${r.msgRandom})`
 * ```
 */
export interface PushResult {
  /** Tencent's task id (opaque), for `revokePush`. */
  readonly taskId: string
  /** The `MsgRandom` that was sent. */
  readonly msgRandom: number
}

/**
 * Options of `revokePush`.

 *
 * @example
 * ```ts
 * import type { RevokeOptions } from "tencent-chat-push/client"
 *
 * const options: RevokeOptions = { offlinePush: { Title: "Recalled", Desc: "This message was recalled" } }
 * ```
 */
export interface RevokeOptions {
  /** Replacement offline notification; needed when the push stored roaming/unread data (90053). */
  readonly offlinePush?: OfflinePushInfo | undefined
  /** Recalls once per fleet: later callers with the key get the first call's result without calling. */
  readonly idempotencyKey?: string | undefined
}

/**
 * A push to an explicit list of users (timpush `batch`; any number, sent 500 per request).

 *
 * @example
 * ```ts
 * import type { PushToUsersInput } from "tencent-chat-push/client"
 *
 * const input: PushToUsersInput = { from: "administrator", userIds: ["alice", "bob"], offlinePush: { Title: "Hi", Desc: "Your order shipped" } }
 * ```
 */
export interface PushToUsersInput {
  /** Sender shown to receivers (`From_Account`). */
  readonly from: string
  /** The recipients (UserIDs or RegistrationIDs), any number. */
  readonly userIds: ReadonlyArray<string>
  /** Vendor (offline) push settings, in wire form (`{ Title, Desc, Ext, ... }`). */
  readonly offlinePush: OfflinePushInfo
  /** `MsgRandom` of the first request; request i of a split list uses `msgRandom + i` (mod 2^32). */
  readonly msgRandom?: number | undefined
  /** Passed through to callbacks (`DataId`, ≤ 64 bytes). */
  readonly dataId?: string | undefined
  /**
   * Sends once per fleet: later callers with the key and the same `userIds` get the first call's
   * per-user results without sending (other `userIds` fail with `ChatRequestError`).
   */
  readonly idempotencyKey?: string | undefined
}

/**
 * Why one account failed: Tencent's per-account code classified (`not_found`, `conflict`...), or
 * the failure of its whole request (`transport`, `decode`, `outcome_unknown`, `refused`).

 *
 * @example
 * ```ts
 * import type { AccountFailureReason } from "tencent-chat-push/client"
 *
 * const missing = (r: AccountFailureReason) => r === "not_found"
 * ```
 */
export type AccountFailureReason = ErrorReason | "transport" | "decode" | "outcome_unknown" | "refused"

/**
 * One account's failure.

 *
 * @example
 * ```ts
 * import type { AccountError } from "tencent-chat-push/client"
 *
 * const line = (e: AccountError) => `${e.code ?? "-"} ${e.reason}: ${e.info}`
 * ```
 */
export interface AccountError {
  /** Tencent's `ErrorCode` for this account (absent when the service gave none, e.g. `FailAccounts`). */
  readonly code: number | undefined
  /** Tencent's `ErrorInfo` for the account, or what went wrong with its request. */
  readonly info: string
  /** The failure, classified. */
  readonly reason: AccountFailureReason
  /** Whether a retry of this account may succeed. */
  readonly retryable: boolean
  /** The request-level error, when the account's whole request failed. */
  readonly cause?: ChatError | undefined
}

/**
 * One account's outcome, in input order: `ok: true` with the per-account data, or the error.

 *
 * @example
 * ```ts
 * import type { AccountResult } from "tencent-chat-push/client"
 *
 * const tagsOf = (r: AccountResult<{ readonly tags: ReadonlyArray<string> }>) => (r.ok ? r.tags : [])
 * ```
 */
export type AccountResult<T extends object = {}> =
  | ({ readonly userId: string; readonly ok: true } & T)
  | { readonly userId: string; readonly ok: false; readonly error: AccountError }

/**
 * The outcome of a bulk call (firebase-admin `BatchResponse` style): per-account results in
 * input order; partial failures are results, not exceptions.

 *
 * @example
 * ```ts
 * import type { BatchResult } from "tencent-chat-push/client"
 *
 * const failedIds = (r: BatchResult) => r.results.filter((x) => !x.ok).map((x) => x.userId)
 * ```
 */
export interface BatchResult<T extends object = {}> {
  /** Accounts that succeeded. */
  readonly successCount: number
  /** Accounts that failed. */
  readonly failureCount: number
  /** One result per input item, in input order. */
  readonly results: ReadonlyArray<AccountResult<T>>
}

/**
 * One accepted `batch` request of a `pushToUsers` call.

 *
 * @example
 * ```ts
 * import type { PushToUsersTask } from "tencent-chat-push/client"
 *
 * const ids = (tasks: ReadonlyArray<PushToUsersTask>) => tasks.map((t) => t.taskId)
 * ```
 */
export interface PushToUsersTask {
  /** Tencent's task id of the request. */
  readonly taskId: string
  /** The `MsgRandom` the request carried. */
  readonly msgRandom: number
  /** How many users the request named. */
  readonly recipients: number
}

/**
 * The outcome of `pushToUsers`: per-user results plus the task of each request that was accepted.

 *
 * @example
 * ```ts
 * import type { PushToUsersResult } from "tencent-chat-push/client"
 *
 * const reached = (r: PushToUsersResult) => `${r.successCount} users in ${r.tasks.length} tasks`
 * ```
 */
export interface PushToUsersResult extends BatchResult<{ readonly taskId: string }> {
  /** The accepted requests, in order. */
  readonly tasks: ReadonlyArray<PushToUsersTask>
}

/**
 * `checkAccounts` per-account data: `Imported` or `NotImported` (an unknown account is not an error).

 *
 * @example
 * ```ts
 * import type { AccountStatusResult } from "tencent-chat-push/client"
 *
 * const exists = (s: AccountStatusResult) => s.imported
 * ```
 */
export interface AccountStatusResult {
  /** Tencent's `AccountStatus`. */
  readonly status: "Imported" | "NotImported"
  /** `status === "Imported"`. */
  readonly imported: boolean
}
