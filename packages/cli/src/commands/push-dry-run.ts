/**
 * `--dry-run` of every push command goes through the client's own `dryRun` (the library's one
 * builder and checker of the wire request), so what the CLI prints is exactly what the same
 * command sends for real: no second body builder in the CLI to drift from the library's.
 *
 * @module
 */
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { createClient } from "tencent-chat-push/client"
import type { PromiseClient, WireRequest } from "tencent-chat-push/client"
import { pathOf } from "tencent-chat-push/wire"
import type { Family } from "tencent-chat-push/wire"
import { parseSdkAppId } from "../config.ts"
import type { ConnectionFlagValues } from "../config.ts"
import { UsageError } from "../errors.ts"

/**
 * Stands in for the app id when the bodies do not carry one (`push`, `batch`): a dry run sends
 * nothing and its output shows only paths and bodies, so the value is never seen.
 */
const UNSEEN_APP_ID = 1

/**
 * The client a dry run uses: nothing is sent and no UserSig is minted, so no secret key is
 * needed. `appIdInBody`: the scheduled-task bodies carry the app id (`Sdkappid`), so there it is
 * required (flag or env); `push` and `batch` bodies do not, and there it is not even read. The admin (flag, env, or
 * `administrator`) is the default sender where one is needed, as in a real run.
 */
export const dryRunClient = (i: ConnectionFlagValues, appIdInBody: boolean): { client: PromiseClient; adminId: string } => {
  const text = appIdInBody ? Option.getOrUndefined(i.sdkAppId) ?? process.env.TENCENT_CHAT_SDKAPPID : undefined
  if (appIdInBody && (text === undefined || text === "")) {
    throw new UsageError("--dry-run needs the app id, part of the request body: --sdkappid ID (or TENCENT_CHAT_SDKAPPID); no secret key is needed")
  }
  const adminId = Option.getOrUndefined(i.admin) ?? (process.env.TENCENT_CHAT_ADMIN || "administrator")
  const client = createClient({
    sdkAppId: text === undefined ? UNSEEN_APP_ID : parseSdkAppId(text, Option.isSome(i.sdkAppId) ? "--sdkappid" : "TENCENT_CHAT_SDKAPPID"),
    secretKey: Redacted.make("dry-run-sends-nothing"),
    adminId,
    baseUrl: "http://127.0.0.1:9",
    family: i.family,
    rateLimits: false,
  })
  return { client, adminId }
}

/** The `requests` member of a dry run's `--json` report: each request's path and body. */
export const reportRequests = (requests: ReadonlyArray<WireRequest>, family: Family) =>
  requests.map((r) => ({ path: pathOf(r.endpoint as never, family), body: r.body }))
