/**
 * Starts the emulator in a child process (emulator-child.ts) and reads its request log over the
 * inspection API: what arrived, when, and what was refused, as measured at the server. Node-only
 * helper for the tests and benchmarks that measure limits at the server.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { EmulatorOptions, RequestLogEntry } from "../../src/emulator/mod.ts"

const child = fileURLToPath(new URL("./emulator-child.ts", import.meta.url))

/** A running emulator process. */
export interface EmulatorProcess {
  readonly url: string
  readonly pid: number
  /** The request log (filtered by endpoint), oldest first. */
  readonly requests: (endpoint?: string) => Promise<ReadonlyArray<RequestLogEntry>>
  /** Empties the request log. */
  readonly clearRequests: () => Promise<void>
  /** Kills the process by its PID and waits for it to exit. */
  readonly stop: () => Promise<void>
}

/**
 * Starts an emulator process; resolves once it listens. `latencyMillis` delays each API request
 * on its way in (arrival is stamped after it).
 */
export const startEmulatorProcess = async (options: EmulatorOptions, latencyMillis = 0): Promise<EmulatorProcess> => {
  const proc = spawn(process.execPath, [child], {
    env: { ...process.env, EMULATOR_OPTIONS: JSON.stringify(options), EMULATOR_LATENCY_MS: String(latencyMillis) },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()))
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM")
    await exited
  }
  proc.stderr!.on("data", (d: Buffer) => (output += d.toString()))
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on("data", (d: Buffer) => {
      output += d.toString()
      const m = /\{"port":(\d+)\}/.exec(output)
      if (m) resolve(Number(m[1]))
    })
    proc.once("exit", (code) => reject(new Error(`the emulator process exited (${code}):\n${output}`)))
  }).catch(async (e) => {
    await stop()
    throw e
  })
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    pid: proc.pid!,
    requests: async (endpoint) => {
      const res = await fetch(`${url}/__emulator/requests${endpoint === undefined ? "" : `?endpoint=${endpoint}`}`)
      return ((await res.json()) as { requests: ReadonlyArray<RequestLogEntry> }).requests
    },
    clearRequests: async () => {
      await (await fetch(`${url}/__emulator/requests`, { method: "DELETE" })).text()
    },
    stop,
  }
}

/** Largest number of times in any half-open window [t, t + windowMillis). */
export const peakInWindow = (times: ReadonlyArray<number>, windowMillis = 1000): number => {
  const s = [...times].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= windowMillis) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

/** Calls per second between the first and the last time. */
export const ratePerSecond = (times: ReadonlyArray<number>): number => {
  const s = [...times].sort((a, b) => a - b)
  return s.length < 2 ? 0 : ((s.length - 1) * 1000) / (s[s.length - 1]! - s[0]!)
}
