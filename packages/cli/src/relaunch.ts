/**
 * Running bulk imports in a child Node process with heap flags, because V8 heap limits can only
 * be set when a process starts (`v8.setFlagsFromString` afterwards does not bound the heap, as
 * measured) and a shebang cannot portably carry flags (`env -S` is missing from BusyBox).
 *
 * The parent is a thin launcher: stdio is inherited (stdin input and the TTY progress bar work
 * as is), signals are forwarded, and it exits with the child's code. So that `kill -9` of the
 * launcher stops the import as it would a single process, the child polls its parent id and
 * kills itself when the launcher is gone (within 50 ms); the checkpoint stays consistent, as
 * after any kill.
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
    stdio: "inherit",
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

/** In a relaunched child: die with the launcher (see the module doc). */
export const watchParent = (): void => {
  const parent = process.env[childMarker]
  if (parent === undefined) return
  const timer = setInterval(() => {
    if (String(process.ppid) !== parent) process.kill(process.pid, "SIGKILL")
  }, 50)
  timer.unref()
}
