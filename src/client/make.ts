/**
 * Assembles one client from its options: config → admin UserSig cache → rate gate → transport
 * (`send`) → account lanes and coalescer → the methods. The methods (`TencentChatClient`) are the
 * API; everything under `internal/` is the machinery of one request (internal/README.md has the
 * call path).
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Redacted from "effect/Redacted"
import type { Endpoint, EndpointKey, ResponseOf, WireRequestOf } from "../api/mod.ts"
import { endpoints } from "../api/mod.ts"
import { createSigner, UserSigError } from "../usersig/mod.ts"
import { makeAccountLanes } from "./account-lanes.ts"
import { runBulk } from "./bulk.ts"
import { makeCoalescer } from "./coalesce.ts"
import type { ClientOptions, ResolvedConfig } from "./config.ts"
import { resolveConfig } from "./config.ts"
import type { DryRun, DryRunOption, MaybeDryRun, NotDryRun } from "./dry-run.ts"
import type { ChatCallError, ChatError } from "./errors.ts"
import { ChatConfigError, ChatRequestError } from "./errors.ts"
import { makeOnce } from "./idempotency.ts"
import * as Push from "./push.ts"
import * as Sched from "./sched.ts"
import type {
  CancelScheduledPushOptions,
  ListScheduledPushesInput,
  ReschedulePushInput,
  ScheduledPush,
  ScheduledPushPage,
  ScheduledPushRef,
  SchedulePushInput,
} from "./sched-types.ts"
import * as Stats from "./stats.ts"
import type { MessagePushStatistics, PushLoss, PushStatistics, PushStatsQuery, PushTrace, StatsRange } from "./stats-types.ts"
import { makeRateGate } from "./rate-limits.ts"
import { makeSignerCache } from "./internal/signer-cache.ts"
import { fetchPost } from "./internal/fetch-post.ts"
import { httpClientPost } from "./internal/http-client-post.ts"
import type { Permits } from "./internal/permits.ts"
import { makePermits } from "./internal/permits.ts"
import type { Transport } from "./internal/transport.ts"
import { makeSend } from "./internal/send.ts"
import { ChatStore } from "./store/store.ts"
import type {
  AccountInput,
  AccountStatusResult,
  AttrNames,
  AttrSlot,
  AttrType,
  BatchResult,
  PushInput,
  PushResult,
  PushToUsersInput,
  PushToUsersResult,
  RemoveUserAttrsInput,
  RevokeOptions,
  UserAttrsInput,
  UserTagsInput,
} from "./types.ts"
import { guarded, plainArgs } from "./snapshot.ts"
import { checkBody } from "./validate.ts"
import type { AddTagsOptions } from "./wire-map.ts"
import * as Wire from "./wire-map.ts"

/**
 * Options of `setAttrNames`.
 *
 * @example
 * ```ts
 * import type { SetAttrNamesOptions } from "tencent-chat-push/client"
 *
 * const options: SetAttrNamesOptions = { types: { "0": 0, "1": 1 } } // slot 1 holds RegistrationID attributes
 * ```
 */
export interface SetAttrNamesOptions {
  /** Account type per slot (0 = UserID, 1 = RegistrationID; Push Service; cannot change later). */
  readonly types?: { readonly [S in AttrSlot]?: AttrType } | undefined
}

/**
 * Every method of the client, as Effects (the `TencentChat` service). The Promise facade mirrors
 * these names. Every method fails with `ChatRequestError` before sending when a documented limit
 * is broken, and may fail with `ChatApiError`, `ChatTransportError`, `ChatDecodeError` or
 * `ChatRateLimitError`; only `push`, `pushToUsers`, `schedulePush` and `call` can fail with
 * `ChatPushOutcomeUnknown`. Called with `dryRun: true`, the push and schedule methods fail only
 * with `ChatRequestError`. Bulk methods report per-account failures in their result.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import { TencentChat } from "tencent-chat-push/client"
 *
 * const onLogin = (userId: string, plan: string) =>
 *   TencentChat.use((chat) => chat.addUserTags([{ userId, tags: [`plan:${plan}`] }]))
 * ```
 */
