import { spawn } from "node:child_process"
import type { ChildProcessWithoutNullStreams } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { baseEnv, cli, cliArgv, node, root, SDKAPPID, SECRET, tempDir } from "./harness.ts"

const tmp = tempDir()
const children: ChildProcessWithoutNullStreams[] = []
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL")
  tmp.cleanup()
})

/** Starts `tencent-chat-push emulator ...` and resolves once it prints its URL. */
const startEmulator = (args: string[], env = baseEnv()) =>
  new Promise<{ child: ChildProcessWithoutNullStreams; url: string; out: () => string; err: () => string }>((resolve, reject) => {
    const child = spawn(node, cliArgv(["emulator", "--port", "0", ...args]), { cwd: root, env })
    children.push(child)
    let out = ""
    let err = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m && out.includes("Ctrl-C to stop.")) resolve({ child, url: m[1]!, out: () => out, err: () => err })
    })
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d))
    child.on("exit", (code) => reject(new Error(`emulator exited ${code}: ${err}`)))
  })

const stopped = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => {
    child.removeAllListeners("exit")
    child.on("exit", (code) => resolve(code))
    child.kill("SIGINT")
  })

describe("emulator command (real process)", () => {
  it("serves on a free port, saves its state on Ctrl-C and loads it on the next start", async () => {
    const state = path.join(tmp.dir, "emu.json")
    const first = await startEmulator(["--state", state])
    expect(first.out()).toContain(`sdkAppId : ${SDKAPPID}\n`)
    expect(first.out()).not.toContain("DEMO")

    const csv = path.join(tmp.dir, "users.csv")
    fs.writeFileSync(csv, "userId,nick\nkeep1,One\nkeep2,Two\n")
    const imported = await cli(["accounts", "import", csv, "--emulator", first.url])
    expect(imported.code).toBe(0)

    expect(await stopped(first.child)).toBe(0)
    expect(first.err()).toContain(`state saved to ${state}`)
    for (const s of [first.out(), first.err()]) expect(s).not.toContain(SECRET)
    expect(JSON.parse(fs.readFileSync(state, "utf8")).apps[0].accounts.map((a: { UserID: string }) => a.UserID)).toEqual(["keep1", "keep2"])

    const second = await startEmulator(["--state", state])
    expect(second.out()).toContain("(loaded; saved on exit)")
    const res = await fetch(`${second.url}/__emulator/accounts/${SDKAPPID}/keep2`)
    expect(await res.json()).toMatchObject({ UserID: "keep2" })
    expect(await stopped(second.child)).toBe(0)
  })

  it("without credentials serves a demo app and prints its generated key", async () => {
    const demo = await startEmulator([], { PATH: process.env.PATH ?? "" })
    expect(demo.out()).toContain("(demo app)")
    expect(demo.out()).toMatch(/DEMO secret key \(generated for this run only\): [0-9a-f]{64}/)
    expect(await stopped(demo.child)).toBe(0)
  })
})
