/**
 * The checks of the two state records that carry a push's lifecycle: a scheduled task (`sched`)
 * and a push task's simulated deliveries (`delivery`). Both come from files a user may have
 * edited or a peer may send (`PUT /__emulator/state`), so each record is checked whole, shape
 * and sense, before anything of it is kept: times inside 1970..9999, a task's status fields that
 * agree with each other, a content the add_sched_task rules would accept, counts that add up and
 * a bounded number of buckets. A failed check names the record; the import then changes nothing.
 *
 * @module
 */
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import { formatSchedTime, SchedContent, SchedType } from "../api/mod.ts"
import { EmulatorInputError } from "./errors.ts"
import { deeperThan, MAX_JSON_DEPTH } from "./json-depth.ts"
import type { SchedTask } from "./sched-tasks.ts"
import type { CountTuple, DeliverySnapshot } from "./task-sim.ts"

const opt = Schema.optionalKey

/** A scheduled task as a state file holds it (the emulator's own record, wire names and times). */
export const SchedSnapshotSchema = Schema.Struct({
  TaskID: Schema.Number,
  sdkAppId: Schema.Number,
  Type: SchedType,
  SchedAt: Schema.String,
  schedAtMs: Schema.Number,
  Content: Schema.Record(Schema.String, Schema.Unknown),
  CreateAt: Schema.String,
  createdAt: Schema.Number,
  dispatchedAt: opt(Schema.Number),
  DispatchSuccess: Schema.Number,
  DispatchErr: Schema.String,
  PushTaskID: Schema.String,
})

const Count = Schema.Tuple([Schema.Literals([1, 2, 3]), Schema.Literals([1, 2]), Schema.Number, Schema.Number, Schema.Number])

/** A push task's deliveries as a state file holds them (task-sim.ts, `DeliverySnapshot`). */
export const DeliverySnapshotSchema = Schema.Struct({
  TaskId: Schema.String,
  createdAt: Schema.Number,
  dueAt: Schema.Tuple([Schema.Number, Schema.Number, Schema.Number]),
  recipients: Schema.Number,
  finished: Schema.Tuple([Schema.Boolean, Schema.Boolean, Schema.Boolean]),
  counted: Schema.Array(Count),
  later: Schema.Array(Count),
  errorInfo: Schema.Record(Schema.String, Schema.String),
})

/** 9999-12-31T23:59:59.999Z, the end of the emulator clock. */
const MAX_TIME = 253_402_300_799_999
/** The first scheduled TaskID (sched-tasks.ts). */
const FIRST_SCHED_ID = 1_000_000_000
/**
 * Buckets per list: a task has at most 3 stages × 2 channels × 9 platforms × the handful of codes
 * the simulation uses (outcomes.ts), under 200; a few times that leaves room, a million does not.
 */
const MAX_BUCKETS = 1024
const MAX_TEXT = 1024

const format = SchemaIssue.makeFormatterDefault()
const decodeSched = SchemaParser.decodeUnknownResult(SchedSnapshotSchema)
const decodeDelivery = SchemaParser.decodeUnknownResult(DeliverySnapshotSchema)
const decodeContent = SchemaParser.decodeUnknownResult(SchedContent)

const fail = (where: string, why: string): EmulatorInputError => new EmulatorInputError(where, `invalid emulator state at ${where}: ${why}`)

const shape = <T>(r: unknown, where: string): T => {
  const result = r as { _tag: "Success"; success: T } | { _tag: "Failure"; failure: SchemaIssue.Issue }
  if (result._tag === "Failure") throw fail(where, format(result.failure).replace(/\s+/g, " "))
  return result.success
}

const isTime = (v: number): boolean => Number.isSafeInteger(v) && v >= 0 && v <= MAX_TIME

/**
 * Checks one scheduled-task record of app `sdkAppId`; returns it as the emulator keeps it.
 * Throws `EmulatorInputError` naming `where` and the problem.
 */
