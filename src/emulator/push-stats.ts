/**
 * Statistics, loss analysis and traces, read from the simulated deliveries (task-sim.ts): the
 * same events the emulator sends as callbacks, so a receiver that counts its callbacks gets
 * exactly these figures.
 *
 * - Counts: `TotalCount` = stage-1 events (every recipient reached by the task), `SentCount` =
 *   stage-1 events with `ErrCode` 0, `DeliveredCount` = stage-2 events with `ErrCode` 0,
 *   `ClickCount` = stage-3 events; per platform by (`EventType`, `PushPlatform`).
 * - Loss: `ReadyToSendLoss` = failed stage-1 events, `PostSendDeliveredLoss` = failed stage-2
 *   events, by code (written as a string, as the docs' sample does).
 * - Trace: one device instance per recipient; its steps are the stages that have happened.
 *
 * @module
 */
import { formatSchedTime } from "../api/mod.ts"
import { hash32 } from "./outcomes.ts"
import type { CountBucket, StageNumber, TaskSim } from "./task-sim.ts"

/** The counts of one channel and platform (`EventType` 1 offline / 2 online, `PushPlatform` 0–8). */
export interface PlatformCounts {
  /** 1 offline, 2 online. */
  EventType: number
  /** The vendor channel (0 for online pushes). */
  PushPlatform: number
  /** Recipients reached. */
  TotalCount: number
  /** Sent. */
  SentCount: number
  /** Delivered. */
  DeliveredCount: number
  /** Clicked. */
  ClickCount: number
}
type Platform = PlatformCounts
type Loss = { ErrCode: string; ErrCount: number; ErrInfo: string }
type PlatformLoss = { EventType: number; PushPlatform: number; ErrCode: string; ErrCount: number; ErrInfo: string }

/** The counts of a set of tasks, wire names (`TaskID` not included). */
export interface WireCounts {
  /** Recipients reached (stage-1 events). */
  TotalCount: number
  /** Stage-1 events with `ErrCode` 0. */
  SentCount: number
  /** Stage-2 events with `ErrCode` 0. */
  DeliveredCount: number
  /** Stage-3 events. */
  ClickCount: number
  /** The same counts per (`EventType`, `PushPlatform`). */
  PlatformStatistics: Array<PlatformCounts>
}

/** The loss lists of a set of tasks, wire names. */
export interface WireLoss {
  ReadyToSendLoss: Array<Loss>
  PostSendDeliveredLoss: Array<Loss>
  PlatformReadyToSendLoss: Array<PlatformLoss>
  PlatformPostSendDeliveredLoss: Array<PlatformLoss>
}

const bucketsOf = (sims: ReadonlyArray<TaskSim>): Array<CountBucket> => sims.flatMap((s) => s.buckets())

const byPlatform = (a: { EventType: number; PushPlatform: number }, b: { EventType: number; PushPlatform: number }): number =>
  a.EventType - b.EventType || a.PushPlatform - b.PushPlatform

/** Counts over `sims` (empty: all zero). */
export const countsOf = (sims: ReadonlyArray<TaskSim>): WireCounts => {
  const out: WireCounts = { TotalCount: 0, SentCount: 0, DeliveredCount: 0, ClickCount: 0, PlatformStatistics: [] }
  const platforms = new Map<string, Platform>()
  for (const b of bucketsOf(sims)) {
    const key = `${b.eventType}|${b.pushPlatform}`
    let p = platforms.get(key)
    if (p === undefined) {
      p = { EventType: b.eventType, PushPlatform: b.pushPlatform, TotalCount: 0, SentCount: 0, DeliveredCount: 0, ClickCount: 0 }
      platforms.set(key, p)
    }
    const ok = b.errorCode === 0
    const add = (field: "TotalCount" | "SentCount" | "DeliveredCount" | "ClickCount") => {
      out[field] += b.count
      p[field] += b.count
    }
    if (b.stage === 1) {
      add("TotalCount")
      if (ok) add("SentCount")
    } else if (b.stage === 2 && ok) add("DeliveredCount")
    else if (b.stage === 3 && ok) add("ClickCount")
  }
  out.PlatformStatistics = [...platforms.values()].sort(byPlatform)
  return out
}

const lossList = (buckets: ReadonlyArray<CountBucket>, stage: StageNumber): Array<Loss> => {
  const m = new Map<number, Loss>()
  for (const b of buckets) {
    if (b.stage !== stage || b.errorCode === 0) continue
    const l = m.get(b.errorCode)
    if (l !== undefined) l.ErrCount += b.count
    else m.set(b.errorCode, { ErrCode: String(b.errorCode), ErrCount: b.count, ErrInfo: b.errorInfo })
  }
  return [...m.values()].sort((a, b) => Number(a.ErrCode) - Number(b.ErrCode))
}

