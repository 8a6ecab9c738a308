/**
 * THE table of how the CLI treats a failed client call, used by the one-shot commands (push,
 * revoke, to-users) and by the bulk imports alike, so the two can never disagree:
 *
 * | class             | client error                                              | one-shot command | import                               |
 * | ----------------- | --------------------------------------------------------- | ---------------- | ------------------------------------ |
 * | `credentials`     | `ChatApiError` with reason auth, permission, not_enabled   | exit 2           | stop, exit 2                         |
 * | `config`          | `ChatConfigError`                                         | exit 2           | stop, exit 2                         |
 * | `request`         | `ChatRequestError` (a local check refused the request)     | exit 2           | the request's rows fail, run goes on |
 * | `rejected`        | `ChatApiError`, not retryable, any other reason            | exit 1           | the request's rows fail, run goes on |
 * | `outcome_unknown` | `ChatPushOutcomeUnknown`                                  | exit 1, advice   | stop, exit 1                         |
 * | `unavailable`     | anything else: a retryable code after the client's retries, transport, undecodable body, rate-limit store | exit 1 | stop, exit 1, rows not acknowledged (a rerun retries them) |
 *
 * `not_enabled` (an app or command switched off, a plan that lacks the feature) is a
 * credentials-class failure: no retry or rerun can succeed until the app's configuration
 * changes, exactly like a wrong key.
 *
 * @module
 */
import { ExitCode, ItemsFailedError, UsageError } from "./errors.ts"

/** The classes of the table above. */
export type FailureClass = "credentials" | "config" | "request" | "rejected" | "outcome_unknown" | "unavailable"

/** The fields the CLI reads from a client error (client errors are tagged; anything else is not). */
interface Tagged {
  readonly _tag?: string
  readonly reason?: string
  readonly retryable?: boolean
  readonly code?: number | string
  readonly message?: string
  readonly msgRandom?: number
  readonly kind?: string
}

/** The client error's fields, or none for something that is not an object. */
export const taggedOf = (e: unknown): Tagged => (typeof e === "object" && e !== null ? e as Tagged : {})

const credentialReasons: ReadonlySet<string> = new Set(["auth", "permission", "not_enabled"])

/** The class of a failed client call (see the module table). */
export const failureClassOf = (e: unknown): FailureClass => {
  const t = taggedOf(e)
  switch (t._tag) {
    case "ChatApiError":
      if (t.reason !== undefined && credentialReasons.has(t.reason)) return "credentials"
      return t.retryable ? "unavailable" : "rejected"
    case "ChatConfigError":
      return "config"
    case "ChatRequestError":
      return "request"
    case "ChatPushOutcomeUnknown":
      return "outcome_unknown"
    default:
      return "unavailable"
  }
}

/** Exit code of a one-shot command that failed with a call of this class. */
export const exitCodeOf = (c: FailureClass): number =>
  c === "credentials" || c === "config" || c === "request" ? ExitCode.usage : ExitCode.itemsFailed

/** Whether an import stops on a call of this class (otherwise only the request's rows fail). */
export const stopsImport = (c: FailureClass): boolean => c !== "request" && c !== "rejected"

/** Converts an error thrown by a client call into the CLI error to exit with. */
export const cliErrorOf = (e: unknown, what: string): Error => {
  if (e instanceof UsageError || e instanceof ItemsFailedError) return e
  const t = taggedOf(e)
  const message = t.message ?? String(e)
  const c = failureClassOf(e)
  const code = t.code
  switch (c) {
    case "credentials":
      return new UsageError(`${what}: the service refused the credentials: ${message}`, { outcome: c, code })
    case "config":
      return new UsageError(`${what}: ${message}`, { outcome: c, code })
    case "request":
      // The client's message starts with the command (`push: ...`); the service code it stands
      // for is what the emulator or the service would have answered.
      return new UsageError(
        `${message.startsWith(`${what}: `) ? "" : `${what}: `}${message}${code !== undefined ? ` (service code ${code})` : ""}`,
        { outcome: c, code },
      )
    case "rejected":
      return new ItemsFailedError(`${what}: rejected: ${message}`, { outcome: c, code })
    case "outcome_unknown":
      return new ItemsFailedError(
        `${what}: OUTCOME UNKNOWN: ${message}. The push may or may not have been accepted; it was not retried. ` +
          `Check before resending; to resend as the same message use --msg-random ${t.msgRandom}`,
        { outcome: "unknown", msgRandom: t.msgRandom },
      )
    case "unavailable":
      // A code the service kept answering (after the client's retries) is still its answer.
      if (t._tag === "ChatApiError") return new ItemsFailedError(`${what}: rejected: ${message}`, { outcome: c, code })
      if (t._tag === "ChatRateLimitError" && t.kind === "store") {
        return new ItemsFailedError(`${what}: not sent: the shared store (--redis) did not answer: ${message}`, { outcome: c })
      }
      return new ItemsFailedError(`${what}: ${message}`, { outcome: c, code })
  }
}

/**
 * Runs one command's work on `client`: any failure becomes the CLI's error for `what`
 * (`cliErrorOf`), and the client is disposed however the work ends.
 */
export const withClient = async <A>(client: { readonly dispose: () => Promise<void> }, what: string, work: () => Promise<A>): Promise<A> => {
  try {
    return await work()
  } catch (e) {
    throw cliErrorOf(e, what)
  } finally {
    await client.dispose()
  }
}
