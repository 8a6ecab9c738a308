/**
 * `emulator exec`'s implementation: serve, run the command with the connection in its
 * environment, stop, save (with --export-on-exit), exit with the command's code.
 *
 * Choices:
 * - The command is run directly (argv, no shell): `-- sh -c '...'` for shell syntax.
 * - Its environment is ours plus TENCENT_CHAT_BASE_URL / SDKAPPID / SECRET_KEY / ADMIN /
 *   EMULATOR_UI, minus TENCENT_CHAT_REGION (which would conflict with the base URL).
 * - SIGINT, SIGTERM, SIGHUP and SIGQUIT are forwarded to it. In a terminal, Ctrl-C reaches it
 *   twice (the terminal signals the whole foreground group, and we forward), as with `npm run`.
 * - Exit code: the command's; 128+N when signal N ended it; 127 when it cannot be started. If
 *   the state cannot be saved, that is said on stderr and the exit code is at least 1.
 *
 * @module
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import * as os from "node:os"
import * as Redacted from "effect/Redacted"
import { serve, type Served } from "tencent-chat-push/node"
import { UsageError } from "../errors.ts"
import { setupEmulator } from "./emulator-setup.ts"
import type { EmulatorSetup, EmulatorSetupInput } from "./emulator-setup.ts"
import { saveStateFile } from "./emulator-state.ts"

/** Parsed flags of `emulator exec`. */
export interface ExecInput extends EmulatorSetupInput {
  readonly port: number
  readonly exportOnExit: boolean
  readonly command: ReadonlyArray<string>
}

const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const

const say = (line: string) => process.stderr.write(`emulator exec: ${line}\n`)

/** The environment the command runs with. */
export const commandEnv = (
  base: NodeJS.ProcessEnv,
  c: { url: string; sdkAppId: number; secretKey: string; admin: string },
): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...base,
    TENCENT_CHAT_BASE_URL: c.url,
    TENCENT_CHAT_SDKAPPID: String(c.sdkAppId),
    TENCENT_CHAT_SECRET_KEY: c.secretKey,
    TENCENT_CHAT_ADMIN: c.admin,
    TENCENT_CHAT_EMULATOR_UI: `${c.url}/__emulator/ui`,
  }
  delete env.TENCENT_CHAT_REGION
  return env
}

/** Runs the command against a served emulator; ends the process with the command's code. */
export const runExec = async (i: ExecInput): Promise<void> => {
  const [file, ...args] = i.command
  if (file === undefined || file === "") throw new UsageError("emulator exec needs a command: tencent-chat-push emulator exec -- <command> [args...]")
  if (i.exportOnExit && i.state._tag === "None") throw new UsageError("--export-on-exit needs --state FILE (where to save)")

  // Signals are ours from the start: one that arrives before the command runs cancels it.
  let child: ChildProcess | undefined
  let early: NodeJS.Signals | undefined
  const handlers = forwarded.map((s) => [s, () => (child !== undefined ? child.kill(s) : (early ??= s))] as const)
  for (const [s, h] of handlers) process.on(s, h)
  const signalCode = (signal: NodeJS.Signals) => 128 + (os.constants.signals[signal] ?? 0)

  let server: Served | undefined
  let code: number
  let setup: EmulatorSetup
  try {
    setup = await setupEmulator(i)
    try {
      server = await serve(setup.em, { port: i.port, host: i.host })
    } catch (e) {
      throw new UsageError(`cannot listen on ${i.host}:${i.port}: ${(e as Error).message}`)
    }
  } catch (e) {
    for (const [s, h] of handlers) process.off(s, h)
    throw e
  }
  const { em, creds, admins, demo, callbackUrl, stateFile, loaded } = setup
  const shown = i.command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(" ")
  say(`emulator on ${server.url} (app ${creds.sdkAppId}${demo ? ", demo" : ""}, admin ${admins[0]}); console ${server.url}/__emulator/ui`)
  if (callbackUrl !== undefined) say(`push callbacks go to ${callbackUrl}`)
  if (stateFile !== undefined) say(`state ${loaded ? `loaded from ${stateFile}` : `${stateFile} does not exist yet: starting empty`}`)

  if (early !== undefined) {
    say(`${early} before the command started: not running it`)
    code = signalCode(early)
  } else {
    say(`running ${shown}`)
    const started = spawn(file, args, {
      stdio: "inherit",
      env: commandEnv(process.env, { url: server.url, sdkAppId: creds.sdkAppId, secretKey: Redacted.value(creds.secretKey), admin: admins[0]! }),
    })
    child = started
    code = await new Promise<number>((resolve) => {
      started.once("error", (e: NodeJS.ErrnoException) => {
        say(`cannot run ${file}: ${e.code === "ENOENT" ? "command not found" : e.message}`)
        resolve(127)
      })
      started.once("exit", (c, signal) => resolve(c ?? (signal !== null ? signalCode(signal) : 1)))
    })
  }
  for (const [s, h] of handlers) process.off(s, h)

  await server.close()
  let exitCode = code
  if (i.exportOnExit && stateFile !== undefined) {
    try {
      await saveStateFile(em, stateFile)
      say(`state saved to ${stateFile}`)
    } catch (e) {
      say(`error: the emulator state could NOT be saved to ${stateFile}: ${(e as Error).message}`)
      exitCode = Math.max(exitCode, 1)
    }
  }
  say(`${child === undefined ? "no command ran" : `the command exited with code ${code}`}; emulator stopped`)
  // Ends here, with the command's code: the Effect runtime would report an interrupt (130)
  // when a forwarded signal arrived meanwhile.
  process.exit(exitCode)
}
