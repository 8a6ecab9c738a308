/**
 * `--dry-run` prints what the same command sends for real: each case runs the command twice,
 * with `--dry-run` and against the served emulator, and compares the printed bodies with the
 * bodies the emulator received (its request log, with the bodies the console keeps).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { EndpointKey } from "tencent-chat-push/api"
import { createClient } from "tencent-chat-push/client"
import { ADMIN, baseEnv, bodiesReceivedSince, cli, lastSeq as lastSeqOf, SDKAPPID, SECRET, serveEmulator, tempDir } from "./harness.ts"
import type { CliResult, ServedEmulator } from "./harness.ts"

/** A second admin, so a default sender taken from the wrong place shows. */
const OPS = "ops"

let emu: ServedEmulator
const tmp = tempDir()
const many = Array.from({ length: 1001 }, (_, k) => `u${String(k).padStart(4, "0")}`)

beforeAll(async () => {
  emu = await serveEmulator({ apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: [ADMIN, OPS] }], limits: { pushIntervalMs: 0 } })
  const client = createClient({ sdkAppId: SDKAPPID, secretKey: SECRET, adminId: ADMIN, baseUrl: emu.url })
  await client.importAccounts(["ann", "bob", ...many].map((userId) => ({ userId })))
  await client.addUserTags([{ userId: "ann", tags: ["vip"] }, { userId: "bob", tags: ["vip"] }])
  await client.dispose()
})
afterAll(async () => {
  await emu.close()
  tmp.cleanup()
})

/** Only PATH: a dry run needs no credentials. */
const bare = { env: { PATH: process.env.PATH ?? "" } }

const lastSeq = () => lastSeqOf(emu.em)
const receivedSince = (endpoint: EndpointKey, seq: number) => bodiesReceivedSince(emu.em, endpoint, seq)

const jsonOf = (r: CliResult): Record<string, unknown> => {
  const lines = r.stdout.trim().split("\n")
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0]!) as Record<string, unknown>
}

/** The bodies of a dry run's `--json` report. */
const bodiesOf = (r: CliResult): Array<unknown> => (jsonOf(r).requests as Array<{ body: unknown }>).map((q) => q.body)

const byFirstUser = (bodies: Array<unknown>) =>
  [...bodies].sort((a, b) => String((a as { To_Account: string[] }).To_Account[0]).localeCompare(String((b as { To_Account: string[] }).To_Account[0])))

