/**
 * Every documented Tencent `ErrorCode` relevant to the push and account APIs, classified.
 * Table-like file: one row per code, sorted by code (sources: docs/protocol/error-codes.md).
 *
 * `retryable` means "the same request may succeed later without change": internal errors and
 * timeouts, and the "too frequent" codes. It is advice about the CODE; whether a command may be
 * retried automatically is the catalogue row's `retrySafe` (push and batch: never).
 *
 * Choices where the docs are silent:
 * - 70050 (too many failed UserSig checks, wait 1 min) is `auth`, not retryable: the cause is a
 *   bad signature, and retrying would extend the lock-out.
 * - 70001 / 70052 (expired UserSig) are not retryable as-is: mint a new UserSig first.
 * - 90024 / 90051 (push / recall too frequent) are retryable: the service did nothing, so a
 *   later repeat is safe even for push.
 * - 30008 (relationship-chain write conflict during delete) is retryable.
 *
 * @module
 */

/** Every `ErrorReason`, in the order docs/api.md lists them (`unknown` last). */
export const errorReasons = [
  "auth",
  "permission",
  "not_enabled",
  "invalid_request",
  "not_found",
  "conflict",
  "rate_limited",
  "quota_exceeded",
  "too_large",
  "content_rejected",
  "timeout",
  "internal",
  "unknown",
] as const

/** Why a call failed, in a small closed set callers can switch on. */
export type ErrorReason = (typeof errorReasons)[number]

/** A classified error code. */
export interface ErrorCodeInfo {
  /** Tencent's `ErrorCode`. */
  readonly code: number
  /** What the code means, in a line. */
  readonly meaning: string
  /** The code's class. */
  readonly reason: ErrorReason
  /** Whether the same request may succeed later without change. */
  readonly retryable: boolean
}

const row = (code: number, reason: ErrorReason, retryable: boolean, meaning: string): ErrorCodeInfo => ({
  code,
  meaning,
  reason,
  retryable,
})

