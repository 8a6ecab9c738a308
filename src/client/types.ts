/**
 * The client's public input and output shapes (friendly names). wire-map.ts is the one place
 * that turns them into Tencent's wire names and back.
 *
 * @module
 */
import type { ErrorReason, MsgElement, OfflinePushInfo } from "../api/mod.ts"
import type { ChatError } from "./errors.ts"

/** An attribute slot: the strings `"0"` … `"9"` (an app has at most 10 attributes). */
export type AttrSlot = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9"

/** Attribute account type of a slot: 0 = UserID (default), 1 = RegistrationID (Push Service). */
export type AttrType = 0 | 1

/** The app's attribute names, by slot. */
export interface AttrNames {
  readonly names: { readonly [S in AttrSlot]?: string }
  /** Present when the service reports account types (Push Service). */
  readonly types?: { readonly [S in AttrSlot]?: AttrType }
}

/** One user's attributes to set (name → value; names must have been set with `setAttrNames`). */
export interface UserAttrsInput {
  readonly userId: string
  readonly attrs: { readonly [name: string]: string }
}

/** Attribute names to remove from one user. */
export interface RemoveUserAttrsInput {
  readonly userId: string
  readonly attrNames: ReadonlyArray<string>
}

/** Tags to add to / remove from one user. */
export interface UserTagsInput {
  readonly userId: string
  readonly tags: ReadonlyArray<string>
}

/** An account to import. */
export interface AccountInput {
  readonly userId: string
  readonly nick?: string | undefined
  readonly faceUrl?: string | undefined
}

/**
 * Push recipients filter. Tag members and attribute members cannot be combined; a tag cannot be
 * in both `tagsAnd` and `tagsOr`; at most 10 tags per member. `tagsNot` is timpush only.
 */
export interface PushCondition {
  readonly tagsAnd?: ReadonlyArray<string> | undefined
  readonly tagsOr?: ReadonlyArray<string> | undefined
  readonly tagsNot?: ReadonlyArray<string> | undefined
  readonly attrsAnd?: { readonly [name: string]: string } | undefined
  readonly attrsOr?: { readonly [name: string]: string } | undefined
}

/** A push to everyone (no condition), or to users matching `condition`. */
export interface PushInput {
  /** Sender shown to receivers (`From_Account`); default: the service uses the admin. */
  readonly from?: string | undefined
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
}

/** An accepted push. */
export interface PushResult {
  /** Tencent's task id (opaque), for `revokePush`. */
  readonly taskId: string
  /** The `MsgRandom` that was sent. */
  readonly msgRandom: number
}

/** Options of `revokePush`. */
export interface RevokeOptions {
  /** Replacement offline notification; needed when the push stored roaming/unread data (90053). */
  readonly offlinePush?: OfflinePushInfo | undefined
}

/** A push to an explicit list of users (timpush `batch`; any number, sent 500 per request). */
export interface PushToUsersInput {
  readonly from: string
  readonly userIds: ReadonlyArray<string>
  readonly offlinePush: OfflinePushInfo
  /** `MsgRandom` of the first request; request i of a split list uses `msgRandom + i` (mod 2^32). */
  readonly msgRandom?: number | undefined
  readonly dataId?: string | undefined
}

/** Why one account failed: Tencent's per-account code, or the failure of its whole request. */
export type AccountFailureReason = ErrorReason | "transport" | "decode" | "outcome_unknown" | "refused"

/** One account's failure. */
export interface AccountError {
  /** Tencent's `ErrorCode` for this account (absent when the service gave none, e.g. `FailAccounts`). */
  readonly code: number | undefined
  readonly info: string
  readonly reason: AccountFailureReason
  readonly retryable: boolean
  /** The request-level error, when the account's whole request failed. */
  readonly cause?: ChatError | undefined
}

/** One account's outcome, in input order: `ok: true` with the per-account data, or the error. */
export type AccountResult<T extends object = {}> =
  | ({ readonly userId: string; readonly ok: true } & T)
  | { readonly userId: string; readonly ok: false; readonly error: AccountError }

/**
 * The outcome of a bulk call (firebase-admin `BatchResponse` style): per-account results in
 * input order; partial failures are results, not exceptions.
 */
export interface BatchResult<T extends object = {}> {
  readonly successCount: number
  readonly failureCount: number
  readonly results: ReadonlyArray<AccountResult<T>>
}

/** One `batch` request of a `pushToUsers` call. */
export interface PushToUsersTask {
  readonly taskId: string
  readonly msgRandom: number
  readonly recipients: number
}

/** The outcome of `pushToUsers`: per-user results plus the task of each request that was accepted. */
export interface PushToUsersResult extends BatchResult<{ readonly taskId: string }> {
  readonly tasks: ReadonlyArray<PushToUsersTask>
}

/** `checkAccounts` per-account data. */
export interface AccountStatusResult {
  readonly status: "Imported" | "NotImported"
  readonly imported: boolean
}
