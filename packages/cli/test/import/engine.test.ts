import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Readable } from "node:stream"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { AbortImport, runImport } from "../../src/import/engine.ts"
import type { EngineOptions, ItemOutcome, Sender } from "../../src/import/engine.ts"
import { readCheckpoint } from "../../src/import/checkpoint.ts"
import { lockCheckpoint, staleUntil } from "../../src/import/lock.ts"
import { DoneSet } from "../../src/import/done-set.ts"
import { readCsv } from "../../src/import/records.ts"
import { attrsKind } from "../../src/import/rows.ts"
import type { AttrItem } from "../../src/import/rows.ts"
import { UsageError } from "../../src/errors.ts"

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-engine-"))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const fingerprint = { command: "attrs import", input: "/t.csv", format: "csv", options: {} }
const noProgress = () => ({ update: () => {}, stop: () => {} })

/** A fake service: applies set_attr in arrival order, answers after a random short delay. */
const service = (opts: { failUser?: string; abortAfter?: number } = {}) => {
  const state = new Map<string, Record<string, string>>()
  const requests: AttrItem[][] = []
  let seed = 1
  const sender: Sender<AttrItem> = {
    maxBatch: 3,
    send: async (items) => {
      if (opts.abortAfter !== undefined && requests.length >= opts.abortAfter) {
        throw new AbortImport("service unreachable", 1)
      }
      requests.push([...items])
      for (const it of items) if (it.userId !== opts.failUser) state.set(it.userId, { ...state.get(it.userId), ...it.attrs })
      seed = (seed * 48271) % 2147483647
      await new Promise((r) => setTimeout(r, seed % 4))
      return items.map((it): ItemOutcome => it.userId === opts.failUser ? { ok: false, code: 70107, reason: "not imported" } : { ok: true })
    },
  }
  return { state, requests, sender }
}

const csv = (rows: string[]) => Buffer.from(["userId,city", ...rows].join("\n"))

const run = (data: Buffer, sender: Sender<AttrItem>, extra: Partial<EngineOptions<AttrItem>> = {}) => {
  const kind = attrsKind()
  return runImport({
    kind,
    records: readCsv(Readable.from([data]), kind.csvHeader),
    sender,
    concurrency: 3,
    checkpointPath: path.join(dir, "ck.json"),
    reportPath: path.join(dir, "failures.csv"),
    fingerprint,
    progress: noProgress,
    ...extra,
  })
}

// Rows with repeated users, so order matters: the last value per user must win.
const rows = Array.from({ length: 60 }, (_, i) => `u${i % 13},c${i}`)
const expected = () => {
  const m = new Map<string, string>()
  rows.forEach((r) => {
    const [u, c] = r.split(",")
    m.set(u!, c!)
  })
  return m
}

describe("runImport", () => {
  it("sends full requests, never one user twice in a request or in flight, and applies rows in file order", async () => {
    const s = service()
    const summary = await run(csv(rows), s.sender)
    expect(summary.counts).toMatchObject({ rows: 60, ok: 60, failed: 0, bad: 0 })
    for (const req of s.requests) expect(new Set(req.map((r) => r.userId)).size).toBe(req.length)
    expect(s.requests.flat()).toHaveLength(60)
    for (const [u, c] of expected()) expect(s.state.get(u)).toEqual({ city: c })
    expect(readCheckpoint(path.join(dir, "ck.json"))).toMatchObject({ complete: true, done: { below: 61, ranges: [] } })
  })

  it("reports bad rows and failed rows with line numbers, and counts them", async () => {
    const s = service({ failUser: "u2" })
    const summary = await run(csv(["u1,a", "u2,b", "u3,a,extra", `${"é".repeat(17)},x`, "u4,"]), s.sender)
    expect(summary.counts).toMatchObject({ rows: 5, ok: 1, failed: 1, bad: 3 })
    const report = fs.readFileSync(path.join(dir, "failures.csv"), "utf8").trim().split("\n").slice(1).sort()
    expect(report).toEqual([
      "3,u2,70107,not imported",
      "4,u3,bad-column-count,\"expected 2 columns (userId,city), got 3\"",
      `5,${"é".repeat(17)},invalid-user-id,user id is longer than 32 bytes`,
      "6,u4,no-values,no attribute value in this row",
    ])
  })

  it("resumes after an abort without resending acknowledged rows and ends in the same state", async () => {
    const first = service({ abortAfter: 7 })
    const stopped = await run(csv(rows), first.sender)
    expect(stopped.abort?.message).toBe("service unreachable")
    const ck = readCheckpoint(path.join(dir, "ck.json"))!
    expect(ck.complete).toBe(false)
    expect(ck.counts.ok).toBeGreaterThan(0)
    expect(new DoneSet(ck.done).lowWaterMark).toBeGreaterThan(1)

    const second = service()
    // Carry over the first service's state: the resumed run continues against the same service.
    for (const [k, v] of first.state) second.state.set(k, v)
    const done = await run(csv(rows), second.sender)
    expect(done.counts).toMatchObject({ rows: 60, ok: 60 })
    expect(done.resumed).toBe(ck.counts.rows)
    // Nothing the checkpoint held as acknowledged was sent again.
    const resent = second.requests.flat().length
    expect(resent).toBe(60 - ck.counts.rows)
    for (const [u, c] of expected()) expect(second.state.get(u)).toEqual({ city: c })

    // Run again: the checkpoint says complete, nothing is sent.
    const third = service()
    const again = await run(csv(rows), third.sender)
    expect(again.alreadyComplete).toBe(true)
    expect(third.requests).toHaveLength(0)
  })

  it("refuses a checkpoint written for another import", async () => {
    await run(csv(rows.slice(0, 5)), service().sender)
    await expect(run(csv(rows.slice(0, 5)), service().sender, { fingerprint: { ...fingerprint, input: "/other.csv" } }))
      .rejects.toThrow(UsageError)
  })
})

