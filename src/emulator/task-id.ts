/**
 * TaskIds in the documented shapes. They are opaque to clients; we mimic what the samples show
 * (docs/protocol/push-api.md#taskid-format) so logs look familiar, and make them unique per app with a counter:
 *
 * - timpush push: `hex(unixSeconds)_hex(sdkAppId)_hex(senderId)_hex(counter)_hex(MsgRandom)`,
 *   like `660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e`;
 * - batch: the same with a `batch_` prefix;
 * - legacy im_push: decimal `sdkAppId_senderId_MsgRandom_counter`, like
 *   `1400123456_144115212910570789_4155518400_15723514`.
 *
 * @module
 */

/** A stable 60-bit "internal account id" for the sender, 0x2000000_… like the samples. */
const senderId = (from: string): bigint => {
  // FNV-1a 64 over UTF-16 code units; only needs to be stable, not secure.
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < from.length; i++) {
    h ^= BigInt(from.charCodeAt(i))
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return 0x200000000000000n | (h & 0xffffffffffffffn)
}

export interface TaskIdInput {
  readonly kind: "push" | "batch"
  readonly legacy: boolean
  readonly sdkAppId: number
  readonly from: string
  readonly nowMs: number
  readonly counter: number
  readonly msgRandom: number
}

export const makeTaskId = (t: TaskIdInput): string => {
  const sender = senderId(t.from)
  if (t.legacy) return `${t.sdkAppId}_${sender}_${t.msgRandom >>> 0}_${t.counter}`
  const hex = (n: number | bigint) => n.toString(16)
  const core = [
    hex(Math.floor(t.nowMs / 1000)),
    hex(t.sdkAppId),
    hex(sender),
    hex(t.counter),
    hex(t.msgRandom >>> 0),
  ].join("_")
  return t.kind === "batch" ? `batch_${core}` : core
}
