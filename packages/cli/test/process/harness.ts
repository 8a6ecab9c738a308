/**
 * Runs the CLI as a real process (`node --conditions=@tencent-chat-push/source src/main.ts ...`, on
 * the Node running the tests, so the Node 22.19 run covers it too) against
 * an emulator served on a loopback port, and checks on every run that the secret key appears
 * in no output.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { expect } from "vitest"
import type { EndpointKey } from "tencent-chat-push/api"
import { createEmulator } from "tencent-chat-push/emulator"
import type { Emulator, EmulatorOptions } from "tencent-chat-push/emulator"
import { serve } from "tencent-chat-push/node"

export const root = path.resolve(import.meta.dirname, "../../../..")
export const node = process.execPath
export const main = path.join(root, "packages/cli/src/main.ts")
/** `node` arguments that run the CLI from its sources, the library resolved to its sources too. */
export const cliArgv = (args: ReadonlyArray<string>): Array<string> => ["--conditions=@tencent-chat-push/source", main, ...args]

export const SDKAPPID = 1400012345
/** Distinctive, so a leak is easy to spot in any output. */
export const SECRET = "s3cr3t-6a1f0c9e4b7d2e8f5a3c1b9d7e6f4a2c-never-print-me"
export const ADMIN = "administrator"

/** The environment of a CLI run: only what we set (no TENCENT_CHAT_* from the developer's shell). */
export const baseEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? os.tmpdir(),
  TENCENT_CHAT_SDKAPPID: String(SDKAPPID),
  TENCENT_CHAT_SECRET_KEY: SECRET,
  TENCENT_CHAT_ADMIN: ADMIN,
  ...extra,
})

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly env?: Record<string, string>
  readonly stdin?: string | Buffer
  readonly cwd?: string
  /** Called with the child once started (e.g. to kill it). */
  readonly onSpawn?: (child: ChildProcess) => void
}

const assertNoSecret = (r: CliResult) => {
  expect(r.stdout, "secret in stdout").not.toContain(SECRET)
  expect(r.stderr, "secret in stderr").not.toContain(SECRET)
}

/** Runs `tencent-chat-push ...args` to completion. */
export const cli = (args: ReadonlyArray<string>, o: RunOptions = {}): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(node, cliArgv(args), {
      cwd: o.cwd ?? root,
      env: o.env ?? baseEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    child.on("error", reject)
    child.on("close", (code, signal) => {
      const r = { code, signal, stdout, stderr }
      assertNoSecret(r)
      resolve(r)
    })
    child.stdin.on("error", () => {}) // the CLI may exit without reading stdin
    if (o.stdin !== undefined) child.stdin.end(o.stdin)
    else child.stdin.end()
    o.onSpawn?.(child)
  })

export interface ServedEmulator {
  readonly em: Emulator
  readonly url: string
  close(): Promise<void>
}

/** An emulator for the test app, served on a free loopback port. */
export const serveEmulator = async (options: Partial<EmulatorOptions> = {}): Promise<ServedEmulator> => {
  const em = createEmulator({ apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: [ADMIN] }], ...options })
  const server = await serve(em, { port: 0 })
  return { em, url: server.url, close: () => server.close() }
}

/** The seq of the last request the emulator logged (0 for none): mark before a run, then read what came after. */
export const lastSeq = (em: Emulator): number => em.requests().at(-1)?.seq ?? 0

/**
 * The JSON bodies of the `endpoint` requests the emulator accepted (code 0) after `seq`, in
 * arrival order: its request log, with the bodies its console keeps (the last 1000 calls, by
 * default). Accepted only: concurrent CLI processes each keep the rate limits alone, so the
 * emulator refuses some calls with a rate-limit code and the client sends them again.
 */
export const bodiesReceivedSince = async (em: Emulator, endpoint: EndpointKey, seq: number): Promise<Array<unknown>> => {
  const entries = em.requests({ endpoint, code: 0 }).filter((e) => e.seq > seq)
  return Promise.all(entries.map(async (e) => {
    const res = await em.fetch(new Request(`http://emulator.test/__emulator/ui/api/requests/${e.seq}`))
    const { detail } = await res.json() as { detail: { requestBody: string; requestCut: boolean } | null }
    expect(detail?.requestCut, `the body of request ${e.seq} was kept whole`).toBe(false)
    return JSON.parse(detail!.requestBody) as unknown
  }))
}

/** A fresh temporary directory, removed by the returned function. */
export const tempDir = (): { dir: string; cleanup: () => void } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-cli-"))
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** The JSON summary an import prints with --json (last stdout line). */
export const summaryOf = (r: CliResult): Record<string, unknown> => {
  const lines = r.stdout.trim().split("\n")
  return JSON.parse(lines[lines.length - 1]!)
}

/**
 * The UserIDs (first app) in a state file written by `--state`: NDJSON (version 2, one record per
 * line) or the version-1 JSON document.
 */
export const accountsInStateFile = (file: string): string[] => {
  const text = fs.readFileSync(file, "utf8")
  if (text.startsWith("{\"state\"")) {
    return text.split("\n").filter((l) => l.startsWith("{\"account\"")).map((l) => (JSON.parse(l) as { account: { UserID: string } }).account.UserID)
  }
  return (JSON.parse(text) as { apps: Array<{ accounts: Array<{ UserID: string }> }> }).apps[0]!.accounts.map((a) => a.UserID)
}