/** The table of documented codes. */
export const errorCodes: readonly ErrorCodeInfo[] = [
  // Relationship-chain codes seen on account_delete.
  row(30006, "internal", true, "Internal error while clearing relationship-chain data"),
  row(30007, "timeout", true, "Internal timeout while clearing relationship-chain data"),
  row(30008, "conflict", true, "Write conflict on relationship-chain data; retry or use batch mode"),
  // Profile codes seen on account_import / multiaccount_import / account_delete.
  row(40005, "content_rejected", false, "A profile field (Nick/FaceUrl) contains sensitive words"),
  row(40006, "internal", true, "Internal error while setting or clearing profile data; retry"),
  row(40601, "too_large", false, "A profile field value is longer than 500 bytes"),
  // Public REST codes (apply to every call).
  row(60002, "invalid_request", false, "HTTP parse error; check the URL format"),
  row(60003, "invalid_request", false, "JSON parse error in the HTTP request"),
  row(60004, "auth", false, "Account or signature wrong in the URL or body"),
  row(60005, "auth", false, "Account or signature wrong in the URL or body"),
  row(60006, "auth", false, "SDKAppID invalid"),
  row(60007, "rate_limited", true, "REST API call frequency over the limit"),
  row(60008, "timeout", true, "Service timeout or HTTP format error"),
  row(60009, "not_found", false, "Requested resource wrong; check the URL (unknown path)"),
  row(60010, "permission", false, "The request needs App admin permission"),
  row(60011, "rate_limited", true, "SDKAppID request frequency over the limit"),
  row(60012, "invalid_request", false, "SDKAppID missing from the REST URL"),
  row(60013, "internal", true, "JSON parse error in the HTTP response (internal)"),
  row(60014, "timeout", true, "Account replacement timeout"),
  row(60015, "invalid_request", false, "Account field type wrong; it must be a string"),
  row(60016, "not_enabled", false, "SDKAppID disabled"),
  row(60017, "not_enabled", false, "Request disabled"),
  row(60018, "rate_limited", true, "Too many requests; retry later"),
  row(60019, "rate_limited", true, "Too many requests; retry later"),
  row(60020, "not_enabled", false, "Pro package expired and service stopped"),
  row(60021, "permission", false, "REST call from a source IP outside the allow-list"),
  // UserSig and account codes.
  row(70001, "auth", false, "UserSig expired; generate a new one"),
  row(70002, "auth", false, "UserSig is empty"),
  row(70003, "auth", false, "UserSig invalid (could not be parsed)"),
  row(70005, "auth", false, "UserSig invalid"),
  row(70009, "auth", false, "UserSig verification failed (signed with another key)"),
  row(70013, "auth", false, "identifier differs from the UserID inside the UserSig"),
  row(70014, "auth", false, "sdkappid differs from the SDKAppID inside the UserSig"),
  row(70016, "auth", false, "Key not found for this app (check the region)"),
  row(70020, "auth", false, "SDKAppID not found (check the region)"),
  row(70050, "auth", false, "Too many failed UserSig checks; retry after 1 minute"),
  row(70051, "permission", false, "Account is blocklisted"),
  row(70052, "auth", false, "UserSig expired or invalidated; generate a new one"),
  row(70107, "not_found", false, "Account does not exist (not imported and never logged in)"),
  row(70114, "rate_limited", false, "Login restricted for security reasons (too frequent)"),
  row(70169, "timeout", true, "Internal server timeout; retry"),
  row(70202, "timeout", true, "Internal server timeout; retry"),
  row(70206, "invalid_request", false, "Invalid batch quantity in the request"),
  row(70398, "quota_exceeded", false, "Account count over the edition's limit (trial: 100)"),
  row(70399, "conflict", false, "A deleted UserID cannot be re-imported yet (3 months on paid apps)"),
  row(70402, "invalid_request", false, "Invalid parameter: a required field is missing or malformed"),
  row(70403, "permission", false, "The request needs App admin permission"),
  row(70500, "internal", true, "Internal server error; retry"),
  row(71000, "not_enabled", false, "Account deletion is not allowed for this app or plan"),
  // General messaging codes that push bodies can hit.
  row(80001, "content_rejected", false, "Text blocked by content security"),
  row(80002, "too_large", false, "Message packet larger than 8 KB"),
  // Push API codes.
  row(90001, "invalid_request", false, "Request body invalid (JSON parse failure; batch also: invalid MsgRandom)"),
  row(90002, "invalid_request", false, "MsgBody invalid or not an array"),
  row(90005, "invalid_request", false, "MsgRandom missing or not an unsigned 32-bit integer"),
  row(90007, "invalid_request", false, "MsgBody is not an array"),
  row(90009, "permission", false, "The request needs App admin permission"),
  row(90010, "invalid_request", false, "Message format invalid"),
  row(90018, "too_large", false, "Too many accounts in the request"),
  row(90020, "too_large", false, "Tag longer than 50 bytes"),
  row(90022, "invalid_request", false, "The same tag is in both TagsOr and TagsAnd"),
  row(90024, "rate_limited", true, "Pushes too frequent: they must be more than 1 second apart"),
  row(90026, "invalid_request", false, "Offline retention (MsgLifeTime) invalid: at most 7 days"),
  row(90032, "too_large", false, "More than 10 tags in a condition or in an add-tag request"),
  row(90033, "invalid_request", false, "Invalid attribute (unknown name, duplicate name, or AttrTypes change)"),
  row(90035, "conflict", false, "Attribute or tag bound to the other account type (UserID vs RegistrationID)"),
  row(90039, "invalid_request", false, "Tag and attribute conditions used together"),
  row(90040, "invalid_request", false, "A tag in the condition or request is empty"),
  row(90044, "invalid_request", false, "MsgLifeTime is not an integer"),
  row(90045, "not_enabled", false, "All-user, tag or single push is not enabled for this app"),
  row(90047, "quota_exceeded", false, "Daily push quota exceeded (default 100 per day)"),
  row(90049, "not_found", false, "Recall: unknown TaskId (not from push or batch)"),
  row(90050, "conflict", false, "Recall: the task was already recalled"),
  row(90051, "rate_limited", true, "Recall more often than once per second"),
  row(90052, "conflict", false, "Recall: the task is older than 24 hours"),
  row(90053, "invalid_request", false, "Recall: the task stored roaming/unread data but no OfflinePushInfo was given"),
  row(90056, "too_large", false, "All-user push request body larger than 10 KB"),
  row(90057, "too_large", false, "DataId longer than 64 bytes"),
  // Scheduled push tasks (delete_sched_task's table; docs/protocol/push-lifecycle.md#error-codes).
  row(90104, "invalid_request", false, "Scheduled task: invalid parameters (TaskID, Type, time, content, or sdkappid mismatch)"),
  row(90105, "internal", true, "Scheduled task: internal error; retry"),
  row(90106, "conflict", false, "Scheduled task already dispatched: it can no longer be changed or deleted"),
  row(90107, "conflict", false, "Scheduled task is being dispatched: it can no longer be changed or deleted"),
  row(91000, "internal", true, "Internal service error; retry"),
]

const byCode: ReadonlyMap<number, ErrorCodeInfo> = new Map(errorCodes.map((e) => [e.code, e]))

/**
 * Classify a Tencent `ErrorCode`. Unknown codes → reason `"unknown"`, not retryable.
 *
 * @example
 * ```ts
 * describeErrorCode(91000) // { code: 91000, meaning: "Internal service error; retry", reason: "internal", retryable: true }
 * ```
 */
export const describeErrorCode = (code: number): ErrorCodeInfo =>
  byCode.get(code) ?? { code, meaning: "Undocumented error code", reason: "unknown", retryable: false }
