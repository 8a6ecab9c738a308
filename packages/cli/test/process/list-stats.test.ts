/**
 * `push list`'s paging and filter flags and `push stats --messages`, driven against the served
 * emulator; what reached the wire is read from the emulator's request log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createClient } from "tencent-chat-push/client"
import { ADMIN, bodiesReceivedSince, cli, lastSeq, SDKAPPID, SECRET, serveEmulator } from "./harness.ts"
import type { CliResult, ServedEmulator } from "./harness.ts"

let emu: ServedEmulator
/** The scheduled tasks' ids, soonest first (t0 ... t4, an hour apart). */
let ids: Array<number> = []
let firstAt = 0

beforeAll(async () => {
  emu = await serveEmulator()
  const client = createClient({ sdkAppId: SDKAPPID, secretKey: SECRET, adminId: ADMIN, baseUrl: emu.url })
  firstAt = Math.floor(emu.em.now() / 1000) * 1000 + 3_600_000
  // Created in the reverse order of their times, so creation order and time order differ.
  for (let k = 4; k >= 0; k--) {
    const r = await client.schedulePush({ at: firstAt + k * 3_600_000, offlinePush: { Title: `t${k}`, Desc: k % 2 === 0 ? "even" : "odd" } })
    ids[k] = r.taskId!
  }
  await client.dispose()
})
afterAll(async () => {
  await emu.close()
})

const jsonOf = (r: CliResult): Record<string, unknown> => {
  const lines = r.stdout.trim().split("\n")
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0]!) as Record<string, unknown>
}

const idsOf = (r: CliResult): Array<number> => (jsonOf(r).tasks as Array<{ taskId: number }>).map((t) => t.taskId)
const isoOf = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")
const list = (...args: Array<string>) => cli(["push", "list", ...args, "--emulator", emu.url])

describe("push list: paging and filters (real process, served emulator)", () => {
  it("--limit and --offset page through every task once, in order; each page says where it is and what comes next", async () => {
    const seq = lastSeq(emu.em)
    const paging = ["--order-by", "schedAt", "--asc", "--limit", "2"]
    const [p0, p1, p2, t0, t1, t2] = await Promise.all([
      list(...paging, "--json"),
      list(...paging, "--offset", "2", "--json"),
      list(...paging, "--offset", "4", "--json"),
      list(...paging),
      list(...paging, "--offset", "2"),
      list(...paging, "--offset", "4"),
    ])
    for (const r of [p0, p1, p2, t0, t1, t2]) expect(r.code, r.stderr).toBe(0)
    expect([...idsOf(p0), ...idsOf(p1), ...idsOf(p2)]).toEqual(ids)
    expect(jsonOf(p0)).toMatchObject({ command: "push list", ok: true, outcome: "listed", total: 5, offset: 0, limit: 2, nextOffset: 2 })
    expect(jsonOf(p1)).toMatchObject({ total: 5, offset: 2, limit: 2, nextOffset: 4 })
    // The last page is short, and there is no next one.
    expect(jsonOf(p2)).toMatchObject({ total: 5, offset: 4, limit: 2, nextOffset: null })
    expect(idsOf(p2)).toEqual([ids[4]])

    expect(t0.stdout.trim().split("\n")).toHaveLength(3)
    expect(t0.stdout).toMatch(new RegExp(`^${ids[0]}  All  pending  ${isoOf(firstAt)} .*"t0"\n${ids[1]}  All  pending `))
    expect(t0.stdout).toMatch(/^tasks 1-2 of 5 \(next page: --offset 2\)$/m)
    expect(t1.stdout).toMatch(/^tasks 3-4 of 5 \(next page: --offset 4\)$/m)
    expect(t2.stdout).toMatch(/^tasks 5-5 of 5$/m)

    // The flags reached the wire as Offset / Want / OrderBy / Asc.
    const bodies = await bodiesReceivedSince(emu.em, "list_sched_task", seq)
    expect(bodies).toHaveLength(6)
    for (const offset of [0, 2, 4]) {
      expect(bodies).toContainEqual({ Sdkappid: SDKAPPID, Offset: offset, Want: 2, OrderBy: "schedAt", Asc: true })
    }
  })

  it("the default page is the first 20, newest created first", async () => {
    const seq = lastSeq(emu.em)
    const r = await list("--json")
    expect(r.code).toBe(0)
    // Created t4 first and t0 last: newest created first is t0 ... t4.
    expect(idsOf(r)).toEqual(ids)
    expect(jsonOf(r)).toMatchObject({ total: 5, offset: 0, limit: 20, nextOffset: null })
    expect(await bodiesReceivedSince(emu.em, "list_sched_task", seq)).toEqual([{ Sdkappid: SDKAPPID, Offset: 0, Want: 20, OrderBy: "createAt", Asc: false }])
  })

  it("an offset past the end and a filter that matches nothing are empty results, not errors", async () => {
    const [past, pastJson, none, noneJson] = await Promise.all([
      list("--offset", "6"),
      list("--offset", "6", "--limit", "3", "--json"),
      list("--keyword", "no-such-title"),
      list("--keyword", "no-such-title", "--json"),
    ])
    for (const r of [past, pastJson, none, noneJson]) expect(r.code, r.stderr).toBe(0)
    expect(past.stdout).toBe("no tasks at --offset 6 (5 in all)\n")
    expect(jsonOf(pastJson)).toEqual({ command: "push list", ok: true, outcome: "listed", total: 5, offset: 6, limit: 3, nextOffset: null, tasks: [] })
    expect(none.stdout).toBe("no scheduled tasks match\n")
    expect(jsonOf(noneJson)).toEqual({ command: "push list", ok: true, outcome: "listed", total: 0, offset: 0, limit: 20, nextOffset: null, tasks: [] })
  })

  it("--keyword and --from/--to filter, and page within what they match", async () => {
    const [even, window] = await Promise.all([
      list("--keyword", "EVEN", "--order-by", "schedAt", "--asc", "--limit", "2", "--json"),
      list("--order-by", "schedAt", "--from", isoOf(firstAt + 3_600_000), "--to", isoOf(firstAt + 3 * 3_600_000), "--asc", "--json"),
    ])
    expect(jsonOf(even)).toMatchObject({ total: 3, offset: 0, limit: 2, nextOffset: 2 })
    expect(idsOf(even)).toEqual([ids[0], ids[2]])
    expect(jsonOf(window)).toMatchObject({ total: 3, nextOffset: null })
    expect(idsOf(window)).toEqual([ids[1], ids[2], ids[3]])
  })

  it("bad paging flags are usage errors (exit 2) that send nothing", async () => {
    const seq = lastSeq(emu.em)
    const runs = await Promise.all([
      list("--limit", "0"),
      list("--offset", "-1"),
      list("--offset", "two"),
      list("--from", isoOf(firstAt), "--json"),
    ])
    for (const r of runs) expect(r.code).toBe(2)
    expect(runs[0]!.stderr).toContain("--limit: expected a whole number ≥ 1, got 0")
    expect(runs[1]!.stderr).toContain("--offset: expected a whole number ≥ 0, got -1")
    expect(runs[2]!.stderr).toContain("--offset: expected a whole number ≥ 0, got two")
    expect(jsonOf(runs[3]!)).toMatchObject({ ok: false, outcome: "usage", error: expect.stringContaining("--from and --to go together") })
    expect(emu.em.requests().filter((e) => e.seq > seq)).toEqual([])
  })
})

