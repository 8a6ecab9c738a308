/**
 * Wire schemas for scheduled push tasks: add_sched_task, modify_sched_task, delete_sched_task,
 * get_sched_task and list_sched_task (docs/protocol/push-lifecycle.md#scheduled-push-tasks).
 *
 * - `Content` is the body of the push the task will send: a `push` body for `All` and `Tag`, a
 *   `batch` body (`To_Account`, 1–500) for `User`. It is an open struct: the documented push
 *   members are typed and any other member is kept, because the docs' description of it is cut off
 *   ("the same as ...") and Tencent may accept more.
 * - Task ids: a scheduled task's `TaskID` is an Integer; the push it creates has a String
 *   `TaskId`, reported as `PushTaskID`.
 * - Responses read leniently: get_sched_task's sample carries `From_Account` as an integer
 *   (`12345`), so the stored content's sender is a string or a number.
 * - The add_sched_task response is not shown on any page: we read (and the emulator answers)
 *   `TaskID` beside the envelope, as delete_sched_task's sample does; modify does the same.
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { WithEnvelope } from "../envelope.ts"
import { withEnvelope } from "../envelope.ts"
import { Account, AccountList, Extra } from "./common.ts"
import { MsgBody, OfflinePushInfo } from "./message.ts"
import type { OpenStruct } from "./message.ts"
import { Condition } from "./push.ts"

const opt = Schema.optionalKey

/** The documented task types: everyone, by tag (a push `Condition`), or a list of users. */
export const SchedType: Schema.Literals<readonly ["All", "Tag", "User"]> = Schema.Literals(["All", "Tag", "User"])

/** A scheduled task type. */
export type SchedType = typeof SchedType.Type

/** The typed members of a task `Content` (request side). */
export type SchedContentFields = {
  readonly From_Account: Schema.optionalKey<typeof Account>
  readonly To_Account: Schema.optionalKey<typeof AccountList>
  readonly MsgRandom: Schema.optionalKey<Schema.Number>
  readonly MsgBody: Schema.optionalKey<typeof MsgBody>
  readonly MsgLifeTime: Schema.optionalKey<Schema.Number>
  readonly OnlineOnlyFlag: Schema.optionalKey<Schema.Number>
  readonly Condition: Schema.optionalKey<typeof Condition>
  readonly OfflinePushInfo: Schema.optionalKey<typeof OfflinePushInfo>
  readonly DataId: Schema.optionalKey<Schema.String>
}

/**
 * The push a task sends: push members for `All` / `Tag`, batch members (`To_Account`) for `User`.
 * `MsgRandom` is optional: the samples send none and the service reports one (it fills it in).
 */
export const SchedContent: OpenStruct<SchedContentFields> = Schema.StructWithRest(
  Schema.Struct({
    From_Account: opt(Account),
    To_Account: opt(AccountList),
    MsgRandom: opt(Schema.Number),
    MsgBody: opt(MsgBody),
    MsgLifeTime: opt(Schema.Number),
    OnlineOnlyFlag: opt(Schema.Number),
    Condition: opt(Condition),
    OfflinePushInfo: opt(OfflinePushInfo),
    DataId: opt(Schema.String),
  }),
  [Extra],
)

/** A decoded task `Content`. */
export type SchedContent = typeof SchedContent.Type

/** The sender as a task reports it: a string, or a number as in get_sched_task's sample. */
export const SchedSender: Schema.Union<readonly [Schema.String, Schema.Number]> = Schema.Union([Schema.String, Schema.Number])

/** A stored message element or `OfflinePushInfo`, reported as sent (not re-validated). */
export const StoredObject: Schema.$Record<Schema.String, Schema.Unknown> = Schema.Record(Schema.String, Schema.Unknown)

/** The members of a task `Content` as get_sched_task / list_sched_task report it. */
export type SchedContentInfoFields = {
  readonly From_Account: Schema.optionalKey<typeof SchedSender>
  readonly To_Account: Schema.optionalKey<typeof AccountList>
  readonly MsgRandom: Schema.optionalKey<Schema.Number>
  readonly MsgBody: Schema.optionalKey<Schema.$Array<typeof StoredObject>>
  readonly MsgLifeTime: Schema.optionalKey<Schema.Number>
  readonly OnlineOnlyFlag: Schema.optionalKey<Schema.Number>
  readonly Condition: Schema.optionalKey<typeof Condition>
  readonly OfflinePushInfo: Schema.optionalKey<typeof StoredObject>
  readonly DataId: Schema.optionalKey<Schema.String>
}

/**
 * A task's `Content` as get_sched_task / list_sched_task report it. A closed struct, like every
 * response here (an unknown member is dropped), so the client's compiled decoder reads it; the
 * message elements and `OfflinePushInfo` come back as sent, as plain objects.
 */
export const SchedContentInfo: Schema.Struct<SchedContentInfoFields> = Schema.Struct({
  From_Account: opt(SchedSender),
  To_Account: opt(AccountList),
  MsgRandom: opt(Schema.Number),
  MsgBody: opt(Schema.Array(StoredObject)),
  MsgLifeTime: opt(Schema.Number),
  OnlineOnlyFlag: opt(Schema.Number),
  Condition: opt(Condition),
  OfflinePushInfo: opt(StoredObject),
  DataId: opt(Schema.String),
})

/**
 * One task as get_sched_task and list_sched_task report it. `Status` is `pending` in the only
 * sample; the other values are not listed anywhere (docs/protocol/push-lifecycle.md#task-status),
 * so it is any string here. Only the members every reading needs are required.
 */
