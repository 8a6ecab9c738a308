/**
 * Wire schemas for attribute names (set/get_attr_name) and user attributes (get/set/remove_attr).
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { ErrorListField, WithEnvelope } from "../envelope.ts"
import { errorListField, withEnvelope } from "../envelope.ts"
import { Account, StringMap, ToAccounts } from "./common.ts"

/**
 * `AttrTypes` values: 0 = attribute is bound to UserID accounts (default), 1 = RegistrationID.
 * Push Service pages only; once set a type cannot change (90033).
 */
export const AttrTypes: Schema.$Record<Schema.String, Schema.Number> = Schema.Record(Schema.String, Schema.Number)

/** set_attr_name request: slot ("0".."9") → attribute name, plus optional slot → account type. */
export const SetAttrNameRequest: Schema.Struct<{
  readonly AttrNames: typeof StringMap
  readonly AttrTypes: Schema.optionalKey<typeof AttrTypes>
}> = Schema.Struct({
  AttrNames: StringMap,
  AttrTypes: Schema.optionalKey(AttrTypes),
})

/** set_attr_name response: the envelope only. */
export const SetAttrNameResponse: WithEnvelope<{}> = withEnvelope({})

/** get_attr_name request: always `{}` (the body must never be empty). */
export const GetAttrNameRequest: Schema.Struct<{}> = Schema.Struct({})

/** get_attr_name response: slot → name (and slot → type on Push Service pages). */
export const GetAttrNameResponse: WithEnvelope<{
  readonly AttrNames: Schema.optionalKey<typeof StringMap>
  readonly AttrTypes: Schema.optionalKey<typeof AttrTypes>
}> = withEnvelope({
  AttrNames: Schema.optionalKey(StringMap),
  AttrTypes: Schema.optionalKey(AttrTypes),
})

/** get_attr request: up to 100 accounts. */
export const GetAttrRequest: typeof ToAccounts = ToAccounts

/** One user's attributes, keyed by attribute NAME (not slot). */
export const UserAttrs: Schema.Struct<{ readonly To_Account: typeof Account; readonly Attrs: typeof StringMap }> = Schema.Struct({
  To_Account: Account,
  Attrs: StringMap,
})

/** get_attr response: `UserAttrs` (users without attributes have `Attrs: {}`) + `ErrorList`. */
export const GetAttrResponse: WithEnvelope<{ readonly UserAttrs: Schema.optionalKey<Schema.$Array<typeof UserAttrs>> } & ErrorListField> =
  withEnvelope({
  UserAttrs: Schema.optionalKey(Schema.Array(UserAttrs)),
  ...errorListField,
})

/** set_attr request: up to 100 users, each with name → value pairs. */
export const SetAttrRequest: Schema.Struct<{ readonly UserAttrs: Schema.$Array<typeof UserAttrs> }> = Schema.Struct({
  UserAttrs: Schema.Array(UserAttrs),
})

/** set_attr response: envelope + `ErrorList` (90035 when an attribute is bound to the other account type). */
export const SetAttrResponse: WithEnvelope<ErrorListField> = withEnvelope({ ...errorListField })

/** remove_attr request: attribute NAMES only (`Attrs` is a string array here, not a map). */
export const RemoveAttrRequest: Schema.Struct<{
  readonly UserAttrs: Schema.$Array<Schema.Struct<{ readonly To_Account: typeof Account; readonly Attrs: Schema.$Array<Schema.String> }>>
}> = Schema.Struct({
  UserAttrs: Schema.Array(Schema.Struct({ To_Account: Account, Attrs: Schema.Array(Schema.String) })),
})

/** remove_attr response: envelope + `ErrorList`. */
export const RemoveAttrResponse: WithEnvelope<ErrorListField> = withEnvelope({ ...errorListField })
