/**
 * `emulator`: serves the local emulator on loopback, optionally loading its state from a file
 * at start and saving it back (atomically) when stopped with Ctrl-C / SIGTERM. The one launcher:
 * `npm run emulator` in a clone of the repository runs this command too. `emulator exec` runs a
 * command against a fresh emulator (emulator-exec.ts).
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import { emulatorExecCommand } from "./emulator-exec.ts"
import { emulatorSetupFlags } from "./emulator-flags.ts"
import type { EmulatorInput } from "./emulator-run.ts"

const run = () => import("./emulator-run.ts")

/** `emulator`. */
export const emulatorCommand = Command.make(
  "emulator",
  {
    ...emulatorSetupFlags,
    port: Flag.Int("port").pipe(Flag.withDescription("TCP port (0: any free port)"), Flag.withDefault(5390)),
    state: Flag.String("state").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription(
        "load the state from FILE at start (if it exists) and save it there on exit; a demo app's generated key is kept in FILE.key, so its UserSigs stay valid across restarts",
      ),
      Flag.optional,
    ),
  },
  (i: EmulatorInput) =>
    Effect.acquireUseRelease(
      Effect.tryPromise({ try: async () => (await run()).start(i), catch: (e) => e }),
      () => Effect.never,
      (r) => Effect.promise(async () => (await run()).stop(r)),
    ),
).pipe(
  Command.withDescription(
    "Serve the local emulator of the push and account REST APIs. Without credentials it makes a demo app and prints its key; a real secret key is never printed. `emulator exec -- CMD` runs a command (a test suite) against a fresh one.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push emulator", description: "demo app on http://127.0.0.1:5390" },
    { command: "tencent-chat-push emulator --port 5390 --state emu.json", description: "keep state across restarts (credentials from TENCENT_CHAT_*)" },
    { command: "tencent-chat-push emulator --port 0 --rate-limit off --daily-quota 100000", description: "for benchmarks: any port, no call-rate limit" },
    { command: "tencent-chat-push emulator --fault-rate 0.05 --fault-seed 7", description: "5% of requests fail in a reproducible way" },
    { command: "tencent-chat-push emulator exec -- npm test", description: "run a test suite against a fresh emulator (TENCENT_CHAT_* exported to it)" },
  ]),
  Command.withSubcommands([emulatorExecCommand]),
)