export const checkSchedRecord = (value: unknown, sdkAppId: number, where: string): SchedTask => {
  const t = shape<typeof SchedSnapshotSchema.Type>(decodeSched(value), where)
  if (!Number.isSafeInteger(t.TaskID) || t.TaskID <= FIRST_SCHED_ID) throw fail(where, `TaskID must be an integer above ${FIRST_SCHED_ID}`)
  if (t.sdkAppId !== sdkAppId) throw fail(where, `the scheduled task belongs to app ${t.sdkAppId}, not ${sdkAppId}`)
  if (!isTime(t.schedAtMs) || !isTime(t.createdAt)) throw fail(where, "schedAtMs and createdAt must be integer epoch ms in 1970..9999")
  if (t.SchedAt !== formatSchedTime(t.schedAtMs)) throw fail(where, `SchedAt ${JSON.stringify(t.SchedAt.slice(0, 40))} is not schedAtMs (${formatSchedTime(t.schedAtMs)})`)
  if (t.CreateAt !== formatSchedTime(t.createdAt)) throw fail(where, `CreateAt ${JSON.stringify(t.CreateAt.slice(0, 40))} is not createdAt (${formatSchedTime(t.createdAt)})`)
  if (t.DispatchSuccess !== 0 && t.DispatchSuccess !== 1) throw fail(where, "DispatchSuccess must be 0 or 1")
  if (t.DispatchErr.length > MAX_TEXT || t.PushTaskID.length > MAX_TEXT) throw fail(where, `DispatchErr and PushTaskID hold at most ${MAX_TEXT} characters`)
  if (t.dispatchedAt === undefined) {
    if (t.DispatchSuccess !== 0 || t.DispatchErr !== "" || t.PushTaskID !== "") {
      throw fail(where, "a task not yet dispatched (no dispatchedAt) has DispatchSuccess 0, DispatchErr \"\" and PushTaskID \"\"")
    }
  } else {
    if (!isTime(t.dispatchedAt)) throw fail(where, "dispatchedAt must be integer epoch ms in 1970..9999")
    const succeeded = t.DispatchSuccess === 1 && t.PushTaskID !== "" && t.DispatchErr === ""
    const refused = t.DispatchSuccess === 0 && t.PushTaskID === "" && t.DispatchErr !== ""
    if (!succeeded && !refused) {
      throw fail(where, "a dispatched task has either DispatchSuccess 1 and a PushTaskID, or DispatchSuccess 0 and a DispatchErr")
    }
  }
  if (deeperThan(t.Content, MAX_JSON_DEPTH)) throw fail(where, `Content is nested deeper than ${MAX_JSON_DEPTH} levels`)
  const content = decodeContent(t.Content) as { _tag: "Success" } | { _tag: "Failure"; failure: SchemaIssue.Issue }
  if (content._tag === "Failure") throw fail(where, `Content is not a push the task could send: ${format(content.failure).replace(/\s+/g, " ")}`)
  if (typeof t.Content["MsgRandom"] !== "number") throw fail(where, "Content.MsgRandom must be a number (the emulator fills it in when a task is added)")
  return { ...t, Content: { ...t.Content } } as SchedTask
}

const checkBuckets = (list: ReadonlyArray<CountTuple>, infos: Record<string, string>, name: string, where: string): void => {
  if (list.length > MAX_BUCKETS) throw fail(where, `${name} holds at most ${MAX_BUCKETS} buckets`)
  const seen = new Set<string>()
  for (const [stage, eventType, pushPlatform, errorCode, count] of list) {
    if (!Number.isSafeInteger(pushPlatform) || pushPlatform < 0 || pushPlatform > 255) throw fail(where, `${name}: pushPlatform must be an integer 0..255`)
    if (!Number.isSafeInteger(errorCode)) throw fail(where, `${name}: errorCode must be an integer`)
    if (errorCode !== 0 && !Object.hasOwn(infos, String(errorCode))) throw fail(where, `${name}: errorCode ${errorCode} has no errorInfo`)
    if (!Number.isSafeInteger(count) || count < 1) throw fail(where, `${name}: count must be a positive integer`)
    const key = `${stage}|${eventType}|${pushPlatform}|${errorCode}`
    if (seen.has(key)) throw fail(where, `${name}: two buckets for stage ${stage}, eventType ${eventType}, pushPlatform ${pushPlatform}, errorCode ${errorCode}`)
    seen.add(key)
  }
}

/**
 * Checks one delivery record (a push task's counts). `createdAt` is the push task's creation
 * time, which the record must repeat. Throws `EmulatorInputError` naming `where` and the problem.
 */
export const checkDeliveryRecord = (value: unknown, createdAt: number | undefined, where: string): DeliverySnapshot => {
  const d = shape<DeliverySnapshot>(decodeDelivery(value), where)
  if (createdAt === undefined) throw fail(where, `deliveries of task ${JSON.stringify(d.TaskId.slice(0, 80))}, which the app's tasks before it do not have`)
  if (d.createdAt !== createdAt) throw fail(where, `createdAt ${d.createdAt} is not its task's (${createdAt})`)
  if (!d.dueAt.every((t) => isTime(t) && t >= d.createdAt)) throw fail(where, "dueAt must be three integer epoch ms, none before createdAt")
  if (!Number.isSafeInteger(d.recipients) || d.recipients < 0) throw fail(where, "recipients must be a non-negative integer")
  const infos = Object.entries(d.errorInfo)
  if (infos.length > MAX_BUCKETS || infos.some(([k, v]) => !/^-?[0-9]{1,15}$/.test(k) || v.length > MAX_TEXT)) {
    throw fail(where, `errorInfo maps at most ${MAX_BUCKETS} integer codes to texts of at most ${MAX_TEXT} characters`)
  }
  checkBuckets(d.counted, d.errorInfo, "counted", where)
  checkBuckets(d.later, d.errorInfo, "later", where)
  for (const [stage] of d.later) if (d.finished[stage - 1]) throw fail(where, `later: stage ${stage} is finished, so nothing of it is still to come`)
  for (const stage of [1, 2, 3]) {
    const total = [...d.counted, ...d.later].filter((b) => b[0] === stage).reduce((n, b) => n + b[4], 0)
    if (total > d.recipients) throw fail(where, `stage ${stage} counts ${total} events for ${d.recipients} recipients`)
  }
  return d
}
