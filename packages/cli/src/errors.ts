/**
 * The CLI's exit-code contract, as error classes the entry point maps to `process.exit` codes:
 * 0 success, 1 some items failed (the work ran but not all of it succeeded), 2 bad usage or
 * configuration (nothing useful could start, or the input/config is wrong).
 *
 * @module
 */

/** Exit codes of `tencent-chat-push`. */
export const ExitCode = { ok: 0, itemsFailed: 1, usage: 2 } as const

/**
 * What a failed command reports as its `outcome` with `--json` (push commands), and the fields
 * a script may need besides the message (the service's code, the MsgRandom to resend with).
 */
export interface FailureDetails {
  /** `usage`, `not_confirmed`, `credentials`, `config`, `request`, `rejected`, `unknown`, `unavailable`, `partial`, `failed`. */
  readonly outcome?: string
  /** The service's ErrorCode, when it answered one. */
  readonly code?: number | string | undefined
  /** The MsgRandom of a push whose outcome is unknown. */
  readonly msgRandom?: number | undefined
}

/** Bad flags, arguments or configuration (missing credentials, unreadable file...): exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError"
  readonly exitCode: number = ExitCode.usage
  readonly details: FailureDetails
  constructor(message: string, details: FailureDetails = {}) {
    super(message)
    this.details = { outcome: "usage", ...details }
  }
}

/**
 * The command ran but some items failed (or the run stopped on an operational error such as the
 * service being unreachable): exit 1. The message is printed as the last line on stderr.
 */
export class ItemsFailedError extends Error {
  override readonly name = "ItemsFailedError"
  readonly exitCode: number = ExitCode.itemsFailed
  readonly details: FailureDetails
  constructor(message: string, details: FailureDetails = {}) {
    super(message)
    this.details = { outcome: "failed", ...details }
  }
}

/** An error the CLI raises on purpose and knows how to print. */
export type CliFailure = UsageError | ItemsFailedError

/** True for the CLI's own failures (as opposed to defects). */
export const isCliFailure = (u: unknown): u is CliFailure => u instanceof UsageError || u instanceof ItemsFailedError

/**
 * The exit code for a run stopped by SIGINT / SIGTERM: 130 by default; long-running servers
 * (the `emulator` command) set it to 0 once serving, because stopping them is the normal end.
 */
export const interruptExit: { code: number } = { code: 130 }
