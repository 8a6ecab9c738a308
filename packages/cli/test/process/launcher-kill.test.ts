/**
 * Issue 9 item 21: `kill -9` of the launcher (the import runs in a child with a bounded heap)
 * must stop the import like `kill -9` of a single process: no request may reach the service
 * after the kill beyond those already sent. Asserted on the server's request log, not timings:
 * the server holds every answer, so the child has exactly `--concurrency` requests out and
 * cannot send more until answered; the test kills the launcher, then answers them at once.
 */
import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { createEmulator } from "tencent-chat-push/emulator"
import { serve } from "tencent-chat-push/node"
import { ADMIN, cli, SDKAPPID, SECRET, tempDir } from "./harness.ts"

const tmp = tempDir()
const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(closers.map((c) => c()))
  tmp.cleanup()
})

/**
 * A served emulator that counts requests as they arrive and as they are answered, and can hold
 * its answers (`hold`) until `release`.
 */
const countingServer = async () => {
  const em = createEmulator({ apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: [ADMIN] }], limits: { rates: { multiaccount_import: false } } })
  const state = { arrived: 0, answered: 0, onArrive: () => {} }
  let held: Array<() => void> | undefined
  const server = await serve({
    fetch: async (request: Request) => {
      state.arrived++
      state.onArrive()
      const response = await em.fetch(request)
      if (held !== undefined) await new Promise<void>((r) => held!.push(r))
      state.answered++
      return response
    },
  })
  closers.push(() => server.close())
  return {
    url: server.url,
    state,
    hold: () => (held ??= []),
    release: () => {
      const waiting = held ?? []
      held = undefined
      for (const w of waiting) w()
    },
  }
}

const gone = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  try {
    return /^\S+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"))
  } catch {
    return true
  }
}

/** Resolves once `pid` no longer runs (a generous cap, so a child that never dies fails the test). */
const exited = async (pid: number) => {
  for (let i = 0; i < 1000 && !gone(pid); i++) await new Promise((r) => setTimeout(r, 10))
  return gone(pid)
}

/** The child a launcher started (Linux: /proc/<pid>/task/<pid>/children). */
const childOf = (pid: number): number | undefined => {
  try {
    const first = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/)[0]
    return first ? Number(first) : undefined
  } catch {
    return undefined
  }
}

const usersCsv = (name: string, rows: number) => {
  const p = path.join(tmp.dir, name)
  fs.writeFileSync(p, ["userId,nick", ...Array.from({ length: rows }, (_, i) => `k${i},n${i}`)].join("\n") + "\n")
  return p
}

describe("kill -9 of the launcher stops its import child (real processes)", () => {
  it("no request reaches the service after the kill beyond those already out", async () => {
    const srv = await countingServer()
    const csv = usersCsv("running.csv", 20_000)
    const CONCURRENCY = 2
    let arrivedAtDeath = -1
    let pendingAtDeath = -1
    let childPid = 0
    const run = await cli(["accounts", "import", csv, "--concurrency", String(CONCURRENCY), "--rate-limit", "off", "--emulator", srv.url], {
      onSpawn: (launcher: ChildProcess) => {
        srv.state.onArrive = () => {
          if (srv.state.arrived !== 50) return
          childPid = childOf(launcher.pid!) ?? 0
          srv.hold()
          launcher.kill("SIGKILL")
        }
        // kill(2) returns before the launcher is gone; what counts is its death, which this
        // process learns from waitpid (the 'exit' event), at or after the moment itself. Until
        // then answers are held; then they all go out at once, so a child that had not noticed
        // the death would take them and send more.
        launcher.once("exit", () => {
          arrivedAtDeath = srv.state.arrived
          pendingAtDeath = srv.state.arrived - srv.state.answered
          srv.release()
        })
      },
    })
    expect(run.signal).toBe("SIGKILL")
    expect(childPid).toBeGreaterThan(0)
    expect(await exited(childPid)).toBe(true)
    // The child keeps at most CONCURRENCY requests out (sent and not yet acknowledged). Those the
    // server was still working on when the launcher was gone are among them; only the others
    // may arrive later. Nothing new may leave.
    expect(arrivedAtDeath).toBeGreaterThanOrEqual(50)
    expect(srv.state.arrived - arrivedAtDeath).toBeLessThanOrEqual(CONCURRENCY - pendingAtDeath)
  }, 60_000)

  it("during start-up too: a child whose launcher was killed before it sent anything sends nothing", async () => {
    const srv = await countingServer()
    const csv = usersCsv("startup.csv", 500)
    let childPid: number | undefined
    const run = await cli(["accounts", "import", csv, "--emulator", srv.url], {
      onSpawn: (launcher: ChildProcess) => {
        const poll = setInterval(() => {
          const c = childOf(launcher.pid!)
          if (c === undefined) return
          clearInterval(poll)
          childPid = c
          launcher.kill("SIGKILL")
        }, 1)
        launcher.on("exit", () => clearInterval(poll))
      },
    })
    expect(run.signal).toBe("SIGKILL")
    expect(childPid, "the launcher started no child").toBeDefined()
    expect(await exited(childPid!)).toBe(true)
    expect(srv.state.arrived).toBe(0)
    expect(fs.existsSync(`${csv}.checkpoint.json`)).toBe(false)
  }, 60_000)
})
