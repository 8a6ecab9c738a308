/**
 * THE one place friendly names meet Tencent's wire names for push callbacks: the code tables
 * (stages, platforms, event types) and both directions of the event mapping. Parsing reads wire
 * events into friendly ones here; the request builder writes friendly events as wire ones here.
 *
 * @module
 */
import { fail } from "./errors.ts"
import { int, optInt, optStr, setOwn, str, type WireObject } from "./fields.ts"
import type {
  AllMemberPushEvent,
  AllMemberPushEventInit,
  OfflinePushEvent,
  OfflinePushEventInit,
  PushCallbackEvent,
  PushCallbackEventInit,
  PushPlatform,
  PushStage,
} from "./types.ts"
import type { AllMemberPushWireEvent, OfflinePushWireEvent, PushCallbackCommand } from "./wire.ts"

/** A documented integer code and its name, both ways. Undocumented codes stay numbers. */
interface CodeTable<Name extends string> {
  readonly name: (code: number) => Name | number
  readonly code: (value: Name | number, where: string) => number
}

const table = <Name extends string>(entries: ReadonlyArray<readonly [number, Name]>): CodeTable<Name> => {
  const byCode = new Map<number, Name>(entries)
  const byName = new Map<string, number>(entries.map(([c, n]) => [n, c]))
  return {
    name: (code) => byCode.get(code) ?? code,
    code: (value, where) => {
      if (typeof value === "number" && Number.isSafeInteger(value)) return value
      const c = typeof value === "string" ? byName.get(value) : undefined
      return c ?? fail("INVALID_INPUT", `${where} must be one of ${[...byName.keys()].join(", ")} or an integer code`)
    },
  }
}

// PushStage: https://trtc.io/document/67551 ("1: sent, 2: reached, 3: clicked"). Clicks are a
// stage, not an EventType (public code that reads EventType=3 as a click never sees one).
const stages: CodeTable<PushStage> = table([[1, "sent"], [2, "delivered"], [3, "clicked"]])
// PushPlatform and DeviceType share one code list. PushPlatform names the vendor channel of an
// offline push (0 for online ones); DeviceType names the device for online pushes (0 for offline
// ones). The DeviceType row's wording is a near copy of PushPlatform's, codes included.
const platforms: CodeTable<PushPlatform> = table([
  [0, "unknown"],
  [1, "apns"],
  [2, "xiaomi"],
  [3, "huawei"],
  [4, "fcm"],
  [5, "meizu"],
  [6, "oppo"],
  [7, "vivo"],
  [8, "honor"],
])
/**
 * The name of a `PushPlatform` / `DeviceType` code (0 `unknown`, 1 `apns` … 8 `honor`); an
 * undocumented code is returned as it is.
 *
 * @example
 * ```ts
 * import { pushPlatformName } from "tencent-chat-push/callbacks"
 *
 * pushPlatformName(3) // "huawei"
 * pushPlatformName(42) // 42
 * ```
 */
export const pushPlatformName = (code: number): PushPlatform | number => platforms.name(code)

/**
 * The name of a `PushStage` code (1 `sent`, 2 `delivered`, 3 `clicked`); an undocumented code is
 * returned as it is.
 *
 * @example
 * ```ts
 * import { pushStageName } from "tencent-chat-push/callbacks"
 *
 * pushStageName(3) // "clicked"
 * ```
 */
export const pushStageName = (code: number): PushStage | number => stages.name(code)

// EventType means different things per command.
const channels: CodeTable<"offline" | "online"> = table([[1, "offline"], [2, "online"]])
const chatTypes: CodeTable<"c2c" | "group"> = table([[1, "c2c"], [2, "group"]])

const allMemberFields: ReadonlySet<string> = new Set([
  "CallbackCommand", "EventType", "TaskId", "DataId", "TaskTime", "EventTime", "To_Account",
  "PushPlatform", "DeviceType", "PushStage", "ErrCode", "ErrInfo",
])
const offlineFields: ReadonlySet<string> = new Set([
  "CallbackCommand", "EventType", "EventTime", "From_Account", "To_Account", "PushPlatform",
  "PushStage", "MsgKey", "GroupID", "MsgSeq", "MsgRandom", "MsgTime", "PushID", "ErrCode", "ErrInfo",
])

const extraOf = (o: WireObject, known: ReadonlySet<string>): WireObject => {
  const extra: Record<string, unknown> = {}
  for (const k of Object.keys(o)) if (!known.has(k)) setOwn(extra, k, o[k])
  return extra
}

const optPlatform = (o: WireObject, key: string, where: string): PushPlatform | number | undefined => {
  const code = optInt(o, key, where)
  return code === undefined ? undefined : platforms.name(code)
}

