import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cli, SDKAPPID, serveEmulator, summaryOf, tempDir } from "./harness.ts"
import type { ServedEmulator } from "./harness.ts"

let emu: ServedEmulator
const tmp = tempDir()
beforeAll(async () => {
  emu = await serveEmulator()
})
afterAll(async () => {
  await emu.close()
  tmp.cleanup()
})

const file = (name: string, content: string | Buffer) => {
  const p = path.join(tmp.dir, name)
  fs.writeFileSync(p, content)
  return p
}
const reportLines = (p: string) => fs.readFileSync(p, "utf8").trim().split("\n")

describe("accounts / attrs / tags import (real process, served emulator)", () => {
  it("imports CSV accounts, reporting bad rows with line numbers and skipping them", async () => {
    const csv = file(
      "users.csv",
      Buffer.concat([
        Buffer.from("userId,nick,faceUrl\n"),
        Buffer.from("acc1,Ann,http://x/a.png\n"), // line 2
        Buffer.from("acc2,Bob\n"), // 3: wrong column count
        Buffer.from("acc3,"),
        Buffer.from([0xc3, 0x28]), // 4: invalid UTF-8
        Buffer.from(",\n"),
        Buffer.from(`acc4,${"n".repeat(501)},\n`), // 5: nick too long
        Buffer.from("用户用户用户用户用户用户,Eve,\n"), // 6: invalid user id (36 bytes)
        Buffer.from("acc6,\"Quoted, nick\",\n"), // 7
      ]),
    )
    const r = await cli(["accounts", "import", csv, "--emulator", emu.url])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^accounts import: 6 rows in [\d.]+ s \([\d,]+ rows\/s\): 2 ok, 0 failed, 4 bad rows skipped; 1 requests$/m)
    expect(r.stdout).toContain(`failure report: ${csv}.failures.csv`)
    expect(r.stderr).toContain("error: 4 rows did not import")
    expect(reportLines(`${csv}.failures.csv`)).toEqual([
      "line,user_id,code,reason",
      "3,acc2,bad-column-count,\"expected 3 columns (userId,nick,faceUrl), got 2\"",
      "4,acc3,invalid-utf8,column 2 (nick) is not valid UTF-8",
      "5,acc4,too-long,nick is longer than 500 bytes (501)",
      "6,用户用户用户用户用户用户,invalid-user-id,user id is longer than 32 bytes",
    ])
    expect(emu.em.account(SDKAPPID, "acc1")).toBeDefined()
    expect(emu.em.account(SDKAPPID, "acc6")).toBeDefined()
    expect(emu.em.account(SDKAPPID, "acc2")).toBeUndefined()
    const nicks = emu.em.exportState().apps[0]!.accounts.filter((a) => a.UserID === "acc6").map((a) => a.Nick)
    expect(nicks).toEqual(["Quoted, nick"])
  })

  it("imports NDJSON attributes from stdin, defining the names with --set-names", async () => {
    const lines = [
      JSON.stringify({ userId: "acc1", attrs: { city: "Shenzhen", level: "3" } }),
      "{not json",
      JSON.stringify({ userId: "acc6", attrs: { city: "x".repeat(51) } }),
      JSON.stringify({ userId: "acc6", attrs: { level: "1" } }),
      JSON.stringify({ userId: "ghost", attrs: { city: "Nowhere" } }),
    ]
    const report = path.join(tmp.dir, "attrs-failures.csv")
    const r = await cli(
      ["attrs", "import", "-", "--set-names", "--report", report, "--json", "--emulator", emu.url],
      { stdin: lines.join("\n") + "\n" },
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/defined attribute names: city \(slot \d\), level \(slot \d\)/)
    expect(summaryOf(r)).toMatchObject({ rows: 5, ok: 2, failed: 1, bad: 2, requests: 1, checkpoint: null, report })
    const failures = reportLines(report).slice(1).sort()
    expect(failures[0]).toMatch(/^2,,invalid-json,/)
    expect(failures.slice(1)).toEqual([
      "3,acc6,too-long,\"attribute \"\"city\"\" is longer than 50 bytes (51)\"",
      "5,ghost,70107,Account does not exist (not imported and never logged in)",
    ])
    expect(emu.em.account(SDKAPPID, "acc1")?.attrs).toEqual({ city: "Shenzhen", level: "3" })
    expect(emu.em.account(SDKAPPID, "acc6")?.attrs).toEqual({ level: "1" })
  })

  it("refuses attribute columns the service does not know unless --set-names (exit 2, nothing sent), then defines them", async () => {
    const csv = file("attrs.csv", "userId,planet\nacc1,Mars\n")
    const before = emu.em.countRequests({ endpoint: "set_attr" })
    const r = await cli(["attrs", "import", csv, "--emulator", emu.url])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("attribute names not defined on the service: planet (pass --set-names)")
    expect(emu.em.countRequests({ endpoint: "set_attr" })).toBe(before)
    expect(fs.existsSync(`${csv}.checkpoint.json`)).toBe(false)

    const again = await cli(["attrs", "import", csv, "--set-names", "--emulator", emu.url])
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/defined attribute names: planet \(slot \d\)/)
    expect(emu.em.account(SDKAPPID, "acc1")?.attrs).toMatchObject({ planet: "Mars", city: "Shenzhen" })
  })

  it("--dry-run validates locally and prints every request, sending nothing", async () => {
    const rows = ["userId,tags", ...Array.from({ length: 150 }, (_, i) => `u${i},vip;t${i % 3}`), `${"é".repeat(17)},vip`, "u9,"]
    const csv = file("tags.csv", rows.join("\n"))
    const before = emu.em.countRequests()
    const r = await cli(["tags", "import", csv, "--replace", "--dry-run"], { env: { PATH: process.env.PATH ?? "" } })
    expect(r.code).toBe(1)
    const requests = r.stdout.trim().split("\n").map((l) => JSON.parse(l))
    expect(requests).toHaveLength(2)
    expect(requests[0].path).toBe("v4/timpush/add_tag")
    expect(requests[0].body.Replace).toBe(1)
    expect(requests[0].body.UserTags).toHaveLength(100)
    expect(requests[1].body.UserTags).toHaveLength(51)
    expect(requests[0].body.UserTags[0]).toEqual({ To_Account: "u0", Tags: ["vip", "t0"] })
    expect(requests[1].body.UserTags[50]).toEqual({ To_Account: "u9", Tags: [] })
    expect(r.stderr).toContain(`line 152: ${"é".repeat(17)}: invalid-user-id`)
    expect(r.stderr).toContain("tags import --dry-run: 152 rows: 151 valid, 1 bad; would send 2 requests")
    expect(emu.em.countRequests()).toBe(before)
    expect(fs.existsSync(`${csv}.checkpoint.json`)).toBe(false)
  })

  it("imports NDJSON tags and reports rows the service rejects", async () => {
    const nd = file(
      "tags.ndjson",
      [
        { userId: "acc1", tags: ["gold", "beta"] },
        { userId: "acc6", tags: ["gold"] },
        { userId: "acc1", tags: ["late"] }, // same user again: applied after the first row
        { userId: "acc6", tags: Array.from({ length: 11 }, (_, i) => `t${i}`) },
      ].map((o) => JSON.stringify(o)).join("\n"),
    )
    const r = await cli(["tags", "import", nd, "--json", "--emulator", emu.url])
    expect(r.code).toBe(1)
    expect(summaryOf(r)).toMatchObject({ rows: 4, ok: 3, bad: 1, failed: 0 })
    expect(emu.em.account(SDKAPPID, "acc1")?.tags).toEqual(["gold", "beta", "late"])
    expect(reportLines(`${nd}.failures.csv`)[1]).toBe(
      "4,acc6,too-many-tags,11 tags; at most 10 per row without --replace (split them over several rows)",
    )
  })

  it("prints plain progress lines when stderr is not a TTY", async () => {
    const csv = file("many.csv", ["userId", ...Array.from({ length: 1000 }, (_, i) => `p${i}`)].join("\n"))
    const r = await cli(["accounts", "import", csv, "--rate-limit", "5", "--progress-interval", "0.25s", "--emulator", emu.url])
    expect(r.code).toBe(0)
    const progress = r.stderr.split("\n").filter((l) => l.startsWith("progress: "))
    expect(progress.length).toBeGreaterThanOrEqual(2)
    for (const l of progress) {
      expect(l).toMatch(/^progress: [\d,]+ rows done \(\d+ failed, \d+ bad\) \| [\d,]+ rows\/s \| \d+% \| ETA \S+/)
    }
    expect(r.stderr).not.toMatch(/\x1b\[/) // no terminal control codes outside a TTY
    expect(emu.em.accountCount(SDKAPPID)).toBeGreaterThanOrEqual(1002)
  })
})
