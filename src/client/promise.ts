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
import type { DryRun, DryRunOption, NotDryRun } from "./dry-run.ts"
import type {
  CancelScheduledPushOptions,
  ReschedulePushInput,
  ScheduledPushRef,
  SchedulePushInput,
} from "./sched-types.ts"
import type { PushInput, PushResult, PushToUsersInput, PushToUsersResult, RevokeOptions } from "./types.ts"
import { optionsFromEnv } from "./env.ts"
import { TencentChat } from "./service.ts"

/**
 * `T`'s Effect-returning methods as Promise-returning functions with the same arguments.
 *
 * @example
 * ```ts
 * import type { Promisified, TencentChatClient } from "tencent-chat-push/client"
 *
 * type GetTags = Promisified<TencentChatClient>["getUserTags"] // (userIds) => Promise<BatchResult<...>>
 * ```
 */
export type Promisified<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => Effect.Effect<infer R, infer _E, infer _Ctx> ? (...args: A) => Promise<R>
    : never
}

/**
 * The Promise client: every `TencentChatClient` method as an async function, plus `dispose`.
 * Methods reject with the same error classes as the Effect API. The methods whose result type
 * depends on `dryRun` are written out, because a mapped type keeps only a function's last overload.
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
export interface PromiseClient
  extends Omit<Promisified<TencentChatClient>, "call" | "push" | "revokePush" | "pushToUsers" | "schedulePush" | "reschedulePush" | "cancelScheduledPush">
{
  /** Escape hatch: one wire body to any catalogue command (see `TencentChatClient.call`). */
  readonly call: <K extends EndpointKey>(key: K, wireBody: WireRequestOf<K>) => Promise<ResponseOf<K>>
  /** See `TencentChatClient.push`; `dryRun: true` resolves to the wire request. */
  readonly push: {
    (input: PushInput & DryRunOption): Promise<DryRun<"push">>
    (input: PushInput & NotDryRun): Promise<PushResult>
  }
  /** See `TencentChatClient.revokePush`; `dryRun: true` resolves to the request. */
  readonly revokePush: {
    (taskId: string, options: RevokeOptions & DryRunOption): Promise<DryRun<"revoke">>
    (taskId: string, options?: RevokeOptions & NotDryRun): Promise<void>
  }
  /** See `TencentChatClient.pushToUsers`; `dryRun: true` resolves to the `batch` requests. */
  readonly pushToUsers: {
    (input: PushToUsersInput & DryRunOption): Promise<DryRun<"batch">>
    (input: PushToUsersInput & NotDryRun): Promise<PushToUsersResult>
  }
  /** See `TencentChatClient.schedulePush`; `dryRun: true` resolves to the request. */
  readonly schedulePush: {
    (input: SchedulePushInput & DryRunOption): Promise<DryRun<"add_sched_task">>
    (input: SchedulePushInput & NotDryRun): Promise<ScheduledPushRef>
  }
  /** See `TencentChatClient.reschedulePush`; `dryRun: true` resolves to the request. */
  readonly reschedulePush: {
    (taskId: number, input: ReschedulePushInput & DryRunOption): Promise<DryRun<"modify_sched_task">>
    (taskId: number, input: ReschedulePushInput & NotDryRun): Promise<void>
  }
  /** See `TencentChatClient.cancelScheduledPush`; `dryRun: true` resolves to the request. */
  readonly cancelScheduledPush: {
    (taskId: number, options: CancelScheduledPushOptions & DryRunOption): Promise<DryRun<"delete_sched_task">>
    (taskId: number, options?: CancelScheduledPushOptions & NotDryRun): Promise<void>
  }
  /** Releases the client's runtime. Calls after `dispose` reject. */
  readonly dispose: () => Promise<void>
}

/**
 * Every method of `TencentChatClient`, as a record the compiler checks both ways: a method added
 * to the interface and missing here, or a name here that is not a method, does not compile. The
 * facade is built from these keys, so it cannot lack a method of the Effect client
 * (test/unit/client/promise.test.ts also checks it against a built client at run time).
 */
const methods: { readonly [K in keyof TencentChatClient]-?: true } = {
  setAttrNames: true,
  getAttrNames: true,
  getUserAttrs: true,
  setUserAttrs: true,
  removeUserAttrs: true,
  getUserTags: true,
  addUserTags: true,
  removeUserTags: true,
  clearUserTags: true,
  push: true,
  revokePush: true,
  pushToUsers: true,
  schedulePush: true,
  reschedulePush: true,
  cancelScheduledPush: true,
  getScheduledPush: true,
  listScheduledPushes: true,
  getPushStatistics: true,
  getPushLoss: true,
  getPushTrace: true,
  getMessagePushStatistics: true,
  getMessagePushLoss: true,
  getMessagePushTrace: true,
  importAccounts: true,
  deleteAccounts: true,
  checkAccounts: true,
  call: true,
}
const methodNames = Object.keys(methods) as ReadonlyArray<keyof TencentChatClient>

/**
 * Creates a Promise-based client. Without `options` it reads them from `TENCENT_CHAT_SDKAPPID`,
 * `TENCENT_CHAT_SECRET_KEY`, `TENCENT_CHAT_ADMIN` and `TENCENT_CHAT_REGION` or
 * `TENCENT_CHAT_BASE_URL` (see `optionsFromEnv`, which a Worker calls with its `env`). Throws
 * `ChatConfigError` at once when the options are unusable (missing region/baseUrl, bad number,
 * a secret key or admin id the UserSig module rejects; from the environment, `field` names the
 * variable). Methods reject with `ChatRequestError`, `ChatApiError`, `ChatTransportError`,
 * `ChatDecodeError`, `ChatRateLimitError` and, for pushes, `ChatPushOutcomeUnknown`.
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 *
 * const chat = createClient() // TENCENT_CHAT_* from the environment
 * const r = await chat.setUserAttrs([{ userId: "alice", attrs: { city: "Shenzhen" } }])
 * console.log(r.successCount, r.failureCount)
 * await chat.dispose()
 * ```
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 *
 * const chat = createClient({ sdkAppId: 1400000000, secretKey: "key from your secret store", adminId: "administrator", region: "singapore" })
 * ```
 */
export const createClient = (given?: ClientOptions): PromiseClient => {
  const options = given ?? optionsFromEnv()
  if (given !== undefined) adminSignerUnsafe(resolveConfigUnsafe(options))
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
