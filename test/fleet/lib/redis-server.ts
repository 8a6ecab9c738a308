/**
 * A real `redis-server` for tests: started on a free loopback port with no persistence, stopped
 * by its PID. It is spawned directly (no shell), so the child's PID is redis-server's own; the
 * test also checks it against `INFO server`'s `process_id`.
 *
 * Where `redis-server` is not installed: without `CI` the Redis tests are skipped with one line
 * saying how to enable them; with `CI=true` they run and fail (CI installs it, see `.ci/run`).
 */
import { spawn, spawnSync } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { makeRespClient, parseRedisUrl } from "../../../src/node/resp.ts"
import { FLEET_PRIORITY, prioritize } from "./priority.ts"

const installed = (): boolean => spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0

const ci = (): boolean => ["1", "true"].includes((process.env.CI ?? "").toLowerCase())

/** Why the Redis tests are skipped here, or `undefined` when they run. */
export const redisSkipReason = (): string | undefined =>
  installed() || ci()
    ? undefined
    : "Redis tests skipped: redis-server is not installed (apt-get install -y redis-server; with CI=true they are required)"

/** A loopback port that was free a moment ago. */
export const freePort = async (): Promise<number> => {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

/** A running redis-server. */
export interface RedisServer {
  readonly url: string
  readonly port: number
  readonly pid: number
  /** SIGKILL, as a crash would (resolves once the process is gone). */
  readonly kill: () => Promise<void>
  /** SIGTERM, then waits for the exit. */
  readonly stop: () => Promise<void>
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()))

/** Starts redis-server on `port` (default: a free one) and waits until it answers PING. */
export const startRedis = async (port?: number): Promise<RedisServer> => {
  const p = port ?? (await freePort())
  const child = spawn("redis-server", ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"], {
    stdio: ["ignore", "ignore", "pipe"],
  })
  prioritize(child.pid, FLEET_PRIORITY)
  let stderr = ""
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()))
  const spawnError = new Promise<never>((_, reject) => child.once("error", (e) => reject(new Error(`redis-server did not start: ${e.message}`))))
  const url = `redis://127.0.0.1:${p}`
  const client = makeRespClient(parseRedisUrl(url), { connectTimeout: 200, commandTimeout: 500, retryDelay: 0 })
  try {
    const deadline = Date.now() + 10_000
    for (;;) {
      const info = await Promise.race([client.command(["INFO", "server"]).catch(() => undefined), spawnError])
      if (typeof info === "string") {
        const pid = Number(/process_id:(\d+)/.exec(info)?.[1])
        if (pid !== child.pid) throw new Error(`INFO server reports process ${pid}, the child is ${child.pid}`)
        break
      }
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server on port ${p} did not come up: ${stderr.trim()}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  } finally {
    client.close()
  }
  const pid = child.pid!
  return {
    url,
    port: p,
    pid,
    kill: async () => {
      process.kill(pid, "SIGKILL")
      await exited(child)
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGTERM")
      await exited(child)
    },
  }
}
