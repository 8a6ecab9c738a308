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
 * @module
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import type { Family } from "../api/mod.ts"
import { limits } from "../api/mod.ts"
import type { AccountLanes } from "./account-lanes.ts"
import { batchResult, requestFailure } from "./chunking.ts"
import type { ChatError } from "./errors.ts"
import { ChatRequestError } from "./errors.ts"
import type { DryRun, MaybeDryRun } from "./dry-run.ts"
import { dryRunOf } from "./dry-run.ts"
import type { Send } from "./internal/send.ts"
import type { AccountResult, PushInput, PushResult, PushToUsersTask, PushToUsersInput, PushToUsersResult, RevokeOptions } from "./types.ts"
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
    const res = yield* deps.lanes.barrier(deps.send("push", body))
    // read-answer.ts refuses an OK push answer without a TaskId.
    return { taskId: res.TaskId!, msgRandom }
  })

/** `revokePush`: recall / terminate a push task (timpush only; 1 call per second). */
export const revokePush = (deps: PushDeps, taskId: string, rawOptions?: RevokeOptions): Effect.Effect<void, ChatError> =>
  Effect.suspend(() => {
    if (typeof taskId !== "string") {
      return Effect.fail(new ChatRequestError({ endpoint: "revoke", field: "TaskId", rule: "shape", detail: "taskId must be a string" }))
    }
    const args = plainArgs("revoke", { options: rawOptions })
    if (args instanceof ChatRequestError) return Effect.fail(args)
    const body = guarded("revoke", "options", () => revokeBody(taskId, args.options?.offlinePush))
    if (body instanceof ChatRequestError) return Effect.fail(body)
    const bad = guarded("revoke", "options", () => checkBody("revoke", body, deps.family))
    return bad !== undefined ? Effect.fail(bad) : Effect.asVoid(deps.send("revoke", body))
  })

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
    const sent = yield* Effect.forEach(
      bodies,
      (b, i) => Effect.result(deps.lanes.sequenced(chunks[i]!, deps.send("batch", b))),
      { concurrency: "unbounded" },
    )

    const byUser = new Map<string, AccountResult<{ readonly taskId: string }>>()
    const tasks: Array<PushToUsersTask> = []
    let firstError: ChatError | undefined
    sent.forEach((r, i) => {
      const chunk = chunks[i]!
      if (r._tag === "Failure") {
        firstError ??= r.failure
        const error = requestFailure(r.failure)
        for (const userId of chunk) byUser.set(userId, { userId, ok: false, error })
        return
      }
      const taskId = r.success.TaskId ?? ""
      tasks.push({ taskId, msgRandom: bodies[i]!.MsgRandom, recipients: chunk.length })
      const failed = new Map((r.success.ErrorList ?? []).map((e) => [e.To_Account, accountError(e.ErrorCode, e.ErrorInfo)]))
      for (const userId of chunk) {
        const error = failed.get(userId)
        byUser.set(userId, error ? { userId, ok: false, error } : { userId, ok: true, taskId })
      }
    })
    if (tasks.length === 0 && firstError !== undefined) return yield* Effect.fail(firstError)
    return { ...batchResult(input.userIds.map((u) => byUser.get(u)!)), tasks }
  })
