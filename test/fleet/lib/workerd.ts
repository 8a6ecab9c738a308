/**
 * workerd for the Durable Object fleet test: bundles test/fleet/workerd/entry.ts with esbuild
 * (as a Worker bundler would, `node:*` left out so any Node import fails at load), serves
 * test/fleet/workerd/config.capnp on a free loopback port, and stops it by its PID.
 */
import { build } from "esbuild"
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { FLEET_PRIORITY, prioritize } from "./priority.ts"
import { freePort } from "./redis-server.ts"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** A running workerd. */
export interface Workerd {
  /** Base URL of the router: `${url}/<n>` is caller n. */
  readonly url: string
  readonly stop: () => Promise<void>
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()))

export const startWorkerd = async (): Promise<Workerd> => {
  await build({
    absWorkingDir: root,
    entryPoints: ["test/fleet/workerd/entry.ts"],
    outfile: ".tmp/fleet-workerd/fleet.js",
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    external: ["node:*"],
    target: "es2022",
    logLevel: "warning",
  })
  const port = await freePort()
  const child = spawn(`${root}node_modules/.bin/workerd`, ["serve", "test/fleet/workerd/config.capnp", "--socket-addr", `http=127.0.0.1:${port}`], {
    cwd: root,
    stdio: ["ignore", "inherit", "pipe"],
  })
  prioritize(child.pid, FLEET_PRIORITY)
  let stderr = ""
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString()
    process.stderr.write(d)
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    const status = await fetch(`${url}/none`).then((r) => r.status, () => 0)
    if (status === 404) break
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL")
      throw new Error(`workerd did not come up on ${url}: ${stderr.trim()}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
      await exited(child)
    },
  }
}
