/**
 * The endpoint catalogue of Tencent Cloud Chat's push and account REST APIs: paths for both URL
 * families, wire schemas (effect/Schema, Tencent's exact field names), documented limits and
 * rates, request rules with the ErrorCode the service answers, the error-code table, and the
 * regional domains. No HTTP here: the client and the emulator both build on this module, so
 * they cannot drift apart.
 *
 * @example
 * ```ts
 * import { endpoints, pathOf, checkRequest, describeErrorCode } from "tencent-chat-push/api"
 * pathOf("clear_all_tags", "all_member_push") // "v4/all_member_push/im_remove_all_tags"
 * checkRequest("add_tag", { UserTags: [{ To_Account: "a", Tags: [""] }] }, "timpush")?.code // 90040
 * describeErrorCode(91000).retryable // true
 * ```
 *
 * @module
 */
export * from "./row.ts"
export * from "./endpoints.ts"
export * from "./types.ts"
export * from "./paths.ts"
export * from "./envelope.ts"
export * from "./rules.ts"
export * from "./nulls.ts"
export * from "./limits.ts"
export * from "./bytes.ts"
export * from "./user-id.ts"
export * from "./error-codes.ts"
export * from "./regions.ts"
export * from "./schemas/common.ts"
export * from "./schemas/attrs.ts"
export * from "./schemas/tags.ts"
export * from "./schemas/message.ts"
export * from "./schemas/push.ts"
export * from "./schemas/accounts.ts"
export * from "./schemas/sched.ts"
export * from "./schemas/stats.ts"
export * from "./sched-time.ts"
