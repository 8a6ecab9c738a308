import { spawn } from "node:child_process"
import type { ChildProcessWithoutNullStreams } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { genUserSig } from "tencent-chat-push/usersig"
import { afterAll, describe, expect, it } from "vitest"
import { accountsInStateFile, baseEnv, cli, cliArgv, node, root, SDKAPPID, SECRET, tempDir } from "./harness.ts"

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
    expect(fs.readFileSync(state, "utf8")).toMatch(/^\{"state":\{"version":2\}\}\n/) // NDJSON, streamed
    expect(accountsInStateFile(state)).toEqual(["keep1", "keep2"])

    const second = await startEmulator(["--state", state])
    expect(second.out()).toContain("(loaded; saved on exit)")
    const res = await fetch(`${second.url}/__emulator/accounts/${SDKAPPID}/keep2`)
    expect(await res.json()).toMatchObject({ UserID: "keep2" })
    expect(await stopped(second.child)).toBe(0)
  })

  it("keeps a scheduled push and a past push's statistics across a restart with --state", async () => {
    const state = path.join(tmp.dir, "lifecycle.ndjson")
    const first = await startEmulator(["--state", state])
    const usersig = genUserSig({ sdkAppId: SDKAPPID, secretKey: SECRET, userId: "administrator" })
    const rest = async (url: string, command: string, body: unknown) =>
      (await (await fetch(`${url}/v4/${command.includes("/") ? command : `timpush/${command}`}?sdkappid=${SDKAPPID}&identifier=administrator&usersig=${usersig}&random=7&contenttype=json`, {
        method: "POST",
        body: JSON.stringify(body),
      })).json()) as Record<string, any>
    expect((await rest(first.url, "im_open_login_svc/multiaccount_import", { Accounts: ["a1", "a2", "a3"] })).ErrorCode).toBe(0)
    const pushed = await rest(first.url, "push", { MsgRandom: 3, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] })
    expect(pushed.ErrorCode).toBe(0)
    const pushedAt = Date.now()
    const tomorrow = new Date(Math.floor((Date.now() + 86_400_000) / 1000) * 1000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "")
    const added = await rest(first.url, "add_sched_task", {
      Sdkappid: SDKAPPID, Type: "All", SchedAt: tomorrow,
      Content: { MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "tomorrow" } }], OfflinePushInfo: { PushFlag: 0, Title: "T", Desc: "D" } },
    })
    expect(added.ErrorCode).toBe(0)
    expect(await stopped(first.child)).toBe(0)
    const kinds = fs.readFileSync(state, "utf8").trim().split("\n").map((l) => Object.keys(JSON.parse(l) as object)[0])
    expect(kinds.filter((k) => k === "sched" || k === "delivery")).toStrictEqual(["sched", "delivery"])

    const second = await startEmulator(["--state", state])
    const task = (await rest(second.url, "get_sched_task", { Sdkappid: SDKAPPID, TaskID: added.TaskID })).TaskInfo
    expect(task).toMatchObject({ TaskID: added.TaskID, SchedAt: tomorrow, Status: "pending", Title: "T" })
    // The push's first stage is due one second after it (emulator clock = real time here).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, pushedAt + 1_100 - Date.now())))
    const now = Math.floor(Date.now() / 1000)
    const stats = await rest(second.url, "all_member_push_statistics", { StartTime: now - 600, EndTime: now, TaskID: [pushed.TaskId] })
    expect(stats.Results[0]).toMatchObject({ TaskID: pushed.TaskId, TotalCount: 3 })
    expect(await stopped(second.child)).toBe(0)
  })

  it("loads a version-1 JSON state (earlier versions wrote those) and refuses a cut NDJSON file with exit 2", async () => {
    const old = path.join(tmp.dir, "old.json")
    fs.writeFileSync(old, JSON.stringify({ version: 1, apps: [{ sdkAppId: SDKAPPID, attrNames: {}, attrTypes: {}, accounts: [{ UserID: "legacy", importedAt: 0 }], tasks: [], taskCounter: 0, pushDay: 0, pushesToday: 0 }] }))
    const emu = await startEmulator(["--state", old])
    expect(emu.out()).toContain("(loaded; saved on exit)")
    expect(await stopped(emu.child)).toBe(0)
    expect(accountsInStateFile(old)).toEqual(["legacy"])

    const cut = path.join(tmp.dir, "cut.ndjson")
    fs.writeFileSync(cut, fs.readFileSync(old, "utf8").split("\n").filter((l) => !l.startsWith("{\"end\"")).join("\n"))
    const r = await cli(["emulator", "--port", "0", "--state", cut])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--state: cannot load ${cut}: `)
  })

  it("says loudly when the state cannot be saved on exit, and exits 1", async () => {
    const state = path.join(tmp.dir, "unsavable-emu.json")
    const emu = await startEmulator(["--state", state])
    fs.mkdirSync(state) // a directory where the state file goes: the rename over it fails
    expect(await stopped(emu.child)).toBe(1)
    expect(emu.err()).toMatch(/error: the emulator state could NOT be saved to \S+unsavable-emu\.json: /)
    expect(emu.err()).toContain("error: this run's changes are lost")
  })

  it("without credentials serves a demo app and prints its generated key", async () => {
    const demo = await startEmulator([], { PATH: process.env.PATH ?? "" })
    expect(demo.out()).toContain("(demo app)")
    expect(demo.out()).toMatch(/DEMO secret key \(generated for this run only\): [0-9a-f]{64}/)
    expect(await stopped(demo.child)).toBe(0)
  })
})

/** The admin UserSig printed at start, and a call to the served app that authenticates with it. */
const usersigOf = (out: string): string => /usersig  : (\S+)/.exec(out)![1]!
const getAttrNames = async (url: string, sdkAppId: number, admin: string, usersig: string) => {
  const res = await fetch(`${url}/v4/timpush/get_attr_name?sdkappid=${sdkAppId}&identifier=${admin}&usersig=${usersig}&random=7&contenttype=json`, {
    method: "POST",
    body: "{}",
  })
  return (await res.json()) as { ErrorCode: number }
}

describe("emulator command: a demo app with --state keeps its key", () => {
  it("a restart with the same state file accepts the UserSigs handed out before; the key sits owner-only beside the state, never in it", async () => {
    const state = path.join(tmp.dir, "demo.json")
    const env = { PATH: process.env.PATH ?? "" }
    const first = await startEmulator(["--state", state], env)
    const oldSig = usersigOf(first.out())
    expect(first.out()).toContain(`DEMO secret key (kept in ${state}.key): `)
    expect(await getAttrNames(first.url, 1400000000, "administrator", oldSig)).toMatchObject({ ErrorCode: 0 })
    expect(await stopped(first.child)).toBe(0)

    const key = fs.readFileSync(`${state}.key`, "utf8").trim()
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(fs.statSync(`${state}.key`).mode & 0o077).toBe(0)
    expect(fs.readFileSync(state, "utf8")).not.toContain(key)

    const second = await startEmulator(["--state", state], env)
    expect(second.out()).toContain(`DEMO secret key (kept in ${state}.key): ${key}`)
    expect(await getAttrNames(second.url, 1400000000, "administrator", oldSig)).toMatchObject({ ErrorCode: 0 })
    // And a UserSig minted offline with the kept key, as a test fixture would.
    const minted = genUserSig({ sdkAppId: 1400000000, secretKey: key, userId: "administrator" })
    expect(await getAttrNames(second.url, 1400000000, "administrator", minted)).toMatchObject({ ErrorCode: 0 })
    expect(await stopped(second.child)).toBe(0)
  })

  it("refuses a key file that holds no key (exit 2), and leaves no key file behind after bad flags", async () => {
    const state = path.join(tmp.dir, "bad.json")
    fs.writeFileSync(`${state}.key`, "not a key\n")
    const r = await cli(["emulator", "--port", "0", "--state", state], { env: { PATH: process.env.PATH ?? "" } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${state}.key does not hold a demo key`)

    const other = path.join(tmp.dir, "other.json")
    const bad = await cli(["emulator", "--port", "0", "--state", other, "--fault-rate", "2"], { env: { PATH: process.env.PATH ?? "" } })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("--fault-rate must be a number from 0 to 1")
    expect(fs.existsSync(`${other}.key`)).toBe(false)
  })
})

