/**
 * The push methods: `push` (all / by tag / by attribute), `revokePush` and `pushToUsers`.
 *
 * None is retried automatically where a retry could notify users twice (push, batch; see
 * internal/send.ts). `push` waits for every account operation issued before it (a broadcast right
 * after a tag change must see the change). `pushToUsers` splits any number of users into
 * `batch` requests (`batchRequests` in wire-map.ts, shared with the CLI), each with its own
 * `MsgRandom`: the docs say batch de-duplicates on MsgRandom within a second, so sharing one
 * value could drop a chunk.
 *
 * With an `idempotencyKey`, each runs through `once` (idempotency.ts): sent once per fleet.
 * `pushToUsers` stores its per-request outcomes and rebuilds per-user results for each caller,
 * so a later caller must pass the same users (checked by a digest of the de-duplicated list).
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex } from "@noble/hashes/utils.js"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import type { Family } from "../api/mod.ts"
import { limits } from "../api/mod.ts"
import type { AccountLanes } from "./account-lanes.ts"
import { batchResult, requestFailure } from "./chunking.ts"
import type { ChatError } from "./errors.ts"
import { ChatRateLimitError, ChatRequestError } from "./errors.ts"
import type { DryRun, MaybeDryRun } from "./dry-run.ts"
import { dryRunOf } from "./dry-run.ts"
import type { Once } from "./idempotency.ts"
import type { Send } from "./internal/send.ts"
import type {
  AccountError,
  AccountResult,
  PushInput,
  PushResult,
  PushToUsersInput,
  PushToUsersResult,
  PushToUsersTask,
  RevokeOptions,
} from "./types.ts"
import { guarded, plainArgs } from "./snapshot.ts"
import { checkBody } from "./validate.ts"
import { accountError, batchRequests, pushBody, revokeBody } from "./wire-map.ts"

/** What the push methods need from the client. */
export interface PushDeps {
  readonly family: Family
  /** The origin a dry run reports in its URLs. */
  readonly primaryOrigin: string
  readonly lanes: AccountLanes
  readonly send: Send
  readonly once: Once
}

/** A stored record this client cannot read: reported as a store failure, nothing sent. */
const unreadable = (endpoint: string) =>
  new ChatRateLimitError({ endpoint, kind: "store", detail: "idempotency key: the stored result is not one this client wrote" })

const decodePushResult = (v: unknown): Effect.Effect<PushResult, ChatError> => {
  const r = v as Partial<PushResult> | null
  return r !== null && typeof r === "object" && typeof r.taskId === "string" && typeof r.msgRandom === "number"
    ? Effect.succeed({ taskId: r.taskId, msgRandom: r.msgRandom })
    : Effect.fail(unreadable("push"))
}

/** The caller's input read once into plain data (snapshot.ts); it must be an object. */
const objectArg = <T>(key: "push" | "batch", raw: T): Effect.Effect<T, ChatRequestError> => {
  const args = plainArgs(key, { input: raw })
  if (args instanceof ChatRequestError) return Effect.fail(args)
  const input = args.input
  return typeof input === "object" && input !== null && !Array.isArray(input)
    ? Effect.succeed(input)
    : Effect.fail(new ChatRequestError({ endpoint: key, field: "input", rule: "shape", detail: "input must be an object" }))
}
const freshRandom = Random.nextIntBetween(0, limits.msgRandomMax)

/**
 * `push`: one push task; fails with `ChatPushOutcomeUnknown` when the outcome is unknown. With
 * `dryRun: true` the body is built and checked, and returned instead of sent (dry-run.ts).
 */
export const push = (deps: PushDeps, raw: PushInput & MaybeDryRun): Effect.Effect<PushResult | DryRun<"push">, ChatError> =>
  Effect.gen(function*() {
    const input = yield* objectArg("push", raw)
    if (deps.family === "all_member_push" && input.onlineOnly === true && (input.lifetimeSeconds ?? 0) > 0) {
      return yield* new ChatRequestError({
        endpoint: "push",
        field: "MsgLifeTime",
        rule: "online_only_lifetime",
        detail: "the all_member_push family means online-only by MsgLifeTime 0; onlineOnly cannot have a lifetime",
      })
    }
    const msgRandom = input.msgRandom ?? (yield* freshRandom)
    const body = guarded("push", "input", () => pushBody(input, msgRandom, deps.family))
    if (body instanceof ChatRequestError) return yield* body
    if (input.dryRun === true) return yield* dryRunOf(deps, "push", [body])
    const bad = guarded("push", "input", () => checkBody("push", body, deps.family))
    if (bad !== undefined) return yield* bad
    // read-answer.ts refuses an OK push answer without a TaskId.
    const send = Effect.map(deps.lanes.barrier(deps.send("push", body)), (res): PushResult => ({ taskId: res.TaskId!, msgRandom }))
    if (input.idempotencyKey === undefined) return yield* send
    return yield* deps.once({
      endpoint: "push",
      key: input.idempotencyKey,
      msgRandom,
      retrySafe: false,
      encode: (r) => r,
      decode: decodePushResult,
    }, send)
  })

/**
 * `revokePush`: recall / terminate a push task (timpush only; 1 call per second). With
 * `dryRun: true` the body is checked and returned instead of sent.
 */
