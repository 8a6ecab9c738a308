/**
 * Runs the root command with Node's runtime and maps how it ended to the documented exit code:
 * 0 success, 1 some items failed, 2 bad usage or configuration (see errors.ts).
 *
 * @module
 */
import * as NodeRuntime from "@effect/platform-node-shared/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Command from "effect/cli/Command"
import * as CliError from "effect/cli/CliError"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import { readFileSync } from "node:fs"
import { ExitCode, interruptExit, isCliFailure } from "./errors.ts"
import { rootCommand } from "./commands/root.ts"
import { nodeServices } from "./services.ts"

/**
 * The package's own version, for `--version`: src/run.ts and dist/run.js both sit one level
 * below the package's package.json.
 */
const packageVersion = (): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name?: string; version?: string }
    if (pkg.name === "@tencent-chat-push/cli" && typeof pkg.version === "string") return pkg.version
  } catch {
    // not found: reported as unknown
  }
  return "unknown"
}


/** Maps how the program ended to the documented exit code, printing the reason. */
const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return ExitCode.ok
  if (Cause.hasInterruptsOnly(exit.cause)) return interruptExit.code
  const failure = Option.getOrUndefined(Cause.findErrorOption(exit.cause))
  if (failure !== undefined) {
    // Parse errors were already printed by Command.run (with the help text).
    if (CliError.isCliError(failure)) return ExitCode.usage
    if (isCliFailure(failure)) {
      process.stderr.write(`error: ${failure.message}\n`)
      return failure.exitCode
    }
    process.stderr.write(`error: ${failure instanceof Error ? failure.message : String(failure)}\n`)
    return ExitCode.itemsFailed
  }
  process.stderr.write(`internal error: ${Cause.pretty(exit.cause)}\n`)
  return ExitCode.itemsFailed
}

// A reader that stops early (`... --dry-run | head -1`) closes the pipe: stop quietly, as
// Unix tools do, instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(ExitCode.ok)
    throw e
  })
}

rootCommand.pipe(
  Command.run({ version: packageVersion() }),
  Effect.provide(nodeServices),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    teardown: (exit, onExit) => onExit(exitCodeOf(exit)),
  }),
)
