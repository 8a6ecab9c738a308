import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createClient } from "tencent-chat-push/client"
import { ADMIN, cli, SDKAPPID, SECRET, serveEmulator, tempDir } from "./harness.ts"
import type { ServedEmulator } from "./harness.ts"

let emu: ServedEmulator
const tmp = tempDir()

beforeAll(async () => {
  // Separate CLI processes do not share the client's push spacing; the emulator's is off here.
  emu = await serveEmulator({ limits: { pushIntervalMs: 0 } })
  const client = createClient({ sdkAppId: SDKAPPID, secretKey: SECRET, adminId: ADMIN, baseUrl: emu.url })
  await client.importAccounts(["ann", "bob", "cy", "dee"].map((userId) => ({ userId })))
  await client.setAttrNames({ "0": "city", "1": "level" })
  await client.addUserTags([
    { userId: "ann", tags: ["vip", "gold"] },
    { userId: "bob", tags: ["vip", "churned"] },
    { userId: "cy", tags: ["silver"] },
  ])
  await client.setUserAttrs([{ userId: "ann", attrs: { city: "SZ" } }, { userId: "dee", attrs: { level: "3" } }])
  await client.dispose()
})
afterAll(async () => {
  await emu.close()
  tmp.cleanup()
})

const taskIdOf = (stdout: string) => /^pushed: task (\S+) \(MsgRandom \d+\)$/m.exec(stdout)?.[1]

