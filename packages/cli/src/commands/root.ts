/**
 * The root command and its groups.
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import { callbacksCommand } from "./callbacks.ts"
import { emulatorCommand } from "./emulator.ts"
import { accountsCommand, attrsCommand, tagsCommand } from "./import.ts"
import { pushCommand } from "./push.ts"
import { usersigCommand } from "./usersig.ts"

/** `tencent-chat-push`. */
export const rootCommand = Command.make("tencent-chat-push").pipe(
  Command.withDescription(
    "Tencent Cloud Chat push toolkit: UserSigs, a local emulator, resumable bulk imports of accounts, attributes and tags, and pushes. " +
      "Configuration comes from flags or TENCENT_CHAT_SDKAPPID, TENCENT_CHAT_SECRET_KEY, TENCENT_CHAT_ADMIN, TENCENT_CHAT_REGION / TENCENT_CHAT_BASE_URL. " +
      "Exit codes: 0 ok, 1 some items failed, 2 bad usage or configuration.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push usersig gen --user alice", description: "mint a UserSig" },
    { command: "tencent-chat-push emulator --port 5390 --state emu.json", description: "serve the emulator, keeping state" },
    { command: "tencent-chat-push tags import tags.csv --emulator http://127.0.0.1:5390", description: "import tags (resumable)" },
  ]),
  Command.withSubcommands([usersigCommand, emulatorCommand, accountsCommand, attrsCommand, tagsCommand, pushCommand, callbacksCommand]),
)
