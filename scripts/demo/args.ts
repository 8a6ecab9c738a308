/**
 * Command-line flags of `npm start` (scripts/start-demo.ts).
 */

export interface DemoArgs {
  readonly live: boolean
  readonly livePush: boolean
  readonly users: number | undefined
  readonly seed: number
  readonly help: boolean
}

export const usage = `Usage: npm start [-- options]

Runs the whole push workflow against the embedded emulator (nothing leaves this machine):
attribute names, sample accounts, attributes and tags in bulk, pushes by tag, by attribute
and to everyone, a summary, and one rejected request of each kind.

Options:
  --users N      number of sample users (default 3000; live: 20)
  --seed N       seed of the sample data (default 42)
  --live         run against the real service configured by TENCENT_CHAT_SDKAPPID,
                 TENCENT_CHAT_SECRET_KEY, TENCENT_CHAT_ADMIN and TENCENT_CHAT_REGION
                 (or TENCENT_CHAT_BASE_URL); ids, tags and attribute names get a
                 "tcpdemo" prefix; pushes are skipped unless --live-push is given
  --live-push    with --live: really send the tag and attribute pushes (they reach the
                 demo users' devices); the push to everyone is never sent live
  -h, --help     this text
`

const int = (flag: string, v: string | undefined, min: number, max: number): number => {
  const x = Number(v)
  if (v === undefined || !Number.isSafeInteger(x) || x < min || x > max) {
    throw new RangeError(`${flag} needs an integer in ${min}..${max}`)
  }
  return x
}

/** Parses `argv` (without node and the script). Throws `RangeError` on a bad flag. */
export const parseArgs = (argv: ReadonlyArray<string>): DemoArgs => {
  let live = false
  let livePush = false
  let users: number | undefined
  let seed = 42
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined]
    const value = () => inline ?? argv[++i]
    switch (flag) {
      case "--live":
        live = true
        break
      case "--live-push":
        livePush = true
        break
      case "--users":
        users = int("--users", value(), 1, 1_000_000)
        break
      case "--seed":
        seed = int("--seed", value(), 0, 0xffffffff)
        break
      case "-h":
      case "--help":
        help = true
        break
      default:
        throw new RangeError(`unknown option ${a}`)
    }
  }
  if (livePush && !live) throw new RangeError("--live-push only makes sense with --live")
  return { live, livePush, users, seed, help }
}