export interface TencentChatClient {
  /** Names the app's attribute slots `"0"`..`"9"` (set_attr_name). */
  readonly setAttrNames: (
    names: { readonly [S in AttrSlot]?: string },
    options?: SetAttrNamesOptions,
  ) => Effect.Effect<void, ChatCallError>
  /** The app's attribute names by slot (get_attr_name). */
  readonly getAttrNames: () => Effect.Effect<AttrNames, ChatCallError>
  /** Users' attributes, name → value (get_attr, 100 per request). */
  readonly getUserAttrs: (userIds: ReadonlyArray<string>) => Effect.Effect<BatchResult<{ readonly attrs: { readonly [name: string]: string } }>, ChatCallError>
  /** Sets users' attributes by attribute name (set_attr, 100 per request). */
  readonly setUserAttrs: (items: ReadonlyArray<UserAttrsInput>) => Effect.Effect<BatchResult, ChatCallError>
  /** Removes attributes, by name, from users (remove_attr, 100 per request). */
  readonly removeUserAttrs: (items: ReadonlyArray<RemoveUserAttrsInput>) => Effect.Effect<BatchResult, ChatCallError>
  /** Users' tags (get_tag, 100 per request). */
  readonly getUserTags: (userIds: ReadonlyArray<string>) => Effect.Effect<BatchResult<{ readonly tags: ReadonlyArray<string> }>, ChatCallError>
  /** Adds tags to users; `replace: true` overwrites each user's tags (add_tag; replace is timpush only). */
  readonly addUserTags: (items: ReadonlyArray<UserTagsInput>, options?: AddTagsOptions) => Effect.Effect<BatchResult, ChatCallError>
  /** Removes tags from users (remove_tag). */
  readonly removeUserTags: (items: ReadonlyArray<UserTagsInput>) => Effect.Effect<BatchResult, ChatCallError>
  /** Removes all tags of users (clear_all_tags; im_remove_all_tags on the legacy family). */
  readonly clearUserTags: (userIds: ReadonlyArray<string>) => Effect.Effect<BatchResult, ChatCallError>
  /**
   * Pushes to everyone, or by tag / attribute condition (push / im_push). Never retried
   * automatically; an unknown outcome fails with `ChatPushOutcomeUnknown` carrying the
   * `MsgRandom`; the local daily quota fails fast with `ChatRateLimitError`. With
   * `dryRun: true`, every local check runs and the wire request comes back (`DryRun<"push">`);
   * nothing is sent and no rate-limit slot or quota is used; it fails only with `ChatRequestError`.
   */
  readonly push: {
    (input: PushInput & DryRunOption): Effect.Effect<DryRun<"push">, ChatRequestError>
    (input: PushInput & NotDryRun): Effect.Effect<PushResult, ChatError>
  }
  /**
   * Recalls / terminates a push task (revoke, timpush only, 1 per second). `dryRun: true`
   * returns the request.
   */
  readonly revokePush: {
    (taskId: string, options: RevokeOptions & DryRunOption): Effect.Effect<DryRun<"revoke">, ChatRequestError>
    (taskId: string, options?: RevokeOptions & NotDryRun): Effect.Effect<void, ChatCallError>
  }
  /**
   * Pushes to explicit users (batch, timpush only, 500 per request). Never retried
   * automatically; an unknown outcome fails with `ChatPushOutcomeUnknown` (or, when other
   * requests of the call were answered, is reported per user). With `dryRun: true`, the
   * `batch` requests come back instead (`DryRun<"batch">`, one per 500 users); nothing is sent.
   */
  readonly pushToUsers: {
    (input: PushToUsersInput & DryRunOption): Effect.Effect<DryRun<"batch">, ChatRequestError>
    (input: PushToUsersInput & NotDryRun): Effect.Effect<PushToUsersResult, ChatError>
  }
  /**
   * Schedules a push for a UTC time (add_sched_task, timpush only): to everyone, by `condition`
   * (`Tag`) or to 1–500 `userIds` (`User`). Not retried automatically (a repeat schedules twice);
   * an unknown outcome fails with `ChatPushOutcomeUnknown`. `dryRun: true` returns the request.
   */
  readonly schedulePush: {
    (input: SchedulePushInput & DryRunOption): Effect.Effect<DryRun<"add_sched_task">, ChatRequestError>
    (input: SchedulePushInput & NotDryRun): Effect.Effect<ScheduledPushRef, ChatError>
  }
  /**
   * Changes a pending scheduled push's time and/or content (modify_sched_task). 90106 / 90107
   * (`ChatApiError`, reason `conflict`) when it is dispatched or dispatching. Without `type` or
   * `content`, reads the task's type first. `dryRun: true` returns the request.
   */
  readonly reschedulePush: {
    (taskId: number, input: ReschedulePushInput & DryRunOption): Effect.Effect<DryRun<"modify_sched_task">, ChatRequestError>
    (taskId: number, input: ReschedulePushInput & NotDryRun): Effect.Effect<void, ChatCallError>
  }
  /**
   * Deletes a pending scheduled push (delete_sched_task); 90106 / 90107 as `reschedulePush`.
   * Without `type`, reads the task's type first. `dryRun: true` returns the request.
   */
  readonly cancelScheduledPush: {
    (taskId: number, options: CancelScheduledPushOptions & DryRunOption): Effect.Effect<DryRun<"delete_sched_task">, ChatRequestError>
    (taskId: number, options?: CancelScheduledPushOptions & NotDryRun): Effect.Effect<void, ChatCallError>
  }
  /** One scheduled push (get_sched_task); an unknown id fails with `ChatApiError` 90104. */
  readonly getScheduledPush: (taskId: number) => Effect.Effect<ScheduledPush, ChatCallError>
  /** One page of scheduled pushes (list_sched_task; default: the 20 newest created). */
  readonly listScheduledPushes: (query?: ListScheduledPushesInput) => Effect.Effect<ScheduledPushPage, ChatCallError>
  /**
   * Counts (recipients, sent, delivered, clicked, per platform) of up to 5 push tasks, or of all
   * together without `taskIds` (all_member_push_statistics; range at most 30 days, default the last 30).
   */
  readonly getPushStatistics: (query?: PushStatsQuery) => Effect.Effect<ReadonlyArray<PushStatistics>, ChatCallError>
  /** Where recipients of push tasks were lost, by code (all_member_push_loss; range at most 7 days, default the last 7). */
  readonly getPushLoss: (query?: PushStatsQuery) => Effect.Effect<ReadonlyArray<PushLoss>, ChatCallError>
  /** One recipient's per-device trace through a push task (all_member_push_trace; kept 7 days). */
  readonly getPushTrace: (taskId: string, userId: string) => Effect.Effect<ReadonlyArray<PushTrace>, ChatCallError>
  /** Counts of ordinary message pushes (normal_push_statistics; range at most 30 days, default the last 30). */
  readonly getMessagePushStatistics: (range?: StatsRange) => Effect.Effect<MessagePushStatistics, ChatCallError>
  /** Losses of ordinary message pushes (normal_push_loss; range at most 7 days, default the last 7). */
  readonly getMessagePushLoss: (range?: StatsRange) => Effect.Effect<PushLoss, ChatCallError>
  /** The per-device trace of one message push by its `PushID` (normal_push_trace; kept 7 days). */
  readonly getMessagePushTrace: (pushId: string) => Effect.Effect<ReadonlyArray<PushTrace>, ChatCallError>
  /** Imports (creates or updates) accounts (multiaccount_import with AccountList, 100 per request). */
  readonly importAccounts: (accounts: ReadonlyArray<AccountInput>) => Effect.Effect<BatchResult, ChatCallError>
  /** Deletes accounts (account_delete, 100 per request). */
  readonly deleteAccounts: (userIds: ReadonlyArray<string>) => Effect.Effect<BatchResult, ChatCallError>
  /** Whether accounts exist, `Imported` / `NotImported` (account_check, 100 per request). */
  readonly checkAccounts: (userIds: ReadonlyArray<string>) => Effect.Effect<BatchResult<AccountStatusResult>, ChatCallError>
  /**
   * Escape hatch: sends one wire body to any catalogue command as is (validated, rate-limited,
   * signed, retried when retry-safe; not chunked, coalesced or ordered per account). The
   * response is the decoded wire response (`ErrorList` included); `ErrorCode` ≠ 0 fails with
   * `ChatApiError`.
   */
  readonly call: <K extends EndpointKey>(key: K, wireBody: WireRequestOf<K>) => Effect.Effect<ResponseOf<K>, ChatError>
}

