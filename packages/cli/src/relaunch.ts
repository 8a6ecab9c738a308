/**
 * Running bulk imports in a child Node process with heap flags, because V8 heap limits can only
 * be set when a process starts (`v8.setFlagsFromString` afterwards does not bound the heap, as
 * measured) and a shebang cannot portably carry flags (`env -S` is missing from BusyBox).
 *
 * The parent is a thin launcher: stdio is inherited (stdin input and the TTY progress bar work
 * as is), signals are forwarded, and it exits with the child's code. So that `kill -9` of the
 * launcher stops the import as it would a single process:
 * - the child holds an IPC channel to the launcher and kills itself (SIGKILL) as soon as the
 *   channel closes, which the kernel does when the launcher dies;
 * - and, because a blocked event loop (module loading at start-up, a long GC) cannot see the
 *   channel close, the child also checks, synchronously before every HTTP request it sends
 *   (`stopIfOrphaned`, called by the client's fetch), that the launcher is still its parent
 *   (`getppid`), and at start-up before anything else.
 * So no request leaves after the launcher is gone (only those already sent can still arrive),
 * and the checkpoint stays consistent, as after any kill. (Before: a 50 ms poll of the parent id
 * let the child live 72-182 ms, 1.5 s during start-up, and send requests meanwhile.)
 *
 * Skipped when the user already set a heap size (in `NODE_OPTIONS` or the node command line),
 * or with `TENCENT_CHAT_PUSH_RELAUNCH=off`.
 *
 * @module
 */
import { spawn } from "node:child_process"
import * as os from "node:os"

/**
 * The child's heap bounds: old space 128 MB (live data is ~50 MB), 4 MB semi-spaces. Measured
 * on 200,000 rows: 128 MB old space with 1, 4 or 8 MB semi-spaces all peak at 155-175 MB RSS
 * and the same CPU; without flags the same import peaks at 400+ MB and keeps growing.
 */
export const heapFlags: ReadonlyArray<string> = ["--max-old-space-size=128", "--max-semi-space-size=4"]

const childMarker = "TENCENT_CHAT_PUSH_PARENT_PID"

/** True for `accounts|attrs|tags import ...` (not `--help`), unless heap flags are already set. */
export const needsBoundedHeap = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = process.env): boolean => {
  if (env[childMarker] !== undefined || env.TENCENT_CHAT_PUSH_RELAUNCH === "off") return false
  const isImport = ["accounts", "attrs", "tags"].includes(args[0] ?? "") && args[1] === "import"
  if (!isImport || args.includes("--help") || args.includes("-h")) return false
  const given = [...process.execArgv, env.NODE_OPTIONS ?? ""].join(" ")
  return !/--max-old-space-size|--max-semi-space-size/.test(given)
}

/** Re-runs this command in a child with `heapFlags`; exits with its code. Never returns. */
export const relaunch = (): void => {
  const child = spawn(process.execPath, [...heapFlags, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...process.env, [childMarker]: String(process.pid) },
  })
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal)
  }
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, forward(s))
  child.on("error", (e) => {
    process.stderr.write(`error: cannot start ${process.execPath}: ${e.message}\n`)
    process.exit(1)
  })
  child.on("exit", (code, signal) => {
    process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1))
  })
}

let launcher: number | undefined

const die = (): never => {
  process.kill(process.pid, "SIGKILL")
  throw new Error("unreachable: SIGKILL sent to self")
}

/** In a relaunched child: die with the launcher (see the module doc). Call first thing. */
export const watchParent = (): void => {
  const parent = process.env[childMarker]
  if (parent === undefined) return
  launcher = Number(parent)
  stopIfOrphaned()
  process.on("disconnect", die)
  // The channel must not keep the child alive; it still reports the launcher's end.
  process.channel?.unref()
}

/**
 * In a relaunched child whose launcher is gone: dies on the spot (SIGKILL), so nothing more is
 * sent. A no-op in any other process. Synchronous and cheap (one `getppid`).
 */
export const stopIfOrphaned = (): void => {
  if (launcher !== undefined && process.ppid !== launcher) die()
}
