/**
 * The scheduled-push methods: `schedulePush`, `reschedulePush`, `cancelScheduledPush`,
 * `getScheduledPush` and `listScheduledPushes` (timpush only, 5 calls/s per command).
 *
 * - `Sdkappid`, which every body carries, is the client's own app id.
 * - modify and delete need the task's `Type`, which Tencent does not let change. Without a
 *   `type` (or new content to derive it from) the client reads it with get_sched_task first: one
 *   extra call, so a CLI can cancel by id alone. A dry run sends nothing, so it needs the type.
 * - add_sched_task is not retry-safe (a repeat creates a second task): like `push`, an unknown
 *   outcome fails with `ChatPushOutcomeUnknown` (its `msgRandom` is -1 unless one was given).
 * - Every method first reads its arguments once into plain data (snapshot.ts), as every public
 *   method does; a `Date` becomes its `toJSON` text there, which the time readers accept.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type { EndpointKey, ResponseOf, WireRequestOf } from "../api/mod.ts"
import type { ChatError } from "./errors.ts"
import { ChatDecodeError, ChatRequestError } from "./errors.ts"
import type { DryRun, DryRunConfig, MaybeDryRun } from "./dry-run.ts"
import { dryRunOf } from "./dry-run.ts"
import type { Send } from "./internal/send.ts"
import type {
  CancelScheduledPushOptions,
  ListScheduledPushesInput,
  ReschedulePushInput,
  ScheduledPush,
  ScheduledPushPage,
  ScheduledPushRef,
  ScheduledPushType,
  SchedulePushInput,
} from "./sched-types.ts"
import { addSchedBody, listSchedBody, modifySchedBody, scheduledPageOf, scheduledPushOf, schedTimeOf, schedTypeOf } from "./sched-wire.ts"
import { guarded, plainArgs } from "./snapshot.ts"
import { checkBody } from "./validate.ts"

/** What the scheduled-push methods need from the client. */
export interface SchedDeps extends DryRunConfig {
  readonly sdkAppId: number
  readonly send: Send
}

const taskIdError = (endpoint: string, taskId: unknown): ChatRequestError | undefined =>
  typeof taskId === "number" && Number.isSafeInteger(taskId) && taskId > 0
    ? undefined
    : new ChatRequestError({ endpoint, field: "TaskID", rule: "sched_task_id", code: 90104, detail: "taskId must be a positive integer (the scheduled task's TaskID)" })

/**
 * The arguments of a method read once into plain data; `objects` name those that must be an
 * object when given (`required`: even when absent).
 */
export const readArgs = <T extends Readonly<Record<string, unknown>>>(
  key: EndpointKey,
  args: T,
  objects: ReadonlyArray<keyof T & string>,
  required: ReadonlyArray<keyof T & string> = [],
): Effect.Effect<T, ChatRequestError> => {
  const plain = plainArgs(key, args)
  if (plain instanceof ChatRequestError) return Effect.fail(plain)
  for (const name of objects) {
    const v = plain[name]
    if (v === undefined && !required.includes(name)) continue
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      return Effect.fail(new ChatRequestError({ endpoint: key, field: name, rule: "shape", detail: `${name} must be an object` }))
    }
  }
  return Effect.succeed(plain)
}

/** A body built (or checked) from plain data, any throw a `ChatRequestError`. */
const built = <A>(key: EndpointKey, f: () => A): Effect.Effect<Exclude<A, ChatRequestError>, ChatRequestError> => {
  const r = guarded(key, "input", f)
  return r instanceof ChatRequestError ? Effect.fail(r) : Effect.succeed(r as Exclude<A, ChatRequestError>)
}

/** Checks `body` as `send` would, then sends it; or, in a dry run, returns it. */
const sendOrDry = <K extends "add_sched_task" | "modify_sched_task" | "delete_sched_task">(
  deps: SchedDeps,
  key: K,
  body: WireRequestOf<K>,
  dryRun: boolean | undefined,
): Effect.Effect<ResponseOf<K> | DryRun<K>, ChatError> => {
  if (dryRun === true) return dryRunOf(deps, key, [body])
  const bad = guarded(key, "input", () => checkBody(key, body, deps.family))
  return bad !== undefined ? Effect.fail(bad) : deps.send(key, body)
}

/** `getScheduledPush`: get_sched_task. */
export const getScheduledPush = (deps: SchedDeps, rawTaskId: number): Effect.Effect<ScheduledPush, ChatError> =>
  Effect.flatMap(readArgs("get_sched_task", { taskId: rawTaskId }, []), ({ taskId }) => {
    const bad = taskIdError("get_sched_task", taskId)
    if (bad !== undefined) return Effect.fail(bad)
    const body = { Sdkappid: deps.sdkAppId, TaskID: taskId }
    const invalid = checkBody("get_sched_task", body, deps.family)
    if (invalid !== undefined) return Effect.fail(invalid)
    return Effect.flatMap(deps.send("get_sched_task", body), (res) =>
      res.TaskInfo === undefined
        ? Effect.fail(new ChatDecodeError({ endpoint: "get_sched_task", status: 200, detail: "an OK answer without TaskInfo", body: "" }))
        : Effect.succeed(scheduledPushOf(res.TaskInfo)))
  })

