/**
 * `npm start`: argument handling, target choice, run, print, exit code (0 = every step went as
 * expected, 1 = a step did not, 2 = bad flags or live settings). Kept apart from
 * scripts/start-demo.ts so tests can run it with their own environment and output.
 */
import { parseArgs, usage } from "./args.ts"
import { runDemo } from "./flow.ts"
import { header, render } from "./report.ts"
import { emulatorTarget, liveSettingsFromEnv, liveTarget } from "./target.ts"
import type { Target } from "./target.ts"

export const main = async (
  argv: ReadonlyArray<string>,
  env: Record<string, string | undefined>,
  write: (text: string) => void,
): Promise<number> => {
  let args
  try {
    args = parseArgs(argv)
  } catch (e) {
    write(`${(e as Error).message}\n\n${usage}`)
    return 2
  }
  if (args.help) {
    write(usage)
    return 0
  }
  let target: Target
  if (args.live) {
    const settings = liveSettingsFromEnv(env)
    if ("problems" in settings) {
      write(`--live needs these environment variables: ${settings.problems.join(", ")}\n`)
      return 2
    }
    target = liveTarget(settings, args.livePush)
  } else {
    target = emulatorTarget()
  }
  const users = args.users ?? (args.live ? 20 : 3000)
  write(header(target, users, args.seed))
  if (!args.live && env["TENCENT_CHAT_SDKAPPID"]) {
    write("  note:    TENCENT_CHAT_* is set; without --live it is ignored and nothing is sent to Tencent\n\n")
  }
  try {
    const report = await runDemo(target, { users, seed: args.seed })
    write(`${render(target, report)}\n`)
    return report.problems.length === 0 ? 0 : 1
  } catch (e) {
    write(`\nThe demo stopped: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`)
    return 1
  } finally {
    await target.close()
  }
}