describe("checkpoint lock", () => {
  it("refuses a checkpoint held by a live process and takes over one left by a dead process", async () => {
    const lock = path.join(dir, "ck.json.lock")
    fs.writeFileSync(lock, String(process.ppid)) // alive: our parent
    await expect(run(csv(rows.slice(0, 3)), service().sender)).rejects.toThrow(/another import \(pid \d+\) is using this checkpoint/)
    fs.writeFileSync(lock, "2147483646") // no such process, a lock from an earlier version (bare pid)
    const past = new Date(Date.now() - 60_000)
    fs.utimesSync(lock, past, past) // its last request is long past any timeout: no wait
    const s = await run(csv(rows.slice(0, 3)), service().sender)
    expect(s.counts.ok).toBe(3)
    expect(s.waitedForStaleMs).toBe(0)
    expect(fs.existsSync(lock)).toBe(false)
  })

  it("after a killed run, sends nothing before that run's last request is past its timeout (issue 9 item 19)", async () => {
    const lock = path.join(dir, "ck.json.lock")
    fs.writeFileSync(lock, JSON.stringify({ pid: 2147483646, timeoutMs: 300 }))
    const lastSend = fs.statSync(lock).mtimeMs
    const notices: string[] = []
    const s = service()
    let firstSendAt = 0
    const sender: Sender<AttrItem> = {
      maxBatch: s.sender.maxBatch,
      send: (items) => {
        firstSendAt ||= Date.now()
        return s.sender.send(items)
      },
    }
    // This run's own timeout is longer; the killed run's recorded one (300 ms) is what counts.
    const summary = await run(csv(rows.slice(0, 3)), sender, { requestTimeoutMs: 60_000, notice: (l) => notices.push(l) })
    expect(summary.counts.ok).toBe(3)
    expect(firstSendAt).toBeGreaterThanOrEqual(staleUntil({ pid: 2147483646, lastSendMs: lastSend, timeoutMs: 300 }, 60_000))
    expect(summary.waitedForStaleMs).toBeGreaterThan(0)
    expect(notices[0]).toMatch(/^a previous run of this import \(pid 2147483646\) was killed; .* waiting [\d.]+ s \(its request timeout, 0\.3 s, has to pass\)/)
  })

  it("records its pid and timeout in the lock, and touch() marks when a request leaves", () => {
    const held = lockCheckpoint(path.join(dir, "ck.json"), 4000)
    const lock = path.join(dir, "ck.json.lock")
    expect(JSON.parse(fs.readFileSync(lock, "utf8"))).toEqual({ pid: process.pid, timeoutMs: 4000 })
    const past = new Date(Date.now() - 60_000)
    fs.utimesSync(lock, past, past)
    held.touch()
    expect(fs.statSync(lock).mtimeMs).toBeGreaterThan(past.getTime())
    expect(held.stale).toBeUndefined()
    held.release()
    expect(fs.existsSync(lock)).toBe(false)
  })
})

describe("checkpoint target", () => {
  const target = { sdkAppId: 1400000000, service: "http://127.0.0.1:5390", family: "timpush" }
  it("a finished checkpoint without a target (earlier version) is replaced; an unfinished one is refused", async () => {
    const ck = path.join(dir, "ck.json")
    const legacy = (complete: boolean) =>
      fs.writeFileSync(ck, JSON.stringify({ version: 1, generation: 1, fingerprint, done: { below: 61, ranges: [] }, counts: { rows: 60, ok: 60, failed: 0, bad: 0, requests: 20 }, reportBytes: 0, complete, updatedAt: "x" }))
    legacy(true)
    const s = service()
    const notices: string[] = []
    const summary = await run(csv(rows), s.sender, { fingerprint: { ...fingerprint, target }, notice: (l) => notices.push(l) })
    expect(summary).toMatchObject({ alreadyComplete: false, resumed: 0, counts: { rows: 60, ok: 60 } })
    expect(summary.replacedTarget).toMatch(/unrecorded target/)
    expect(s.requests.flat()).toHaveLength(60)
    expect(notices[0]).toContain("records a finished import into an unrecorded target")
    expect(readCheckpoint(ck)?.fingerprint.target).toEqual(target)

    legacy(false)
    await expect(run(csv(rows), service().sender, { fingerprint: { ...fingerprint, target } })).rejects.toThrow(/holds an unfinished import into an unrecorded target/)
  })
})
