/**
 * Wire building blocks shared by several areas.
 *
 * Schemas describe SHAPE only (types, required keys). Value limits (bytes, counts, ranges) live
 * in ../rules.ts with the ErrorCode the service answers, so that a too-long tag yields 90020 in
 * the emulator and a `ChatRequestError` in the client instead of a generic decode failure.
 *
 * @module
 */
import * as Schema from "effect/Schema"

/** A UserID (or, on timpush, a RegistrationID): Tencent's `To_Account` / `From_Account`. */
export const Account: Schema.String = Schema.String

/** A list of accounts, as in `{"To_Account": ["a", "b"]}`. */
export const AccountList: Schema.$Array<typeof Account> = Schema.Array(Account)

/** `{ To_Account: string[] }`: the body of get_attr, get_tag and clear_all_tags. */
export const ToAccounts: Schema.Struct<{ readonly To_Account: typeof AccountList }> = Schema.Struct({ To_Account: AccountList })

/** A string→string map (attribute name → value). */
export const StringMap: Schema.$Record<Schema.String, Schema.String> = Schema.Record(Schema.String, Schema.String)

/** Members we do not model yet are kept as-is (rest record), so a client never drops them. */
export const Extra: Schema.$Record<Schema.String, Schema.Unknown> = Schema.Record(Schema.String, Schema.Unknown)
