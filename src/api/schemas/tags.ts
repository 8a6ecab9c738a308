/**
 * Wire schemas for user tags: get_tag, add_tag, remove_tag, clear_all_tags (legacy
 * `im_remove_all_tags`).
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { ErrorListField, WithEnvelope } from "../envelope.ts"
import { errorListField, withEnvelope } from "../envelope.ts"
import { Account, ToAccounts } from "./common.ts"

/** One user's tags. */
export const UserTags: Schema.Struct<{ readonly To_Account: typeof Account; readonly Tags: Schema.$Array<Schema.String> }> = Schema.Struct({
  To_Account: Account,
  Tags: Schema.Array(Schema.String),
})

/** get_tag request: up to 100 accounts. */
export const GetTagRequest: typeof ToAccounts = ToAccounts

/** get_tag response: `UserTags` + `ErrorList` (70107 for unknown accounts). */
export const GetTagResponse: WithEnvelope<{ readonly UserTags: Schema.optionalKey<Schema.$Array<typeof UserTags>> } & ErrorListField> =
  withEnvelope({
  UserTags: Schema.optionalKey(Schema.Array(UserTags)),
  ...errorListField,
})

/**
 * add_tag request. `Replace` (timpush only): 0 (default) adds to the user's tags, 1 overwrites
 * them; with 1 a user may carry up to 100 tags in one request instead of 10.
 */
export const AddTagRequest: Schema.Struct<{
  readonly Replace: Schema.optionalKey<Schema.Number>
  readonly UserTags: Schema.$Array<typeof UserTags>
}> = Schema.Struct({
  Replace: Schema.optionalKey(Schema.Number),
  UserTags: Schema.Array(UserTags),
})

/** add_tag response: envelope + `ErrorList` (90035 when a tag is bound to the other account type). */
export const AddTagResponse: WithEnvelope<ErrorListField> = withEnvelope({ ...errorListField })

/** remove_tag request: the tags to remove, per user. */
export const RemoveTagRequest: Schema.Struct<{ readonly UserTags: Schema.$Array<typeof UserTags> }> = Schema.Struct({
  UserTags: Schema.Array(UserTags),
})

/** remove_tag response: envelope + `ErrorList`. */
export const RemoveTagResponse: WithEnvelope<ErrorListField> = withEnvelope({ ...errorListField })

/**
 * clear_all_tags request (legacy `im_remove_all_tags`). One old intl page types `To_Account` as a
 * String; the samples and every other page use an array, which is what we accept.
 */
export const ClearAllTagsRequest: typeof ToAccounts = ToAccounts

/** clear_all_tags response: envelope + `ErrorList`. */
export const ClearAllTagsResponse: WithEnvelope<ErrorListField> = withEnvelope({ ...errorListField })
