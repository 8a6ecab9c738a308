/**
 * Wire schemas for push (all / tag / attribute), revoke and batch.
 *
 * The timpush `push` body is the UNION of the Chat (G2) and Push Service (G3) pages:
 * `MsgBody` is optional (G3 samples have none; the legacy family requires it, see rules.ts),
 * and `MsgLifeTime`, `OnlineOnlyFlag`, `DataId` and `Condition.TagsNot` are optional because no
 * page shows the full timpush field table (docs/protocol/push-api.md#push-request-fields).
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { ErrorListField, WithEnvelope } from "../envelope.ts"
import { errorListField, withEnvelope } from "../envelope.ts"
import { Account, AccountList, StringMap } from "./common.ts"
import { MsgBody, OfflinePushInfo } from "./message.ts"

const opt = Schema.optionalKey
const Tags = Schema.Array(Schema.String)

/**
 * Recipient filter. Tag members and attribute members are mutually exclusive (90039); And/Or of
 * the same kind may coexist. `TagsNot` is Push Service only and its semantics conflict in the
 * docs (not(C and D) in the sample comment vs not(C or D) in a public client) — the wire shape is
 * the same either way. Attribute keys are attribute NAMES, not slots.
 */
export const Condition: Schema.Struct<{
  readonly TagsAnd: Schema.optionalKey<Schema.$Array<Schema.String>>
  readonly TagsOr: Schema.optionalKey<Schema.$Array<Schema.String>>
  readonly TagsNot: Schema.optionalKey<Schema.$Array<Schema.String>>
  readonly AttrsAnd: Schema.optionalKey<typeof StringMap>
  readonly AttrsOr: Schema.optionalKey<typeof StringMap>
}> = Schema.Struct({
  TagsAnd: opt(Tags),
  TagsOr: opt(Tags),
  TagsNot: opt(Tags),
  AttrsAnd: opt(StringMap),
  AttrsOr: opt(StringMap),
})

/** A decoded push `Condition`. */
export type Condition = typeof Condition.Type

/**
 * push / im_push request. `MsgRandom` is a uint32; what it de-duplicates conflicts in the docs
 * (a 7-day task key in one revision, a 1-second message key in another), which is why push is
 * never retried automatically.
 */
export const PushRequest: Schema.Struct<{
  readonly From_Account: Schema.optionalKey<typeof Account>
  readonly MsgRandom: Schema.Number
  readonly MsgBody: Schema.optionalKey<typeof MsgBody>
  readonly MsgLifeTime: Schema.optionalKey<Schema.Number>
  readonly OnlineOnlyFlag: Schema.optionalKey<Schema.Number>
  readonly Condition: Schema.optionalKey<typeof Condition>
  readonly OfflinePushInfo: Schema.optionalKey<typeof OfflinePushInfo>
  readonly DataId: Schema.optionalKey<Schema.String>
}> = Schema.Struct({
  From_Account: opt(Account),
  MsgRandom: Schema.Number,
  MsgBody: opt(MsgBody),
  MsgLifeTime: opt(Schema.Number),
  OnlineOnlyFlag: opt(Schema.Number),
  Condition: opt(Condition),
  OfflinePushInfo: opt(OfflinePushInfo),
  DataId: opt(Schema.String),
})

/** push response: envelope + `TaskId` (opaque; absent on FAIL). */
export const PushResponse: WithEnvelope<{ readonly TaskId: Schema.optionalKey<Schema.String> }> = withEnvelope({ TaskId: opt(Schema.String) })

/**
 * revoke request. `OfflinePushInfo` is required on the CN Push Service page and optional on the
 * intl Chat page; the service answers 90053 only when the task stored roaming/unread data and no
 * `OfflinePushInfo` came, so the schema keeps it optional.
 */
export const RevokeRequest: Schema.Struct<{
  readonly TaskId: Schema.String
  readonly OfflinePushInfo: Schema.optionalKey<typeof OfflinePushInfo>
}> = Schema.Struct({
  TaskId: Schema.String,
  OfflinePushInfo: opt(OfflinePushInfo),
})

/** revoke response: the envelope only. */
export const RevokeResponse: WithEnvelope<{}> = withEnvelope({})

/** batch request: push to 1–500 explicit accounts (UserIDs or RegistrationIDs). */
export const BatchRequest: Schema.Struct<{
  readonly From_Account: typeof Account
  readonly To_Account: typeof AccountList
  readonly MsgRandom: Schema.Number
  readonly OfflinePushInfo: typeof OfflinePushInfo
  readonly DataId: Schema.optionalKey<Schema.String>
}> = Schema.Struct({
  From_Account: Account,
  To_Account: AccountList,
  MsgRandom: Schema.Number,
  OfflinePushInfo,
  DataId: opt(Schema.String),
})

/** batch response: envelope + `TaskId` (`batch_…`; `""` on FAIL) + `ErrorList` (70107 for unknown accounts). */
export const BatchResponse: WithEnvelope<{ readonly TaskId: Schema.optionalKey<Schema.String> } & ErrorListField> = withEnvelope({
  TaskId: opt(Schema.String),
  ...errorListField,
})
