// The friendly side of push callbacks: what parsing returns and what the request builder takes.
// Tencent's names live in wire.ts; wire-map.ts is the only place the two meet.
/**
 * How far a push got: `PushStage` 1, 2, 3. A code the docs do not define arrives as its number,
 * so nothing is lost.
 *
 * @example
 * ```ts
 * import type { PushStage } from "tencent-chat-push/callbacks"
 *
 * const reached = (s: PushStage | number): boolean => s === "delivered" || s === "clicked"
 * ```
 */
export type PushStage = "sent" | "delivered" | "clicked"

/**
 * The vendor channel (`PushPlatform`, `DeviceType`) by name: 0 `unknown` (Tencent's own word, and
 * what online pushes carry), 1 `apns`, 2 `xiaomi`, 3 `huawei`, 4 `fcm`, 5 `meizu`, 6 `oppo`,
 * 7 `vivo`, 8 `honor`. A code the docs do not define arrives as its number.
 *
 * @example
 * ```ts
 * import type { PushPlatform } from "tencent-chat-push/callbacks"
 *
 * const isAndroidVendor = (p: PushPlatform | number): boolean => p !== "apns" && p !== "unknown" && typeof p === "string"
 * ```
 */
export type PushPlatform = "unknown" | "apns" | "xiaomi" | "huawei" | "fcm" | "meizu" | "oppo" | "vivo" | "honor"

/**
 * A `Push.AllMemberPush` event: one recipient's progress through an all-user, tag or `batch` push.
 *
 * @example
 * ```ts
 * import type { AllMemberPushEvent } from "tencent-chat-push/callbacks"
 *
 * const line = (e: AllMemberPushEvent) => `${e.taskId} ${e.userId} ${e.stage} via ${e.platform}`
 * ```
 */
export interface AllMemberPushEvent {
  /** `Push.AllMemberPush`. */
  readonly command: "Push.AllMemberPush"
  /** `EventType`: 1 `offline` (a vendor channel), 2 `online` (Tencent's own connection). */
  readonly channel: "offline" | "online" | number
  /** `TaskId`: what `push` or `pushToUsers` returned (`batch_…` for the latter). */
  readonly taskId: string
  /** `DataId`: your business id from the push, when it had one. */
  readonly dataId: string | undefined
  /** `TaskTime`: when the task started, unix seconds. */
  readonly taskTime: number
  /** `EventTime`: when this event happened, unix seconds. */
  readonly eventTime: number
  /** `To_Account`: the recipient. */
  readonly userId: string
  /** `PushPlatform`: the vendor channel of an offline push (`unknown` for online pushes). */
  readonly platform: PushPlatform | number
  /** `DeviceType`: the device's vendor for an online push (`unknown` for offline ones), when sent. */
  readonly deviceType: PushPlatform | number | undefined
  /** `PushStage`: sent, delivered or clicked. */
  readonly stage: PushStage | number
  /** `ErrCode`: 0 success, anything else a failure. */
  readonly errorCode: number
  /** `ErrInfo`: the result text (`""` when absent). */
  readonly errorInfo: string
  /** Fields of the event this version does not know, by their wire names. */
  readonly extra: { readonly [field: string]: unknown }
  /** The event exactly as received. */
  readonly wire: { readonly [field: string]: unknown }
}

/**
 * A `Push.OfflinePush` event: one recipient's progress for an ordinary one-to-one or group message.
 *
 * @example
 * ```ts
 * import type { OfflinePushEvent } from "tencent-chat-push/callbacks"
 *
 * const where = (e: OfflinePushEvent) => (e.chatType === "group" ? `group ${e.groupId}` : `from ${e.fromUserId}`)
 * ```
 */
export interface OfflinePushEvent {
  /** `Push.OfflinePush`. */
  readonly command: "Push.OfflinePush"
  /** `EventType`: 1 `c2c` (one-to-one), 2 `group`. */
  readonly chatType: "c2c" | "group" | number
  /** `EventTime`: when this event happened, unix seconds. */
  readonly eventTime: number
  /** `From_Account`: the message's sender. */
  readonly fromUserId: string | undefined
  /** `To_Account`: the recipient. */
  readonly userId: string
  /** `PushPlatform`: the channel used. */
  readonly platform: PushPlatform | number
  /** `PushStage`: sent, delivered or clicked. */
  readonly stage: PushStage | number
  /** `MsgKey`: the one-to-one message's key. */
  readonly msgKey: string | undefined
  /** `GroupID`: the group, for group messages. */
  readonly groupId: string | undefined
  /** `MsgSeq`: the message's sequence number. */
  readonly msgSeq: number | undefined
  /** `MsgRandom`: the message's random number (one-to-one only). */
  readonly msgRandom: number | undefined
  /** `MsgTime`: when the message was sent, unix seconds. */
  readonly msgTime: number | undefined
  /** `PushID`: the push's id (console search, `normal_push_trace`). */
  readonly pushId: string | undefined
  /** `ErrCode`: 0 success, anything else a failure. */
  readonly errorCode: number
  /** `ErrInfo`: the result text (`""` when absent). */
  readonly errorInfo: string
  /** Fields of the event this version does not know, by their wire names. */
  readonly extra: { readonly [field: string]: unknown }
  /** The event exactly as received. */
  readonly wire: { readonly [field: string]: unknown }
}

