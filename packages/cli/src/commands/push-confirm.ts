/**
 * The one confirmation of every push-family write against the real service: print what will be
 * sent (the client's own dry run: URL with the signed query redacted, and body) on stderr, and
 * refuse without `--yes`. The emulator needs no confirmation.
 *
 * @module
 */
import type { WireRequest } from "tencent-chat-push/client"
import { err } from "../action.ts"
import type { Connection } from "../config.ts"
import { UsageError } from "../errors.ts"

/** `headline` says who is affected, e.g. "This push goes to REAL users of app 1400000000 (...)". */
export const confirmOrRefuse = (conn: Connection, headline: string, requests: ReadonlyArray<WireRequest>, yes: boolean): void => {
  if (conn.emulator) return
  err(headline)
  for (const r of requests) {
    err(`POST ${r.url}?sdkappid=${conn.sdkAppId}&identifier=${encodeURIComponent(conn.adminId)}&usersig=<redacted>&random=<random>&contenttype=json`)
    err(JSON.stringify(r.body, null, 2))
  }
  if (!yes) throw new UsageError("not sent: add --yes to send it (or --dry-run to only print the request)", { outcome: "not_confirmed" })
}