/** Reads one wire event of `command` (already known to be an object) into its friendly form. */
export const eventFromWire = (command: PushCallbackCommand, o: WireObject, where: string): PushCallbackEvent => {
  // The URL's CallbackCommand names the batch; an event that names another is not Tencent's.
  if (o["CallbackCommand"] !== undefined && o["CallbackCommand"] !== command) {
    fail("MALFORMED_BODY", `${where}.CallbackCommand does not match the URL's CallbackCommand`)
  }
  if (command === "Push.AllMemberPush") {
    const e: AllMemberPushEvent = {
      command,
      channel: channels.name(int(o, "EventType", where)),
      taskId: str(o, "TaskId", where),
      dataId: optStr(o, "DataId", where),
      taskTime: int(o, "TaskTime", where),
      eventTime: int(o, "EventTime", where),
      userId: str(o, "To_Account", where),
      platform: platforms.name(int(o, "PushPlatform", where)),
      deviceType: optPlatform(o, "DeviceType", where),
      stage: stages.name(int(o, "PushStage", where)),
      errorCode: int(o, "ErrCode", where),
      errorInfo: optStr(o, "ErrInfo", where) ?? "",
      extra: extraOf(o, allMemberFields),
      wire: o,
    }
    return e
  }
  const e: OfflinePushEvent = {
    command,
    chatType: chatTypes.name(int(o, "EventType", where)),
    eventTime: int(o, "EventTime", where),
    fromUserId: optStr(o, "From_Account", where),
    userId: str(o, "To_Account", where),
    platform: platforms.name(int(o, "PushPlatform", where)),
    stage: stages.name(int(o, "PushStage", where)),
    msgKey: optStr(o, "MsgKey", where),
    groupId: optStr(o, "GroupID", where),
    msgSeq: optInt(o, "MsgSeq", where),
    msgRandom: optInt(o, "MsgRandom", where),
    msgTime: optInt(o, "MsgTime", where),
    pushId: optStr(o, "PushID", where),
    errorCode: int(o, "ErrCode", where),
    errorInfo: optStr(o, "ErrInfo", where) ?? "",
    extra: extraOf(o, offlineFields),
    wire: o,
  }
  return e
}

// Writing: the caller's values are checked strictly (this side produces the wire, so there is no
// drift to tolerate) and an undefined optional field is left out, as in Tencent's samples.
const wantInt = (v: unknown, where: string): number =>
  typeof v === "number" && Number.isSafeInteger(v) ? v : fail("INVALID_INPUT", `${where} must be an integer`)
const wantStr = (v: unknown, where: string): string =>
  typeof v === "string" ? v : fail("INVALID_INPUT", `${where} must be a string`)

const put = (out: Record<string, unknown>, key: string, v: unknown): void => {
  if (v !== undefined) out[key] = v
}

const addExtra = (out: Record<string, unknown>, extra: PushCallbackEventInit["extra"], known: ReadonlySet<string>, where: string): void => {
  if (extra === undefined) return
  for (const k of Object.keys(extra)) {
    if (known.has(k)) fail("INVALID_INPUT", `${where}.extra.${k} is a documented field; set it by its friendly name`)
    setOwn(out, k, extra[k])
  }
}

const allMemberToWire = (e: AllMemberPushEventInit, where: string): AllMemberPushWireEvent => {
  const out: Record<string, unknown> = {
    CallbackCommand: "Push.AllMemberPush",
    EventType: channels.code(e.channel, `${where}.channel`),
    TaskId: wantStr(e.taskId, `${where}.taskId`),
  }
  put(out, "DataId", e.dataId === undefined ? undefined : wantStr(e.dataId, `${where}.dataId`))
  out["TaskTime"] = wantInt(e.taskTime, `${where}.taskTime`)
  out["EventTime"] = wantInt(e.eventTime, `${where}.eventTime`)
  out["To_Account"] = wantStr(e.userId, `${where}.userId`)
  out["PushPlatform"] = platforms.code(e.platform, `${where}.platform`)
  put(out, "DeviceType", e.deviceType === undefined ? undefined : platforms.code(e.deviceType, `${where}.deviceType`))
  out["PushStage"] = stages.code(e.stage, `${where}.stage`)
  out["ErrCode"] = wantInt(e.errorCode ?? 0, `${where}.errorCode`)
  out["ErrInfo"] = wantStr(e.errorInfo ?? "", `${where}.errorInfo`)
  addExtra(out, e.extra, allMemberFields, where)
  return out as AllMemberPushWireEvent
}

const offlineToWire = (e: OfflinePushEventInit, where: string): OfflinePushWireEvent => {
  const optS = (v: string | undefined, name: string) => (v === undefined ? undefined : wantStr(v, `${where}.${name}`))
  const optI = (v: number | undefined, name: string) => (v === undefined ? undefined : wantInt(v, `${where}.${name}`))
  const out: Record<string, unknown> = {
    CallbackCommand: "Push.OfflinePush",
    EventType: chatTypes.code(e.chatType, `${where}.chatType`),
    EventTime: wantInt(e.eventTime, `${where}.eventTime`),
  }
  put(out, "From_Account", optS(e.fromUserId, "fromUserId"))
  out["To_Account"] = wantStr(e.userId, `${where}.userId`)
  out["PushPlatform"] = platforms.code(e.platform, `${where}.platform`)
  out["PushStage"] = stages.code(e.stage, `${where}.stage`)
  put(out, "MsgKey", optS(e.msgKey, "msgKey"))
  put(out, "GroupID", optS(e.groupId, "groupId"))
  put(out, "MsgSeq", optI(e.msgSeq, "msgSeq"))
  put(out, "MsgRandom", optI(e.msgRandom, "msgRandom"))
  put(out, "MsgTime", optI(e.msgTime, "msgTime"))
  put(out, "PushID", optS(e.pushId, "pushId"))
  out["ErrCode"] = wantInt(e.errorCode ?? 0, `${where}.errorCode`)
  out["ErrInfo"] = wantStr(e.errorInfo ?? "", `${where}.errorInfo`)
  addExtra(out, e.extra, offlineFields, where)
  return out as OfflinePushWireEvent
}

/** Writes one friendly event as its wire form, in the field order of Tencent's samples. */
export const eventToWire = (e: PushCallbackEventInit, where: string): AllMemberPushWireEvent | OfflinePushWireEvent => {
  if (typeof e !== "object" || e === null) return fail("INVALID_INPUT", `${where} must be an event object`)
  if (e.command === "Push.AllMemberPush") return allMemberToWire(e, where)
  if (e.command === "Push.OfflinePush") return offlineToWire(e, where)
  return fail("INVALID_INPUT", `${where}.command must be Push.AllMemberPush or Push.OfflinePush`)
}
