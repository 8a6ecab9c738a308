/**
 * `emulator exec -- <command…>` (issue 12 §3), as real processes: the command sees the
 * connection in TENCENT_CHAT_*, talks to the emulator with no wiring, and exec exits with its
 * code (128+N for a signal), forwards signals, loads --state and saves it with --export-on-exit.
 */
import { execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { accountsInStateFile, ADMIN, baseEnv, cli, cliArgv, node, root, SDKAPPID, SECRET, tempDir } from "./harness.ts"

const tmp = tempDir()
afterAll(() => tmp.cleanup())

const fixture = path.join(import.meta.dirname, "fixtures/exec-client.ts")
const runFixture = ["--", node, "--conditions=@tencent-chat-push/source", fixture]

const accountsIn = accountsInStateFile

describe("emulator exec (real process)", () => {
  it("runs the command against a fresh emulator with TENCENT_CHAT_* set (createClient() needs no options), exits with its code, saves the state with --export-on-exit", async () => {
    const report = path.join(tmp.dir, "report.json")
    const state = path.join(tmp.dir, "exec-state.json")
    const env = baseEnv({ TENCENT_CHAT_REGION: "singapore", EXEC_REPORT: report, EXEC_EXIT_CODE: "3" })
    const r = await cli(["emulator", "exec", "--state", state, "--export-on-exit", ...runFixture], { env })
    expect(r.code, r.stderr).toBe(3)
    const seen = JSON.parse(fs.readFileSync(report, "utf8"))
    expect(seen).toMatchObject({
      sdkAppId: String(SDKAPPID),
      admin: ADMIN,
      secretKeyLength: SECRET.length,
      region: null, // removed: it would conflict with the base URL
      seededBefore: 404,
      imported: 2,
    })
    expect(seen.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(seen.ui).toBe(`${seen.baseUrl}/__emulator/ui`)
    expect(r.stderr).toContain(`emulator exec: emulator on ${seen.baseUrl} (app ${SDKAPPID}, admin ${ADMIN})`)
    expect(r.stderr).toContain(`emulator exec: state saved to ${state}`)
    expect(r.stderr).toContain("emulator exec: the command exited with code 3; emulator stopped")
    expect(accountsIn(state)).toEqual(["exec-a", "exec-b"])
    // Stopped: nothing listens there any more.
    await expect(fetch(`${seen.baseUrl}/__emulator/state`)).rejects.toThrow()
    expect(fs.readdirSync(tmp.dir).filter((f) => f.includes(".tmp"))).toEqual([])

    // The next run starts from the saved state; without --export-on-exit the file is left alone.
    fs.writeFileSync(state, fs.readFileSync(state, "utf8").replace("exec-b", "seeded"))
    const before = fs.readFileSync(state, "utf8")
    const again = await cli(["emulator", "exec", "--state", state, ...runFixture], { env: baseEnv({ EXEC_REPORT: report }) })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain(`emulator exec: state loaded from ${state}`)
    expect(JSON.parse(fs.readFileSync(report, "utf8")).seededBefore).toBe(200)
    expect(fs.readFileSync(state, "utf8")).toBe(before)
  })

  it("the CLI itself needs no --emulator inside exec: imports go to the exec'd emulator", async () => {
    const csv = path.join(tmp.dir, "users.csv")
    fs.writeFileSync(csv, "userId,nick\nx1,One\nx2,Two\n")
    const state = path.join(tmp.dir, "cli-state.json")
    const r = await cli(["emulator", "exec", "--state", state, "--export-on-exit", "--", node, ...cliArgv(["accounts", "import", csv])])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/accounts import: 2 rows .*: 2 ok, 0 failed/)
    expect(accountsIn(state)).toEqual(["x1", "x2"])
  })

  it("passes a signal's end on as 128+N, forwards SIGTERM, and says when the command cannot start", async () => {
    const killed = await cli(["emulator", "exec", "--", node, "-e", "process.kill(process.pid, 'SIGKILL')"])
    expect(killed.code).toBe(137)

    const notFound = await cli(["emulator", "exec", "--", "no-such-command-tcp"])
    expect(notFound.code).toBe(127)
    expect(notFound.stderr).toContain("emulator exec: cannot run no-such-command-tcp: command not found")

    // SIGTERM to exec reaches the command, which ends with its own code; exec waits for it.
    const child = spawn(node, cliArgv(["emulator", "exec", "--", node, "-e",
      "process.on('SIGTERM', () => { console.log('command got SIGTERM'); process.exit(7) }); console.log('ready'); setInterval(() => {}, 1000)"]), {
      cwd: root,
      env: baseEnv(),
    })
    let out = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d
      if (out.includes("ready\n")) child.kill("SIGTERM")
    })
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)))
    expect(out).toContain("command got SIGTERM")
    expect(code).toBe(7)
  })

  it("a signal that arrives before the command starts cancels it (exit 128+N, the command never runs)", async () => {
    // The state comes from a FIFO: exec blocks reading it, after taking over the signals and
    // before starting the command; our open for writing returns once exec is reading.
    const fifo = path.join(tmp.dir, "state.fifo")
    execFileSync("mkfifo", [fifo])
    const marker = path.join(tmp.dir, "ran")
    const child = spawn(node, cliArgv(["emulator", "exec", "--state", fifo, "--", node, "-e", "require('fs').writeFileSync(process.argv[1], 'x')", marker]), {
      cwd: root,
      env: baseEnv(),
    })
    let err = ""
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d))
    const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)))
    const fd = await fs.promises.open(fifo, "w")
    child.kill("SIGTERM")
    await new Promise((r) => setTimeout(r, 200)) // let the signal land before the state does
    await fd.writeFile(JSON.stringify({ version: 1, apps: [] }))
    await fd.close()
    expect(await exited).toBe(143)
    expect(err).toContain("emulator exec: SIGTERM before the command started: not running it")
    expect(fs.existsSync(marker)).toBe(false)
  })

  it("says loudly when the state cannot be saved, and does not exit 0", async () => {
    const state = path.join(tmp.dir, "unsavable.json")
    // The command puts a directory where the state file goes: the rename over it fails.
    const r = await cli(["emulator", "exec", "--state", state, "--export-on-exit", "--", node, "-e", "require('fs').mkdirSync(process.argv[1])", state])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`emulator exec: error: the emulator state could NOT be saved to ${state.replaceAll(".", "\\.")}: `))
    expect(fs.readdirSync(tmp.dir).filter((f) => f.startsWith("unsavable.json.tmp"))).toEqual([])
  })

  it("refuses bad usage with exit 2", async () => {
    const none = await cli(["emulator", "exec"])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain("emulator exec needs a command")
    const noState = await cli(["emulator", "exec", "--export-on-exit", "--", node, "-e", ""])
    expect(noState.code).toBe(2)
    expect(noState.stderr).toContain("--export-on-exit needs --state FILE")
  })
})
