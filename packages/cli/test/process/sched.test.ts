import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createClient } from "tencent-chat-push/client"
import { ADMIN, cli, SDKAPPID, SECRET, serveEmulator, tempDir } from "./harness.ts"
import type { ServedEmulator } from "./harness.ts"

let emu: ServedEmulator
const tmp = tempDir()

beforeAll(async () => {
  emu = await serveEmulator({ limits: { pushIntervalMs: 0 } })
  const client = createClient({ sdkAppId: SDKAPPID, secretKey: SECRET, adminId: ADMIN, baseUrl: emu.url })
  await client.importAccounts(["ann", "bob", "cy"].map((userId) => ({ userId })))
  await client.addUserTags([{ userId: "ann", tags: ["vip"] }, { userId: "bob", tags: ["vip"] }])
  await client.dispose()
})
afterAll(async () => {
  await emu.close()
  tmp.cleanup()
})

const jsonOf = (stdout: string): Record<string, unknown> => {
  const lines = stdout.trim().split("\n")
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0]!) as Record<string, unknown>
}

/** The wire form (UTC `YYYY-MM-DD HH:MM:SS`) of an epoch-ms time, seconds precision. */
const wireOf = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "")
const isoOf = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")

describe("push schedule | list | show | reschedule | cancel (real process, served emulator)", () => {
  it("the whole life of a scheduled push: schedule, list, show, reschedule, cancel", async () => {
    const at = emu.em.now() + 3_600_000
    const scheduled = await cli([
      "push", "schedule", "--at", isoOf(at), "--tag", "vip", "--offline-title", "Sale", "--offline-desc", "Starts now", "--emulator", emu.url, "--json",
    ])
    expect(scheduled.stderr).toBe("")
    expect(scheduled.code).toBe(0)
    const report = jsonOf(scheduled.stdout)
    expect(report).toEqual({
      command: "push schedule",
      ok: true,
      outcome: "scheduled",
      taskId: expect.any(Number),
      type: "Tag",
      schedAt: wireOf(at),
      at: isoOf(at),
    })
    const taskId = report.taskId as number
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toMatchObject({ Type: "Tag", status: "pending", SchedAt: wireOf(at), Title: "Sale" })

    const [listed, listedText, shown, shownText] = await Promise.all([
      cli(["push", "list", "--order-by", "schedAt", "--asc", "--emulator", emu.url, "--json"]),
      cli(["push", "list", "--emulator", emu.url]),
      cli(["push", "show", String(taskId), "--emulator", emu.url, "--json"]),
      cli(["push", "show", String(taskId), "--emulator", emu.url]),
    ])
    for (const r of [listed, listedText, shown, shownText]) expect(r.code).toBe(0)
    const page = jsonOf(listed.stdout)
    expect(page).toMatchObject({ command: "push list", ok: true, outcome: "listed", total: emu.em.scheduledTasks(SDKAPPID).length })
    expect(page.tasks).toContainEqual(expect.objectContaining({ taskId, type: "Tag", status: "pending", schedAt: wireOf(at), at: new Date(Math.floor(at / 1000) * 1000).toISOString(), title: "Sale", pushTaskId: null }))
    expect(listedText.stdout).toContain(`${taskId}  Tag  pending  ${isoOf(at)} (SchedAt "${wireOf(at)}", UTC)  "Sale"`)
    expect(listedText.stdout).toMatch(/^tasks 1-\d+ of \d+$/m)
    expect(jsonOf(shown.stdout)).toMatchObject({
      command: "push show",
      ok: true,
      outcome: "found",
      task: { taskId, type: "Tag", status: "pending", schedAt: wireOf(at), title: "Sale", description: "Starts now", dispatchSuccess: false, pushTaskId: null },
    })
    expect(shownText.stdout).toContain(`task ${taskId} (Tag), pending\nat: ${isoOf(at)} (SchedAt "${wireOf(at)}", UTC)`)

    // A zone other than UTC is converted: 17:00 at +08:00 is 09:00 UTC on the wire.
    const later = new Date(emu.em.now() + 2 * 86_400_000)
    const day = later.toISOString().slice(0, 10)
    const moved = await cli(["push", "reschedule", String(taskId), "--at", `${day}T17:00:00+08:00`, "--emulator", emu.url, "--json"])
    expect(moved.code).toBe(0)
    expect(jsonOf(moved.stdout)).toEqual({
      command: "push reschedule",
      ok: true,
      outcome: "rescheduled",
      taskId,
      schedAt: `${day} 09:00:00`,
      at: `${day}T09:00:00Z`,
      status: "pending",
    })
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toMatchObject({ SchedAt: `${day} 09:00:00`, status: "pending" })

    const cancelled = await cli(["push", "cancel", String(taskId), "--emulator", emu.url])
    expect(cancelled.code).toBe(0)
    expect(cancelled.stdout).toBe(`cancelled: task ${taskId}\n`)
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toBeUndefined()
    const gone = await cli(["push", "show", String(taskId), "--emulator", emu.url, "--json"])
    expect(gone.code).toBe(1)
    expect(jsonOf(gone.stdout)).toMatchObject({ command: "push show", ok: false, outcome: "rejected", code: 90104, exitCode: 1 })
  })

  it("a User task from --users; once dispatched, reschedule and cancel fail with 90106 (exit 1) and show names the push task", async () => {
    const users = path.join(tmp.dir, "users.txt")
    fs.writeFileSync(users, "ann\ncy\n")
    const at = emu.em.now() + 600_000
    const scheduled = await cli(["push", "schedule", "--at", String(at), "--users", users, "--offline-desc", "Hello", "--emulator", emu.url])
    expect(scheduled.code).toBe(0)
    const m = /^scheduled: task (\d+) \(User\) at (\S+) \(SchedAt "([^"]+)", UTC\)$/m.exec(scheduled.stdout)
    expect(m, scheduled.stdout).not.toBeNull()
    expect([m![2], m![3]]).toEqual([isoOf(at), wireOf(at)])
    const taskId = Number(m![1])
    expect(emu.em.scheduledTask(SDKAPPID, taskId)).toMatchObject({ Type: "User", Content: { To_Account: ["ann", "cy"] } })

    emu.em.advanceClock(3_600_000)
    const [resched, cancel, shown] = await Promise.all([
      cli(["push", "reschedule", String(taskId), "--at", String(emu.em.now() + 3_600_000), "--emulator", emu.url, "--json"]),
      cli(["push", "cancel", String(taskId), "--emulator", emu.url, "--json"]),
      cli(["push", "show", String(taskId), "--emulator", emu.url, "--json"]),
    ])
    expect(jsonOf(resched.stdout)).toMatchObject({ command: "push reschedule", ok: false, outcome: "rejected", code: 90106, exitCode: 1 })
    expect(jsonOf(cancel.stdout)).toMatchObject({ command: "push cancel", ok: false, outcome: "rejected", code: 90106, exitCode: 1 })
    expect([resched.code, cancel.code]).toEqual([1, 1])
    const view = emu.em.scheduledTask(SDKAPPID, taskId)!
    expect(view.status).toBe("dispatched")
    expect(view.PushTaskID).not.toBe("")
    expect(jsonOf(shown.stdout)).toMatchObject({ task: { taskId, status: "dispatched", dispatchSuccess: true, pushTaskId: view.PushTaskID } })
  })

  it("a bad --at is a usage error (exit 2) and sends nothing", async () => {
    const before = emu.em.countRequests()
    const runs = await Promise.all([
      cli(["push", "schedule", "--at", "2027-01-01T09:00:00", "--all", "--text", "hi", "--emulator", emu.url, "--json"]),
      cli(["push", "schedule", "--at", "1800000000", "--all", "--text", "hi", "--emulator", emu.url]),
      cli(["push", "schedule", "--at", "tomorrow", "--all", "--text", "hi", "--emulator", emu.url]),
      cli(["push", "reschedule", "1", "--at", "2027-02-30T09:00:00Z", "--emulator", emu.url]),
      cli(["push", "show", "abc", "--emulator", emu.url]),
    ])
    for (const r of runs) expect(r.code).toBe(2)
    expect(jsonOf(runs[0]!.stdout)).toMatchObject({ command: "push schedule", ok: false, outcome: "usage", exitCode: 2, error: expect.stringContaining("with a zone") })
    expect(runs[1]!.stderr).toContain("looks like seconds")
    expect(runs[2]!.stderr).toContain("--at: expected an ISO-8601 time with a zone")
    expect(runs[3]!.stderr).toContain("--at: not a valid time")
    expect(runs[4]!.stderr).toContain("positive integer")
    expect(emu.em.countRequests()).toBe(before)
  })

  it("--dry-run prints the exact wire request without credentials; the real service needs --yes", async () => {
    const before = emu.em.countRequests()
    // No secret key: only the app id, which is part of the body.
    const noCreds = { env: { PATH: process.env.PATH ?? "", TENCENT_CHAT_SDKAPPID: String(SDKAPPID) } }
    const [dry, dryJson, dryCancel, real] = await Promise.all([
      cli(["push", "schedule", "--at", "2027-01-01T17:00:00+08:00", "--tag", "vip", "--offline-title", "Hi", "--msg-random", "7", "--dry-run"], noCreds),
      cli(["push", "schedule", "--at", "2027-01-01T09:00:00Z", "--all", "--text", "hi", "--msg-random", "8", "--dry-run", "--json"], noCreds),
      cli(["push", "cancel", "42", "--type", "Tag", "--dry-run", "--json"], noCreds),
      cli(["push", "schedule", "--at", "2027-01-01T09:00:00Z", "--all", "--text", "hi", "--region", "singapore", "--json"]),
    ])
    expect(dry.code).toBe(0)
    expect(JSON.parse(dry.stdout)).toEqual({
      Sdkappid: SDKAPPID,
      Type: "Tag",
      SchedAt: "2027-01-01 09:00:00",
      Content: { MsgRandom: 7, Condition: { TagsAnd: ["vip"] }, OfflinePushInfo: { PushFlag: 0, Title: "Hi" } },
    })
    expect(jsonOf(dryJson.stdout)).toEqual({
      command: "push schedule",
      ok: true,
      outcome: "dry_run",
      requests: [{
        path: "v4/timpush/add_sched_task",
        body: { Sdkappid: SDKAPPID, Type: "All", SchedAt: "2027-01-01 09:00:00", Content: { MsgRandom: 8, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] } },
      }],
    })
    expect(jsonOf(dryCancel.stdout)).toMatchObject({ outcome: "dry_run", taskId: 42, requests: [{ path: "v4/timpush/delete_sched_task", body: { TaskID: 42, Type: "Tag" } }] })
    const noAppId = await cli(["push", "cancel", "42", "--type", "Tag", "--dry-run"], { env: { PATH: process.env.PATH ?? "" } })
    expect(noAppId.code).toBe(2)
    expect(noAppId.stderr).toContain("--dry-run needs the app id")
    expect(real.code).toBe(2)
    expect(jsonOf(real.stdout)).toMatchObject({ command: "push schedule", ok: false, outcome: "not_confirmed" })
    expect(real.stderr).toContain("https://adminapisgp.im.qcloud.com/v4/timpush/add_sched_task?")
    expect(real.stderr).toContain("usersig=<redacted>")
    expect(real.stderr).toContain("\"SchedAt\": \"2027-01-01 09:00:00\"")
    expect(emu.em.countRequests()).toBe(before)
  })
})

