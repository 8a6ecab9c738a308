/**
 * `accounts import`, `attrs import`, `tags import`: resumable, streamed bulk imports. This file
 * only declares the commands; import/run.ts does the work.
 *
 * @module
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { action } from "../action.ts"
import { connectionFlags } from "../flags.ts"
import type { ImportInput } from "../import/run.ts"

const run = () => import("../import/run.ts")

/** Flags every import command takes. */
const importFlags = {
  ...connectionFlags,
  file: Argument.String("file").pipe(Argument.withDescription("CSV or NDJSON file, or - for stdin")),
  format: Flag.Literals("format", ["csv", "ndjson"]).pipe(
    Flag.withDescription("input format (default: from the extension, else sniffed: `{` means NDJSON)"),
    Flag.optional,
  ),
  dryRun: Flag.Boolean("dry-run").pipe(
    Flag.withDescription("validate the whole file locally and print every request that would be sent (NDJSON on stdout); sends nothing"),
    Flag.withDefault(false),
  ),
  checkpoint: Flag.String("checkpoint").pipe(
    Flag.withMetavar("FILE"),
    Flag.withDescription("checkpoint file for resuming (default FILE.checkpoint.json; `none` disables; stdin has none unless given)"),
    Flag.optional,
  ),
  report: Flag.String("report").pipe(
    Flag.withMetavar("FILE"),
    Flag.withDescription("failure report, CSV: line,user_id,code,reason (default FILE.failures.csv, or ./import-failures.csv for stdin)"),
    Flag.optional,
  ),
  concurrency: Flag.Int("concurrency").pipe(
    Flag.withDescription("requests in flight"),
    Flag.withDefault(4),
  ),
  rateLimit: Flag.String("rate-limit").pipe(
    Flag.withMetavar("N|off"),
    Flag.withDescription("calls per second for this command (default: the documented limit, 100/s); raise only if Tencent raised yours"),
    Flag.optional,
  ),
  progress: Flag.Literals("progress", ["auto", "plain", "none"]).pipe(
    Flag.withDescription("progress on stderr: a bar on a TTY (auto), plain lines, or none"),
    Flag.withDefault("auto" as const),
  ),
  progressInterval: Flag.String("progress-interval").pipe(
    Flag.withMetavar("DURATION"),
    Flag.withDescription("seconds between plain progress lines"),
    Flag.withDefault("5s"),
  ),
  json: Flag.Boolean("json").pipe(Flag.withDescription("print the summary as JSON"), Flag.withDefault(false)),
}

const examples = (cmd: string, file: string, extra = "") => [
  { command: `tencent-chat-push ${cmd} ${file}${extra} --emulator http://127.0.0.1:5390`, description: "import into a served emulator" },
  { command: `tencent-chat-push ${cmd} ${file}${extra} --region singapore`, description: "import into the real service (credentials from TENCENT_CHAT_*); rerun after a crash to resume" },
  { command: `tencent-chat-push ${cmd} ${file}${extra} --dry-run | head -1`, description: "validate locally and show the first request" },
  { command: `cat ${file} | tencent-chat-push ${cmd} -${extra} --checkpoint ck.json --emulator http://127.0.0.1:5390`, description: "from stdin, resumable with an explicit checkpoint" },
]

const accountsImport = Command.make(
  "import",
  importFlags,
  action(async (i: ImportInput, signal) => (await run()).runAccountsImport(i, signal)),
).pipe(
  Command.withDescription(
    "Import accounts (multiaccount_import, 100 per request). CSV header: userId[,nick][,faceUrl]; NDJSON: {\"userId\",\"nick\",\"faceUrl\"}. Re-importing an account updates it.",
  ),
  Command.withExamples(examples("accounts import", "users.csv")),
)

const attrsImport = Command.make(
  "import",
  {
    ...importFlags,
    setNames: Flag.Boolean("set-names").pipe(
      Flag.withDescription("define missing attribute names first (free slots \"0\"-\"9\"), keeping existing ones"),
      Flag.withDefault(false),
    ),
  },
  action(async (i: ImportInput & { setNames: boolean }, signal) => (await run()).runAttrsImport(i, signal)),
).pipe(
  Command.withDescription(
    "Set user attributes (set_attr, 100 users per request). CSV: userId,<name>,<name>... (one column per attribute; an empty cell leaves that attribute alone); NDJSON: {\"userId\",\"attrs\":{\"name\":\"value\"}}.",
  ),
  Command.withExamples(examples("attrs import", "attrs.csv", " --set-names")),
)

const tagsImport = Command.make(
  "import",
  {
    ...importFlags,
    replace: Flag.Boolean("replace").pipe(
      Flag.withDescription("replace each user's tags (Replace=1, up to 100 per row) instead of adding (up to 10 per row)"),
      Flag.withDefault(false),
    ),
    tagSeparator: Flag.String("tag-separator").pipe(
      Flag.withMetavar("SEP"),
      Flag.withDescription("separator of tags in the CSV tags column"),
      Flag.withDefault(";"),
    ),
  },
  action(async (i: ImportInput & { replace: boolean; tagSeparator: string }, signal) => (await run()).runTagsImport(i, signal)),
).pipe(
  Command.withDescription(
    "Add (or with --replace, replace) user tags (add_tag, 100 users per request). CSV: userId,tags with tags joined by `;`; NDJSON: {\"userId\",\"tags\":[...]}. A user may appear on several rows; rows apply in file order.",
  ),
  Command.withExamples(examples("tags import", "tags.csv", " --replace")),
)

const group = <const N extends string, I, E>(name: string, description: string, sub: Command.Command<N, I, {}, E, never>, example: string) =>
  Command.make(name).pipe(
    Command.withDescription(description),
    Command.withExamples([{ command: example, description: "see `import --help` for flags and formats" }]),
    Command.withSubcommands([sub]),
  )

/** `accounts`, `attrs`, `tags`. */
export const accountsCommand = group("accounts", "Bulk account import.", accountsImport, "tencent-chat-push accounts import users.csv --emulator http://127.0.0.1:5390")
export const attrsCommand = group("attrs", "Bulk user-attribute import.", attrsImport, "tencent-chat-push attrs import attrs.csv --set-names --emulator http://127.0.0.1:5390")
export const tagsCommand = group("tags", "Bulk user-tag import.", tagsImport, "tencent-chat-push tags import tags.csv --replace --emulator http://127.0.0.1:5390")
