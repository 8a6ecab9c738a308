/**
 * Wire schemas for push statistics, loss analysis and traces: all_member_push_statistics /
 * _loss / _trace (pushes to everyone, by tag, and `batch`) and normal_push_statistics / _loss /
 * _trace (ordinary one-to-one and group message pushes)
 * (docs/protocol/push-lifecycle.md#statistics-loss-and-traces).
 *
 * Read leniently, because the pages show defects a strict reader would trip on:
 * - loss entries carry `ErrCode` as a string (`"-1"`, `"410"`) while every other code is an
 *   integer: a string or a number is accepted;
 * - trace steps carry `ErrorCode`: an integer in the samples, a string or number accepted alike;
 * - traces have one snake_case member, `last_active_terminal`, kept under that exact name;
 * - the samples answer `"ErrorInfo": "sucess"` (sic) on success: `ErrorInfo` is any string, and
 *   success is read from `ErrorCode` alone, as everywhere.
 * - the statistics `TaskID` is marked required yet "leave blank for overall statistics": it is
 *   optional here; the client always sends it (`[]` for the overall figures).
 *
 * @module
 */
import * as Schema from "effect/Schema"
import type { WithEnvelope } from "../envelope.ts"
import { withEnvelope } from "../envelope.ts"

const opt = Schema.optionalKey
const Num = Schema.Number
const Str = Schema.String

/** A code Tencent writes as a string in some answers and as a number in others. */
export const LooseCode: Schema.Union<readonly [Schema.String, Schema.Number]> = Schema.Union([Schema.String, Schema.Number])

/** The time range of a statistics or loss query: unix seconds, start ≤ end. */
export type RangeFields = { readonly StartTime: Schema.Number; readonly EndTime: Schema.Number }

/** all_member_push_statistics / all_member_push_loss request: a time range and 0–5 TaskIDs (none: overall). */
export const TaskStatsRequest: Schema.Struct<RangeFields & { readonly TaskID: Schema.optionalKey<Schema.$Array<Schema.String>> }> =
  Schema.Struct({ StartTime: Num, EndTime: Num, TaskID: opt(Schema.Array(Str)) })

/** normal_push_statistics / normal_push_loss request: a time range. */
export const RangeRequest: Schema.Struct<RangeFields> = Schema.Struct({ StartTime: Num, EndTime: Num })

/** The four counts of a statistics entry: recipients, sent, delivered, clicked. */
export type CountFields = {
  readonly TotalCount: Schema.Number
  readonly SentCount: Schema.Number
  readonly DeliveredCount: Schema.Number
  readonly ClickCount: Schema.Number
}

const counts = { TotalCount: Num, SentCount: Num, DeliveredCount: Num, ClickCount: Num }

/** Counts of one platform (`EventType` 1 offline / 2 online; `PushPlatform` 0–8). */
export const PlatformStatistics: Schema.Struct<
  CountFields & { readonly EventType: Schema.optionalKey<Schema.Number>; readonly PushPlatform: Schema.Number }
> = Schema.Struct({ EventType: opt(Num), PushPlatform: Num, ...counts })

/** One task's counts: recipients (`TotalCount`), sent, delivered, clicked, and per platform. */
export const TaskStatistics: Schema.Struct<
  CountFields & {
    readonly TaskID: Schema.optionalKey<Schema.String>
    readonly PlatformStatistics: Schema.optionalKey<Schema.$Array<typeof PlatformStatistics>>
  }
> = Schema.Struct({ TaskID: opt(Str), ...counts, PlatformStatistics: opt(Schema.Array(PlatformStatistics)) })

/** all_member_push_statistics response: one `Results` entry per task (one overall entry without TaskIDs). */
export const TaskStatisticsResponse: WithEnvelope<{ readonly Results: Schema.optionalKey<Schema.$Array<typeof TaskStatistics>> }> =
  withEnvelope({ Results: opt(Schema.Array(TaskStatistics)) })

/** normal_push_statistics response: the counts at the top level. */
export const NormalStatisticsResponse: WithEnvelope<{
  readonly TotalCount: Schema.optionalKey<Schema.Number>
  readonly SentCount: Schema.optionalKey<Schema.Number>
  readonly DeliveredCount: Schema.optionalKey<Schema.Number>
  readonly ClickCount: Schema.optionalKey<Schema.Number>
  readonly PlatformStatistics: Schema.optionalKey<Schema.$Array<typeof PlatformStatistics>>
}> = withEnvelope({
  TotalCount: opt(Num),
  SentCount: opt(Num),
  DeliveredCount: opt(Num),
  ClickCount: opt(Num),
  PlatformStatistics: opt(Schema.Array(PlatformStatistics)),
})

/** One loss bucket: an error code, how many recipients, and its text. */
export type LossFields = {
  readonly ErrCode: typeof LooseCode
  readonly ErrCount: Schema.Number
  readonly ErrInfo: Schema.optionalKey<Schema.String>
}

/** One loss bucket: an error code (a string in the samples), how many recipients, and its text. */
export const LossEntry: Schema.Struct<LossFields> = Schema.Struct({ ErrCode: LooseCode, ErrCount: Num, ErrInfo: opt(Str) })

/** One loss bucket of one platform. */
export const PlatformLossEntry: Schema.Struct<
  LossFields & { readonly EventType: Schema.optionalKey<Schema.Number>; readonly PushPlatform: Schema.Number }
> = Schema.Struct({ EventType: opt(Num), PushPlatform: Num, ErrCode: LooseCode, ErrCount: Num, ErrInfo: opt(Str) })

