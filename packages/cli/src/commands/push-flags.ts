/**
 * Flags shared by the push commands (send, to-users, schedule...), so they read and document
 * the same everywhere.
 *
 * @module
 */
import * as Flag from "effect/cli/Flag"

/** `--offline-title`, `--offline-desc` (OfflinePushInfo). */
export const offlineFlags = {
  offlineTitle: Flag.String("offline-title").pipe(Flag.withMetavar("TEXT"), Flag.withDescription("offline (vendor) notification title"), Flag.optional),
  offlineDesc: Flag.String("offline-desc").pipe(Flag.withMetavar("TEXT"), Flag.withDescription("offline (vendor) notification text"), Flag.optional),
}

/** `--idempotency-key` (send once per fleet). */
export const idempotencyFlag = {
  idempotencyKey: Flag.String("idempotency-key").pipe(
    Flag.withMetavar("KEY"),
    Flag.withDescription(
      "send once per fleet: the first process with KEY sends, every later one (within 24 h) gets its TaskId without sending; needs a shared store (--redis or TENCENT_CHAT_REDIS_URL)",
    ),
    Flag.optional,
  ),
}

/** `--json`: one JSON object on stdout. */
export const jsonFlag = {
  json: Flag.Boolean("json").pipe(
    Flag.withDescription("print one JSON object on stdout instead of text: the TaskId(s) and the outcome, also when it fails"),
    Flag.withDefault(false),
  ),
}

/** `--yes`, `--dry-run`. */
export const safetyFlags = {
  yes: Flag.Boolean("yes").pipe(Flag.withDescription("really send to the real service (not needed with --emulator)"), Flag.withDefault(false)),
  dryRun: Flag.Boolean("dry-run").pipe(Flag.withDescription("print the request body only; send nothing (no credentials needed)"), Flag.withDefault(false)),
}

/** The audience and message flags of `push send` (also `push schedule`'s). */
export const sendContentFlags = {
  tag: Flag.String("tag").pipe(Flag.withMetavar("TAG"), Flag.withDescription("users with this tag"), Flag.optional),
  tagsAnd: Flag.String("tags-and").pipe(Flag.withMetavar("A,B"), Flag.withDescription("users with all of these tags (TagsAnd)"), Flag.atLeast(0)),
  tagsOr: Flag.String("tags-or").pipe(Flag.withMetavar("A,B"), Flag.withDescription("users with any of these tags (TagsOr)"), Flag.atLeast(0)),
  tagsNot: Flag.String("tags-not").pipe(Flag.withMetavar("A,B"), Flag.withDescription("exclude users with these tags (TagsNot, timpush)"), Flag.atLeast(0)),
  attr: Flag.String("attr").pipe(Flag.withMetavar("NAME=VALUE"), Flag.withDescription("attribute condition, repeatable (AttrsAnd; AttrsOr with --attrs-or)"), Flag.atLeast(0)),
  attrsOr: Flag.Boolean("attrs-or").pipe(Flag.withDescription("match any --attr instead of all"), Flag.withDefault(false)),
  all: Flag.Boolean("all").pipe(Flag.withDescription("push to every user (must be explicit)"), Flag.withDefault(false)),
  text: Flag.String("text").pipe(Flag.withMetavar("TEXT"), Flag.withDescription("a text message (TIMTextElem)"), Flag.optional),
  message: Flag.String("message").pipe(
    Flag.withMetavar("FILE"),
    Flag.withDescription("message JSON: a MsgBody array, one element, or {\"MsgBody\":[...],\"OfflinePushInfo\":{...}}; - for stdin"),
    Flag.optional,
  ),
  ...offlineFlags,
  from: Flag.String("from").pipe(Flag.withMetavar("USERID"), Flag.withDescription("sender shown to users (From_Account)"), Flag.optional),
  lifetime: Flag.String("lifetime").pipe(Flag.withMetavar("DURATION"), Flag.withDescription("offline retention, up to 7d (MsgLifeTime)"), Flag.optional),
  onlineOnly: Flag.Boolean("online-only").pipe(Flag.withDescription("online users only, no roaming/unread"), Flag.withDefault(false)),
  msgRandom: Flag.String("msg-random").pipe(Flag.withMetavar("N"), Flag.withDescription("the uint32 MsgRandom (default random)"), Flag.optional),
  dataId: Flag.String("data-id").pipe(Flag.withMetavar("ID"), Flag.withDescription("DataId passed to callbacks"), Flag.optional),
}
