/**
 * Wire schemas for the account APIs under `v4/im_open_login_svc/` (docs/protocol/accounts-api.md).
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { WithEnvelope } from "../envelope.ts"
import { withEnvelope } from "../envelope.ts"

const opt = Schema.optionalKey

/** One account to import: `UserID` (≤ 32 bytes) with optional `Nick` / `FaceUrl` (≤ 500 bytes each). */
export const AccountImportItem: Schema.Struct<{
  readonly UserID: Schema.String
  readonly Nick: Schema.optionalKey<Schema.String>
  readonly FaceUrl: Schema.optionalKey<Schema.String>
}> = Schema.Struct({
  UserID: Schema.String,
  Nick: opt(Schema.String),
  FaceUrl: opt(Schema.String),
})

/**
 * account_import before ~2022 named the id `Identifier` (and had a `Type`: 0 normal, 1 robot);
 * a public Go SDK still sends it. We accept it on decode so the emulator serves old clients;
 * encoding a current body keeps `UserID`.
 */
export const LegacyAccountImportRequest: Schema.Struct<{
  readonly Identifier: Schema.String
  readonly Nick: Schema.optionalKey<Schema.String>
  readonly FaceUrl: Schema.optionalKey<Schema.String>
  readonly Type: Schema.optionalKey<Schema.Number>
}> = Schema.Struct({
  Identifier: Schema.String,
  Nick: opt(Schema.String),
  FaceUrl: opt(Schema.String),
  Type: opt(Schema.Number),
})

/** account_import request: the current `UserID` form or the legacy `Identifier` form. */
export const AccountImportRequest: Schema.Union<readonly [typeof AccountImportItem, typeof LegacyAccountImportRequest]> = Schema.Union([
  AccountImportItem,
  LegacyAccountImportRequest,
])

/** account_import response: the envelope only (all-or-nothing). */
export const AccountImportResponse: WithEnvelope<{}> = withEnvelope({})

/** multiaccount_import, new shape (docs from mid/late 2024): accounts with Nick/FaceUrl. */
export const MultiAccountImportNewRequest: Schema.Struct<{ readonly AccountList: Schema.$Array<typeof AccountImportItem> }> = Schema.Struct({
  AccountList: Schema.Array(AccountImportItem),
})

/** multiaccount_import, legacy shape: bare UserIDs (cannot carry profile fields). */
export const MultiAccountImportLegacyRequest: Schema.Struct<{ readonly Accounts: Schema.$Array<Schema.String> }> = Schema.Struct({
  Accounts: Schema.Array(Schema.String),
})

/**
 * multiaccount_import request: `AccountList` (new) or `Accounts` (legacy). A body with both is
 * rejected by rules.ts (70402) because the docs never say which wins.
 */
export const MultiAccountImportRequest: Schema.Union<readonly [typeof MultiAccountImportNewRequest, typeof MultiAccountImportLegacyRequest]> = Schema.Union([
  MultiAccountImportNewRequest,
  MultiAccountImportLegacyRequest,
])

/** multiaccount_import response: partial failure is top-level OK plus `FailAccounts` (no per-account reason). */
export const MultiAccountImportResponse: WithEnvelope<{ readonly FailAccounts: Schema.optionalKey<Schema.$Array<Schema.String>> }> = withEnvelope({
  FailAccounts: opt(Schema.Array(Schema.String)),
})

/** `{ UserID }`: one item of `DeleteItem` / `CheckItem`. */
export const UserIdItem: Schema.Struct<{ readonly UserID: Schema.String }> = Schema.Struct({ UserID: Schema.String })

/** account_delete request: up to 100 `{ UserID }` items. */
export const AccountDeleteRequest: Schema.Struct<{ readonly DeleteItem: Schema.$Array<typeof UserIdItem> }> = Schema.Struct({
  DeleteItem: Schema.Array(UserIdItem),
})

/** One account_delete result: `ResultCode` 0 = deleted, 70107 = did not exist. */
export const AccountDeleteResultItem: Schema.Struct<{
  readonly ResultCode: Schema.Number
  readonly ResultInfo: Schema.String
  readonly UserID: Schema.String
}> = Schema.Struct({
  ResultCode: Schema.Number,
  ResultInfo: Schema.String,
  UserID: Schema.String,
})

/** account_delete response: top level stays OK even when every item failed; see `ResultItem`. */
export const AccountDeleteResponse: WithEnvelope<{ readonly ResultItem: Schema.optionalKey<Schema.$Array<typeof AccountDeleteResultItem>> }> =
  withEnvelope({ ResultItem: opt(Schema.Array(AccountDeleteResultItem)) })

/** account_check request: up to 100 `{ UserID }` items. */
export const AccountCheckRequest: Schema.Struct<{ readonly CheckItem: Schema.$Array<typeof UserIdItem> }> = Schema.Struct({
  CheckItem: Schema.Array(UserIdItem),
})

/** `Imported` or `NotImported` (an unknown account is NOT an error on account_check). */
export const AccountStatus: Schema.Literals<readonly ["Imported", "NotImported"]> = Schema.Literals(["Imported", "NotImported"])

/** One account_check result; `AccountStatus` may be absent when `ResultCode` ≠ 0 (OpenAPI marks nothing required). */
export const AccountCheckResultItem: Schema.Struct<{
  readonly UserID: Schema.String
  readonly ResultCode: Schema.Number
  readonly ResultInfo: Schema.optionalKey<Schema.String>
  readonly AccountStatus: Schema.optionalKey<typeof AccountStatus>
}> = Schema.Struct({
  UserID: Schema.String,
  ResultCode: Schema.Number,
  ResultInfo: opt(Schema.String),
  AccountStatus: opt(AccountStatus),
})

/** account_check response: envelope + one `ResultItem` per requested account. */
export const AccountCheckResponse: WithEnvelope<{ readonly ResultItem: Schema.optionalKey<Schema.$Array<typeof AccountCheckResultItem>> }> =
  withEnvelope({ ResultItem: opt(Schema.Array(AccountCheckResultItem)) })