describe("push (real process, served emulator)", () => {
  it("send by tag and by attribute prints the task and its audience size", async () => {
    const [byTag, byAttr, all] = await Promise.all([
      cli(["push", "send", "--tag", "vip", "--text", "hi", "--emulator", emu.url]),
      cli(["push", "send", "--attr", "city=SZ", "--attr", "level=3", "--attrs-or", "--offline-desc", "Level up", "--emulator", emu.url]),
      cli(["push", "send", "--all", "--text", "to everyone", "--emulator", emu.url]),
    ])
    for (const r of [byTag, byAttr, all]) expect(r.code).toBe(0)
    expect(byTag.stdout).toMatch(/^audience: 2 accounts \(e\.g\. ann, bob\)$/m)
    expect(byAttr.stdout).toMatch(/^audience: 2 accounts \(e\.g\. ann, dee\)$/m)
    expect(all.stdout).toMatch(/^audience: 4 accounts/m)
    const task = emu.em.task(taskIdOf(byTag.stdout)!)
    expect(task).toMatchObject({ audienceSize: 2, condition: { TagsAnd: ["vip"] } })
  })

  it("--dry-run prints the request body only and needs no credentials", async () => {
    const before = emu.em.countRequests()
    const r = await cli(
      ["push", "send", "--tags-or", "gold,silver", "--tags-not", "churned", "--offline-title", "Hi", "--offline-desc", "News", "--msg-random", "42", "--dry-run"],
      { env: { PATH: process.env.PATH ?? "" } },
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      MsgRandom: 42,
      Condition: { TagsOr: ["gold", "silver"], TagsNot: ["churned"] },
      OfflinePushInfo: { PushFlag: 0, Title: "Hi", Desc: "News" },
    })
    expect(emu.em.countRequests()).toBe(before)
  })

  it("against the real service prints the exact request and refuses without --yes; bad usage exits 2", async () => {
    const msg = path.join(tmp.dir, "msg.json")
    fs.writeFileSync(msg, JSON.stringify([{ MsgType: "TIMCustomElem", MsgContent: { Data: "d", Desc: "x" } }]))
    const [real, noAudience, both] = await Promise.all([
      cli(["push", "send", "--all", "--message", msg, "--msg-random", "7", "--region", "singapore"]),
      cli(["push", "send", "--text", "hi", "--emulator", emu.url]),
      cli(["push", "send", "--all", "--tag", "vip", "--text", "hi", "--emulator", emu.url]),
    ])
    expect(real.code).toBe(2)
    expect(real.stderr).toContain(`This push goes to REAL users of app ${SDKAPPID} (region singapore), EVERY user of the app:`)
    expect(real.stderr).toContain(
      `POST https://adminapisgp.im.qcloud.com/v4/timpush/push?sdkappid=${SDKAPPID}&identifier=${ADMIN}&usersig=<redacted>&random=<random>&contenttype=json`,
    )
    expect(real.stderr).toContain("\"TIMCustomElem\"")
    expect(real.stderr).toContain("not sent: add --yes")
    expect(noAudience.code).toBe(2)
    expect(noAudience.stderr).toContain("choose the audience")
    expect(both.code).toBe(2)
  })

  it("revoke recalls a task once; a second recall exits 1 with the service's code", async () => {
    const sent = await cli(["push", "send", "--tag", "gold", "--text", "oops", "--emulator", emu.url])
    const taskId = taskIdOf(sent.stdout)!
    const first = await cli(["push", "revoke", taskId, "--emulator", emu.url])
    expect(first.code).toBe(0)
    expect(first.stdout.trim()).toBe(`revoked: task ${taskId}`)
    expect(emu.em.task(taskId)?.recalledAt).toBeTypeOf("number")
    const again = await cli(["push", "revoke", taskId, "--emulator", emu.url])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain("ErrorCode 90050")
  })

  it("to-users batches a user list and reports unknown and invalid users (exit 1)", async () => {
    const users = path.join(tmp.dir, "users.txt")
    fs.writeFileSync(users, `userId\nann\ncy\nnobody\n\n${"é".repeat(17)}\n`)
    const r = await cli(["push", "to-users", "--users", users, "--offline-title", "Won", "--offline-desc", "Open the app", "--emulator", emu.url])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^pushed: task batch_\S+ to 3 users/m)
    expect(r.stdout).toContain("to-users: 2 reached, 1 failed, 1 invalid ids skipped")
    expect(r.stderr).toContain("nobody: 70107")
    expect(r.stderr).toContain(`line 6: ${"é".repeat(17)}: invalid-user-id`)
  })

  it("reports a push whose outcome is unknown, without retrying it", async () => {
    emu.em.faults.script("push", "drop")
    const before = emu.em.countRequests({ endpoint: "push" })
    const r = await cli(["push", "send", "--tag", "vip", "--text", "hi", "--msg-random", "99", "--emulator", emu.url])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("OUTCOME UNKNOWN")
    expect(r.stderr).toContain("--msg-random 99")
    expect(emu.em.countRequests({ endpoint: "push" })).toBe(before + 1)
  })

  describe("--json: one JSON object on stdout, whatever the outcome", () => {
    const jsonOf = (stdout: string) => {
      const lines = stdout.trim().split("\n")
      expect(lines).toHaveLength(1)
      return JSON.parse(lines[0]!) as Record<string, unknown>
    }

    it("send and revoke report the TaskId; a second revoke reports the rejection and its code (exit 1)", async () => {
      const sent = await cli(["push", "send", "--tag", "vip", "--text", "hi", "--msg-random", "1234", "--emulator", emu.url, "--json"])
      expect(sent.code).toBe(0)
      const report = jsonOf(sent.stdout)
      expect(report).toEqual({
        command: "push send",
        ok: true,
        outcome: "sent",
        taskId: expect.any(String),
        msgRandom: 1234,
        audience: { size: 2, sample: ["ann", "bob"] },
      })
      const taskId = report.taskId as string
      expect(emu.em.task(taskId)).toMatchObject({ audienceSize: 2 })

      const revoked = await cli(["push", "revoke", taskId, "--emulator", emu.url, "--json"])
      expect(revoked.code).toBe(0)
      expect(jsonOf(revoked.stdout)).toEqual({ command: "push revoke", ok: true, outcome: "revoked", taskId })
      const again = await cli(["push", "revoke", taskId, "--emulator", emu.url, "--json"])
      expect(again.code).toBe(1)
      expect(jsonOf(again.stdout)).toMatchObject({ command: "push revoke", ok: false, outcome: "rejected", exitCode: 1, code: 90050 })
      expect(again.stderr).toContain("ErrorCode 90050")
    })

    it("to-users reports every task, the users not reached and the invalid ids (exit 1)", async () => {
      const users = path.join(tmp.dir, "json-users.txt")
      fs.writeFileSync(users, "ann\ncy\nnobody\n\n" + "x".repeat(33) + "\n")
      const r = await cli(["push", "to-users", "--users", users, "--offline-desc", "Open the app", "--emulator", emu.url, "--json"])
      expect(r.code).toBe(1)
      const report = jsonOf(r.stdout)
      expect(report).toMatchObject({
        command: "push to-users",
        ok: false,
        outcome: "partial",
        exitCode: 1,
        reached: 2,
        failed: [{ userId: "nobody", code: 70107 }],
        invalid: [{ line: 5, userId: "x".repeat(33) }],
      })
      const tasks = report.tasks as Array<{ taskId: string; recipients: number }>
      expect(tasks).toHaveLength(1)
      expect(tasks[0]).toMatchObject({ taskId: expect.stringMatching(/^batch_/), recipients: 3 })
      expect(report.taskIds).toEqual([tasks[0]!.taskId])
    })

    it("an unknown outcome carries the MsgRandom to resend with; refusals and dry runs are reported too", async () => {
      emu.em.faults.script("push", "drop")
      const unknown = await cli(["push", "send", "--tag", "vip", "--text", "hi", "--msg-random", "77", "--emulator", emu.url, "--json"])
      expect(unknown.code).toBe(1)
      expect(jsonOf(unknown.stdout)).toMatchObject({ command: "push send", ok: false, outcome: "unknown", msgRandom: 77, exitCode: 1 })

      const [real, usage, dry] = await Promise.all([
        cli(["push", "send", "--all", "--text", "hi", "--region", "singapore", "--json"]),
        cli(["push", "send", "--text", "hi", "--emulator", emu.url, "--json"]),
        cli(["push", "to-users", "--users", "-", "--offline-desc", "d", "--msg-random", "5", "--dry-run", "--json"], { stdin: "ann\nbob\n", env: { PATH: process.env.PATH ?? "" } }),
      ])
      expect(real.code).toBe(2)
      expect(jsonOf(real.stdout)).toMatchObject({ command: "push send", ok: false, outcome: "not_confirmed", exitCode: 2 })
      expect(usage.code).toBe(2)
      expect(jsonOf(usage.stdout)).toMatchObject({ ok: false, outcome: "usage", exitCode: 2, error: expect.stringContaining("choose the audience") })
      expect(dry.code).toBe(0)
      expect(jsonOf(dry.stdout)).toEqual({
        command: "push to-users",
        ok: true,
        outcome: "dry_run",
        requests: [{ path: "v4/timpush/batch", body: expect.objectContaining({ To_Account: ["ann", "bob"], MsgRandom: 5 }) }],
        invalid: [],
      })
    })
  })
})
