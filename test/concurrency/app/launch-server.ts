/**
 * Starts the app (app.ts) on `Deno.serve` or `Bun.serve` in a child process on a free loopback
 * port (the server picks it and prints it), for the concurrency tests. Node-only test helper;
 * `stop()` kills the child by its PID and waits for it to exit.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { AppServer } from "../workerd/launch.ts"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** The runtimes a server can run on. */
export type ServerRuntime = "deno" | "bun"

const commands: Record<ServerRuntime, ReadonlyArray<string>> = {
  deno: [`${root}node_modules/.bin/deno`, "run", "--no-prompt", "--allow-env=APP_CONFIG", "--allow-net=127.0.0.1", "test/concurrency/app/deno-server.ts"],
  bun: [`${root}node_modules/.bin/bun`, "test/concurrency/app/bun-server.ts"],
}

/** Starts the app on `runtime`; resolves once it listens. */
export const launchServer = async (
  runtime: ServerRuntime,
  emulatorUrl: string,
  clients: Record<string, Record<string, unknown>>,
): Promise<AppServer> => {
  const [command, ...args] = commands[runtime]
  const child = spawn(command!, args, {
    cwd: root,
    env: { ...process.env, APP_CONFIG: JSON.stringify({ emulatorUrl, clients }), NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
    await exited
  }
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()))
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString()
      const m = /\{"port":(\d+)\}/.exec(output)
      if (m) resolve(Number(m[1]))
    })
    child.once("exit", (code) => reject(new Error(`${runtime} exited (${code}) before listening:\n${output}`)))
  }).catch(async (e) => {
    await stop()
    throw e
  })
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, log: () => output, stop }
}