describe("--dry-run prints the request the command sends for real (real process, served emulator)", () => {
  it("push send: the printed body (text and --json) is the body the emulator receives", async () => {
    const args = ["push", "send", "--tags-or", "vip,gold", "--tags-not", "churned", "--text", "hi", "--offline-title", "Hi", "--lifetime", "1d", "--data-id", "d1", "--msg-random", "42"]
    const [dryText, dryJson] = await Promise.all([cli([...args, "--dry-run"], bare), cli([...args, "--dry-run", "--json"], bare)])
    expect(dryText.code).toBe(0)
    expect(dryJson.code).toBe(0)
    const seq = lastSeq()
    const real = await cli([...args, "--emulator", emu.url])
    expect(real.code).toBe(0)
    const received = await receivedSince("push", seq)
    expect(received).toHaveLength(1)
    expect(JSON.parse(dryText.stdout)).toEqual(received[0])
    expect(jsonOf(dryJson)).toEqual({ command: "push send", ok: true, outcome: "dry_run", requests: [{ path: "v4/timpush/push", body: received[0] }] })
  })

  it("push to-users: 1001 users are three batch requests, the same three bodies the emulator receives", async () => {
    const users = path.join(tmp.dir, "many.txt")
    fs.writeFileSync(users, `userId\n${many.join("\n")}\n`)
    const args = ["push", "to-users", "--users", users, "--offline-title", "Won", "--offline-desc", "Open the app", "--msg-random", "7", "--data-id", "x"]
    // The default sender is the admin in both runs (TENCENT_CHAT_ADMIN here), not a fixed name.
    const env = { env: { PATH: process.env.PATH ?? "", TENCENT_CHAT_ADMIN: OPS } }
    const [dryText, dryJson] = await Promise.all([cli([...args, "--dry-run"], env), cli([...args, "--dry-run", "--json"], env)])
    expect(dryText.code).toBe(0)
    expect(dryJson.code).toBe(0)
    const seq = lastSeq()
    const real = await cli([...args, "--emulator", emu.url], { env: baseEnv({ TENCENT_CHAT_ADMIN: OPS }) })
    expect(real.stderr).toBe("")
    expect(real.code).toBe(0)
    expect(real.stdout).toContain("to-users: 1001 reached, 0 failed, 0 invalid ids skipped")
    const received = byFirstUser(await receivedSince("batch", seq))
    expect(received.map((b) => (b as { To_Account: string[] }).To_Account.length)).toEqual([500, 500, 1])
    expect(received[0]).toMatchObject({ From_Account: OPS, MsgRandom: 7, DataId: "x" })
    const printed = dryText.stdout.trim().split("\n").map((l) => JSON.parse(l) as unknown)
    expect(byFirstUser(printed)).toEqual(received)
    expect(byFirstUser(bodiesOf(dryJson))).toEqual(received)
  })

  it("push schedule: the printed add_sched_task body is the body the emulator receives", async () => {
    const at = new Date(emu.em.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z")
    const args = ["push", "schedule", "--at", at, "--tag", "vip", "--offline-title", "Sale", "--offline-desc", "Starts now", "--msg-random", "9"]
    const withAppId = { env: { PATH: process.env.PATH ?? "", TENCENT_CHAT_SDKAPPID: String(SDKAPPID) } }
    const [dryText, dryJson] = await Promise.all([cli([...args, "--dry-run"], withAppId), cli([...args, "--dry-run", "--json"], withAppId)])
    expect(dryText.code).toBe(0)
    const seq = lastSeq()
    const real = await cli([...args, "--emulator", emu.url])
    expect(real.code).toBe(0)
    const received = await receivedSince("add_sched_task", seq)
    expect(received).toHaveLength(1)
    expect(JSON.parse(dryText.stdout)).toEqual(received[0])
    expect(bodiesOf(dryJson)).toEqual(received)
  })

  it("push revoke: the printed revoke body is the body the emulator receives; against the real service it needs --yes", async () => {
    const sent = await cli(["push", "send", "--tag", "vip", "--text", "oops", "--emulator", emu.url, "--json"])
    const taskId = (jsonOf(sent) as { taskId: string }).taskId
    const args = ["push", "revoke", taskId, "--offline-title", "Sorry", "--offline-desc", "Ignore it"]
    const [dryText, dryJson] = await Promise.all([cli([...args, "--dry-run"], bare), cli([...args, "--dry-run", "--json"], bare)])
    expect(dryText.code).toBe(0)
    expect(dryJson.code).toBe(0)
    const seq = lastSeq()
    const unconfirmed = await cli([...args, "--region", "singapore", "--json"])
    expect(unconfirmed.code).toBe(2)
    expect(jsonOf(unconfirmed)).toMatchObject({ command: "push revoke", ok: false, outcome: "not_confirmed", exitCode: 2 })
    expect(unconfirmed.stderr).toContain(`This recall changes what REAL users of app ${SDKAPPID} (region singapore) see: task ${taskId}`)
    expect(unconfirmed.stderr).toContain("POST https://adminapisgp.im.qcloud.com/v4/timpush/revoke?sdkappid=")
    const real = await cli([...args, "--emulator", emu.url])
    expect(real.code).toBe(0)
    expect(emu.em.task(taskId)?.recalledAt).toBeTypeOf("number")
    const received = await receivedSince("revoke", seq)
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ TaskId: taskId, OfflinePushInfo: { Title: "Sorry", Desc: "Ignore it" } })
    expect(JSON.parse(dryText.stdout)).toEqual(received[0])
    expect(jsonOf(dryJson)).toEqual({ command: "push revoke", ok: true, outcome: "dry_run", requests: [{ path: "v4/timpush/revoke", body: received[0] }] })
  })

  it("a request the client refuses is refused by the dry run too, with the same error and exit code", async () => {
    // The all_member_push family means online-only by MsgLifeTime 0: the client refuses a
    // lifetime with --online-only there, so a dry run must not print a body for it.
    const args = ["push", "send", "--all", "--text", "hi", "--online-only", "--lifetime", "1h", "--family", "all_member_push", "--msg-random", "3"]
    const seq = lastSeq()
    const [dry, real] = await Promise.all([cli([...args, "--dry-run", "--json"], bare), cli([...args, "--emulator", emu.url, "--json"])])
    expect(dry.code).toBe(2)
    expect(real.code).toBe(2)
    expect(jsonOf(dry)).toEqual(jsonOf(real))
    expect(jsonOf(dry)).toMatchObject({ ok: false, outcome: "request", exitCode: 2, error: expect.stringContaining("online_only_lifetime") })

    const tooLong = ["push", "send", "--tag", "t".repeat(51), "--text", "hi"]
    const [dryTag, realTag] = await Promise.all([cli([...tooLong, "--dry-run"], bare), cli([...tooLong, "--emulator", emu.url])])
    expect(dryTag.code).toBe(2)
    expect(realTag.code).toBe(2)
    expect(dryTag.stderr).toBe(realTag.stderr)
    expect(dryTag.stderr).toContain("a tag is at most 50 bytes [tag_bytes] (service code 90020)")
    expect(emu.em.requests().filter((e) => e.seq > seq)).toEqual([])
  })
})
