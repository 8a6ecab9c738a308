/**
 * The shape of one catalogue row (see endpoints.ts for the table itself, and for `EndpointKey`,
 * which is derived from it).
 *
 * @module
 */
import type * as Schema from "effect/Schema"
import type { EndpointKey } from "./endpoints.ts"

/**
 * The two URL families: `v4/timpush/*` (current, the default) and the legacy
 * `v4/all_member_push/im_*`. Account commands live under `v4/im_open_login_svc/` in both.
 */
export type Family = "timpush" | "all_member_push"

/** Both families, default first. */
export const families: readonly Family[] = ["timpush", "all_member_push"]

/** The family used when none is configured. */
export const defaultFamily: Family = "timpush"

/** The functional area a command belongs to. */
export type Area = "attr_names" | "user_attrs" | "user_tags" | "push" | "accounts" | "scheduled_push" | "push_data"

/**
 * A documented call-rate limit: at most `limit` calls per `window` in `bucket`.
 * `window` is an Effect `Duration` input string (e.g. `"1 second"`). Rows that share a `bucket`
 * share one budget; every command here has its own bucket (the docs state each limit per API).
 */
export interface RateLimit {
  /** Rows that share a bucket share one budget. */
  readonly bucket: string
  /** Calls allowed per window. */
  readonly limit: number
  /** The window, an Effect `Duration` input such as `"1 second"`. */
  readonly window: string
}

/** Paths relative to the origin, no leading slash; a missing family means "not offered there". */
export interface EndpointPaths {
  /** The path on the current family (`v4/timpush/…`; accounts `v4/im_open_login_svc/…`). */
  readonly timpush?: string
  /** The path on the legacy family (`v4/all_member_push/im_…`), if it offers the command. */
  readonly all_member_push?: string
}

/**
 * One catalogue row: everything the client, emulator, docs and tests derive from. `Req` and `Res`
 * are the row's concrete schemas (the catalogue's type keeps them, so `RequestOf<K>` is exact).
 */
export interface Endpoint<K extends string = EndpointKey, Req extends Schema.Top = Schema.Top, Res extends Schema.Top = Schema.Top> {
  /** Tencent's current command name. */
  readonly key: K
  /** The functional area. */
  readonly area: Area
  /** The request path on each family that offers the command. */
  readonly paths: EndpointPaths
  /** Request body schema, Tencent's exact wire names (shape only; value limits are in rules.ts). */
  readonly request: Req
  /** Response schema including the envelope; command-specific fields are optional (absent on FAIL). */
  readonly response: Res
  /**
   * Whether an automatic retry can never cause a second effect. False for push and batch: the
   * docs disagree on what `MsgRandom` de-duplicates, so a blind retry may notify users twice.
   */
  readonly retrySafe: boolean
  /** Documented maximum number of accounts in one request (the list the client splits). */
  readonly maxAccounts?: number
  /**
   * The ErrorCode the service answers when the body does not match `request` (wrong member types,
   * missing required members): 90001 on push/attr/tag commands, 70402 on account commands.
   */
  readonly invalidBodyCode: number
  /**
   * The ErrorCode for a body that is not JSON at all: 90001 on push/attr/tag commands (their pages
   * list it as "JSON parse failure"), the public 60003 on account commands (their pages list none).
   */
  readonly invalidJsonCode: number
  /** Documented per-command call rate. */
  readonly rate: RateLimit
  /** Documented per-app daily quota (push only: 100/day by default, raisable in the console). */
  readonly dailyQuota?: RateLimit
  /** The vendor doc page this row follows. */
  readonly doc: string
  /** Other pages consulted for this row (other generations, CN pages). */
  readonly seeAlso?: readonly string[]
}