describe("emulator command: fault flags", () => {
  /** What 12 calls see under `--fault-rate 1 --fault-seed 7 --fault-delay-ms 0` (a delay of 0 answers normally). */
  const outcomes = async (): Promise<string[]> => {
    const emu = await startEmulator(["--fault-rate", "1", "--fault-seed", "7", "--fault-delay-ms", "0"])
    expect(emu.out()).toContain("faults   : 100% of requests, seed 7")
    const sig = usersigOf(emu.out())
    const seen: string[] = []
    for (let k = 0; k < 12; k++) {
      try {
        const res = await fetch(`${emu.url}/v4/timpush/get_attr_name?sdkappid=${SDKAPPID}&identifier=administrator&usersig=${sig}&random=${k}&contenttype=json`, {
          method: "POST",
          body: "{}",
        })
        const text = await res.text()
        if (res.status !== 200) seen.push(`http-${res.status}`)
        else {
          try {
            seen.push(`code-${(JSON.parse(text) as { ErrorCode: number }).ErrorCode}`)
          } catch {
            seen.push("truncated")
          }
        }
      } catch {
        seen.push("dropped")
      }
    }
    expect(await stopped(emu.child)).toBe(0)
    return seen
  }

  it("injects random faults, the same ones for the same seed", async () => {
    const first = await outcomes()
    expect(first.filter((o) => o !== "code-0").length).toBeGreaterThan(0)
    expect(new Set(first).size).toBeGreaterThan(1)
    expect(await outcomes()).toEqual(first)
  })
})

