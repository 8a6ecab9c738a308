/**
 * The CLI's exit-code contract, as error classes the entry point maps to `process.exit` codes:
 * 0 success, 1 some items failed (the work ran but not all of it succeeded), 2 bad usage or
 * configuration (nothing useful could start, or the input/config is wrong).
 *
 * @module
 */

/** Exit codes of `tencent-chat-push`. */
export const ExitCode = { ok: 0, itemsFailed: 1, usage: 2 } as const

/** Bad flags, arguments or configuration (missing credentials, unreadable file...): exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError"
  readonly exitCode: number = ExitCode.usage
}

/**
 * The command ran but some items failed (or the run stopped on an operational error such as the
 * service being unreachable): exit 1. The message is printed as the last line on stderr.
 */
export class ItemsFailedError extends Error {
  override readonly name = "ItemsFailedError"
  readonly exitCode: number = ExitCode.itemsFailed
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
