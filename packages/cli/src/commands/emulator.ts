/**
 * `emulator`: serves the local emulator on loopback, optionally loading its state from a file
 * at start and saving it back (atomically) when stopped with Ctrl-C / SIGTERM.
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import { credentialFlags } from "../flags.ts"
import type { EmulatorInput } from "./emulator-run.ts"

const run = () => import("./emulator-run.ts")

/** `emulator`. */
export const emulatorCommand = Command.make(
  "emulator",
  {
    ...credentialFlags,
    admin: Flag.String("admin").pipe(
      Flag.withMetavar("USERID[,USERID]"),
      Flag.withDescription("admin UserID(s) (env TENCENT_CHAT_ADMIN; default administrator)"),
      Flag.optional,
    ),
    port: Flag.Int("port").pipe(Flag.withDescription("TCP port (0: any free port)"), Flag.withDefault(5390)),
    host: Flag.String("host").pipe(Flag.withDescription("interface to bind (loopback by default)"), Flag.withDefault("127.0.0.1")),
    state: Flag.String("state").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("load the state from FILE at start (if it exists) and save it there on exit"),
      Flag.optional,
    ),
    rateLimit: Flag.String("rate-limit").pipe(
      Flag.withMetavar("N|off"),
      Flag.withDescription("calls per second allowed on attribute, tag and account commands (default: the documented 100/s)"),
      Flag.optional,
    ),
    dailyQuota: Flag.Int("daily-quota").pipe(Flag.withDescription("pushes per day (default 100)"), Flag.optional),
    pushInterval: Flag.String("push-interval").pipe(
      Flag.withMetavar("DURATION"),
      Flag.withDescription("pushes must be more than this apart (default 1s)"),
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
    "Serve the local emulator of the push and account REST APIs. Without credentials it makes a demo app and prints its key; a real secret key is never printed.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push emulator", description: "demo app on http://127.0.0.1:5390" },
    { command: "tencent-chat-push emulator --port 5390 --state emu.json", description: "keep state across restarts (credentials from TENCENT_CHAT_*)" },
    { command: "tencent-chat-push emulator --port 0 --rate-limit off --daily-quota 100000", description: "for benchmarks: any port, no call-rate limit" },
  ]),
)
