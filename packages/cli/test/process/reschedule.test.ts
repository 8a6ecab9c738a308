/**
 * `push reschedule` with new content (push schedule's content flags), a new time, or both,
 * against the served emulator.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createClient } from "tencent-chat-push/client"
import { ADMIN, bodiesReceivedSince, cli, lastSeq, SDKAPPID, SECRET, serveEmulator, tempDir } from "./harness.ts"
import type { CliResult, ServedEmulator } from "./harness.ts"

let emu: ServedEmulator
const tmp = tempDir()

beforeAll(async () => {
  emu = await serveEmulator({ limits: { pushIntervalMs: 0 } })
  const client = createClient({ sdkAppId: SDKAPPID, secretKey: SECRET, adminId: ADMIN, baseUrl: emu.url })
  await client.importAccounts(["ann", "bob", "cy"].map((userId) => ({ userId })))
  await client.addUserTags([{ userId: "ann", tags: ["vip"] }, { userId: "bob", tags: ["gold"] }])
  await client.dispose()
})
afterAll(async () => {
  await emu.close()
  tmp.cleanup()
})

const jsonOf = (r: CliResult): Record<string, unknown> => {
  const lines = r.stdout.trim().split("\n")
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0]!) as Record<string, unknown>
}

const wireOf = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "")
const isoOf = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")

/** Schedules a task in an hour with `content` flags; its TaskID. */
const schedule = async (content: ReadonlyArray<string>): Promise<{ taskId: number; at: number }> => {
  const at = emu.em.now() + 3_600_000
  const r = await cli(["push", "schedule", "--at", isoOf(at), ...content, "--emulator", emu.url, "--json"])
  expect(r.code, r.stderr).toBe(0)
  return { taskId: jsonOf(r).taskId as number, at }
}