describe("npm run emulator (the same command)", () => {
  const script = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.emulator!

  // Runs the npm script's command line as npm would (sh -c, node_modules/.bin on PATH), with the
  // Node running this test first on PATH.
  const start = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
    const binPath = [path.dirname(node), path.join(root, "node_modules/.bin"), process.env.PATH ?? ""].join(path.delimiter)
    const child = spawn("sh", ["-c", `exec ${script} "$@"`, "sh", "--port", "0", ...args], {
      cwd: root,
      env: { PATH: binPath, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let out = ""
    child.stdout.on("data", (d: Buffer) => (out += d.toString()))
    child.stderr.on("data", (d: Buffer) => (out += d.toString()))
    const ready = new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.includes("Ctrl-C to stop.")) {
          clearInterval(timer)
          resolve(out)
        }
      }, 20)
      child.once("exit", (code) => {
        clearInterval(timer)
        reject(new Error(`exited ${code}: ${out}`))
      })
    })
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
    return { child, ready, exited, output: () => out }
  }

  it("is the CLI's emulator command", () => {
    expect(script).toMatch(/packages\/cli\/src\/main\.ts emulator$/)
  })

  it("serves the configured app, prints a working admin UserSig but never the key, and exits 0 on SIGTERM", async () => {
    const p = start(["--sdkappid", "1400000123", "--secret-key", "cli-secret-key-123", "--admin", "boss"])
    const out = await p.ready
    expect(out).toContain("sdkAppId : 1400000123")
    expect(out).toContain("admin    : boss")
    expect(out).not.toContain("cli-secret-key-123")
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!
    const usersig = /usersig  : (\S+)/.exec(out)![1]!
    const res = await fetch(`${url}/v4/timpush/get_attr_name?sdkappid=1400000123&identifier=boss&usersig=${usersig}&random=7&contenttype=json`, {
      method: "POST",
      body: "{}",
    })
    expect((await res.json()).ErrorCode).toBe(0)
    p.child.kill("SIGTERM")
    expect(await p.exited).toBe(0)
    expect(p.output()).toContain("emulator stopped")
  })

  it("reads TENCENT_CHAT_* variables, and without any generates a labelled demo app (SIGINT exits 0)", async () => {
    const fromEnv = start([], { TENCENT_CHAT_SDKAPPID: "1400000777", TENCENT_CHAT_SECRET_KEY: "env-secret", TENCENT_CHAT_ADMIN: "root" })
    const envOut = await fromEnv.ready
    expect(envOut).toContain("sdkAppId : 1400000777")
    expect(envOut).toContain("admin    : root")
    expect(envOut).not.toContain("env-secret")
    fromEnv.child.kill("SIGINT")
    expect(await fromEnv.exited).toBe(0)

    const demo = start([])
    const demoOut = await demo.ready
    expect(demoOut).toContain("(demo app)")
    expect(demoOut).toMatch(/DEMO secret key \(generated for this run only\): [0-9a-f]{64}/)
    demo.child.kill("SIGINT")
    expect(await demo.exited).toBe(0)
  })

  it("rejects half a configuration with exit code 2", async () => {
    const p = start(["--sdkappid", "1400000123"])
    await expect(p.ready).rejects.toThrow(/exited 2/)
  })
})
