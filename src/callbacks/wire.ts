// Tencent's wire shapes for push callbacks, with Tencent's field names exactly. Sources:
// https://trtc.io/document/67551 (Push.AllMemberPush), https://trtc.io/document/67552
// (Push.OfflinePush) and https://trtc.io/document/34354 (the query string, the reply, the token
// signature). The friendly names are in wire-map.ts; nothing else spells these fields.

/**
 * The two push callback commands: `Push.AllMemberPush` (all-user, tag and `batch` pushes) and
 * `Push.OfflinePush` (ordinary one-to-one and group message pushes).
 *
 * @example
 * ```ts
 * import type { PushCallbackCommand } from "tencent-chat-push/callbacks"
 *
 * const isTaskPush = (c: PushCallbackCommand): boolean => c === "Push.AllMemberPush"
 * ```
 */
export type PushCallbackCommand = "Push.AllMemberPush" | "Push.OfflinePush"

/** The commands this module parses, in one place. */
export const pushCommands: ReadonlyArray<PushCallbackCommand> = ["Push.AllMemberPush", "Push.OfflinePush"]

/** The query parameter names Tencent appends to the callback URL. */
export const Q = {
  sdkAppId: "SdkAppid",
  command: "CallbackCommand",
  contentType: "contenttype",
  clientIp: "ClientIP",
  optPlatform: "OptPlatform",
  sign: "Sign",
  requestTime: "RequestTime",
} as const

/**
 * One `Push.AllMemberPush` event as Tencent sends it (any further field is kept as is).
 *
 * @example
 * ```ts
 * import type { AllMemberPushWireEvent } from "tencent-chat-push/callbacks"
 *
 * const clicked = (e: AllMemberPushWireEvent): boolean => e.PushStage === 3
 * ```
 */
export interface AllMemberPushWireEvent {
  /** Always `Push.AllMemberPush`. */
  readonly CallbackCommand: "Push.AllMemberPush"
  /** 1 offline push, 2 online push. */
  readonly EventType: number
  /** The TaskId that push or batch returned. */
  readonly TaskId: string
  /** The DataId the push carried, when it had one. */
  readonly DataId?: string
  /** When the task started, unix seconds. */
  readonly TaskTime: number
  /** When the event happened, unix seconds. */
  readonly EventTime: number
  /** The recipient's UserID. */
  readonly To_Account: string
  /** The vendor channel of an offline push, 0–8 (0 for online pushes). */
  readonly PushPlatform: number
  /** The device's vendor for online pushes (0 for offline ones), same codes as `PushPlatform`. */
  readonly DeviceType?: number
  /** 1 sent, 2 delivered, 3 clicked. */
  readonly PushStage: number
  /** 0 success, anything else a failure. */
  readonly ErrCode: number
  /** The result text; may be empty. */
  readonly ErrInfo: string
  /** Fields this version does not know. */
  readonly [field: string]: unknown
}

/**
 * One `Push.OfflinePush` event as Tencent sends it (any further field is kept as is).
 *
 * @example
 * ```ts
 * import type { OfflinePushWireEvent } from "tencent-chat-push/callbacks"
 *
 * const inGroup = (e: OfflinePushWireEvent): boolean => e.EventType === 2
 * ```
 */
export interface OfflinePushWireEvent {
  /** Always `Push.OfflinePush`. */
  readonly CallbackCommand: "Push.OfflinePush"
  /** 1 one-to-one message, 2 group message. */
  readonly EventType: number
  /** When the event happened, unix seconds. */
  readonly EventTime: number
  /** The message's sender. */
  readonly From_Account?: string
  /** The recipient's UserID. */
  readonly To_Account: string
  /** The vendor channel, 0–8. */
  readonly PushPlatform: number
  /** 1 sent, 2 delivered, 3 clicked. */
  readonly PushStage: number
  /** The one-to-one message's key (one-to-one only). */
  readonly MsgKey?: string
  /** The group (group messages only). */
  readonly GroupID?: string
  /** The message's sequence number. */
  readonly MsgSeq?: number
  /** The message's random number (one-to-one only). */
  readonly MsgRandom?: number
  /** When the message was sent, unix seconds. */
  readonly MsgTime?: number
  /** The push's id, searchable in the console and the key for normal_push_trace. */
  readonly PushID?: string
  /** 0 success, anything else a failure. */
  readonly ErrCode: number
  /** The result text; may be empty. */
  readonly ErrInfo: string
  /** Fields this version does not know. */
  readonly [field: string]: unknown
}

/**
 * A push callback's body: `{"Events": [...]}` with 1–100 events of one command.
 *
 * @example
 * ```ts
 * import type { PushCallbackWireBody } from "tencent-chat-push/callbacks"
 *
 * const count = (body: PushCallbackWireBody): number => body.Events.length
 * ```
 */
export interface PushCallbackWireBody {
  /** 1–100 events. */
  readonly Events: ReadonlyArray<AllMemberPushWireEvent> | ReadonlyArray<OfflinePushWireEvent>
}

/**
 * The reply Tencent expects from the callback URL (HTTP 200, JSON).
 *
 * @example
 * ```ts
 * import type { CallbackReply } from "tencent-chat-push/callbacks"
 *
 * const ok: CallbackReply = { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }
 * ```
 */
export interface CallbackReply {
  /** `OK`, or `FAIL` (see docs/protocol/callbacks.md for why not the doc table's `FAILURE`). */
  readonly ActionStatus: "OK" | "FAIL"
  /** Empty on success; a short reason otherwise. */
  readonly ErrorInfo: string
  /** 0 success, 1 callback error (the doc's two values). */
  readonly ErrorCode: number
}
