/**
 * Push callback known answers, as data, each with its source.
 *
 * - The signature example is Tencent's own, from the webhook overview's security section
 *   (https://trtc.io/document/34354): token `xxxxyyyy`, RequestTime `1669872112`. The digest was
 *   also checked independently with `printf '%s' xxxxyyyy1669872112 | sha256sum`.
 * - The sample bodies are the docs' request samples with their `//` comments removed and the
 *   trailing `....` placeholder dropped: https://trtc.io/document/67551 (Push.AllMemberPush) and
 *   https://trtc.io/document/67552 (Push.OfflinePush). Neither sample shows `DataId` or
 *   `DeviceType`, which the field tables list; `allMemberWithOptionals` adds them (constructed
 *   from the table, not a sample).
 */

/** Tencent's worked signature example. */
export const docSignature = {
  token: "xxxxyyyy",
  requestTime: 1669872112,
  sign: "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061",
} as const

/** The Push.AllMemberPush sample request body (verbatim apart from comments). */
export const allMemberPushSample = {
  Events: [
    {
      CallbackCommand: "Push.AllMemberPush",
      EventType: 1,
      TaskId: "657bf434_537529d8_2000005e80aa873_2780d131_bc614e",
      TaskTime: 1557481127,
      EventTime: 1557481128,
      To_Account: "user2",
      PushPlatform: 1,
      PushStage: 1,
      ErrCode: 0,
      ErrInfo: "OK",
    },
    {
      CallbackCommand: "Push.AllMemberPush",
      EventType: 2,
      TaskId: "657bf434_537529d8_2000005e80aa873_2780d131_9",
      TaskTime: 1557481127,
      EventTime: 1557481129,
      To_Account: "user3",
      PushPlatform: 0,
      PushStage: 1,
      ErrCode: 0,
      ErrInfo: "OK",
    },
  ],
} as const

/** The friendly events the AllMemberPush sample must parse into (without `wire`). */
export const allMemberPushExpected = [
  {
    command: "Push.AllMemberPush",
    channel: "offline",
    taskId: "657bf434_537529d8_2000005e80aa873_2780d131_bc614e",
    dataId: undefined,
    taskTime: 1557481127,
    eventTime: 1557481128,
    userId: "user2",
    platform: "apns",
    deviceType: undefined,
    stage: "sent",
    errorCode: 0,
    errorInfo: "OK",
    extra: {},
  },
  {
    command: "Push.AllMemberPush",
    channel: "online",
    taskId: "657bf434_537529d8_2000005e80aa873_2780d131_9",
    dataId: undefined,
    taskTime: 1557481127,
    eventTime: 1557481129,
    userId: "user3",
    platform: "unknown",
    deviceType: undefined,
    stage: "sent",
    errorCode: 0,
    errorInfo: "OK",
    extra: {},
  },
] as const

/** An AllMemberPush event with every documented field (constructed from the field table). */
export const allMemberWithOptionals = {
  CallbackCommand: "Push.AllMemberPush",
  EventType: 2,
  TaskId: "batch_667015d4_537529d8_2000005e80aa873_d03ac87_56f5e750",
  DataId: "campaign-42",
  TaskTime: 1557481127,
  EventTime: 1557481140,
  To_Account: "user9",
  PushPlatform: 0,
  DeviceType: 8,
  PushStage: 3,
  ErrCode: 0,
  ErrInfo: "",
} as const

/** The Push.OfflinePush sample request body (verbatim apart from comments). */
export const offlinePushSample = {
  Events: [
    {
      CallbackCommand: "Push.OfflinePush",
      EventType: 1,
      EventTime: 1557481127,
      From_Account: "user1",
      To_Account: "user2",
      PushPlatform: 1,
      PushStage: 1,
      MsgKey: "48374_2837546_1557481126",
      MsgSeq: 48374,
      MsgRandom: 2837546,
      MsgTime: 1557481126,
      PushID: "67120c46_6a4086c0_9bf5fb50_200002d1089b322_2000005d8d46421",
      ErrCode: 0,
      ErrInfo: "OK",
    },
    {
      CallbackCommand: "Push.OfflinePush",
      EventType: 2,
      EventTime: 1557481127,
      From_Account: "user2",
      To_Account: "user3",
      PushPlatform: 1,
      PushStage: 1,
      GroupID: "@TGS#12DEVUDHQ",
      MsgSeq: 48375,
      MsgRandom: 2837546,
      MsgTime: 1557481126,
      PushID: "6710c631_85_392fcbcff_200000b2f2c6820_200002c869bfb81",
      ErrCode: 0,
      ErrInfo: "OK",
    },
  ],
} as const

/** The friendly events the OfflinePush sample must parse into (without `wire`). */
export const offlinePushExpected = [
  {
    command: "Push.OfflinePush",
    chatType: "c2c",
    eventTime: 1557481127,
    fromUserId: "user1",
    userId: "user2",
    platform: "apns",
    stage: "sent",
    msgKey: "48374_2837546_1557481126",
    groupId: undefined,
    msgSeq: 48374,
    msgRandom: 2837546,
    msgTime: 1557481126,
    pushId: "67120c46_6a4086c0_9bf5fb50_200002d1089b322_2000005d8d46421",
    errorCode: 0,
    errorInfo: "OK",
    extra: {},
  },
  {
    command: "Push.OfflinePush",
    chatType: "group",
    eventTime: 1557481127,
    fromUserId: "user2",
    userId: "user3",
    platform: "apns",
    stage: "sent",
    msgKey: undefined,
    groupId: "@TGS#12DEVUDHQ",
    msgSeq: 48375,
    msgRandom: 2837546,
    msgTime: 1557481126,
    pushId: "6710c631_85_392fcbcff_200000b2f2c6820_200002c869bfb81",
    errorCode: 0,
    errorInfo: "OK",
    extra: {},
  },
] as const

/** The documented success reply. */
export const successReply = { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 } as const
