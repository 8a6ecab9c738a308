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
})
