/**
 * Documented per-request limits (docs/protocol/push-api.md#limits, docs/protocol/accounts-api.md#limits), as data.
 * rules.ts checks them; per-app and stateful limits (100 tags per user, 1000 tags per app, the
 * daily push quota, the 24 h recall window) are not per-request and are not here.
 *
 * @module
 */

/** The documented numbers checkable from one request body. */
export const limits = {
  /** Accounts per attr/tag request (90018) and per account batch (70402). */
  accountsPerRequest: 100,
  /** Recipients of one `batch` push: 1–500. */
  batchAccountsMin: 1,
  batchAccountsMax: 500,
  /** Tag length in UTF-8 bytes (90020). */
  tagBytes: 50,
  /** Tags per TagsAnd / TagsOr / TagsNot (90032). */
  tagsPerCondition: 10,
  /** Tags per user in one add_tag request with Replace = 0 (90032). */
  tagsPerAdd: 10,
  /** Tags per user in one add_tag request with Replace = 1 (timpush only; a user holds at most 100). */
  tagsPerReplace: 100,
  /** Attribute slots are the strings "0".."9" (10 attributes per app). */
  attrSlots: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  /** Attribute name and value length in UTF-8 bytes (90033). */
  attrNameBytes: 50,
  attrValueBytes: 50,
  /** MsgLifeTime range in seconds: 0..604800 (7 days) (90026). */
  msgLifeTimeMax: 604800,
  /** MsgRandom is an unsigned 32-bit integer. */
  msgRandomMax: 4294967295,
  /** DataId length in UTF-8 bytes (90057). */
  dataIdBytes: 64,
  /** timpush push request body size in UTF-8 bytes of its JSON ("10K", read as 10 × 1024) (90056). */
  pushBodyBytes: 10240,
  /** TIMCustomElem elements per message. */
  customElemsPerMessage: 1,
  /** UserID length in UTF-8 bytes (account imports). */
  userIdBytes: 32,
  /** Nick / FaceUrl length in UTF-8 bytes (40601). */
  profileFieldBytes: 500,
  /** Recipients of a `User` scheduled task: 1–500, as a batch push (add_sched_task). */
  schedUsersMin: 1,
  schedUsersMax: 500,
  /** TaskIDs in one statistics or loss query ("up to 5"). */
  statsTaskIds: 5,
  /** Longest statistics query range, in seconds ("up to 30 days of data"): 30 × 86,400. */
  statisticsRangeSeconds: 2_592_000,
  /** Longest loss query range, and how long traces are kept, in seconds ("within 7 days"): 7 × 86,400. */
  lossRangeSeconds: 604_800,
} as const