/**
 * The admin signer for `config`, checked by minting once: a secret key or admin id the UserSig
 * module rejects throws `ChatConfigError` here, at construction, not on the first call.
 */
export const adminSignerUnsafe = (config: ResolvedConfig): ReturnType<typeof createSigner> => {
  const attempt = <A>(field: string, f: () => A): A => {
    try {
      return f()
    } catch (e) {
      throw new ChatConfigError({ field, detail: e instanceof UserSigError ? `${e.code}: ${e.message}` : String(e) })
    }
  }
  const signer = attempt("secretKey", () => createSigner({ sdkAppId: config.sdkAppId, secretKey: Redacted.value(config.secretKey) }))
  attempt("adminId", () => signer.genUserSig({ userId: config.adminId, now: 0, expireSeconds: 1 }))
  return signer
}

/**
 * (Internal.) Builds a client on a given transport and the ambient `ChatStore`. `make` and the
 * layers choose the transport: a direct `fetch` (the default) or an injected `HttpClient`.
 */
export const makeWithTransport = (
  config: ResolvedConfig,
  transportOf: (permits: Permits) => Transport,
): Effect.Effect<TencentChatClient, ChatConfigError, ChatStore> =>
  Effect.gen(function*() {
    const store = yield* ChatStore
    const signer = yield* Effect.try({
      try: () => adminSignerUnsafe(config),
      catch: (e) => (e instanceof ChatConfigError ? e : new ChatConfigError({ field: "secretKey", detail: String(e) })),
    })
    const signerCache = yield* makeSignerCache({
      mint: (now, lifetime) => Effect.sync(() => signer.genUserSig({ userId: config.adminId, now, expireSeconds: lifetime })),
      lifetimeSeconds: config.userSigLifetimeSeconds,
    })
    // Effect's RateLimiter runs the algorithms; the store only keeps their state.
    const limiter = yield* Effect.provideService(RateLimiter.make, RateLimiter.RateLimiterStore, store.limits)
    const gate = yield* Effect.provideService(makeRateGate(config, store), RateLimiter.RateLimiter, limiter)
    // A holder waits in the arrival guards, then sends with a timeout; a permit held longer
    // belongs to a request that was cancelled (internal/permits.ts). The margin (the timeout again plus a
    // second) is for a busy event loop.
    const permits = makePermits(config.concurrency, gate.guardWaitMillis + 2 * config.timeoutMillis + 1_000)
    const send = makeSend({ config, transport: transportOf(permits), signer: signerCache, gate, permits })
    const lanes = makeAccountLanes()
    const maxOf = (key: EndpointKey) => (endpoints[key] as Endpoint).maxAccounts ?? 100
    const coalescer = config.coalesceWindowMillis > 0 ? makeCoalescer(send, config.coalesceWindowMillis, maxOf) : undefined
    const bulk = { family: config.family, lanes, coalescer, send, maxOf }
    const once = makeOnce(store.claims, store.kind, `tencent-chat:${config.sdkAppId}:`, config.idempotency)
    const pushDeps = { family: config.family, primaryOrigin: config.primaryOrigin, lanes, send, once }
    const schedDeps = { family: config.family, primaryOrigin: config.primaryOrigin, sdkAppId: config.sdkAppId, send }

    // The body is read once into plain data (snapshot.ts) before it is checked and sent.
    const single = <K extends EndpointKey>(key: K, body: WireRequestOf<K>): Effect.Effect<ResponseOf<K>, ChatError> =>
      Effect.suspend(() => {
        if (!Object.hasOwn(endpoints, key)) {
          return Effect.fail(new ChatRequestError({ endpoint: String(key), field: "(key)", rule: "shape", detail: "not a command of the catalogue" }))
        }
        const args = plainArgs(key, { body })
        if (args instanceof ChatRequestError) return Effect.fail(args)
        const bad = guarded(key, "body", () => checkBody(key, args.body, config.family))
        return bad !== undefined ? Effect.fail(bad) : send(key, args.body)
      })
    const setAttrNames = (names: Parameters<TencentChatClient["setAttrNames"]>[0], options?: SetAttrNamesOptions) =>
      Effect.suspend(() => {
        const args = plainArgs("set_attr_name", { names, options })
        if (args instanceof ChatRequestError) return Effect.fail(args)
        const body = guarded("set_attr_name", "names", () => Wire.setAttrNamesBody(args.names, args.options?.types))
        return body instanceof ChatRequestError ? Effect.fail(body) : single("set_attr_name", body)
      })
    // Only push and batch can end in ChatPushOutcomeUnknown (internal/send.ts); narrow the others.
    const narrow = <A>(e: Effect.Effect<A, ChatError>) => e as Effect.Effect<A, ChatCallError>

    const client: TencentChatClient = {
      setAttrNames: (names, options) => narrow(Effect.asVoid(setAttrNames(names, options))),
      getAttrNames: () => narrow(Effect.map(single("get_attr_name", {}), Wire.attrNamesOf)),
      getUserAttrs: (userIds) => narrow(runBulk(bulk, Wire.getAttrSpec, userIds, undefined)),
      setUserAttrs: (items) => narrow(runBulk(bulk, Wire.setAttrSpec, items, undefined)),
      removeUserAttrs: (items) => narrow(runBulk(bulk, Wire.removeAttrSpec, items, undefined)),
      getUserTags: (userIds) => narrow(runBulk(bulk, Wire.getTagSpec, userIds, undefined)),
      addUserTags: (items, options) => narrow(runBulk(bulk, Wire.addTagSpec, items, options)),
      removeUserTags: (items) => narrow(runBulk(bulk, Wire.removeTagSpec, items, undefined)),
      clearUserTags: (userIds) => narrow(runBulk(bulk, Wire.clearTagsSpec, userIds, undefined)),
      // The overloads pick the result type from `dryRun`; the implementations return the union.
      push: ((input: PushInput & MaybeDryRun) => Push.push(pushDeps, input)) as TencentChatClient["push"],
      revokePush: ((taskId: string, options?: RevokeOptions & MaybeDryRun) => Push.revokePush(pushDeps, taskId, options)) as TencentChatClient["revokePush"],
      pushToUsers: ((input: PushToUsersInput & MaybeDryRun) => Push.pushToUsers(pushDeps, input)) as TencentChatClient["pushToUsers"],
      schedulePush: ((input: SchedulePushInput & MaybeDryRun) => Sched.schedulePush(schedDeps, input)) as TencentChatClient["schedulePush"],
      reschedulePush: ((taskId: number, input: ReschedulePushInput & MaybeDryRun) =>
        Sched.reschedulePush(schedDeps, taskId, input)) as TencentChatClient["reschedulePush"],
      cancelScheduledPush: ((taskId: number, options?: CancelScheduledPushOptions & MaybeDryRun) =>
        Sched.cancelScheduledPush(schedDeps, taskId, options)) as TencentChatClient["cancelScheduledPush"],
      getScheduledPush: (taskId) => narrow(Sched.getScheduledPush(schedDeps, taskId)),
      listScheduledPushes: (query) => narrow(Sched.listScheduledPushes(schedDeps, query)),
      getPushStatistics: (query) => narrow(Stats.getPushStatistics(schedDeps, query)),
      getPushLoss: (query) => narrow(Stats.getPushLoss(schedDeps, query)),
      getPushTrace: (taskId, userId) => narrow(Stats.getPushTrace(schedDeps, taskId, userId)),
      getMessagePushStatistics: (range) => narrow(Stats.getMessagePushStatistics(schedDeps, range)),
      getMessagePushLoss: (range) => narrow(Stats.getMessagePushLoss(schedDeps, range)),
      getMessagePushTrace: (pushId) => narrow(Stats.getMessagePushTrace(schedDeps, pushId)),
      importAccounts: (accounts) => narrow(runBulk(bulk, Wire.importSpec, accounts, undefined)),
      deleteAccounts: (userIds) => narrow(runBulk(bulk, Wire.deleteSpec, userIds, undefined)),
      checkAccounts: (userIds) => narrow(runBulk(bulk, Wire.checkSpec, userIds, undefined)),
      call: single,
    }
    return client
  })

