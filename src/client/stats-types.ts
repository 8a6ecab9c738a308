/**
 * Public input and output shapes of the statistics, loss and trace methods. stats-wire.ts turns
 * them into Tencent's wire names and back, tolerating the documented defects (string `ErrCode`,
 * `last_active_terminal`, `"sucess"`).
 *
 * @module
 */
import type { TimeInput } from "./sched-types.ts"

/**
 * The time range of a statistics or loss query. `to` defaults to now and `from` to `to` minus
 * the longest documented range (30 days for statistics, 7 for loss); a longer range fails
 * locally with `ChatRequestError` rule `stats_window`. Times are sent as unix seconds.
 *
 * @example
 * ```ts
 * import type { StatsRange } from "tencent-chat-push/client"
 *
 * const lastDay: StatsRange = { from: Date.now() - 86_400_000 }
 * ```
 */
export interface StatsRange {
  /** Start of the range (default: `to` minus the longest documented range). */
  readonly from?: TimeInput | undefined
  /** End of the range (default: now). */
  readonly to?: TimeInput | undefined
}

/**
 * A query about push tasks (all users, tags, `pushToUsers`): up to 5 task ids, or none for
 * the figures of every task together.
 *
 * @example
 * ```ts
 * import type { PushStatsQuery } from "tencent-chat-push/client"
 *
 * const query: PushStatsQuery = { taskIds: ["<TaskId from push>"], from: new Date("2026-11-01T00:00:00Z") }
 * ```
 */
export interface PushStatsQuery extends StatsRange {
  /** Push `TaskId`s (at most 5); absent or empty: overall figures. */
  readonly taskIds?: ReadonlyArray<string> | undefined
}

/**
 * Delivery counts: recipients, sent, delivered, clicked.
 *
 * @example
 * ```ts
 * import type { PushCounts } from "tencent-chat-push/client"
 *
 * const clickRate = (c: PushCounts) => (c.delivered === 0 ? 0 : c.clicked / c.delivered)
 * ```
 */
export interface PushCounts {
  /** Recipients (`TotalCount`). */
  readonly total: number
  /** Sent (`SentCount`). */
  readonly sent: number
  /** Delivered (`DeliveredCount`). */
  readonly delivered: number
  /** Clicked (`ClickCount`). */
  readonly clicked: number
}

/**
 * Counts of one platform. `platform` is Tencent's `PushPlatform` number (0–8, see the callbacks
 * module's names); `eventType` is 1 (offline push) or 2 (online), when reported.
 *
 * @example
 * ```ts
 * import type { PushPlatformCounts } from "tencent-chat-push/client"
 *
 * const apns = (rows: ReadonlyArray<PushPlatformCounts>) => rows.filter((r) => r.platform === 1)
 * ```
 */
export interface PushPlatformCounts extends PushCounts {
  /** `PushPlatform`. */
  readonly platform: number
  /** `EventType` (1 offline, 2 online), when reported. */
  readonly eventType: number | undefined
}

/**
 * Counts of one push task (or of all tasks together, `taskId` undefined).
 *
 * @example
 * ```ts
 * import type { PushStatistics } from "tencent-chat-push/client"
 *
 * const line = (s: PushStatistics) => `${s.taskId ?? "all"}: ${s.delivered}/${s.total} delivered`
 * ```
 */
export interface PushStatistics extends PushCounts {
  /** The task (`TaskID`), or `undefined` for overall figures. */
  readonly taskId: string | undefined
  /** Per platform. */
  readonly platforms: ReadonlyArray<PushPlatformCounts>
}

/**
 * Counts of ordinary message pushes (one-to-one and group messages) in a range.
 *
 * @example
 * ```ts
 * import type { MessagePushStatistics } from "tencent-chat-push/client"
 *
 * const delivered = (s: MessagePushStatistics) => s.delivered
 * ```
 */
export interface MessagePushStatistics extends PushCounts {
  /** Per platform. */
  readonly platforms: ReadonlyArray<PushPlatformCounts>
}

/**
 * One loss bucket: recipients lost for one reason. `code` is Tencent's `ErrCode` as text: the
 * docs send it as a string (`"-1"`, `"410"`), and a number is turned into its decimal text, so
 * one type serves both.
 *
 * @example
 * ```ts
 * import type { LossBucket } from "tencent-chat-push/client"
 *
 * const noToken = (b: LossBucket) => b.code === "-2"
 * ```
 */
