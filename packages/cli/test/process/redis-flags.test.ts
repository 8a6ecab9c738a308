/**
 * `--redis` and `--idempotency-key` where no Redis is needed: the usage rules, and a Redis that
 * cannot be reached (the store fails every call fast: nothing is sent, the command stops with
 * exit 1 and says why). The runs on a real redis-server are in test/fleet/cli-redis.test.ts.
 */
import * as fs from "node:fs"
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { baseEnv, cli, serveEmulator, tempDir } from "./harness.ts"
import type { ServedEmulator } from "./harness.ts"

let emu: ServedEmulator
const tmp = tempDir()
/** A password that must never be printed. */
const PASSWORD = "r3dis-pa55-4e7f9a-never-print-me"
let deadUrl: string

beforeAll(async () => {
  emu = await serveEmulator()
  // A loopback port nothing listens on: bound, then closed.
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  deadUrl = `redis://default:${PASSWORD}@127.0.0.1:${port}/0`
})
afterAll(async () => {
  await emu.close()
  tmp.cleanup()
})

const noPassword = (r: { stdout: string; stderr: string }) => {
  expect(r.stdout + r.stderr).not.toContain(PASSWORD)
}

describe("--redis and --idempotency-key (real process)", () => {
  it("--idempotency-key without a shared store is a usage error; so is a URL that is not redis://", async () => {
    const [noStore, notRedis, malformed] = await Promise.all([
      cli(["push", "send", "--all", "--text", "hi", "--idempotency-key", "job-1", "--emulator", emu.url]),
      cli(["push", "send", "--all", "--text", "hi", "--redis", `http://u:${PASSWORD}@127.0.0.1:1`, "--emulator", emu.url]),
      cli(["tags", "import", "-", "--emulator", emu.url], { stdin: "userId,tags\na,b\n", env: baseEnv({ TENCENT_CHAT_REDIS_URL: `redis://:${PASSWORD}@[::1` }) }),
    ])
    expect(noStore.code).toBe(2)
    expect(noStore.stderr).toContain("error: --idempotency-key needs a store shared by every process")
    expect(notRedis.code).toBe(2)
    expect(notRedis.stderr).toContain("error: --redis: expected a redis:// or rediss:// URL")
    expect(malformed.code).toBe(2)
    expect(malformed.stderr).toContain("error: TENCENT_CHAT_REDIS_URL: not a URL")
    for (const r of [noStore, notRedis, malformed]) noPassword(r)
    expect(emu.em.countRequests()).toBe(0)
  })

  it("an unreachable Redis stops a push and an import with exit 1, sending nothing, and never prints the password", async () => {
    const csv = path.join(tmp.dir, "users.csv")
    fs.writeFileSync(csv, "userId\n" + Array.from({ length: 250 }, (_, k) => `u${k}`).join("\n") + "\n")
    const [push, imported] = await Promise.all([
      cli(["push", "send", "--all", "--text", "hi", "--redis", deadUrl, "--idempotency-key", "job-2", "--emulator", emu.url, "--json"]),
      cli(["accounts", "import", csv, "--emulator", emu.url], { env: baseEnv({ TENCENT_CHAT_REDIS_URL: deadUrl }) }),
    ])
    expect(push.code).toBe(1)
    expect(JSON.parse(push.stdout)).toMatchObject({ command: "push send", ok: false, outcome: "unavailable", exitCode: 1 })
    expect(push.stderr).toContain("error: push: not sent: the shared store (--redis) did not answer")
    expect(imported.code).toBe(1)
    expect(imported.stderr).toContain("stopped: the shared rate-limit store (--redis) did not answer, so nothing more was sent")
    expect(imported.stderr).toContain("rerun the same command to resume")
    for (const r of [push, imported]) noPassword(r)
    expect(emu.em.countRequests()).toBe(0)
  })
})
