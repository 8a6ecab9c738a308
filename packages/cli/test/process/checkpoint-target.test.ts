/**
 * Issue 9 item 18: a checkpoint belongs to one target (app, service, family). Rehearsing an
 * import on one emulator and running the same command against another used to exit 0, say every
 * row was ok, and send nothing (or only the rows the checkpoint lacked).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { readCheckpoint } from "../../src/import/checkpoint.ts"
import { ADMIN, baseEnv, cli, SDKAPPID, SECRET, serveEmulator, summaryOf, tempDir } from "./harness.ts"
import type { ServedEmulator } from "./harness.ts"

const tmp = tempDir()
const servers: ServedEmulator[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  tmp.cleanup()
})
const served = async (options: Parameters<typeof serveEmulator>[0] = {}) => {
  const s = await serveEmulator({ limits: { rates: { multiaccount_import: false } }, ...options })
  servers.push(s)
  return s
}
const ROWS = 250
const usersCsv = (name: string) => {
  const p = path.join(tmp.dir, name)
  fs.writeFileSync(p, ["userId,nick", ...Array.from({ length: ROWS }, (_, i) => `t${i},nick ${i}`)].join("\n") + "\n")
  return p
}
const imports = (emu: ServedEmulator) => emu.em.countRequests({ endpoint: "multiaccount_import" })

describe("the checkpoint belongs to one target (real process, served emulators)", () => {
  it("a finished rehearsal on one emulator does not stand for another: the second run imports every row", async () => {
    const rehearsal = await served()
    const target = await served()
    const csv = usersCsv("rehearsed.csv")
    const first = await cli(["accounts", "import", csv, "--emulator", rehearsal.url])
    expect(first.code, first.stderr).toBe(0)
    expect(rehearsal.em.accountCount(SDKAPPID)).toBe(ROWS)

    const second = await cli(["accounts", "import", csv, "--json", "--emulator", target.url])
    expect(second.code, second.stderr).toBe(0)
    expect(summaryOf(second)).toMatchObject({ rows: ROWS, ok: ROWS, resumedRows: 0, alreadyComplete: false, requests: 3 })
    expect(summaryOf(second).replacedTarget).toContain(rehearsal.url)
    expect(second.stderr).toContain(`records a finished import into app ${SDKAPPID} at ${rehearsal.url}`)
    expect(target.em.accountCount(SDKAPPID)).toBe(ROWS)
    expect(imports(target)).toBe(3)
    expect(readCheckpoint(`${csv}.checkpoint.json`)?.fingerprint.target).toEqual({ sdkAppId: SDKAPPID, service: target.url, family: "timpush" })

    // Now the checkpoint is the second target's: a third run there sends nothing.
    const third = await cli(["accounts", "import", csv, "--emulator", target.url])
    expect(third.stdout).toContain("already complete")
    expect(imports(target)).toBe(3)
  })

  it("another app on the same service is another target", async () => {
    const OTHER = SDKAPPID + 1
    const OTHER_SECRET = "0th3r-4pp-k3y-7d1c9e2f5a8b3c6d0e4f7a1b"
    const emu = await served({
      apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: [ADMIN] }, { sdkAppId: OTHER, secretKey: OTHER_SECRET, admins: [ADMIN] }],
    })
    const csv = usersCsv("two-apps.csv")
    expect((await cli(["accounts", "import", csv, "--emulator", emu.url])).code).toBe(0)
    const other = await cli(["accounts", "import", csv, "--emulator", emu.url], {
      env: baseEnv({ TENCENT_CHAT_SDKAPPID: String(OTHER), TENCENT_CHAT_SECRET_KEY: OTHER_SECRET }),
    })
    expect(other.code, other.stderr).toBe(0)
    expect(other.stdout).not.toContain("already complete")
    expect(emu.em.accountCount(OTHER)).toBe(ROWS)
  })

  it("an unfinished import for one target is refused for another (exit 2, nothing sent) and still resumes on its own", async () => {
    const first = await served()
    const second = await served()
    const csv = usersCsv("unfinished.csv")
    // Two requests go through, then the service fails until the client gives up: the import
    // stops with 200 rows acknowledged.
    first.em.faults.script("multiaccount_import", "none", "none", "http-502", "http-502", "http-502", "http-502", "http-502")
    const stopped = await cli(["accounts", "import", csv, "--concurrency", "1", "--emulator", first.url])
    expect(stopped.code, stopped.stderr).toBe(1)
    const ck = readCheckpoint(`${csv}.checkpoint.json`)!
    expect(ck).toMatchObject({ complete: false, counts: { rows: 200 } })

    const elsewhere = await cli(["accounts", "import", csv, "--emulator", second.url])
    expect(elsewhere.code).toBe(2)
    expect(elsewhere.stderr).toContain(
      `holds an unfinished import into app ${SDKAPPID} at ${first.url} (timpush) (200 rows done there); ` +
        `this run targets app ${SDKAPPID} at ${second.url} (timpush) (service ${second.url}, not ${first.url})`,
    )
    expect(imports(second)).toBe(0)
    expect(second.em.accountCount(SDKAPPID)).toBe(0)
    expect(readCheckpoint(`${csv}.checkpoint.json`)).toEqual(ck)

    first.em.faults.clear()
    const resumed = await cli(["accounts", "import", csv, "--emulator", first.url])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stdout).toContain("resumed: 200 rows were already done")
    expect(first.em.accountCount(SDKAPPID)).toBe(ROWS)
  })
})