export interface LossBucket {
  /** `ErrCode`, as text. */
  readonly code: string
  /** Recipients lost (`ErrCount`). */
  readonly count: number
  /** `ErrInfo`, when given. */
  readonly info: string | undefined
}

/**
 * A loss bucket of one platform.
 *
 * @example
 * ```ts
 * import type { PlatformLossBucket } from "tencent-chat-push/client"
 *
 * const fcm = (rows: ReadonlyArray<PlatformLossBucket>) => rows.filter((r) => r.platform === 8)
 * ```
 */
export interface PlatformLossBucket extends LossBucket {
  /** `PushPlatform`. */
  readonly platform: number
  /** `EventType`, when reported. */
  readonly eventType: number | undefined
}

/**
 * Where recipients were lost: before sending (`ReadyToSendLoss`, e.g. no token) and after
 * sending, before delivery (`PostSendDeliveredLoss`), overall and per platform.
 *
 * @example
 * ```ts
 * import type { PushLoss } from "tencent-chat-push/client"
 *
 * const lost = (l: PushLoss) => [...l.beforeSending, ...l.afterSending].reduce((n, b) => n + b.count, 0)
 * ```
 */
export interface PushLoss {
  /** The task (`TaskID`), or `undefined` for overall or message-push figures. */
  readonly taskId: string | undefined
  /** `ReadyToSendLoss`. */
  readonly beforeSending: ReadonlyArray<LossBucket>
  /** `PostSendDeliveredLoss`. */
  readonly afterSending: ReadonlyArray<LossBucket>
  /** `PlatformReadyToSendLoss`. */
  readonly platformBeforeSending: ReadonlyArray<PlatformLossBucket>
  /** `PlatformPostSendDeliveredLoss`. */
  readonly platformAfterSending: ReadonlyArray<PlatformLossBucket>
}

/**
 * One step of a trace (`IMStat`, `OfflineStat`, `ChannelStat`, `DeviceStat`, or another the
 * service reports). `code` is the step's `ErrorCode` as text (a number or a string on the wire).
 *
 * @example
 * ```ts
 * import type { PushTraceStep } from "tencent-chat-push/client"
 *
 * const failed = (s: PushTraceStep) => s.code !== undefined && s.code !== "0"
 * ```
 */
export interface PushTraceStep {
  /** The step's wire name (`IMStat`, `OfflineStat`, `ChannelStat`, `DeviceStat`, ...). */
  readonly step: string
  /** `PushStatus`, when reported. */
  readonly status: number | undefined
  /** `ErrorCode` as text, when reported. */
  readonly code: string | undefined
  /** `ErrorInfo`, when reported. */
  readonly info: string | undefined
  /** `EventTime` (UTC text), when reported. */
  readonly time: string | undefined
}

/**
 * One device instance's trace of a push. `raw` is the decoded wire entry (with `Token`, `CertId`
 * and the step groups as Tencent names them).
 *
 * @example
 * ```ts
 * import type { PushTrace } from "tencent-chat-push/client"
 *
 * const lastStep = (t: PushTrace) => t.steps.at(-1)?.step
 * ```
 */
export interface PushTrace {
  /** `InstanceId`. */
  readonly instanceId: string | undefined
  /** `PushTime`. */
  readonly pushTime: string | undefined
  /** `DeviceModel`. */
  readonly deviceModel: string | undefined
  /** `System`. */
  readonly system: string | undefined
  /** `SystemVersion`. */
  readonly systemVersion: string | undefined
  /** `EventType`. */
  readonly eventType: number | undefined
  /** `PushPlatform`. */
  readonly platform: number | undefined
  /** `NotificationStatus`. */
  readonly notificationStatus: number | undefined
  /** `last_active_terminal` (the one snake_case member of the answer). */
  readonly lastActiveTerminal: number | undefined
  /** `SdkVersion`. */
  readonly sdkVersion: string | undefined
  /** `PushVersion`. */
  readonly pushVersion: string | undefined
  /** The steps in order: `IMCommitStat`'s, then `OfflinePushStat`'s. */
  readonly steps: ReadonlyArray<PushTraceStep>
  /** The wire entry as decoded (the catalogue's schema keeps the documented members). */
  readonly raw: { readonly [key: string]: unknown }
}
