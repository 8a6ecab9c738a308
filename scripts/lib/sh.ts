/** Tiny helpers shared by the check scripts: run a command with streamed output, resolve paths. */
import { spawnSync, type SpawnSyncOptions } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The repository root (scripts/lib/../..). */
export const root: string = fileURLToPath(new URL("../../", import.meta.url))

/** A binary from node_modules/.bin, so every script uses the pinned tool versions. */
export const bin = (name: string): string => `${root}node_modules/.bin/${name}`

/** Runs a command in the repository root, streaming its output; returns true on exit code 0. */
export const sh = (cmd: string, args: ReadonlyArray<string>, opts: SpawnSyncOptions = {}): boolean => {
  console.log(`$ ${[cmd.replace(root, ""), ...args].join(" ")}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts })
  if (r.error) console.error(String(r.error))
  return r.status === 0
}

/** Runs a command and captures its output (for checks that parse it); echoes it unless `quiet`. */
export const capture = (
  cmd: string,
  args: ReadonlyArray<string>,
  opts: SpawnSyncOptions & { quiet?: boolean } = {},
): { ok: boolean; output: string; stdout: string } => {
  if (!opts.quiet) console.log(`$ ${[cmd.replace(root, ""), ...args].join(" ")}`)
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...opts })
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`
  if (!opts.quiet) process.stdout.write(output)
  if (r.error) console.error(String(r.error))
  return { ok: r.status === 0, output, stdout: String(r.stdout ?? "") }
}
