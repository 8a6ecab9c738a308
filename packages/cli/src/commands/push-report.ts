/**
 * `--json` on the push commands: exactly one JSON object on stdout per run that got past flag
 * parsing, success or not, so a script reads the TaskId(s) and the outcome instead of scraping
 * text. The human lines on stdout are replaced by it; stderr (errors, the request shown before
 * `--yes`, per-user failures) is unchanged, and so is the exit code.
 *
 * @module
 */
import { out } from "../action.ts"
import { isCliFailure } from "../errors.ts"

/** The name of the command in the report (`push send`, ...). */
export type PushCommandName =
  | "push send"
  | "push revoke"
  | "push to-users"
  | "push schedule"
  | "push reschedule"
  | "push cancel"
  | "push list"
  | "push show"
  | "push stats"

/** What a successful (or partly successful) run reports, besides `command`. */
export interface PushReport {
  readonly ok: boolean
  readonly outcome: string
  readonly [field: string]: unknown
}

/** The report of a run that failed with `e` (a CLI error: its details; anything else: `failed`). */
export const failureReport = (command: PushCommandName, e: unknown): Record<string, unknown> => {
  const details = isCliFailure(e) ? e.details : { outcome: "failed" }
  return {
    command,
    ok: false,
    outcome: details.outcome ?? "failed",
    exitCode: isCliFailure(e) ? e.exitCode : 1,
    error: e instanceof Error ? e.message : String(e),
    ...(details.code !== undefined ? { code: details.code } : {}),
    ...(details.msgRandom !== undefined ? { msgRandom: details.msgRandom } : {}),
  }
}

/**
 * Runs a push command. `run` returns its report and, for a partial success, the error to exit
 * with after the report is printed. With `json`, prints the one report object (also for a
 * failure, before rethrowing it so the exit code and the stderr line stay as without `--json`).
 */
export const reporting = async (
  command: PushCommandName,
  json: boolean,
  run: () => Promise<{ readonly report: PushReport; readonly error?: Error | undefined }>,
): Promise<void> => {
  let result: { readonly report: PushReport; readonly error?: Error | undefined }
  try {
    result = await run()
  } catch (e) {
    if (json) out(JSON.stringify(failureReport(command, e)))
    throw e
  }
  if (json) {
    out(JSON.stringify({
      command,
      ...result.report,
      ...(result.error !== undefined ? { exitCode: isCliFailure(result.error) ? result.error.exitCode : 1, error: result.error.message } : {}),
    }))
  }
  if (result.error !== undefined) throw result.error
}
