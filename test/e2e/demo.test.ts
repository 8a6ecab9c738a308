/**
 * `npm start` (scripts/demo): the default run uses only the embedded emulator, even with
 * TENCENT_CHAT_* set; `--live` targets whatever TENCENT_CHAT_BASE_URL names (here an emulator
 * served on loopback, standing in for Tencent), skips pushes without `--live-push`, never pushes
 * to everyone, never renames an app's existing attributes, and never prints the secret key.
 */
import { afterEach, describe, expect, it, vi } from "vitest"
import { createEmulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"
import { main } from "../../scripts/demo/main.ts"
import { parseArgs } from "../../scripts/demo/args.ts"
import { expectedAudience, sampleUsers } from "../../scripts/demo/sample.ts"

const SECRET = "3f6b0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c"
const APP = 1400000123

const run = async (argv: Array<string>, env: Record<string, string | undefined> = {}) => {
  let out = ""
  const code = await main(argv, env, (s) => {
    out += s
  })
  return { code, out }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe("npm start (embedded emulator)", () => {
  it("runs the whole flow, prints audiences that match an independent count, exits 0, and never calls fetch", async () => {
    const realFetch = vi.fn(() => Promise.reject(new Error("the demo must not use the network")))
    vi.stubGlobal("fetch", realFetch)
    const env = { TENCENT_CHAT_SDKAPPID: String(APP), TENCENT_CHAT_SECRET_KEY: SECRET, TENCENT_CHAT_ADMIN: "admin", TENCENT_CHAT_REGION: "singapore" }
    const { code, out } = await run(["--users", "400", "--seed", "7"], env)
    expect(out).not.toContain("PROBLEMS")
    expect(code).toBe(0)
    expect(realFetch).not.toHaveBeenCalled()
    expect(out).toContain("without --live it is ignored")
    expect(out).not.toContain(SECRET)
    // The lifecycle: a scheduled push dispatched, its callbacks verified, statistics equal to them.
    expect(out).toContain("pending → dispatched")
    expect(out).toContain("statistics and callbacks agree ✓")
    const users = sampleUsers(400, 7, { idPrefix: "user", tagPrefix: "" })
    const everyone = expectedAudience(users, undefined)
    expect(everyone).toBe(400)
    expect(out).toMatch(/everyone\s+everyone\s+\S+\s+400\s+400 ✓/)
    expect(out).toMatch(/by tag\s+tags: ios AND sports AND NOT \(beta\)\s+\S+\s+(\d+)\s+\1 ✓/)
    expect(out).toMatch(/by attribute\s+attrs: city=shenzhen AND plan=pro\s+\S+\s+(\d+)\s+\1 ✓/)
    expect(out).toContain("ChatApiError: endpoint set_attr, code 90033")
    expect(out).toContain("ChatRequestError: endpoint push, field Condition, rule condition_mixed, code 90039")
    expect(out).toMatch(/multiaccount_import\s+4\s+4/)
  })

  it("is deterministic under a seed", async () => {
    // The simulated deliveries are seeded by the push's TaskId, which holds the time: the
    // lifecycle's counts (not their agreement, asserted above) vary with it, as does SchedAt.
    const strip = (s: string) =>
      s.replace(/[0-9a-f]{8}_[0-9a-f_]+/g, "TASK").replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g, "TIME")
        .replace(/^(\s*(callbacks received|all_member_push_statistics) ).*$/gm, "$1COUNTS").replace(/[\d,]+ signed callback requests/g, "N signed callback requests")
        .replace(/dispatched; .* callbacks; statistics/g, "dispatched; COUNTS; statistics")
        .replace(/\d+ ms|\d+\.\d s/g, "T").replace(/[ -]+/g, " ")
    const a = await run(["--users", "150", "--seed", "3"])
    const b = await run(["--users", "150", "--seed", "3"])
    expect(strip(a.out)).toBe(strip(b.out))
  })

  it("rejects bad flags with exit 2", async () => {
    expect((await run(["--users", "0"])).code).toBe(2)
    expect((await run(["--nope"])).code).toBe(2)
    expect((await run(["--live-push"])).code).toBe(2)
    expect(parseArgs(["--users=12", "--seed", "9"])).toEqual({ live: false, livePush: false, users: 12, seed: 9, help: false })
    const help = await run(["--help"])
    expect(help.code).toBe(0)
    expect(help.out).toContain("--live-push")
  })

  it("--live without the TENCENT_CHAT_* variables says what is missing and exits 2", async () => {
    const { code, out } = await run(["--live"], { TENCENT_CHAT_SDKAPPID: "x" })
    expect(code).toBe(2)
    expect(out).toContain("TENCENT_CHAT_SECRET_KEY")
    expect(out).toContain("TENCENT_CHAT_REGION or TENCENT_CHAT_BASE_URL")
  })
})

describe("npm start -- --live (against an emulator served on loopback, standing in for Tencent)", () => {
  const liveSetup = async () => {
    const em = createEmulator({ apps: [{ sdkAppId: APP, secretKey: SECRET, admins: ["admin"] }] })
    const server = await serve(em)
    const env = { TENCENT_CHAT_SDKAPPID: String(APP), TENCENT_CHAT_SECRET_KEY: SECRET, TENCENT_CHAT_ADMIN: "admin", TENCENT_CHAT_BASE_URL: server.url }
    return { em, server, env }
  }

  it("without --live-push: the same flow, namespaced, pushes skipped, existing attributes untouched", async () => {
    const { em, server, env } = await liveSetup()
    try {
      // The real app already uses two attribute slots; the demo must take free ones.
      em.importState({
        version: 1,
        apps: [{ sdkAppId: APP, attrNames: { "0": "city", "1": "plan" }, attrTypes: { "0": 0, "1": 0 }, accounts: [], tasks: [], taskCounter: 0, pushDay: 0, pushesToday: 0 }],
      })
      const { code, out } = await run(["--live", "--users", "12"], env)
      expect(out).not.toContain("PROBLEMS")
      expect(code).toBe(0)
      expect(out).not.toContain(SECRET)
      expect(em.tasks(APP)).toHaveLength(0)
      expect(out).toContain("pass --live-push to send them")
      expect(em.exportState().apps[0]!.attrNames).toEqual({ "0": "city", "1": "plan", "2": "tcpdemo_city", "3": "tcpdemo_plan", "4": "tcpdemo_lang" })
      expect(em.accountCount(APP)).toBe(12)
      expect(em.account(APP, "tcpdemo_01")?.tags.every((t) => t.startsWith("tcpdemo-"))).toBe(true)
      expect(out).toContain("a counting fetch wrapper")
    } finally {
      await server.close()
    }
  })

  it("with --live-push: pushes by tag and by attribute go out, the push to everyone never does", async () => {
    const { em, server, env } = await liveSetup()
    try {
      const { code, out } = await run(["--live", "--live-push", "--users", "30", "--seed", "5"], env)
      expect(out).not.toContain("PROBLEMS")
      expect(code).toBe(0)
      const tasks = em.tasks(APP)
      expect(tasks.map((t) => t.condition === undefined)).toEqual([false, false])
      const users = sampleUsers(30, 5, { idPrefix: "tcpdemo_", tagPrefix: "tcpdemo-" })
      const expected = expectedAudience(users, { tagsAnd: ["tcpdemo-ios", "tcpdemo-sports"], tagsNot: ["tcpdemo-beta"] })
      expect(tasks[0]!.audienceSize).toBe(expected)
      expect(out).toContain("the live demo never sends it")
    } finally {
      await server.close()
    }
  })
})
