import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { CheckpointWriter, fingerprintMismatch, readCheckpoint, targetMismatch } from "../../src/import/checkpoint.ts"
import { FailureReport, csvField } from "../../src/import/report.ts"

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-ck-"))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const fp = { command: "tags import", input: "/x.csv", format: "csv", size: 10, mtimeMs: 1, options: { replace: true } }

describe("checkpoint", () => {
  const counts = (n: number) => ({ rows: n, ok: n, failed: 0, bad: 0, requests: Math.ceil(n / 2) })
  const base = (n: number, complete = false) => ({
    fingerprint: fp,
    done: { below: n + 1, ranges: [] },
    counts: counts(n),
    reportBytes: 0,
    complete,
  })

  it("a missing checkpoint reads as undefined; a snapshot reads back", () => {
    const p = path.join(dir, "ck.json")
    expect(readCheckpoint(p)).toBeUndefined()
    const w = new CheckpointWriter(p, 0)
    w.snapshot(base(4))
    expect(readCheckpoint(p)).toMatchObject({ version: 2, generation: 1, ...base(4) })
    expect(fs.existsSync(`${p}.tmp`)).toBe(false)
    w.close()
  })

  it("applies the journal lines of the snapshot's generation and ignores a torn last line", () => {
    const p = path.join(dir, "ck.json")
    const w = new CheckpointWriter(p, 0, 60_000)
    w.record([[1, 2]], counts(2), 0, () => base(2)) // first step: a snapshot
    w.record([[5, 6]], counts(4), 10, () => base(0)) // then journal lines
    w.record([[3, 4]], counts(6), 20, () => base(0))
    fs.appendFileSync(`${p}.journal`, "{\"g\":1,\"d\":[[7,9]") // torn: no newline
    expect(readCheckpoint(p)).toMatchObject({ generation: 1, done: { below: 7, ranges: [] }, counts: counts(6), reportBytes: 20 })
    w.close()
  })

  it("compaction writes a new generation; older journal lines no longer count", () => {
    const p = path.join(dir, "ck.json")
    const w = new CheckpointWriter(p, 0, 0) // compact on every step
    w.record([[1, 3]], counts(3), 0, () => base(3))
    // A stale line of generation 1 left behind (as after a kill between snapshot and truncate):
    fs.appendFileSync(`${p}.journal`, JSON.stringify({ g: 1, d: [[50, 60]], c: counts(99), r: 5 }) + "\n")
    w.record([[4, 4]], counts(4), 0, () => base(4))
    expect(readCheckpoint(p)).toMatchObject({ generation: 2, done: { below: 5, ranges: [] }, counts: counts(4) })
    w.snapshot(base(4, true))
    expect(fs.existsSync(`${p}.journal`)).toBe(false)
    expect(readCheckpoint(p)?.complete).toBe(true)
  })

  it("rejects files that are not checkpoints", () => {
    const p = path.join(dir, "ck.json")
    fs.writeFileSync(p, "{\"version\":9}")
    expect(() => readCheckpoint(p)).toThrow(/not a tencent-chat-push checkpoint/)
  })
  it("names the first fingerprint field that differs", () => {
    expect(fingerprintMismatch(fp, { ...fp })).toBeUndefined()
    expect(fingerprintMismatch(fp, { ...fp, size: 11 })).toBe("size")
    expect(fingerprintMismatch(fp, { ...fp, options: { replace: false } })).toBe("option replace")
    expect(fingerprintMismatch(fp, { ...fp, options: {} })).toBe("options")
  })
})

describe("FailureReport", () => {
  it("quotes CSV fields only when needed", () => {
    expect(csvField("plain")).toBe("plain")
    expect(csvField("a,b")).toBe("\"a,b\"")
    expect(csvField("say \"hi\"")).toBe("\"say \"\"hi\"\"\"")
  })
  it("is created on the first failure and truncated to the checkpointed length on resume", () => {
    const p = path.join(dir, "fail.csv")
    const r = new FailureReport(p)
    expect(r.flush()).toBe(0)
    expect(fs.existsSync(p)).toBe(false)
    r.add({ line: 2, userId: "u1", code: 70107, reason: "no such account" })
    const len = r.flush()
    r.add({ line: 9, userId: "u,9", code: "too-long", reason: "tag is longer than 50 bytes" })
    r.close() // written, but never checkpointed
    expect(fs.readFileSync(p, "utf8").split("\n")).toHaveLength(4)

    const resumed = new FailureReport(p, len)
    resumed.add({ line: 9, userId: "u,9", code: "too-long", reason: "tag is longer than 50 bytes" })
    resumed.close()
    expect(fs.readFileSync(p, "utf8")).toBe(
      "line,user_id,code,reason\n2,u1,70107,no such account\n9,\"u,9\",too-long,tag is longer than 50 bytes\n",
    )
  })
  it("a fresh run replaces an old report", () => {
    const p = path.join(dir, "fail.csv")
    fs.writeFileSync(p, "stale\n")
    new FailureReport(p).close()
    expect(fs.existsSync(p)).toBe(false)
  })
})

describe("checkpoint targets", () => {
  const t = { sdkAppId: 1400000000, service: "https://adminapisgp.im.qcloud.com", family: "timpush" }
  it("names what differs, and never matches an unrecorded target", () => {
    expect(targetMismatch(t, { ...t })).toBeUndefined()
    expect(targetMismatch(t, { ...t, sdkAppId: 1400000001 })).toBe("app 1400000001, not 1400000000")
    expect(targetMismatch(t, { ...t, service: "http://127.0.0.1:5390" })).toBe("service http://127.0.0.1:5390, not https://adminapisgp.im.qcloud.com")
    expect(targetMismatch(t, { ...t, family: "all_member_push" })).toBe("URL family all_member_push, not timpush")
    expect(targetMismatch(undefined, t)).toBe("the checkpoint records no target")
  })
  it("reads a version-1 checkpoint (no target) and writes version 2 with the target", () => {
    const p = path.join(dir, "ck.json")
    fs.writeFileSync(p, JSON.stringify({ version: 1, generation: 3, fingerprint: fp, done: { below: 5, ranges: [] }, counts: { rows: 4, ok: 4, failed: 0, bad: 0, requests: 2 }, reportBytes: 0, complete: true, updatedAt: "x" }))
    expect(readCheckpoint(p)?.fingerprint.target).toBeUndefined()
    const w = new CheckpointWriter(p, 3)
    w.snapshot({ fingerprint: { ...fp, target: t }, done: { below: 5, ranges: [] }, counts: { rows: 4, ok: 4, failed: 0, bad: 0, requests: 2 }, reportBytes: 0, complete: true })
    expect(readCheckpoint(p)).toMatchObject({ version: 2, generation: 4, fingerprint: { target: t } })
  })
})