/** The four loss lists: before sending and after sending (before delivery), overall and per platform. */
export type LossListFields = {
  readonly ReadyToSendLoss: Schema.optionalKey<Schema.$Array<typeof LossEntry>>
  readonly PostSendDeliveredLoss: Schema.optionalKey<Schema.$Array<typeof LossEntry>>
  readonly PlatformReadyToSendLoss: Schema.optionalKey<Schema.$Array<typeof PlatformLossEntry>>
  readonly PlatformPostSendDeliveredLoss: Schema.optionalKey<Schema.$Array<typeof PlatformLossEntry>>
}

const lossLists = {
  ReadyToSendLoss: opt(Schema.Array(LossEntry)),
  PostSendDeliveredLoss: opt(Schema.Array(LossEntry)),
  PlatformReadyToSendLoss: opt(Schema.Array(PlatformLossEntry)),
  PlatformPostSendDeliveredLoss: opt(Schema.Array(PlatformLossEntry)),
}

/** One task's losses: before sending (`ReadyToSendLoss`) and after sending, before delivery. */
export const TaskLoss: Schema.Struct<LossListFields & { readonly TaskID: Schema.optionalKey<Schema.String> }> = Schema.Struct({
  TaskID: opt(Str),
  ...lossLists,
})

/** all_member_push_loss response: one `Results` entry per task. */
export const TaskLossResponse: WithEnvelope<{ readonly Results: Schema.optionalKey<Schema.$Array<typeof TaskLoss>> }> = withEnvelope({
  Results: opt(Schema.Array(TaskLoss)),
})

/** normal_push_loss response: the loss lists at the top level (no page shows it; our reading). */
export const NormalLossResponse: WithEnvelope<LossListFields> = withEnvelope(lossLists)

/** The members of one trace step: status, code, text, time. */
export type TraceStepFields = {
  readonly PushStatus: Schema.optionalKey<Schema.Number>
  readonly ErrorCode: Schema.optionalKey<typeof LooseCode>
  readonly ErrorInfo: Schema.optionalKey<Schema.String>
  readonly EventTime: Schema.optionalKey<Schema.String>
}

/** One step of a trace (`IMStat`, `OfflineStat`, `ChannelStat`, `DeviceStat`...): status, code, text, time (UTC text). */
export const TraceStep: Schema.Struct<TraceStepFields> = Schema.Struct({
  PushStatus: opt(Num),
  ErrorCode: opt(LooseCode),
  ErrorInfo: opt(Str),
  EventTime: opt(Str),
})

/**
 * A group of steps by name: `IMCommitStat` holds `IMStat`; `OfflinePushStat` holds `OfflineStat`,
 * `ChannelStat`, `DeviceStat` and, past the end of our copies of the sample, possibly more: every
 * step is kept under its own name.
 */
export const TraceSteps: Schema.$Record<Schema.String, typeof TraceStep> = Schema.Record(Str, TraceStep)

/** One device instance's trace of a push (a closed struct, like every response: unknown members are dropped). */
export const InstanceTrace: Schema.Struct<{
  readonly InstanceId: Schema.optionalKey<Schema.String>
  readonly PushTime: Schema.optionalKey<Schema.String>
  readonly DeviceModel: Schema.optionalKey<Schema.String>
  readonly System: Schema.optionalKey<Schema.String>
  readonly SystemVersion: Schema.optionalKey<Schema.String>
  readonly EventType: Schema.optionalKey<Schema.Number>
  readonly PushPlatform: Schema.optionalKey<Schema.Number>
  readonly Token: Schema.optionalKey<Schema.String>
  readonly CertId: Schema.optionalKey<Schema.String>
  readonly SdkVersion: Schema.optionalKey<Schema.String>
  readonly PushVersion: Schema.optionalKey<Schema.String>
  readonly NotificationStatus: Schema.optionalKey<Schema.Number>
  readonly last_active_terminal: Schema.optionalKey<Schema.Number>
  readonly IMCommitStat: Schema.optionalKey<typeof TraceSteps>
  readonly OfflinePushStat: Schema.optionalKey<typeof TraceSteps>
}> = Schema.Struct({
  InstanceId: opt(Str),
  PushTime: opt(Str),
  DeviceModel: opt(Str),
  System: opt(Str),
  SystemVersion: opt(Str),
  EventType: opt(Num),
  PushPlatform: opt(Num),
  Token: opt(Str),
  CertId: opt(Str),
  SdkVersion: opt(Str),
  PushVersion: opt(Str),
  NotificationStatus: opt(Num),
  last_active_terminal: opt(Num),
  IMCommitStat: opt(TraceSteps),
  OfflinePushStat: opt(TraceSteps),
})

/** all_member_push_trace request: one task and one recipient. */
export const TaskTraceRequest: Schema.Struct<{ readonly TaskID: Schema.String; readonly UserID: Schema.String }> = Schema.Struct({
  TaskID: Str,
  UserID: Str,
})

/** normal_push_trace request: a message push's `PushID` (as in `Push.OfflinePush` callbacks). */
export const NormalTraceRequest: Schema.Struct<{ readonly PushID: Schema.String }> = Schema.Struct({ PushID: Str })

/** Trace response (both commands): one `InstanceTrace` entry per device instance. */
export const TraceResponse: WithEnvelope<{ readonly InstanceTrace: Schema.optionalKey<Schema.$Array<typeof InstanceTrace>> }> = withEnvelope({
  InstanceTrace: opt(Schema.Array(InstanceTrace)),
})
