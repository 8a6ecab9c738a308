/**
 * Helpers shared by the multi-account handlers.
 *
 * Unknown accounts: the timpush family lists them in `ErrorList` with 70107, as its pages
 * document. The legacy `all_member_push` pages never show an `ErrorList` and their get_attr
 * sample lists an arbitrary id with empty `Attrs`, so there (our choice) reads answer unknown
 * accounts with empty data and writes skip them silently.
 *
 * @module
 */
import type { ErrorListItem } from "../../api/mod.ts"
import type { HandlerContext } from "./contract.ts"

/** The per-account code for an account that was never imported (or was deleted). */
export const ACCOUNT_NOT_FOUND = 70107

/** Collects per-account failures; `field()` spreads `ErrorList` only when non-empty. */
export class ErrorListBuilder {
  readonly items: Array<ErrorListItem> = []

  add(account: string, code: number): void {
    this.items.push({ To_Account: account, ErrorCode: code })
  }

  field(): { ErrorList?: Array<ErrorListItem> } {
    return this.items.length > 0 ? { ErrorList: this.items } : {}
  }
}

/** True on the legacy family (no ErrorList there). */
export const isLegacy = (ctx: HandlerContext): boolean => ctx.family === "all_member_push"

/** Distinct values in first-seen order. */
export const distinct = (xs: ReadonlyArray<string>): Array<string> => [...new Set(xs)]