/**
 * Builds a client on the ambient Effect `HttpClient` and `ChatStore`, to bring your own
 * (middleware, proxies, a store shared with other code). `TencentChat.layer` needs neither: it
 * calls `fetch` directly, which is cheaper (docs/client.md, "Transport"), on `options.store`.
 * With `options.fetch` as well, that function becomes the `fetch` of a `FetchHttpClient`.
 * Fails with `ChatConfigError` when the options are unusable.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import { make, memoryStore } from "tencent-chat-push/client"
 *
 * const program = Effect.gen(function*() {
 *   const chat = yield* make({ sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "jakarta" })
 *   return yield* chat.getAttrNames()
 * }).pipe(Effect.provide(FetchHttpClient.layer), Effect.provide(memoryStore()))
 * ```
 */
export const make = (
  options: ClientOptions,
): Effect.Effect<TencentChatClient, ChatConfigError, HttpClient.HttpClient | ChatStore> =>
  Effect.flatMap(resolveConfig(options), (config) =>
    Effect.flatMap(Effect.service(HttpClient.HttpClient), (http) =>
      makeWithTransport(config, (permits) => httpClientPost(http, config.timeoutMillis, options.fetch, permits))))

/**
 * (Internal.) The client over a direct `fetch` (`options.fetch`, else the global `fetch`, read
 * per request so one installed later is used): what `TencentChat.layer` and `createClient` run.
 */
export const makeDirect = (options: ClientOptions): Effect.Effect<TencentChatClient, ChatConfigError, ChatStore> =>
  Effect.flatMap(resolveConfig(options), (config) => {
    const fetch = options.fetch
    const fetchOf = fetch === undefined ? () => globalThis.fetch : () => fetch
    return makeWithTransport(config, (permits) => fetchPost(fetchOf, config.timeoutMillis, permits))
  })
