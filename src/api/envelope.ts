/**
 * The response envelope every REST command answers with, and the partial-failure `ErrorList`.
 *
 * Why HTTP 200 can be a failure: Tencent answers every application-level outcome (bad body,
 * expired UserSig, rate limit, quota) with HTTP 200 and puts the verdict in `ActionStatus` /
 * `ErrorCode` / `ErrorInfo` (docs/protocol/transport.md#http-200-rule). Only network-level faults (e.g. 502) change
 * the status. So a caller must read `ErrorCode`, never the status alone.
 *
 * @module
 */
import * as Schema from "effect/Schema"

/** `"OK"` or `"FAIL"`; on FAIL, `ErrorCode` is non-zero and `ErrorInfo` says why. */
export const ActionStatus: Schema.Literals<readonly ["OK", "FAIL"]> = Schema.Literals(["OK", "FAIL"])

/** The envelope's field schemas (the type of `envelopeFields`). */
export type EnvelopeFields = {
  readonly ActionStatus: typeof ActionStatus
  readonly ErrorCode: Schema.Number
  readonly ErrorInfo: Schema.String
  readonly ErrorDisplay: Schema.optionalKey<Schema.String>
  readonly RequestId: Schema.optionalKey<Schema.String>
}

/**
 * The envelope fields, to spread into a response struct.
 * `ErrorDisplay` and `RequestId` appear only in sibling APIs / third-party typings, so they are
 * optional; unknown extra members are stripped on decode (Tencent may add fields at any time).
 */
export const envelopeFields: EnvelopeFields = {
  ActionStatus,
  ErrorCode: Schema.Number,
  ErrorInfo: Schema.String,
  ErrorDisplay: Schema.optionalKey(Schema.String),
  RequestId: Schema.optionalKey(Schema.String),
}

/** The bare response envelope: `{ ActionStatus, ErrorCode, ErrorInfo }`. */
export const Envelope: Schema.Struct<EnvelopeFields> = Schema.Struct(envelopeFields)

/**
 * One per-account failure inside `ErrorList` (docs/protocol/transport.md#partial-failure). `To_Account` is a UserID or a
 * RegistrationID; `ErrorInfo` is absent in every documented sample, hence optional.
 */
export const ErrorListItem: Schema.Struct<{
  readonly To_Account: Schema.String
  readonly ErrorCode: Schema.Number
  readonly ErrorInfo: Schema.optionalKey<Schema.String>
}> = Schema.Struct({
  To_Account: Schema.String,
  ErrorCode: Schema.Number,
  ErrorInfo: Schema.optionalKey(Schema.String),
})

/**
 * Partial failure: the call as a whole is `OK` / `0`, and the accounts that failed are listed
 * here. Only the timpush family documents it; it is optional everywhere because it is omitted
 * when every account succeeded (and legacy `all_member_push` pages never show it).
 */
export const ErrorList: Schema.$Array<typeof ErrorListItem> = Schema.Array(ErrorListItem)

/** The type of `errorListField`. */
export type ErrorListField = { readonly ErrorList: Schema.optionalKey<typeof ErrorList> }

/** The `ErrorList` field, to spread into responses of multi-account commands. */
export const errorListField: ErrorListField = { ErrorList: Schema.optionalKey(ErrorList) }

/** A response schema: the envelope's fields plus the command's fields `F`. */
export type WithEnvelope<F extends Schema.Struct.Fields> = Schema.Struct<EnvelopeFields & F>

/**
 * A response schema: the envelope plus command-specific fields. Command-specific fields are
 * declared optional by callers because a FAIL body carries only the envelope (batch's FAIL sample
 * keeps `TaskId: ""`, set_attr_name's FAIL sample has nothing else).
 */
export const withEnvelope = <const F extends Schema.Struct.Fields>(fields: F): WithEnvelope<F> =>
  Schema.Struct({ ...envelopeFields, ...fields })

/** The decoded envelope. */
export type Envelope = typeof Envelope.Type
/** One decoded `ErrorList` entry. */
export type ErrorListItem = typeof ErrorListItem.Type
