/**
 * Runs N `accounts import` processes at once against one emulator (the CLI from its sources),
 * each with its own rows, and returns what reached the emulator. Shared by test/fleet/cli-redis.test.ts
 * and bench/cli-fleet.ts.
 *
 * Each import reads its rows from stdin (`import -`). First the header and a warm-up request of
 * 100 rows each: a full request goes out at once (which also connects the process to Redis).
 * Once every warm-up request has arrived, the rest of every input is written at once: the
 * measured part is the N processes running together, not N staggered Node start-ups (which vary
 * by seconds on a loaded machine).
 */
import { spawn } from "node:child_process"
import * as path from "node:path"
import type { EmulatorProcess } from "./emulator-process.ts"
import { FLEET_PRIORITY, prioritize } from "./priority.ts"
import type { RequestLogEntry } from "tencent-chat-push/emulator"
import { baseEnv, cliArgv, node } from "../../../packages/cli/test/process/harness.ts"

/** One import process's end. */
export interface ImportRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** What an N-process import run did. */
export interface ImportFleetResult {
  readonly runs: ReadonlyArray<ImportRun>
  /** Every `multiaccount_import` request the emulator logged (warm-up included). */
  readonly requests: ReadonlyArray<RequestLogEntry>
  /** Arrival times of the measured part (after every warm-up request had arrived), epoch ms. */
  readonly measured: ReadonlyArray<number>
}

export interface ImportFleetOptions {
  readonly em: EmulatorProcess
  readonly processes: number
  /** Rows per process after the 100 warm-up rows (a multiple of 100). */
  readonly rows: number
  /** `--redis` for even processes, `TENCENT_CHAT_REDIS_URL` for odd ones; none: the memory store. */
  readonly redisUrl?: string | undefined
  readonly dir: string
  readonly extraArgs?: ReadonlyArray<string>
}

export const runImportFleet = async (o: ImportFleetOptions): Promise<ImportFleetResult> => {
  const header = "userId,nick\n"
  const before = (await o.em.requests({ endpoint: "multiaccount_import" })).length
  const imports = Array.from({ length: o.processes }, (_, p) => {
    const args = ["accounts", "import", "-", "--emulator", o.em.url, "--json", "--progress", "none", "--report", path.join(o.dir, `report-${p}.csv`), ...(o.extraArgs ?? [])]
    const viaEnv = o.redisUrl !== undefined && p % 2 === 1
    const env = viaEnv ? baseEnv({ TENCENT_CHAT_REDIS_URL: o.redisUrl! }) : baseEnv()
    const child = spawn(node, cliArgv(o.redisUrl !== undefined && !viaEnv ? [...args, "--redis", o.redisUrl] : args), { cwd: o.dir, env, stdio: ["pipe", "pipe", "pipe"] })
    prioritize(child.pid, FLEET_PRIORITY)
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    child.stdin.on("error", () => {}) // a process that stopped early closes its stdin
    const done = new Promise<ImportRun>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })))
    child.stdin.write(header + Array.from({ length: 100 }, (_, k) => `warm-${p}-${k},W`).join("\n") + "\n")
    return { child, done, exited: false }
  })
  for (const x of imports) void x.done.then(() => (x.exited = true))
  try {
    while ((await o.em.requests({ endpoint: "multiaccount_import" })).length < before + o.processes) {
      if (imports.some((x) => x.exited)) break
      await new Promise((r) => setTimeout(r, 50))
    }
    const gate = Date.now()
    imports.forEach((x, p) => x.child.stdin.end(Array.from({ length: o.rows }, (_, k) => `p${p}-u${k},N${k}`).join("\n") + "\n"))
    const runs = await Promise.all(imports.map((x) => x.done))
    const requests = (await o.em.requests({ endpoint: "multiaccount_import" })).slice(before)
    return { runs, requests, measured: requests.map((r) => r.time).filter((t) => t >= gate) }
  } finally {
    for (const x of imports) if (x.child.exitCode === null && x.child.signalCode === null) x.child.kill("SIGKILL")
  }
}