const platformLossList = (buckets: ReadonlyArray<CountBucket>, stage: StageNumber): Array<PlatformLoss> => {
  const m = new Map<string, PlatformLoss>()
  for (const b of buckets) {
    if (b.stage !== stage || b.errorCode === 0) continue
    const key = `${b.eventType}|${b.pushPlatform}|${b.errorCode}`
    const l = m.get(key)
    if (l !== undefined) l.ErrCount += b.count
    else m.set(key, { EventType: b.eventType, PushPlatform: b.pushPlatform, ErrCode: String(b.errorCode), ErrCount: b.count, ErrInfo: b.errorInfo })
  }
  return [...m.values()].sort((a, b) => byPlatform(a, b) || Number(a.ErrCode) - Number(b.ErrCode))
}

/** Loss lists over `sims`. */
export const lossOf = (sims: ReadonlyArray<TaskSim>): WireLoss => {
  const buckets = bucketsOf(sims)
  return {
    ReadyToSendLoss: lossList(buckets, 1),
    PostSendDeliveredLoss: lossList(buckets, 2),
    PlatformReadyToSendLoss: platformLossList(buckets, 1),
    PlatformPostSendDeliveredLoss: platformLossList(buckets, 2),
  }
}

const systems: Record<number, readonly [string, string, string]> = {
  1: ["iOS", "17.5", "iPhone15,2"],
  2: ["Android", "14", "Xiaomi 23127PN0CC"],
  3: ["Android", "12", "HUAWEI ALN-AL00"],
  4: ["Android", "14", "Pixel 8"],
  5: ["Android", "13", "MEIZU 21"],
  6: ["Android", "14", "OPPO PHZ110"],
  7: ["Android", "14", "vivo V2309A"],
  8: ["Android", "14", "HONOR BVL-AN00"],
}

const step = (status: number, code: number, info: string, epochSeconds: number) => ({
  PushStatus: status,
  ErrorCode: code,
  ErrorInfo: info === "" ? "success" : info,
  EventTime: formatSchedTime(epochSeconds * 1000),
})

/**
 * The trace of `userId` in `sim` at `now`: one instance (the user's simulated device) with the
 * steps that have happened: `IMStat` (the task reached the user in Chat, at the task's time),
 * `OfflineStat` and `ChannelStat` (stage 1: handed to the channel, or why not), `DeviceStat`
 * (stage 2: delivered, or the vendor's refusal). Empty when the user was not a recipient.
 */
export const traceOf = (sim: TaskSim, userId: string, accountId: number | undefined, now: number, recalledAt: number | undefined) => {
  if (accountId === undefined || !sim.isRecipient(accountId)) return []
  const { device, online } = sim.deviceOf(userId)
  const [system, version, model] = systems[device] ?? ["Android", "", ""]
  const seen = (stage: StageNumber) => {
    if (now < sim.dueAt(stage) || !sim.happens(stage, recalledAt)) return undefined
    const e = sim.eventFor(stage, userId)
    return e !== undefined && now >= e.eventTime * 1000 ? e : undefined
  }
  const sent = seen(1)
  const delivered = seen(2)
  const offline: Record<string, ReturnType<typeof step>> = {}
  if (sent !== undefined) {
    offline["OfflineStat"] = step(sent.errorCode === 0 ? 1 : 0, sent.errorCode, sent.errorInfo, sent.eventTime)
    if (sent.errorCode === 0) offline["ChannelStat"] = step(1, 0, "", sent.eventTime)
  }
  if (delivered !== undefined) offline["DeviceStat"] = step(delivered.errorCode === 0 ? 1 : 0, delivered.errorCode, delivered.errorInfo, delivered.eventTime)
  return [{
    InstanceId: String(hash32(`instance:${userId}`) % 1e9),
    PushTime: formatSchedTime(sim.createdAt),
    DeviceModel: model,
    System: system,
    SystemVersion: version,
    EventType: online ? 2 : 1,
    PushPlatform: online ? 0 : device,
    Token: `emulated-token-${device}`,
    CertId: "0",
    SdkVersion: "8.0.1",
    PushVersion: "8.0.1",
    NotificationStatus: 1,
    last_active_terminal: 1,
    IMCommitStat: { IMStat: step(1, 0, "", sim.taskTime) },
    ...(Object.keys(offline).length > 0 ? { OfflinePushStat: offline } : {}),
  }]
}
