/**
 * Account management under `v4/im_open_login_svc/` (docs/protocol/accounts-api.md).
 *
 * - account_import: `UserID`, or the legacy `Identifier` when `UserID` is absent; re-import is
 *   OK and overwrites the supplied Nick/FaceUrl; the app's `maxAccounts` cap → 70398.
 * - multiaccount_import: `AccountList` (new) or `Accounts` (legacy); invalid or capped ids go
 *   to `FailAccounts` (always present, `[]` when none failed, as in every documented sample)
 *   and the call stays OK; duplicates apply in order.
 * - account_delete: per item `ResultCode` 0, or 70107 with
 *   `Err_TLS_PT_Open_Login_Account_Not_Exist`; the account's tags and attributes go with it;
 *   `accountDeletion: false` → 71000. No 3-month re-import block (IM Trial/Developer behaviour).
 * - account_check: `Imported` / `NotImported`, `ResultCode` 0 for every item.
 * - UserIDs: the catalogue's one rule (`userIdViolation`: non-empty, ≤ 32 bytes; 70402); by default also not starting
 *   with `@TLS#`, `@TGS#` or `@TIM#` (an inference: no source says the service refuses them).
 *   UserIDs are exact, case-sensitive strings.
 *
 * @module
 */
import { limits, userIdViolation } from "../../api/mod.ts"
import type { HandlerContext } from "./contract.ts"
import { fail, ok } from "./contract.ts"
import type { Handler } from "./contract.ts"

const INVALID_PARAMETER = 70402
const ACCOUNT_LIMIT = 70398
const RESERVED = ["@TLS#", "@TGS#", "@TIM#"]

/** Why `id` cannot be a UserID, or undefined. */
export const userIdProblem = (ctx: HandlerContext, id: string): string | undefined => {
  const broken = userIdViolation(id)
  if (broken === "user_id_empty") return "UserID is empty"
  if (broken === "user_id_bytes") return `UserID ${JSON.stringify(id)} is longer than ${limits.userIdBytes} bytes`
  if (ctx.settings.rejectReservedUserIds && RESERVED.some((p) => id.startsWith(p))) {
    return `UserID ${JSON.stringify(id)} starts with a reserved prefix`
  }
  return undefined
}

const atCap = (ctx: HandlerContext, id: string): boolean => {
  const cap = ctx.state.app.maxAccounts
  return cap !== undefined && !ctx.state.data.hasAccount(id) && ctx.state.data.accountCount >= cap
}

export const accountImport: Handler<"account_import"> = (ctx, req) => {
  const id = "UserID" in req ? req.UserID : req.Identifier
  const problem = userIdProblem(ctx, id)
  if (problem !== undefined) return fail(INVALID_PARAMETER, problem)
  if (atCap(ctx, id)) return fail(ACCOUNT_LIMIT, `the app already has ${ctx.state.data.accountCount} accounts (edition limit)`)
  ctx.state.data.importAccount(id, ctx.now, req.Nick, req.FaceUrl)
  return ok({})
}

export const multiaccountImport: Handler<"multiaccount_import"> = (ctx, req) => {
  const items = "AccountList" in req ? req.AccountList : req.Accounts.map((UserID) => ({ UserID }))
  const failed: Array<string> = []
  for (const item of items) {
    const it: { UserID: string; Nick?: string; FaceUrl?: string } = item
    if (userIdProblem(ctx, it.UserID) !== undefined || atCap(ctx, it.UserID)) {
      if (!failed.includes(it.UserID)) failed.push(it.UserID)
      continue
    }
    ctx.state.data.importAccount(it.UserID, ctx.now, it.Nick, it.FaceUrl)
  }
  // Always present, empty when nothing failed: every documented sample answer has it.
  return ok({ FailAccounts: failed })
}

export const accountDelete: Handler<"account_delete"> = (ctx, req) => {
  if (ctx.state.app.accountDeletion === false) {
    return fail(71000, "account deletion is not enabled for this app")
  }
  const ResultItem = req.DeleteItem.map(({ UserID }) =>
    ctx.state.data.deleteAccount(UserID)
      ? { ResultCode: 0, ResultInfo: "", UserID }
      : { ResultCode: 70107, ResultInfo: "Err_TLS_PT_Open_Login_Account_Not_Exist", UserID },
  )
  return ok({ ResultItem })
}

export const accountCheck: Handler<"account_check"> = (ctx, req) => {
  const ResultItem = req.CheckItem.map(({ UserID }) => ({
    UserID,
    ResultCode: 0,
    ResultInfo: "",
    AccountStatus: ctx.state.data.hasAccount(UserID) ? ("Imported" as const) : ("NotImported" as const),
  }))
  return ok({ ResultItem })
}
