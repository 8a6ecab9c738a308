/**
 * Command handlers are plain async functions (streams, files and the Promise client are
 * simpler that way); this wraps one as the Effect a `Command` handler returns, keeping the
 * thrown error as the failure so main.ts can map it to an exit code.
 *
 * @module
 */
import * as Effect from "effect/Effect"

/** Wraps an async handler; `signal` aborts when the run is interrupted (Ctrl-C). */
export const action = <A>(run: (input: A, signal: AbortSignal) => Promise<void>) => (input: A): Effect.Effect<void, unknown> =>
  Effect.tryPromise({ try: (signal) => run(input, signal), catch: (e) => e })

/** Writes a line to stdout. */
export const out = (line: string): void => {
  process.stdout.write(line + "\n")
}

/** Writes a line to stderr. */
export const err = (line: string): void => {
  process.stderr.write(line + "\n")
}
