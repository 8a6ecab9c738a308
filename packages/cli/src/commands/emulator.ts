/**
 * `emulator`: serves the local emulator on loopback, optionally loading its state from a file
 * at start and saving it back (atomically) when stopped with Ctrl-C / SIGTERM. The one launcher:
 * `npm run emulator` in a clone of the repository runs this command too.
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
      Flag.withDescription(
        "load the state from FILE at start (if it exists) and save it there on exit; a demo app's generated key is kept in FILE.key, so its UserSigs stay valid across restarts",
      ),
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
    faultRate: Flag.String("fault-rate").pipe(
      Flag.withMetavar("0..1"),
      Flag.withDescription("probability that a request gets a random fault (91000, HTTP 502, delay, truncated JSON, dropped connection); default 0: off"),
      Flag.optional,
    ),
    faultSeed: Flag.String("fault-seed").pipe(
      Flag.withMetavar("N"),
      Flag.withDescription("seed of the random faults (uint32, default 1): the same seed and call order replay the same faults"),
      Flag.optional,
    ),
    faultDelayMs: Flag.String("fault-delay-ms").pipe(
      Flag.withMetavar("MS"),
      Flag.withDescription("how long a delay fault waits (default 15000)"),
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
    { command: "tencent-chat-push emulator --fault-rate 0.05 --fault-seed 7", description: "5% of requests fail in a reproducible way" },
  ]),
)
