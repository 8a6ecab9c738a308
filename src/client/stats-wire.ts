/**
 * Where the statistics, loss and trace methods meet Tencent's wire names (the counterpart of
 * wire-map.ts for the six push-data commands). The catalogue's schemas already accept the
 * documented defects; this file reads them into one shape each:
 * - loss `ErrCode` arrives as a string (`"-1"`, `"410"`) and trace `ErrorCode` as a number:
 *   both become text, so a caller compares one type;
 * - `last_active_terminal` (snake_case among PascalCase) becomes `lastActiveTerminal`;
 * - `"ErrorInfo": "sucess"` (sic) needs nothing: success is read from `ErrorCode` alone.
 *
 * @module
 */
import type * as Api from "../api/mod.ts"
import type { ResponseOf } from "../api/mod.ts"
import type {
  LossBucket,
  MessagePushStatistics,
  PushPlatformCounts,
  PlatformLossBucket,
  PushLoss,
  PushStatistics,
  PushTrace,
  PushTraceStep,
} from "./stats-types.ts"

type InstanceTrace = typeof Api.InstanceTrace.Type
type LossEntry = typeof Api.LossEntry.Type
type PlatformLossEntry = typeof Api.PlatformLossEntry.Type
type PlatformStatistics = typeof Api.PlatformStatistics.Type
type TaskLoss = typeof Api.TaskLoss.Type
type WireTraceStep = typeof Api.TraceStep.Type

const platformCounts = (p: PlatformStatistics): PushPlatformCounts => ({
  platform: p.PushPlatform,
  eventType: p.EventType,
  total: p.TotalCount,
  sent: p.SentCount,
  delivered: p.DeliveredCount,
  clicked: p.ClickCount,
})

/** all_member_push_statistics answer: one entry per task (one overall entry without TaskIDs). */
export const pushStatisticsOf = (res: ResponseOf<"all_member_push_statistics">): ReadonlyArray<PushStatistics> =>
  (res.Results ?? []).map((r) => ({
    taskId: r.TaskID === undefined || r.TaskID === "" ? undefined : r.TaskID,
    total: r.TotalCount,
    sent: r.SentCount,
    delivered: r.DeliveredCount,
    clicked: r.ClickCount,
    platforms: (r.PlatformStatistics ?? []).map(platformCounts),
  }))

/** normal_push_statistics answer (counts at the top level; absent counts are 0). */
export const messagePushStatisticsOf = (res: ResponseOf<"normal_push_statistics">): MessagePushStatistics => ({
  total: res.TotalCount ?? 0,
  sent: res.SentCount ?? 0,
  delivered: res.DeliveredCount ?? 0,
  clicked: res.ClickCount ?? 0,
  platforms: (res.PlatformStatistics ?? []).map(platformCounts),
})

const codeText = (c: string | number | undefined): string | undefined => (c === undefined ? undefined : String(c))

const bucket = (e: LossEntry): LossBucket => ({ code: String(e.ErrCode), count: e.ErrCount, info: e.ErrInfo })
const platformBucket = (e: PlatformLossEntry): PlatformLossBucket => ({ ...bucket(e), platform: e.PushPlatform, eventType: e.EventType })

type LossLists = Omit<TaskLoss, "TaskID">

const lossOf = (taskId: string | undefined, l: LossLists): PushLoss => ({
  taskId: taskId === "" ? undefined : taskId,
  beforeSending: (l.ReadyToSendLoss ?? []).map(bucket),
  afterSending: (l.PostSendDeliveredLoss ?? []).map(bucket),
  platformBeforeSending: (l.PlatformReadyToSendLoss ?? []).map(platformBucket),
  platformAfterSending: (l.PlatformPostSendDeliveredLoss ?? []).map(platformBucket),
})

/** all_member_push_loss answer: one entry per task. */
export const pushLossOf = (res: ResponseOf<"all_member_push_loss">): ReadonlyArray<PushLoss> =>
  (res.Results ?? []).map((r) => lossOf(r.TaskID, r))

/** normal_push_loss answer (the lists at the top level). */
export const messagePushLossOf = (res: ResponseOf<"normal_push_loss">): PushLoss => lossOf(undefined, res)

/** The steps of one group (`IMCommitStat`, `OfflinePushStat`), in the order the service wrote them. */
const stepsOf = (group: { readonly [step: string]: WireTraceStep } | undefined): Array<PushTraceStep> =>
  Object.entries(group ?? {}).map(([step, s]) => ({
    step,
    status: s.PushStatus,
    code: codeText(s.ErrorCode),
    info: s.ErrorInfo,
    time: s.EventTime,
  }))

const traceOf = (t: InstanceTrace): PushTrace => ({
  instanceId: t.InstanceId,
  pushTime: t.PushTime,
  deviceModel: t.DeviceModel,
  system: t.System,
  systemVersion: t.SystemVersion,
  eventType: t.EventType,
  platform: t.PushPlatform,
  notificationStatus: t.NotificationStatus,
  lastActiveTerminal: t.last_active_terminal,
  sdkVersion: t.SdkVersion,
  pushVersion: t.PushVersion,
  steps: [...stepsOf(t.IMCommitStat), ...stepsOf(t.OfflinePushStat)],
  raw: t,
})

/** all_member_push_trace / normal_push_trace answer: one entry per device instance. */
export const tracesOf = (res: ResponseOf<"all_member_push_trace"> | ResponseOf<"normal_push_trace">): ReadonlyArray<PushTrace> =>
  (res.InstanceTrace ?? []).map(traceOf)
