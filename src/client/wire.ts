/**
 * **Advanced and unstable.** The wire layer under the client's methods: how each bulk method's
 * items become Tencent's request bodies and how per-account outcomes are read back, the one
 * way a push to listed users is cut into `batch` requests, and the catalogue's request checks.
 *
 * It is for tools that form whole requests themselves and send them with `client.call`
 * (validated, signed, rate-limited and retried like every call), such as the
 * `@tencent-chat-push/cli` resumable imports, which keep their own checkpoint of acknowledged
 * rows. Everything is typed by catalogue key, so a spec's body is exactly what `call` accepts
 * for that key and its outcomes read exactly what `call` returns: no cast is needed.
 *
 * Not covered by semantic versioning: names and shapes may change in a minor release, in step
 * with the CLI of the same version. Prefer the client's methods (`tencent-chat-push/client`).
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 * import { bulkSpecs, checkRequest } from "tencent-chat-push/wire"
 *
 * const chat = createClient({ sdkAppId: 1400000000, secretKey: "key", adminId: "administrator", region: "singapore" })
 * const spec = bulkSpecs.addUserTags
 * const items = [{ userId: "alice", tags: ["vip"] }, { userId: "bob", tags: ["vip"] }]
 * const body = spec.body(items, undefined)
 * const problem = checkRequest(spec.key, body)          // undefined: the request is valid
 * if (problem === undefined) {
 *   const response = await chat.call(spec.key, body)    // typed: ResponseOf<"add_tag">
 *   for (const [i, outcome] of spec.outcomes(response, items).entries()) {
 *     if (!outcome.ok) console.log(items[i]!.userId, outcome.error.code, outcome.error.info)
 *   }
 * }
 * await chat.dispose()
 * ```
 *
 * @module
 */
import type { AccountInput, AccountStatusResult, RemoveUserAttrsInput, UserAttrsInput, UserTagsInput } from "./types.ts"
import type { AddTagsOptions, BulkSpec } from "./wire-map.ts"
import {
  addTagSpec,
  checkSpec,
  clearTagsSpec,
  deleteSpec,
  getAttrSpec,
  getTagSpec,
  importSpec,
  removeAttrSpec,
  removeTagSpec,
  setAttrSpec,
} from "./wire-map.ts"

export type { BatchRequest, BulkSpec, Outcome } from "./wire-map.ts"
export { batchRequests, pushBody } from "./wire-map.ts"
export { checkRequest, endpointKeys, endpoints, isRegion, limits, pathOf, regionNames, regions, utf8Length } from "../api/mod.ts"
export type { EndpointKey, Family, MsgElement, OfflinePushInfo, Region, ResponseOf, Violation, WireRequestOf } from "../api/mod.ts"

/**
 * The spec behind each bulk method of the client, by method name: catalogue key, account of an
 * item, wire body of a list of items (with the method's options), outcomes of a response.
 *
 * @example
 * ```ts
 * import { bulkSpecs } from "tencent-chat-push/wire"
 *
 * const body = bulkSpecs.importAccounts.body([{ userId: "alice", nick: "Alice" }], undefined)
 * // { AccountList: [{ UserID: "alice", Nick: "Alice" }] }, for call("multiaccount_import", body)
 * ```
 */
export interface BulkSpecs {
  /** Behind `importAccounts`. */
  readonly importAccounts: BulkSpec<"multiaccount_import", AccountInput, {}, void>
  /** Behind `deleteAccounts`. */
  readonly deleteAccounts: BulkSpec<"account_delete", string, {}, void>
  /** Behind `checkAccounts`. */
  readonly checkAccounts: BulkSpec<"account_check", string, AccountStatusResult, void>
  /** Behind `getUserAttrs`. */
  readonly getUserAttrs: BulkSpec<"get_attr", string, { readonly attrs: { readonly [name: string]: string } }, void>
  /** Behind `setUserAttrs`. */
  readonly setUserAttrs: BulkSpec<"set_attr", UserAttrsInput, {}, void>
  /** Behind `removeUserAttrs`. */
  readonly removeUserAttrs: BulkSpec<"remove_attr", RemoveUserAttrsInput, {}, void>
  /** Behind `getUserTags`. */
  readonly getUserTags: BulkSpec<"get_tag", string, { readonly tags: ReadonlyArray<string> }, void>
  /** Behind `addUserTags`. */
  readonly addUserTags: BulkSpec<"add_tag", UserTagsInput, {}, AddTagsOptions | undefined>
  /** Behind `removeUserTags`. */
  readonly removeUserTags: BulkSpec<"remove_tag", UserTagsInput, {}, void>
  /** Behind `clearUserTags`. */
  readonly clearUserTags: BulkSpec<"clear_all_tags", string, {}, void>
}

/**
 * The bulk specs the client's methods use (the same objects, so a tool and the client never
 * disagree on a body).
 *
 * @example
 * ```ts
 * import { bulkSpecs } from "tencent-chat-push/wire"
 *
 * const replace = bulkSpecs.addUserTags.body([{ userId: "alice", tags: ["vip"] }], { replace: true })
 * // { Replace: 1, UserTags: [{ To_Account: "alice", Tags: ["vip"] }] }
 * ```
 */
export const bulkSpecs: BulkSpecs = {
  importAccounts: importSpec,
  deleteAccounts: deleteSpec,
  checkAccounts: checkSpec,
  getUserAttrs: getAttrSpec,
  setUserAttrs: setAttrSpec,
  removeUserAttrs: removeAttrSpec,
  getUserTags: getTagSpec,
  addUserTags: addTagSpec,
  removeUserTags: removeTagSpec,
  clearUserTags: clearTagsSpec,
}