export const revokePush = (
  deps: PushDeps,
  taskId: string,
  rawOptions?: RevokeOptions & MaybeDryRun,
): Effect.Effect<void | DryRun<"revoke">, ChatError> =>
  Effect.suspend(() => {
    if (typeof taskId !== "string") {
      return Effect.fail(new ChatRequestError({ endpoint: "revoke", field: "TaskId", rule: "shape", detail: "taskId must be a string" }))
    }
    const args = plainArgs("revoke", { options: rawOptions })
    if (args instanceof ChatRequestError) return Effect.fail(args)
    const body = guarded("revoke", "options", () => revokeBody(taskId, args.options?.offlinePush))
    if (body instanceof ChatRequestError) return Effect.fail(body)
    const bad = guarded("revoke", "options", () => checkBody("revoke", body, deps.family))
    if (bad !== undefined) return Effect.fail(bad)
    if (args.options?.dryRun === true) return dryRunOf(deps, "revoke", [body])
    const send = Effect.asVoid(deps.send("revoke", body))
    const key = args.options?.idempotencyKey
    if (key === undefined) return send
    return deps.once({ endpoint: "revoke", key, msgRandom: -1, retrySafe: true, encode: () => true, decode: () => Effect.void }, send)
  })

/** The outcome of one `batch` request of a `pushToUsers` call (what an idempotency key stores). */
type ChunkOutcome =
  | { readonly taskId: string; readonly msgRandom: number; readonly failed: ReadonlyArray<readonly [string, AccountError]> }
  | { readonly error: AccountError }

/** Stored form: the digest of the users, and each request's outcome without live error objects. */
interface StoredBatch {
  readonly users: string
  readonly chunks: ReadonlyArray<ChunkOutcome>
}

const lite = (e: AccountError): AccountError => ({ code: e.code, info: e.info, reason: e.reason, retryable: e.retryable })

const digestOf = (users: ReadonlyArray<string>): string => bytesToHex(sha256(new TextEncoder().encode(JSON.stringify(users))))

/**
 * `pushToUsers`: push to explicit users via `batch`, 500 per request, results per user in input
 * order. With `dryRun: true`, the `batch` bodies are checked and returned instead of sent.
 */
export const pushToUsers = (
  deps: PushDeps,
  raw: PushToUsersInput & MaybeDryRun,
): Effect.Effect<PushToUsersResult | DryRun<"batch">, ChatError> =>
  Effect.gen(function*() {
    const input = yield* objectArg("batch", raw)
    if (!Array.isArray(input.userIds)) {
      return yield* new ChatRequestError({ endpoint: "batch", field: "To_Account", rule: "shape", detail: "userIds must be an array" })
    }
    // A user listed twice gets one notification; both input positions report its outcome.
    const msgRandom = input.msgRandom ?? (yield* freshRandom)
    const requests = guarded("batch", "input", () => batchRequests({ ...input, msgRandom }))
    if (requests instanceof ChatRequestError) return yield* requests
    const chunks = requests.map((r) => r.userIds)
    const bodies = requests.map((r) => r.body)
    if (input.dryRun === true) return yield* dryRunOf(deps, "batch", bodies)
    for (const b of bodies) {
      const bad = guarded("batch", "input", () => checkBody("batch", b, deps.family))
      if (bad !== undefined) return yield* bad
    }
    const send = Effect.flatMap(
      Effect.forEach(
        bodies,
        (b, i) => Effect.result(deps.lanes.sequenced(chunks[i]!, deps.send("batch", b))),
        { concurrency: "unbounded" },
      ),
      (sent): Effect.Effect<ReadonlyArray<ChunkOutcome>, ChatError> => {
        let firstError: ChatError | undefined
        const outcomes = sent.map((r, i): ChunkOutcome => {
          if (r._tag === "Failure") {
            firstError ??= r.failure
            return { error: requestFailure(r.failure) }
          }
          const failed = (r.success.ErrorList ?? []).map((e) => [e.To_Account, accountError(e.ErrorCode, e.ErrorInfo)] as const)
          return { taskId: r.success.TaskId ?? "", msgRandom: bodies[i]!.MsgRandom, failed }
        })
        return outcomes.every((o) => "error" in o) && firstError !== undefined ? Effect.fail(firstError) : Effect.succeed(outcomes)
      },
    )

    let outcomes: ReadonlyArray<ChunkOutcome>
    if (input.idempotencyKey === undefined) {
      outcomes = yield* send
    } else {
      const users = digestOf(chunks.flat())
      outcomes = yield* deps.once({
        endpoint: "batch",
        key: input.idempotencyKey,
        msgRandom,
        retrySafe: false,
        encode: (os): StoredBatch => ({
          users,
          chunks: os.map((o) => ("error" in o ? { error: lite(o.error) } : { ...o, failed: o.failed.map(([u, e]) => [u, lite(e)] as const) })),
        }),
        decode: (v) => {
          const stored = v as StoredBatch | null
          if (stored === null || typeof stored !== "object" || !Array.isArray(stored.chunks)) return Effect.fail(unreadable("batch"))
          if (stored.users !== users || stored.chunks.length !== chunks.length) {
            return Effect.fail(
              new ChatRequestError({
                endpoint: "batch",
                field: "idempotencyKey",
                rule: "idempotency_key_reused",
                detail: "this idempotencyKey was first used with a different list of users; nothing was sent",
              }),
            )
          }
          return Effect.succeed(stored.chunks)
        },
      }, send)
    }

    const byUser = new Map<string, AccountResult<{ readonly taskId: string }>>()
    const tasks: Array<PushToUsersTask> = []
    outcomes.forEach((o, i) => {
      const chunk = chunks[i]!
      if ("error" in o) {
        for (const userId of chunk) byUser.set(userId, { userId, ok: false, error: o.error })
        return
      }
      tasks.push({ taskId: o.taskId, msgRandom: o.msgRandom, recipients: chunk.length })
      const failed = new Map(o.failed)
      for (const userId of chunk) {
        const error = failed.get(userId)
        byUser.set(userId, error ? { userId, ok: false, error } : { userId, ok: true, taskId: o.taskId })
      }
    })
    return { ...batchResult(input.userIds.map((u) => byUser.get(u)!)), tasks }
  })
