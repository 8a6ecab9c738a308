/**
 * `npm start`: the whole push workflow on the embedded emulator, in well under a minute, with no
 * configuration: attribute names, a few thousand sample accounts, their attributes and tags in
 * bulk, pushes by tag, by attribute and to everyone, a summary, and one rejected request of each
 * kind. `--live` (with TENCENT_CHAT_*) runs the same flow against the real service; live pushes
 * need `--live-push` as well. `npm start -- --help` lists the options.
 */
import { main } from "./demo/main.ts"

process.exitCode = await main(process.argv.slice(2), process.env, (text) => process.stdout.write(text))
