import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { fingerprintMismatch, readCheckpoint, writeCheckpoint } from "../../../../src/cli/import/checkpoint.ts"
import type { CheckpointData } from "../../../../src/cli/import/checkpoint.ts"
import { FailureReport, csvField } from "../../../../src/cli/import/report.ts"

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-ck-"))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const fp = { command: "tags import", input: "/x.csv", format: "csv", size: 10, mtimeMs: 1, options: { replace: true } }

describe("checkpoint", () => {
  it("writes atomically and reads back; a missing file reads as undefined", () => {
    const p = path.join(dir, "ck.json")
    expect(readCheckpoint(p)).toBeUndefined()
    const data: CheckpointData = {
      version: 1,
      fingerprint: fp,
      done: { below: 5, ranges: [[7, 9]] },
      counts: { rows: 7, ok: 6, failed: 1, bad: 0, requests: 2 },
      reportBytes: 40,
      complete: false,
      updatedAt: "now",
    }
    writeCheckpoint(p, data)
    expect(readCheckpoint(p)).toEqual(data)
    expect(fs.existsSync(`${p}.tmp`)).toBe(false)
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
