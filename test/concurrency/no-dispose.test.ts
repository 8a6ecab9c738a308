/**
 * `dispose()` is optional: a client leaves nothing running between calls (no timer, no fiber, no
 * open handle of its own), so a Worker isolate can keep it at module scope forever and a Node
 * program that never disposes it still exits when its work is done. The child program
 * (app/no-dispose-child.ts) runs coalesced, rate-limited and pushed calls against the emulator
 * (its own process, over HTTP) and a call that is refused and retried, then simply ends; it must
 * exit by itself with code 0. A leftover timer or handle would keep it alive until the test's
 * timeout, which fails it.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { EmulatorProcess } from "./emulator-process.ts"
import { startEmulatorProcess } from "./emulator-process.ts"

const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", admins: ["administrator"] }
const child = fileURLToPath(new URL("./app/no-dispose-child.ts", import.meta.url))

describe("a client never disposed", () => {
  let em: EmulatorProcess

  beforeAll(async () => {
    em = await startEmulatorProcess({ apps: [APP], limits: { pushIntervalMs: 1000, dailyPushQuota: 100 } })
  })
  afterAll(async () => {
    await em?.stop()
  })

  it("leaves nothing running: the program exits by itself once its calls are answered", async () => {
    const proc = spawn(process.execPath, [child], { env: { ...process.env, EMULATOR_URL: em.url }, stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    proc.stdout!.on("data", (d: Buffer) => (out += d.toString()))
    proc.stderr!.on("data", (d: Buffer) => (err += d.toString()))
    try {
      const code = await new Promise<number | null>((resolve) => proc.once("exit", (c) => resolve(c)))
      expect(err).toBe("")
      expect(code).toBe(0)
      expect(JSON.parse(out)).toEqual({ tagged: 150, pushes: 2, failed: "ChatTransportError:connection" })
      // The pushes reached the emulator, spaced as Tencent demands (no 90024 refusal).
      expect((await em.requests("push")).map((r) => r.code)).toEqual([0, 0])
    } finally {
      // Only if the test failed while the program still ran.
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL")
    }
  }, 60_000)
})