describe("push stats (real process, served emulator)", () => {
  it("the statistics of a dispatched push equal the emulator's", async () => {
    const sent = await cli(["push", "send", "--tag", "vip", "--offline-desc", "hi", "--emulator", emu.url, "--json"])
    expect(sent.code).toBe(0)
    const taskId = jsonOf(sent.stdout).taskId as string
    // Every simulated delivery stage is due an hour later (and the CLI's UserSig, valid a day, still is).
    emu.em.advanceClock(3_600_000)
    const range = ["--from", String(emu.em.now() - 3 * 86_400_000), "--to", String(emu.em.now() + 60_000)]
    const [json, text] = await Promise.all([
      cli(["push", "stats", taskId, ...range, "--emulator", emu.url, "--json"]),
      cli(["push", "stats", taskId, ...range, "--emulator", emu.url]),
    ])
    expect(json.code).toBe(0)
    expect(text.code).toBe(0)
    const deliveries = emu.em.taskDeliveries(taskId)!
    expect(deliveries.stages.every((s) => s.finished)).toBe(true)
    const wire = deliveries.statistics
    expect(wire.TotalCount).toBe(2)
    const report = jsonOf(json.stdout)
    expect(report).toMatchObject({ command: "push stats", ok: true, outcome: "reported" })
    expect(report.statistics).toEqual([{
      taskId,
      total: wire.TotalCount,
      sent: wire.SentCount,
      delivered: wire.DeliveredCount,
      clicked: wire.ClickCount,
      platforms: wire.PlatformStatistics.map((p) => ({
        platform: p.PushPlatform,
        eventType: p.EventType,
        total: p.TotalCount,
        sent: p.SentCount,
        delivered: p.DeliveredCount,
        clicked: p.ClickCount,
      })),
    }])
    expect(text.stdout).toContain(`${taskId}: ${wire.TotalCount} recipients, ${wire.SentCount} sent, ${wire.DeliveredCount} delivered, ${wire.ClickCount} clicked`)

    // --loss and --trace: what the client reads from the same emulator, the trace without its
    // raw wire entry (it carries the device's push token).
    const traced = await cli(["push", "stats", taskId, ...range, "--loss", "--trace", "ann", "--emulator", emu.url, "--json"])
    expect(traced.code).toBe(0)
    const client = createClient({ sdkAppId: SDKAPPID, secretKey: SECRET, adminId: ADMIN, baseUrl: emu.url })
    const [loss, trace] = await Promise.all([
      client.getPushLoss({ taskIds: [taskId], from: Number(range[1]), to: Number(range[3]) }),
      client.getPushTrace(taskId, "ann"),
    ])
    await client.dispose()
    expect(trace.length).toBeGreaterThan(0)
    const tracedReport = jsonOf(traced.stdout)
    expect(tracedReport.loss).toEqual(loss)
    expect(tracedReport.trace).toEqual(trace.map(({ raw: _raw, ...t }) => t))
    expect(traced.stdout).not.toContain(String(trace[0]!.raw.Token))
  })

  it("more than 5 task ids, or --trace without one task id, is a usage error", async () => {
    const [many, trace] = await Promise.all([
      cli(["push", "stats", "a", "b", "c", "d", "e", "f", "--emulator", emu.url]),
      cli(["push", "stats", "--trace", "ann", "--emulator", emu.url, "--json"]),
    ])
    expect(many.code).toBe(2)
    expect(many.stderr).toContain("at most 5 task ids")
    expect(trace.code).toBe(2)
    expect(jsonOf(trace.stdout)).toMatchObject({ command: "push stats", outcome: "usage" })
  })

  it("--loss over a range beyond its 7-day window is refused before anything is sent", async () => {
    const before = emu.em.countRequests()
    const now = emu.em.now()
    const r = await cli(["push", "stats", "some-task", "--from", String(now - 10 * 86_400_000), "--to", String(now), "--loss", "--emulator", emu.url])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("stats_window")
    expect(emu.em.countRequests()).toBe(before)
  })
})