describe("push reschedule with content (real process, served emulator)", () => {
  it("new content, same time: the task's content is replaced, its time kept; --dry-run printed the body sent", async () => {
    const { taskId, at } = await schedule(["--tag", "vip", "--offline-title", "Sale", "--offline-desc", "Starts now"])
    const content = ["--tags-or", "vip,gold", "--offline-title", "Sale moved", "--offline-desc", "Now with gold", "--text", "hi", "--msg-random", "5"]
    // A dry run with content needs no --type: the content implies it (Tag).
    const dry = await cli(["push", "reschedule", String(taskId), ...content, "--dry-run", "--json"], {
      env: { PATH: process.env.PATH ?? "", TENCENT_CHAT_SDKAPPID: String(SDKAPPID) },
    })
    expect(dry.code, dry.stderr).toBe(0)
    const seq = lastSeq(emu.em)
    const real = await cli(["push", "reschedule", String(taskId), ...content, "--emulator", emu.url])
    expect(real.stderr).toBe("")
    expect(real.code).toBe(0)
    expect(real.stdout).toBe(`rescheduled: task ${taskId} with new content at ${isoOf(at)} (SchedAt "${wireOf(at)}", UTC)\n`)
    const received = await bodiesReceivedSince(emu.em, "modify_sched_task", seq)
    expect(received).toHaveLength(1)
    expect(received[0]).not.toHaveProperty("SchedAt")
    expect(jsonOf(dry).requests).toEqual([{ path: "v4/timpush/modify_sched_task", body: received[0] }])
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toMatchObject({
      Type: "Tag",
      status: "pending",
      SchedAt: wireOf(at),
      Title: "Sale moved",
      Content: {
        MsgRandom: 5,
        Condition: { TagsOr: ["vip", "gold"] },
        MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
        OfflinePushInfo: { Title: "Sale moved", Desc: "Now with gold" },
      },
    })
  })

  it("new time and new content together; a time-only reschedule keeps the content", async () => {
    const { taskId } = await schedule(["--all", "--text", "first"])
    const later = emu.em.now() + 7_200_000
    const both = await cli(["push", "reschedule", String(taskId), "--at", String(later), "--all", "--text", "second", "--emulator", emu.url, "--json"])
    expect(both.code, both.stderr).toBe(0)
    expect(jsonOf(both)).toEqual({ command: "push reschedule", ok: true, outcome: "rescheduled", taskId, schedAt: wireOf(later), at: isoOf(later), status: "pending" })
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toMatchObject({ Type: "All", SchedAt: wireOf(later), Content: { MsgBody: [{ MsgContent: { Text: "second" } }] } })

    const latest = emu.em.now() + 10_800_000
    const timeOnly = await cli(["push", "reschedule", String(taskId), "--at", String(latest), "--emulator", emu.url])
    expect(timeOnly.code, timeOnly.stderr).toBe(0)
    expect(timeOnly.stdout).toBe(`rescheduled: task ${taskId} to ${isoOf(latest)} (SchedAt "${wireOf(latest)}", UTC)\n`)
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toMatchObject({ SchedAt: wireOf(latest), Content: { MsgBody: [{ MsgContent: { Text: "second" } }] } })
  })

  it("a User task gets a new user list (--users), sent by the admin by default", async () => {
    const first = path.join(tmp.dir, "first.txt")
    const second = path.join(tmp.dir, "second.txt")
    fs.writeFileSync(first, "ann\nbob\n")
    fs.writeFileSync(second, "cy\n")
    const { taskId } = await schedule(["--users", first, "--offline-desc", "Hello"])
    const r = await cli(["push", "reschedule", String(taskId), "--users", second, "--offline-desc", "Hello cy", "--emulator", emu.url])
    expect(r.code, r.stderr).toBe(0)
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toMatchObject({
      Type: "User",
      Content: { To_Account: ["cy"], From_Account: ADMIN, OfflinePushInfo: { Desc: "Hello cy" } },
    })
  })

  it("refusals: nothing to change and incomplete content are usage errors that send nothing; a type change is refused", async () => {
    const { taskId } = await schedule(["--tag", "vip", "--offline-title", "Keep"])
    const seq = lastSeq(emu.em)
    const [nothing, noAudience, noMessage, typeClash, dryNoType] = await Promise.all([
      cli(["push", "reschedule", String(taskId), "--emulator", emu.url, "--json"]),
      cli(["push", "reschedule", String(taskId), "--text", "hi", "--emulator", emu.url]),
      cli(["push", "reschedule", String(taskId), "--tag", "vip", "--emulator", emu.url]),
      cli(["push", "reschedule", String(taskId), "--all", "--text", "hi", "--type", "Tag", "--emulator", emu.url, "--json"]),
      cli(["push", "reschedule", String(taskId), "--at", String(emu.em.now() + 7_200_000), "--dry-run"]),
    ])
    for (const r of [nothing, noAudience, noMessage, typeClash, dryNoType]) expect(r.code).toBe(2)
    expect(jsonOf(nothing)).toMatchObject({ ok: false, outcome: "usage", error: expect.stringContaining("nothing to change") })
    expect(noAudience.stderr).toContain("choose the audience")
    expect(noMessage.stderr).toContain("nothing to send")
    expect(jsonOf(typeClash)).toMatchObject({ ok: false, outcome: "request", code: 90104, error: expect.stringContaining("sched_content_type") })
    expect(dryNoType.stderr).toContain("--dry-run needs --type")
    expect(emu.em.requests().filter((e) => e.seq > seq)).toEqual([])

    // Without --type the content's type is sent, and the emulator refuses a change of type.
    const clash = await cli(["push", "reschedule", String(taskId), "--all", "--text", "hi", "--emulator", emu.url, "--json"])
    expect(clash.code).toBe(1)
    expect(jsonOf(clash)).toMatchObject({ ok: false, outcome: "rejected", code: 90104 })
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toMatchObject({ Type: "Tag", Title: "Keep" })
  })
})
