/**
 * Push callbacks for Tencent Cloud Chat, in plain TypeScript with no Effect: verify, parse and
 * answer the `Push.AllMemberPush` and `Push.OfflinePush` callbacks Tencent sends to your backend
 * (sent / delivered / clicked, per recipient), and sign ones you send. Runs on Node, Deno, Bun
 * and Cloudflare Workers (no `nodejs_compat` needed); depends only on `@noble/hashes`.
 *
 * - {@link createCallbackHandler} is a fetch-style receiver: `export default { fetch }` on a
 *   Worker, `Deno.serve`, `Bun.serve`. It checks the app id, the token signature (constant time)
 *   and a ±300 s freshness window, bounds the body, refuses replays, answers at once and hands
 *   the typed events on.
 * - {@link verifyCallbackQuery}, {@link parseCallbackBody} and {@link callbackSuccess} /
 *   {@link callbackFailure} are the same steps for any other server.
 * - {@link signCallbackQuery} and {@link buildCallbackRequest} are the sending side.
 * - Every failure is a {@link CallbackError} with a stable `code` and its HTTP `status`. Neither
 *   the token nor a `Sign` ever appears in an error.
 *
 * @example
 * ```ts
 * import { createCallbackHandler } from "tencent-chat-push/callbacks"
 *
 * const handler = createCallbackHandler({
 *   sdkAppId: 1400000000,
 *   token: "from-the-console",
 *   onEvents: (events) => {
 *     for (const e of events) console.log(e.command, e.userId, e.stage, e.platform)
 *   },
 * })
 * // Deno.serve(handler)   Bun.serve({ fetch: handler })   export default { fetch: handler }
 * ```
 *
 * @module
 */
export { buildCallbackRequest, type BuildCallbackRequestOptions, type SignedCallbackRequest } from "./build.ts"
export { createMemoryDedupe, type DeliveryDedupe, type MemoryDedupeOptions } from "./dedupe.ts"
export { CallbackError, type CallbackErrorCode } from "./errors.ts"
export { type CallbackHandler, type CallbackHandlerOptions, createCallbackHandler } from "./handler.ts"
export { type ParsedCallback, parseCallbackBody, type PushCallback, type UnknownCallback } from "./parse.ts"
export { type CallbackQuery, verifyCallbackQuery, type VerifyCallbackOptions } from "./query.ts"
export { callbackFailure, callbackResponse, type CallbackReplyResult, callbackSuccess, readCallbackReply } from "./reply.ts"
export { signCallbackQuery } from "./sign.ts"
export { pushPlatformName, pushStageName } from "./wire-map.ts"
export type {
  AllMemberPushEvent,
  AllMemberPushEventInit,
  OfflinePushEvent,
  OfflinePushEventInit,
  PushCallbackEvent,
  PushCallbackEventInit,
  PushPlatform,
  PushStage,
} from "./types.ts"
export type {
  AllMemberPushWireEvent,
  CallbackReply,
  OfflinePushWireEvent,
  PushCallbackCommand,
  PushCallbackWireBody,
} from "./wire.ts"
