/**
 * TRTC room permission bits for a PrivateMapKey's `privileges` (dwPrivilegeMap). Combine with `|`.
 *
 * Bit 8 is 128: the official Node, Java and C# comments say "200", a typo fixed only in Go (PR #10).
 * Strict checking must be enabled in the TRTC console ("启动权限密钥") for the server to enforce these.
 *
 * @example
 * ```ts
 * import { Privilege, genPrivateMapKey } from "tencent-chat-push/usersig"
 *
 * const audience = Privilege.EnterRoom | Privilege.ReceiveAudio | Privilege.ReceiveVideo // 42
 * const key = genPrivateMapKey({ sdkAppId: 1400000000, secretKey, userId: "alice", roomId: 1234, privileges: audience })
 * ```
 */
export const Privilege: {
  readonly CreateRoom: 1
  readonly EnterRoom: 2
  readonly SendAudio: 4
  readonly ReceiveAudio: 8
  readonly SendVideo: 16
  readonly ReceiveVideo: 32
  readonly SendSubStream: 64
  readonly ReceiveSubStream: 128
  /** Every bit (255), what the official samples pass. */
  readonly All: 255
} = /* @__PURE__ */ Object.freeze({
  CreateRoom: 1,
  EnterRoom: 2,
  SendAudio: 4,
  ReceiveAudio: 8,
  SendVideo: 16,
  ReceiveVideo: 32,
  SendSubStream: 64,
  ReceiveSubStream: 128,
  All: 255,
} as const)

/**
 * One named privilege value (1, 2, 4, ... 128, or 255 for all).
 *
 * @example
 * ```ts
 * import { Privilege } from "tencent-chat-push/usersig"
 *
 * const p: Privilege = Privilege.SendAudio
 * ```
 */
export type Privilege = (typeof Privilege)[keyof typeof Privilege]
