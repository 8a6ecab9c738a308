/**
 * `emulator exec -- <command…>`: runs a command (a test suite) against a fresh emulator, like
 * `firebase emulators:exec`. This file only declares the command; emulator-exec-run.ts does it.
 *
 * @module
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import { emulatorSetupFlags } from "./emulator-flags.ts"
import type { ExecInput } from "./emulator-exec-run.ts"

/** `emulator exec`. */
export const emulatorExecCommand = Command.make(
  "exec",
  {
    ...emulatorSetupFlags,
    port: Flag.Int("port").pipe(Flag.withDescription("TCP port (default 0: any free port)"), Flag.withDefault(0)),
    state: Flag.String("state").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("load the state from FILE before the command runs (if it exists); with --export-on-exit, save it there after"),
      Flag.optional,
    ),
    exportOnExit: Flag.Boolean("export-on-exit").pipe(
      Flag.withDescription("save the state to the --state FILE (atomically) when the command has ended"),
      Flag.withDefault(false),
    ),
    command: Argument.String("command").pipe(
      Argument.withDescription("the command and its arguments, after `--`"),
      Argument.variadic(),
    ),
  },
  // Uninterruptible: Ctrl-C / SIGTERM are forwarded to the command, and this process ends
  // only after it (exiting with its code), never before.
  (i: ExecInput) =>
    Effect.uninterruptible(
      Effect.tryPromise({ try: async () => (await import("./emulator-exec-run.ts")).runExec(i), catch: (e) => e }),
    ),
).pipe(
  Command.withDescription(
    "Start the emulator on a free port, run COMMAND with TENCENT_CHAT_BASE_URL, TENCENT_CHAT_SDKAPPID, TENCENT_CHAT_SECRET_KEY, TENCENT_CHAT_ADMIN " +
      "(and TENCENT_CHAT_EMULATOR_UI, the console's URL) set for it, stop the emulator, and exit with the command's code " +
      "(128+N when a signal N ended it). Signals are forwarded to the command. Without credentials a demo app with a generated key is used.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push emulator exec -- npm test", description: "a test suite against a fresh emulator; createClient() reads TENCENT_CHAT_*" },
    { command: "tencent-chat-push emulator exec --state seed.json -- node e2e.ts", description: "start from a saved state" },
    { command: "tencent-chat-push emulator exec --state run.json --export-on-exit -- sh -c 'npm run seed && npm test'", description: "save what the command left" },
  ]),
)
