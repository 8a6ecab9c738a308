/**
 * The one place the CLI reaches the client: builds a Promise client from a resolved
 * `Connection`, with the CLI's tuning (no coalescing: the import engine already sends full
 * requests; optional raised rate limits).
 *
 * @module
 */
import * as Redacted from "effect/Redacted"
import { createClient } from "tencent-chat-push/client"
import type { ClientOptions, PromiseClient } from "tencent-chat-push/client"
import type { Connection } from "./config.ts"
import { stopIfOrphaned } from "./relaunch.ts"

export type { PromiseClient }

/** `--rate-limit`: calls per second for the buckets a command uses, or off. */
export type RateLimitSetting = { readonly callsPerSecond: number } | "off" | "default"

/**
 * Creates the client for `conn`; `buckets` are the catalogue rate buckets `rate` applies to.
 * `beforeSend` runs synchronously before every HTTP request (retries included), after the check
 * that a relaunched import's launcher is still alive (relaunch.ts).
 */
export const makeClient = (
  conn: Connection,
  rate: RateLimitSetting = "default",
  buckets: ReadonlyArray<string> = [],
  concurrency?: number,
  beforeSend?: () => void,
): PromiseClient => {
  const options: ClientOptions = {
    sdkAppId: conn.sdkAppId,
    secretKey: Redacted.make(Redacted.value(conn.secretKey)),
    adminId: conn.adminId,
    ...(conn.baseUrl !== undefined ? { baseUrl: conn.baseUrl } : { region: conn.region }),
    family: conn.family,
    timeout: conn.timeoutMillis,
    ...(conn.store !== undefined ? { store: conn.store.layer } : {}),
    coalesce: false,
    fetch: (input, init) => {
      stopIfOrphaned()
      beforeSend?.()
      return globalThis.fetch(input, init)
    },
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(rate === "off"
      ? { rateLimits: false as const }
      : rate === "default"
      ? {}
      : {
        rateLimits: {
          buckets: Object.fromEntries(buckets.map((b) => [b, { limit: rate.callsPerSecond, window: "1 second" }])),
        },
      }),
  }
  return createClient(options)
}
