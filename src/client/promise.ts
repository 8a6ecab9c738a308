/**
 * The Promise facade, for code that does not use Effect: `createClient(options)` returns the
 * same methods as async functions. They reject with the same error classes (`ChatApiError`,
 * `ChatRequestError`, ...; check `instanceof` or `_tag`). Coalescing, rate limits, retries and
 * per-account ordering behave exactly as in the Effect API, because every call runs on one
 * `ManagedRuntime` holding one client. Call `dispose()` when done.
 *
 * @module
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
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
  // Calls run on the built context directly, tracked here so `dispose` still interrupts them:
  // `runtime.runPromise` registers every fiber in a scope and resolves through two promises,
  // which measured about 3 µs of a 10 µs call (bench/client-overhead.ts).
  type Fast = {
    readonly client: TencentChatClient
    readonly fork: (effect: Effect.Effect<unknown, unknown>) => Fiber.Fiber<unknown, unknown>
  }
  const fastOf = (context: Context.Context<TencentChat>): Fast => ({
    client: Context.get(context, TencentChat),
    fork: Effect.runForkWith(context),
  })
  let fast: Fast | undefined
  let disposed = false
  const running = new Set<Fiber.Fiber<unknown, unknown>>()
  // The default layers build synchronously, so the client is built here, before any call: on
  // Workers it is then built at module scope, not inside the first request with every other
  // concurrent request waiting for that one. A store whose layer is asynchronous (it connects
  // first) is built on the side; calls made meanwhile wait for the build's promise, created
  // here, and then run in their own context.
  const built = runtime.runSyncExit(Effect.context<TencentChat>())
  let ready: Promise<Fast> | undefined
  if (Exit.isSuccess(built)) {
    fast = fastOf(built.value)
  } else {
    ready = runtime.context().then(fastOf)
    ready.then(
      (f) => {
        if (!disposed) fast = f
      },
      () => {}, // a failed build is reported by the calls that wait for it
    )
  }
  const run = (effect: Effect.Effect<unknown, unknown>, f: Fast) =>
    new Promise<unknown>((resolve, reject) => {
      const fiber = f.fork(effect)
      running.add(fiber)
      fiber.addObserver((exit) => {
        running.delete(fiber)
        if (Exit.isSuccess(exit)) resolve(exit.value)
        else reject(Cause.squash(exit.cause))
      })
    })
  const client: Record<string, unknown> = {
    dispose: async () => {
      disposed = true
      fast = undefined
      await Effect.runPromise(Fiber.interruptAll(running))
      await runtime.dispose()
    },
  }
  for (const name of methodNames) {
    const effectOf = (f: Fast, args: Array<unknown>) => (f.client[name] as (...a: Array<unknown>) => Effect.Effect<unknown, unknown>)(...args)
    client[name] = (...args: Array<unknown>) => {
      const f = fast
      if (f !== undefined) return run(effectOf(f, args), f)
      if (disposed || ready === undefined) return Promise.reject(new Error("the client was disposed"))
      return ready.then((g) => (disposed ? Promise.reject(new Error("the client was disposed")) : run(effectOf(g, args), g)))
    }
  }
  return client as unknown as PromiseClient
}
