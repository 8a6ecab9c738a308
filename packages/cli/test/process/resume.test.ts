import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { readCheckpoint } from "../../src/import/checkpoint.ts"
import { cli, serveEmulator, tempDir } from "./harness.ts"
import type { ServedEmulator } from "./harness.ts"

const tmp = tempDir()
const servers: ServedEmulator[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  tmp.cleanup()
})

const ROWS = 20_000
const CONCURRENCY = 4

const accountsOf = (emu: ServedEmulator) =>
  emu.em.exportState().apps[0]!.accounts.map((a) => `${a.UserID}:${a.Nick}`).sort()

describe("resume after kill -9 (real process, served emulator)", () => {
  it("reruns without redoing acknowledged work and ends in the uninterrupted state", async () => {
    const csv = path.join(tmp.dir, "users.csv")
    fs.writeFileSync(csv, ["userId,nick", ...Array.from({ length: ROWS }, (_, i) => `user${i},nick ${i}`)].join("\n") + "\n")
    const checkpoint = `${csv}.checkpoint.json`
    const emu = await serveEmulator()
    servers.push(emu)
    // A short request timeout: the rerun waits it out after the kill (lock.ts).
    const args = ["accounts", "import", csv, "--concurrency", String(CONCURRENCY), "--timeout", "3s", "--emulator", emu.url]
    const count = () => emu.em.countRequests({ endpoint: "multiaccount_import" })

    // Run 1 at the documented 100 calls/s (~2 s for 200 requests); SIGKILL it mid-way.
    let killedAt = 0
    const first = await cli(args, {
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (count() >= 60) {
            killedAt = count()
            child.kill("SIGKILL")
            clearInterval(timer)
          }
        }, 5)
        child.on("exit", () => clearInterval(timer))
      },
    })
    expect(first.signal).toBe("SIGKILL")
    expect(killedAt).toBeGreaterThanOrEqual(60)
    await new Promise((r) => setTimeout(r, 300)) // requests already on the wire land
    const sentBeforeKill = count()

    const ck = readCheckpoint(checkpoint)!
    expect(ck.complete).toBe(false)
    expect(ck.counts.rows).toBeGreaterThan(0)
    expect(ck.counts.rows).toBeLessThan(ROWS)
    expect(ck.counts.ok).toBe(ck.counts.rows)
    // Every acknowledged request reached the emulator; at most the requests in flight at the
    // kill were sent but never acknowledged (those are the only ones a rerun may resend).
    expect(sentBeforeKill - ck.counts.requests).toBeGreaterThanOrEqual(0)
    expect(sentBeforeKill - ck.counts.requests).toBeLessThanOrEqual(CONCURRENCY)

    // Run 2: same command.
    const second = await cli(args)
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toMatch(new RegExp(`^accounts import: 20,000 rows in [\\d.]+ s .*: 20,000 ok, 0 failed, 0 bad rows skipped; 200 requests$`, "m"))
    expect(second.stdout).toContain(`resumed: ${ck.counts.rows.toLocaleString("en-US")} rows were already done`)
    const resent = count() - sentBeforeKill
    // Exactly the unacknowledged rows, in full requests: nothing acknowledged was sent again.
    expect(resent).toBe(Math.ceil((ROWS - ck.counts.rows) / 100))
    expect(emu.em.countRequests({ endpoint: "multiaccount_import", code: 0 })).toBe(count())
    expect(readCheckpoint(checkpoint)?.complete).toBe(true)
    expect(fs.existsSync(`${checkpoint}.journal`)).toBe(false)

    // The same import, uninterrupted, into a fresh emulator: identical final state.
    const reference = await serveEmulator({ limits: { rates: { multiaccount_import: false } } })
    servers.push(reference)
    const refCsv = path.join(tmp.dir, "reference.csv")
    fs.copyFileSync(csv, refCsv)
    const straight = await cli(["accounts", "import", refCsv, "--rate-limit", "off", "--emulator", reference.url])
    expect(straight.code).toBe(0)
    const resumed = accountsOf(emu)
    expect(resumed).toHaveLength(ROWS)
    expect(resumed).toEqual(accountsOf(reference))

    // A third run finds the checkpoint complete and sends nothing.
    const third = await cli(args)
    expect(third.code).toBe(0)
    expect(third.stdout).toContain("already complete")
    expect(count() - sentBeforeKill).toBe(resent)
  }, 120_000)
})