export const SchedTaskInfo: Schema.Struct<{
  readonly TaskID: Schema.Number
  readonly Sdkappid: Schema.optionalKey<Schema.Number>
  readonly CreateAt: Schema.optionalKey<Schema.String>
  readonly Type: Schema.String
  readonly SchedAt: Schema.String
  readonly Content: Schema.optionalKey<typeof SchedContentInfo>
  readonly Title: Schema.optionalKey<Schema.String>
  readonly Desc: Schema.optionalKey<Schema.String>
  readonly Status: Schema.String
  readonly DispatchSuccess: Schema.optionalKey<Schema.Number>
  readonly DispatchErr: Schema.optionalKey<Schema.String>
  readonly PushTaskID: Schema.optionalKey<Schema.String>
}> = Schema.Struct({
  TaskID: Schema.Number,
  Sdkappid: opt(Schema.Number),
  CreateAt: opt(Schema.String),
  Type: Schema.String,
  SchedAt: Schema.String,
  Content: opt(SchedContentInfo),
  Title: opt(Schema.String),
  Desc: opt(Schema.String),
  Status: Schema.String,
  DispatchSuccess: opt(Schema.Number),
  DispatchErr: opt(Schema.String),
  PushTaskID: opt(Schema.String),
})

/** A decoded `TaskInfo`. */
export type SchedTaskInfo = typeof SchedTaskInfo.Type

/** add_sched_task request. `Sdkappid` must equal the URL's `sdkappid` (90104). */
export const AddSchedTaskRequest: Schema.Struct<{
  readonly Sdkappid: Schema.Number
  readonly Type: typeof SchedType
  readonly SchedAt: Schema.String
  readonly Content: typeof SchedContent
}> = Schema.Struct({
  Sdkappid: Schema.Number,
  Type: SchedType,
  SchedAt: Schema.String,
  Content: SchedContent,
})

/** The `TaskID` member of the scheduled-task write answers. */
export type TaskIdField = { readonly TaskID: Schema.optionalKey<Schema.Number> }

/** add_sched_task response: envelope + the new `TaskID` (our reading; no page shows it). */
export const AddSchedTaskResponse: WithEnvelope<TaskIdField> = withEnvelope({ TaskID: opt(Schema.Number) })

/** modify_sched_task request: `Type` must be the task's; omitted `SchedAt` / `Content` stay as they are. */
export const ModifySchedTaskRequest: Schema.Struct<{
  readonly Sdkappid: Schema.Number
  readonly TaskID: Schema.Number
  readonly Type: typeof SchedType
  readonly SchedAt: Schema.optionalKey<Schema.String>
  readonly Content: Schema.optionalKey<typeof SchedContent>
}> = Schema.Struct({
  Sdkappid: Schema.Number,
  TaskID: Schema.Number,
  Type: SchedType,
  SchedAt: opt(Schema.String),
  Content: opt(SchedContent),
})

/** modify_sched_task response: envelope + `TaskID` (as delete's sample). */
export const ModifySchedTaskResponse: WithEnvelope<TaskIdField> = withEnvelope({ TaskID: opt(Schema.Number) })

/** delete_sched_task request: only `pending` tasks can be deleted (90106 dispatched, 90107 dispatching). */
export const DeleteSchedTaskRequest: Schema.Struct<{
  readonly Sdkappid: Schema.Number
  readonly TaskID: Schema.Number
  readonly Type: typeof SchedType
}> = Schema.Struct({
  Sdkappid: Schema.Number,
  TaskID: Schema.Number,
  Type: SchedType,
})

/** delete_sched_task response: envelope + `TaskID` (`0` in the FAIL sample). */
export const DeleteSchedTaskResponse: WithEnvelope<TaskIdField> = withEnvelope({ TaskID: opt(Schema.Number) })

/** get_sched_task request. */
export const GetSchedTaskRequest: Schema.Struct<{
  readonly Sdkappid: Schema.Number
  readonly TaskID: Schema.Number
}> = Schema.Struct({ Sdkappid: Schema.Number, TaskID: Schema.Number })

/** get_sched_task response: envelope + `TaskInfo`. */
export const GetSchedTaskResponse: WithEnvelope<{ readonly TaskInfo: Schema.optionalKey<typeof SchedTaskInfo> }> = withEnvelope({
  TaskInfo: opt(SchedTaskInfo),
})

/**
 * list_sched_task request. `OrderBy` is `createat`/`schedat` on the intl pages and
 * `createAt`/`schedAt` on the CN page; both spellings are accepted (rules.ts, the emulator).
 * `BeginTime` and `EndTime` go together (UTC, begin ≤ end); `Keyword` matches title or description.
 */
export const ListSchedTaskRequest: Schema.Struct<{
  readonly Sdkappid: Schema.Number
  readonly Offset: Schema.Number
  readonly Want: Schema.Number
  readonly OrderBy: Schema.String
  readonly Asc: Schema.Boolean
  readonly BeginTime: Schema.optionalKey<Schema.String>
  readonly EndTime: Schema.optionalKey<Schema.String>
  readonly Keyword: Schema.optionalKey<Schema.String>
}> = Schema.Struct({
  Sdkappid: Schema.Number,
  Offset: Schema.Number,
  Want: Schema.Number,
  OrderBy: Schema.String,
  Asc: Schema.Boolean,
  BeginTime: opt(Schema.String),
  EndTime: opt(Schema.String),
  Keyword: opt(Schema.String),
})

/** list_sched_task response: envelope + `Total` and one page of `Tasks`. */
export const ListSchedTaskResponse: WithEnvelope<{
  readonly Total: Schema.optionalKey<Schema.Number>
  readonly Tasks: Schema.optionalKey<Schema.$Array<typeof SchedTaskInfo>>
}> = withEnvelope({
  Total: opt(Schema.Number),
  Tasks: opt(Schema.Array(SchedTaskInfo)),
})
