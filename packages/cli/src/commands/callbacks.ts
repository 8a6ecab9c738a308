/**
 * `callbacks listen`: a local receiver for Tencent's push callbacks, for development. It serves
 * the library's verifying handler (`createCallbackHandler`) on the Node bridge and prints every
 * verified event as one NDJSON line on stdout; refused requests go to stderr. This file only
 * declares the command; callbacks-run.ts does it.
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import type { ListenInput } from "./callbacks-run.ts"

const run = () => import("./callbacks-run.ts")

const listen = Command.make(
  "listen",
  {
    port: Flag.Int("port").pipe(Flag.withDescription("TCP port (0: any free port)"), Flag.withDefault(5391)),
    host: Flag.String("host").pipe(Flag.withDescription("interface to bind (loopback by default)"), Flag.withDefault("127.0.0.1")),
    token: Flag.Redacted("token").pipe(
      Flag.withMetavar("TOKEN"),
      Flag.withDescription("the callback token requests are signed with (env TENCENT_CHAT_CALLBACK_TOKEN). Visible in `ps`: prefer the env"),
      Flag.optional,
    ),
    sdkAppId: Flag.String("sdkappid").pipe(
      Flag.withMetavar("ID"),
      Flag.withDescription("only this app's callbacks are accepted (env TENCENT_CHAT_SDKAPPID)"),
      Flag.optional,
    ),
    maxSkew: Flag.String("max-skew").pipe(
      Flag.withMetavar("DURATION"),
      Flag.withDescription("how far RequestTime may be from this machine's clock (default 300s)"),
      Flag.optional,
    ),
  },
  (i: ListenInput) =>
    Effect.acquireUseRelease(
      Effect.tryPromise({ try: async () => (await run()).startListening(i), catch: (e) => e }),
      () => Effect.never,
      (r) => Effect.promise(async () => (await run()).stopListening(r)),
    ),
).pipe(
  Command.withDescription(
    "Receive push callbacks (Push.AllMemberPush, Push.OfflinePush) on a local port: each request is verified " +
      "(app, token signature, freshness, replay) and each event printed as one NDJSON line on stdout; refused " +
      "requests are printed on stderr. Ctrl-C / SIGTERM stops it (exit 0).",
  ),
  Command.withExamples([
    { command: "tencent-chat-push callbacks listen --port 5391 --sdkappid 1400000000", description: "receive on http://127.0.0.1:5391 (the token from TENCENT_CHAT_CALLBACK_TOKEN)" },
    { command: "tencent-chat-push callbacks listen --port 0 --token dev-token --sdkappid 1400000000 | jq -c 'select(.stage == \"clicked\")'", description: "only clicks" },
  ]),
)

/** `callbacks`. */
export const callbacksCommand = Command.make("callbacks").pipe(
  Command.withDescription("Push callbacks: receive and verify them locally."),
  Command.withExamples([
    { command: "tencent-chat-push callbacks listen --port 5391 --token dev-token --sdkappid 1400000000", description: "print verified events as NDJSON" },
  ]),
  Command.withSubcommands([listen]),
)
