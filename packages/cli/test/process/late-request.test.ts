/**
 * Issue 9 item 19: after a `kill -9`, a request of the killed run that the service executes late
 * must not undo the newer rows a quick rerun sends. The server here holds the killed run's first
 * request and executes it either when the rerun has written the newer value (what happens when
 * the rerun does not wait) or just inside the killed run's request timeout (the guarantee's
 * assumption: the service executes a request within the timeout it was sent with), whichever
 * comes first. The rerun must wait out that timeout before it sends anything.
 */
import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { createEmulator } from "tencent-chat-push/emulator"
import { serve } from "tencent-chat-push/node"
import { ADMIN, baseEnv, cli, SDKAPPID, SECRET, tempDir } from "./harness.ts"

const tmp = tempDir()
const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(closers.map((c) => c()))
  tmp.cleanup()
})

const TIMEOUT_S = 5

describe("a late-executed request of a killed run (real process, served emulator)", () => {
  it("cannot land after the rerun's newer rows: the rerun waits out the killed run's request timeout first", async () => {
    const em = createEmulator({ apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: [ADMIN] }], limits: { rates: { multiaccount_import: false } } })
    const log: string[] = [] // what the server did, in order
    let killedAt: number | undefined
    let held: { run: () => Promise<void> } | undefined
    let heldDone: Promise<void> | undefined
    let onChange = () => {}
    const changed = () => onChange()
    const releaseHeld = () => {
      if (held === undefined || heldDone !== undefined) return
      heldDone = held.run()
    }
    const server = await serve({
      fetch: async (request: Request) => {
        const url = new URL(request.url)
        if (!url.pathname.endsWith("/multiaccount_import")) return em.fetch(request)
        // Read the body now: the killed client's connection is gone when the held request runs.
        const body = await request.text()
        const accounts = (JSON.parse(body) as { AccountList: Array<{ UserID: string; Nick?: string }> }).AccountList
        const x = accounts.find((a) => a.UserID === "x")
        const label = x === undefined ? `others(${accounts.length})` : `x=${x.Nick}`
        const run = async (what = label) => {
          const res = await em.fetch(new Request(request.url, { method: "POST", headers: request.headers, body }))
          log.push(`executed ${what}${killedAt === undefined ? "" : " (after the kill)"}`)
          changed()
          return res
        }
        if (killedAt === undefined && held === undefined && x !== undefined) {
          // The killed run's first request: hold it (never answered to that client).
          let resolveHeld!: (r: Response) => void
          const answer = new Promise<Response>((r) => (resolveHeld = r))
          held = { run: async () => resolveHeld(await run(`held ${label}`)) }
          log.push(`held ${label}`)
          changed()
          return answer
        }
        log.push(`arrived ${label}${killedAt === undefined ? "" : " (after the kill)"}`)
        if (killedAt !== undefined && x?.Nick === "new") {
          // The rerun writes the newer value; a request of the killed run executed after this
          // undoes it. Execute the held one right after, as a late server would.
          const res = await run()
          releaseHeld()
          return res
        }
        return run()
      },
    })
    closers.push(() => server.close())

    const csv = path.join(tmp.dir, "late.csv")
    const others = Array.from({ length: 149 }, (_, i) => `u${i},n${i}`)
    fs.writeFileSync(csv, ["userId,nick", "x,old", ...others, "x,new"].join("\n") + "\n")
    const args = ["accounts", "import", csv, "--concurrency", "2", "--timeout", `${TIMEOUT_S}s`, "--emulator", server.url]
    const env = baseEnv({ TENCENT_CHAT_PUSH_RELAUNCH: "off" })

    // Run 1: the request with x=old is held; the other request is answered; then kill -9.
    const first = await cli(args, {
      env,
      onSpawn: (child: ChildProcess) => {
        onChange = () => {
          if (killedAt === undefined && held !== undefined && log.some((l) => l.startsWith("executed others"))) {
            killedAt = Date.now()
            child.kill("SIGKILL")
            // Within its timeout, the service executes the held request (the guarantee's assumption).
            setTimeout(releaseHeld, (TIMEOUT_S - 1) * 1000)
          }
        }
      },
    })
    expect(first.signal).toBe("SIGKILL")
    expect(fs.existsSync(`${csv}.checkpoint.json.lock`)).toBe(true) // left by the killed run

    // Run 2, at once.
    const second = await cli(args, { env })
    expect(second.code, second.stderr).toBe(0)
    await heldDone

    // The late request ran before anything of the rerun reached the server, so the newer
    // value stands.
    const afterKill = log.filter((l) => l.includes("(after the kill)"))
    expect(afterKill[0]).toBe("executed held x=old (after the kill)")
    expect(afterKill.filter((l) => l === "arrived x=new (after the kill)")).toHaveLength(1)
    expect(em.exportState().apps[0]!.accounts.find((a) => a.UserID === "x")?.Nick).toBe("new")
    expect(second.stderr).toMatch(/a previous run of this import \(pid \d+\) was killed; its last request left [\d.]+ s ago and may still be executed by the service: waiting [\d.]+ s/)
  }, 60_000)
})