/**
 * Any push callback event; switch on `command`.
 *
 * @example
 * ```ts
 * import type { PushCallbackEvent } from "tencent-chat-push/callbacks"
 *
 * const id = (e: PushCallbackEvent) => (e.command === "Push.AllMemberPush" ? e.taskId : e.pushId)
 * ```
 */
export type PushCallbackEvent = AllMemberPushEvent | OfflinePushEvent

/**
 * A `Push.AllMemberPush` event to send (the emulator, tests, a console's "send a test callback").
 * Parsed events are accepted as they are.
 *
 * @example
 * ```ts
 * import type { AllMemberPushEventInit } from "tencent-chat-push/callbacks"
 *
 * const sent: AllMemberPushEventInit = {
 *   command: "Push.AllMemberPush", channel: "offline", taskId: "task-1", taskTime: 1700000000,
 *   eventTime: 1700000001, userId: "alice", platform: "apns", stage: "sent",
 * }
 * ```
 */
export interface AllMemberPushEventInit {
  /** `Push.AllMemberPush`. */
  readonly command: "Push.AllMemberPush"
  /** `EventType`. */
  readonly channel: "offline" | "online" | number
  /** `TaskId`. */
  readonly taskId: string
  /** `DataId`, omitted when undefined. */
  readonly dataId?: string | undefined
  /** `TaskTime`, unix seconds. */
  readonly taskTime: number
  /** `EventTime`, unix seconds. */
  readonly eventTime: number
  /** `To_Account`. */
  readonly userId: string
  /** `PushPlatform`. */
  readonly platform: PushPlatform | number
  /** `DeviceType`, omitted when undefined. */
  readonly deviceType?: PushPlatform | number | undefined
  /** `PushStage`. */
  readonly stage: PushStage | number
  /** `ErrCode`, default 0. */
  readonly errorCode?: number | undefined
  /** `ErrInfo`, default `""`. */
  readonly errorInfo?: string | undefined
  /** More wire fields, by their wire names (not the documented ones). */
  readonly extra?: { readonly [field: string]: unknown } | undefined
}

/**
 * A `Push.OfflinePush` event to send. Parsed events are accepted as they are.
 *
 * @example
 * ```ts
 * import type { OfflinePushEventInit } from "tencent-chat-push/callbacks"
 *
 * const delivered: OfflinePushEventInit = {
 *   command: "Push.OfflinePush", chatType: "c2c", eventTime: 1700000001, fromUserId: "bob",
 *   userId: "alice", platform: "fcm", stage: "delivered", msgKey: "1_2_1700000000",
 * }
 * ```
 */
export interface OfflinePushEventInit {
  /** `Push.OfflinePush`. */
  readonly command: "Push.OfflinePush"
  /** `EventType`. */
  readonly chatType: "c2c" | "group" | number
  /** `EventTime`, unix seconds. */
  readonly eventTime: number
  /** `From_Account`, omitted when undefined. */
  readonly fromUserId?: string | undefined
  /** `To_Account`. */
  readonly userId: string
  /** `PushPlatform`. */
  readonly platform: PushPlatform | number
  /** `PushStage`. */
  readonly stage: PushStage | number
  /** `MsgKey`, omitted when undefined. */
  readonly msgKey?: string | undefined
  /** `GroupID`, omitted when undefined. */
  readonly groupId?: string | undefined
  /** `MsgSeq`, omitted when undefined. */
  readonly msgSeq?: number | undefined
  /** `MsgRandom`, omitted when undefined. */
  readonly msgRandom?: number | undefined
  /** `MsgTime`, omitted when undefined. */
  readonly msgTime?: number | undefined
  /** `PushID`, omitted when undefined. */
  readonly pushId?: string | undefined
  /** `ErrCode`, default 0. */
  readonly errorCode?: number | undefined
  /** `ErrInfo`, default `""`. */
  readonly errorInfo?: string | undefined
  /** More wire fields, by their wire names (not the documented ones). */
  readonly extra?: { readonly [field: string]: unknown } | undefined
}

/**
 * Any push callback event to send.
 *
 * @example
 * ```ts
 * import type { PushCallbackEventInit } from "tencent-chat-push/callbacks"
 *
 * const users = (events: ReadonlyArray<PushCallbackEventInit>) => events.map((e) => e.userId)
 * ```
 */
export type PushCallbackEventInit = AllMemberPushEventInit | OfflinePushEventInit