describe("push stats --messages (real process, served emulator)", () => {
  const stats = (...args: Array<string>) => cli(["push", "stats", "--messages", ...args, "--emulator", emu.url])

  it("asks normal_push_statistics (and normal_push_loss with --loss) over the range given, never the push-task commands", async () => {
    const seq = lastSeq(emu.em)
    const to = Math.floor(emu.em.now() / 1000) * 1000
    const from = to - 5 * 86_400_000
    const [text, json, loss, lossJson] = await Promise.all([
      stats("--from", isoOf(from), "--to", isoOf(to)),
      stats("--from", isoOf(from), "--to", isoOf(to), "--json"),
      stats("--from", isoOf(from), "--to", isoOf(to), "--loss"),
      stats("--from", isoOf(from), "--to", isoOf(to), "--loss", "--json"),
    ])
    for (const r of [text, json, loss, lossJson]) expect(r.code, r.stderr).toBe(0)
    // The emulator simulates no ordinary message pushes: every count is zero.
    expect(text.stdout).toBe("message pushes: 0 recipients, 0 sent, 0 delivered, 0 clicked\n")
    expect(jsonOf(json)).toEqual({
      command: "push stats",
      ok: true,
      outcome: "reported",
      messages: { total: 0, sent: 0, delivered: 0, clicked: 0, platforms: [] },
    })
    expect(loss.stdout).toBe("message pushes: 0 recipients, 0 sent, 0 delivered, 0 clicked\nmessage push losses: none\n")
    expect(jsonOf(lossJson)).toMatchObject({
      messages: { total: 0 },
      loss: { beforeSending: [], afterSending: [], platformBeforeSending: [], platformAfterSending: [] },
    })

    const range = { StartTime: from / 1000, EndTime: to / 1000 }
    expect(await bodiesReceivedSince(emu.em, "normal_push_statistics", seq)).toEqual([range, range, range, range])
    expect(await bodiesReceivedSince(emu.em, "normal_push_loss", seq)).toEqual([range, range])
    const after = emu.em.requests().filter((e) => e.seq > seq).map((e) => e.endpoint)
    expect(after.filter((e) => e !== "normal_push_statistics" && e !== "normal_push_loss")).toEqual([])
  })

  it("task ids, --trace or a range beyond the service's window are usage errors that send nothing", async () => {
    const seq = lastSeq(emu.em)
    const now = emu.em.now()
    const [withId, withTrace, tooLong, lossTooLong] = await Promise.all([
      stats("some-task-id"),
      stats("--trace", "ann", "--json"),
      stats("--from", isoOf(now - 40 * 86_400_000), "--to", isoOf(now)),
      stats("--from", isoOf(now - 10 * 86_400_000), "--to", isoOf(now), "--loss", "--json"),
    ])
    for (const r of [withId, withTrace, tooLong, lossTooLong]) expect(r.code).toBe(2)
    expect(withId.stderr).toContain("--messages reports ordinary message pushes: it takes no task ids and no --trace")
    expect(jsonOf(withTrace)).toMatchObject({ ok: false, outcome: "usage", exitCode: 2 })
    expect(tooLong.stderr).toContain("stats_window")
    expect(jsonOf(lossTooLong)).toMatchObject({ ok: false, outcome: "request", exitCode: 2, error: expect.stringContaining("stats_window") })
    // A refused loss query fails the command before any statistics are printed or sent.
    expect(emu.em.requests().filter((e) => e.seq > seq)).toEqual([])
  })
})
