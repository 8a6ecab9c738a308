/**
 * Client errors as CLI failures: wrong credentials, permissions and local request checks are
 * usage / configuration (exit 2); everything else that went wrong with an item is exit 1.
 *
 * @module
 */
import { ItemsFailedError, UsageError } from "./errors.ts"

interface Tagged {
  readonly _tag?: string
  readonly reason?: string
  readonly message?: string
  readonly msgRandom?: number
}

/** Converts an error thrown by a client call into the CLI error to exit with. */
export const cliErrorOf = (e: unknown, what: string): Error => {
  const t = (typeof e === "object" && e !== null ? e : {}) as Tagged
  const message = t.message ?? String(e)
  switch (t._tag) {
    case "ChatRequestError":
    case "ChatConfigError":
      return new UsageError(`${what}: ${message}`)
    case "ChatApiError":
      return t.reason === "auth" || t.reason === "permission"
        ? new UsageError(`${what}: the service refused the credentials: ${message}`)
        : new ItemsFailedError(`${what}: rejected: ${message}`)
    case "ChatPushOutcomeUnknown":
      return new ItemsFailedError(
        `${what}: OUTCOME UNKNOWN: ${message}. The push may or may not have been accepted; it was not retried. ` +
          `Check before resending; to resend as the same message use --msg-random ${t.msgRandom}`,
      )
    default:
      return e instanceof Error && (e instanceof UsageError || e instanceof ItemsFailedError) ? e : new ItemsFailedError(`${what}: ${message}`)
  }
}