/** The task's type: given, derived from new content, or read from the service. */
const typeFor = (
  deps: SchedDeps,
  endpoint: string,
  taskId: number,
  given: ScheduledPushType | undefined,
  dryRun: boolean | undefined,
): Effect.Effect<ScheduledPushType, ChatError> => {
  if (given !== undefined) return Effect.succeed(given)
  if (dryRun === true) {
    return Effect.fail(
      new ChatRequestError({
        endpoint,
        field: "Type",
        rule: "sched_type_needed",
        detail: "a dry run sends nothing, so it cannot read the task's type: give `type` (All, Tag or User)",
      }),
    )
  }
  // The service's type is sent back as is: if it is not one of the three, the rules say so.
  return Effect.map(getScheduledPush(deps, taskId), (t) => t.type as ScheduledPushType)
}

/** `schedulePush`: add_sched_task. */
export const schedulePush = (deps: SchedDeps, raw: SchedulePushInput & MaybeDryRun): Effect.Effect<ScheduledPushRef | DryRun<"add_sched_task">, ChatError> =>
  Effect.gen(function*() {
    const { input } = yield* readArgs("add_sched_task", { input: raw }, ["input"], ["input"])
    const schedAt = schedTimeOf("add_sched_task", "SchedAt", input.at)
    if (typeof schedAt !== "string") return yield* schedAt
    const type = schedTypeOf(input)
    const body = yield* built("add_sched_task", () => addSchedBody(deps.sdkAppId, type, schedAt, input))
    const res = yield* sendOrDry(deps, "add_sched_task", body, input.dryRun)
    return "dryRun" in res ? res : { taskId: res.TaskID, type, schedAt }
  })

/** `reschedulePush`: modify_sched_task. */
export const reschedulePush = (
  deps: SchedDeps,
  rawTaskId: number,
  raw: ReschedulePushInput & MaybeDryRun,
): Effect.Effect<void | DryRun<"modify_sched_task">, ChatError> =>
  Effect.gen(function*() {
    const { taskId, input } = yield* readArgs("modify_sched_task", { taskId: rawTaskId, input: raw }, ["input"], ["input"])
    if (input.content !== undefined) yield* readArgs("modify_sched_task", { content: input.content }, ["content"])
    const bad = taskIdError("modify_sched_task", taskId)
    if (bad !== undefined) return yield* bad
    if (input.at === undefined && input.content === undefined) {
      return yield* new ChatRequestError({
        endpoint: "modify_sched_task",
        field: "(body)",
        rule: "sched_no_change",
        detail: "nothing to change: give `at`, `content` or both",
      })
    }
    let schedAt: string | undefined
    if (input.at !== undefined) {
      const t = schedTimeOf("modify_sched_task", "SchedAt", input.at)
      if (typeof t !== "string") return yield* t
      schedAt = t
    }
    const derived = input.content === undefined ? undefined : schedTypeOf(input.content)
    if (derived !== undefined && input.type !== undefined && derived !== input.type) {
      return yield* new ChatRequestError({
        endpoint: "modify_sched_task",
        field: "Type",
        rule: "sched_content_type",
        code: 90104,
        detail: `the new content makes a ${derived} task, but type is ${input.type} (a task's type cannot change)`,
      })
    }
    const type = yield* typeFor(deps, "modify_sched_task", taskId, derived ?? input.type, input.dryRun)
    const body = yield* built("modify_sched_task", () => modifySchedBody(deps.sdkAppId, taskId, type, schedAt, input.content))
    const res = yield* sendOrDry(deps, "modify_sched_task", body, input.dryRun)
    if ("dryRun" in res) return res
  })

/** `cancelScheduledPush`: delete_sched_task. */
export const cancelScheduledPush = (
  deps: SchedDeps,
  rawTaskId: number,
  rawOptions?: CancelScheduledPushOptions & MaybeDryRun,
): Effect.Effect<void | DryRun<"delete_sched_task">, ChatError> =>
  Effect.gen(function*() {
    const { taskId, options } = yield* readArgs("delete_sched_task", { taskId: rawTaskId, options: rawOptions }, ["options"])
    const bad = taskIdError("delete_sched_task", taskId)
    if (bad !== undefined) return yield* bad
    const type = yield* typeFor(deps, "delete_sched_task", taskId, options?.type, options?.dryRun)
    const res = yield* sendOrDry(deps, "delete_sched_task", { Sdkappid: deps.sdkAppId, TaskID: taskId, Type: type }, options?.dryRun)
    if ("dryRun" in res) return res
  })

/** `listScheduledPushes`: list_sched_task, one page. */
export const listScheduledPushes = (deps: SchedDeps, rawQuery?: ListScheduledPushesInput): Effect.Effect<ScheduledPushPage, ChatError> =>
  Effect.flatMap(readArgs("list_sched_task", { query: rawQuery }, ["query"]), ({ query }) => {
    const q = query ?? {}
    let begin: string | undefined
    let end: string | undefined
    if (q.from !== undefined) {
      const t = schedTimeOf("list_sched_task", "BeginTime", q.from)
      if (typeof t !== "string") return Effect.fail(t)
      begin = t
    }
    if (q.to !== undefined) {
      const t = schedTimeOf("list_sched_task", "EndTime", q.to)
      if (typeof t !== "string") return Effect.fail(t)
      end = t
    }
    const body = guarded("list_sched_task", "query", () => listSchedBody(deps.sdkAppId, q, begin, end))
    if (body instanceof ChatRequestError) return Effect.fail(body)
    const bad = guarded("list_sched_task", "query", () => checkBody("list_sched_task", body, deps.family))
    return bad !== undefined ? Effect.fail(bad) : Effect.map(deps.send("list_sched_task", body), scheduledPageOf)
  })
