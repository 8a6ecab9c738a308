/**
 * The Promise facade, for code that does not use Effect: `createClient(options)` returns the
 * same methods as async functions. They reject with the same error classes (`ChatApiError`,
 * `ChatRequestError`, ...; check `instanceof` or `_tag`). Coalescing, rate limits, retries and
 * per-account ordering behave exactly as in the Effect API, because every call runs on one
 * `ManagedRuntime` holding one client. Call `dispose()` when done.
 *
 * @module
 */
import type * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { EndpointKey, ResponseOf, WireRequestOf } from "../api/mod.ts"
import type { ClientOptions } from "./config.ts"
import { resolveConfigUnsafe } from "./config.ts"
import type { TencentChatClient } from "./make.ts"
import { adminSignerUnsafe } from "./make.ts"
import { TencentChat } from "./service.ts"

type Promisified<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => Effect.Effect<infer R, infer _E, infer _Ctx> ? (...args: A) => Promise<R>
    : never
}

/**
 * The Promise client: every `TencentChatClient` method as an async function, plus `dispose`.
 * Methods reject with the same error classes as the Effect API.
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 * import type { PromiseClient } from "tencent-chat-push/client"
 *
 * const chat: PromiseClient = createClient({ sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "tokyo" })
 * const { results } = await chat.checkAccounts(["alice", "bob"])
 * ```
 */
export interface PromiseClient extends Omit<Promisified<TencentChatClient>, "call"> {
  /** Escape hatch: one wire body to any catalogue command (see `TencentChatClient.call`). */
  readonly call: <K extends EndpointKey>(key: K, wireBody: WireRequestOf<K>) => Promise<ResponseOf<K>>
  /** Releases the client's runtime. Calls after `dispose` reject. */
  readonly dispose: () => Promise<void>
}

const methodNames = [
  "setAttrNames",
  "getAttrNames",
  "getUserAttrs",
  "setUserAttrs",
  "removeUserAttrs",
  "getUserTags",
  "addUserTags",
  "removeUserTags",
  "clearUserTags",
  "push",
  "revokePush",
  "pushToUsers",
  "importAccounts",
  "deleteAccounts",
  "checkAccounts",
  "call",
] as const satisfies ReadonlyArray<keyof TencentChatClient>

/**
 * Creates a Promise-based client. Throws `ChatConfigError` at once when the options are
 * unusable (missing region/baseUrl, bad number, a secret key or admin id the UserSig module
 * rejects). Methods reject with `ChatRequestError`,
 * `ChatApiError`, `ChatTransportError`, `ChatDecodeError`, `ChatRateLimitError` and, for
 * pushes, `ChatPushOutcomeUnknown`.
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 *
 * const chat = createClient({ sdkAppId: 1400000000, secretKey: process.env.TENCENT_CHAT_SECRET_KEY!, adminId: "administrator", region: "singapore" })
 * const r = await chat.setUserAttrs([{ userId: "alice", attrs: { city: "Shenzhen" } }])
 * console.log(r.successCount, r.failureCount)
 * await chat.dispose()
 * ```
 */
export const createClient = (options: ClientOptions): PromiseClient => {
  adminSignerUnsafe(resolveConfigUnsafe(options))
  const runtime = ManagedRuntime.make(TencentChat.layer(options))
  const client: Record<string, unknown> = {
    dispose: () => runtime.dispose(),
  }
  for (const name of methodNames) {
    client[name] = (...args: Array<unknown>) =>
      runtime.runPromise(
        TencentChat.use((c) => (c[name] as (...a: Array<unknown>) => Effect.Effect<unknown, unknown>)(...args)),
      )
  }
  return client as unknown as PromiseClient
}
