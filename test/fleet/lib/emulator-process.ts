/**
 * Starts test/fleet/lib/emulator-main.ts as its own process and talks to it over HTTP. The
 * emulator stands in for Tencent's servers, which our client processes never starve: so it runs
 * apart from the test runner and, where the OS allows (priority.ts), at a higher scheduling
 * priority than the fleet. Its arrival times then show what the fleet sent, not how late a busy
 * process got round to reading its socket.
 */
import { spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { createEmulator } from "../../../src/emulator/mod.ts"
import type { EmulatorOptions, FaultStep, PushTask, RequestFilter, RequestLogEntry } from "../../../src/emulator/mod.ts"
import { serve } from "../../../src/node/serve.ts"
import { EMULATOR_PRIORITY, prioritize } from "./priority.ts"

const mainPath = fileURLToPath(new URL("./emulator-main.ts", import.meta.url))

/** A served emulator in another process. */
export interface EmulatorProcess {
  readonly url: string
  readonly requests: (filter?: RequestFilter) => Promise<Array<RequestLogEntry>>
  readonly tasks: () => Promise<Array<PushTask>>
  readonly script: (endpoint: string, ...steps: ReadonlyArray<FaultStep>) => Promise<void>
  readonly stop: () => Promise<void>
}

export const startEmulatorProcess = async (options: EmulatorOptions): Promise<EmulatorProcess> => {
  const child = spawn(process.execPath, [mainPath, JSON.stringify(options)], { stdio: ["pipe", "pipe", "inherit"] })
  prioritize(child.pid, EMULATOR_PRIORITY)
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the emulator process exited with ${code}`)))
    createInterface({ input: child.stdout! }).once("line", (line) => resolve((JSON.parse(line) as { url: string }).url))
  })
  const get = async <A>(path: string): Promise<A> => {
    const res = await fetch(`${url}/__emulator/${path}`)
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`)
    return (await res.json()) as A
  }
  return {
    url,
    requests: async (filter = {}) => {
      const q = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k === "sdkAppId" ? "sdkappid" : k, String(v)]))
      return (await get<{ requests: Array<RequestLogEntry> }>(`requests?${q}`)).requests
    },
    tasks: async () => {
      const body = await get<{ tasks: Array<PushTask> } | Array<PushTask>>("tasks")
      return Array.isArray(body) ? body : body.tasks
    },
    script: async (endpoint, ...steps) => {
      const res = await fetch(`${url}/__emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ endpoint, steps }),
      })
      if (!res.ok) throw new Error(`POST faults: HTTP ${res.status}`)
    },
    stop: async () => {
      if (child.exitCode !== null) return
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()))
      child.stdin!.end()
      setTimeout(() => child.kill("SIGKILL"), 5000).unref()
      await gone
    },
  }
}

/**
 * The same interface on an emulator served from this process: for scenarios that count requests
 * or check gaps far wider than any scheduling delay (push spacing, quotas, idempotency), where a
 * process of its own would only add start-up time.
 */
export const serveEmulatorHere = async (options: EmulatorOptions): Promise<EmulatorProcess> => {
  const em = createEmulator(options)
  const server = await serve(em)
  return {
    url: server.url,
    requests: async (filter) => em.requests(filter),
    tasks: async () => em.tasks(),
    script: async (endpoint, ...steps) => em.faults.script(endpoint as Parameters<typeof em.faults.script>[0], ...steps),
    stop: () => server.close(),
  }
}
