import { spawn } from "node:child_process"
import type { ChildProcessWithoutNullStreams } from "node:child_process"
import { buildCallbackRequest } from "tencent-chat-push/callbacks"
import type { AllMemberPushEventInit } from "tencent-chat-push/callbacks"
import { afterAll, describe, expect, it } from "vitest"
import { baseEnv, cli, cliArgv, node, root, SDKAPPID, SECRET } from "./harness.ts"

/** Distinctive, so a leak is easy to spot. */
const TOKEN = "cb-t0ken-91c2e7a4d5f6-never-print-me"

const children: ChildProcessWithoutNullStreams[] = []
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL")
})

interface Listener {
  readonly child: ChildProcessWithoutNullStreams
  readonly url: string
  readonly out: () => string
  readonly err: () => string
}

/** Starts `callbacks listen --port 0 ...` and resolves once it says where it listens. */
const listen = (args: string[], env: Record<string, string>) =>
  new Promise<Listener>((resolve, reject) => {
    const child = spawn(node, cliArgv(["callbacks", "listen", "--port", "0", ...args]), { cwd: root, env: { PATH: process.env.PATH ?? "", ...env } })
    children.push(child)
    let out = ""
    let err = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d
      const m = /listening on (http:\/\/\S+) /.exec(err)
      if (m) resolve({ child, url: m[1]!, out: () => out, err: () => err })
    })
    child.on("exit", (code) => reject(new Error(`callbacks listen exited ${code}: ${err}`)))
  })

const ended = (child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.removeAllListeners("exit")
    child.on("close", (code, sig) => resolve({ code, signal: sig }))
    child.kill(signal)
  })

const now = () => Math.floor(Date.now() / 1000)

const event = (userId: string, stage: "sent" | "delivered" | "clicked"): AllMemberPushEventInit => ({
  command: "Push.AllMemberPush",
  channel: "offline",
  taskId: "task-42",
  dataId: "campaign-7",
  taskTime: now() - 5,
  eventTime: now(),
  userId,
  platform: "apns",
  stage,
})

const post = async (r: { url: string; method: "POST"; headers: Record<string, string>; body: string }) => {
  const res = await fetch(r.url, r)
  return { status: res.status, body: await res.json() as { ActionStatus: string; ErrorCode: number } }
}

describe("callbacks listen (real process)", () => {
  it("prints each verified event as one NDJSON line on stdout, refusals on stderr, and stops cleanly on SIGINT", async () => {
    const l = await listen(["--sdkappid", String(SDKAPPID)], { TENCENT_CHAT_CALLBACK_TOKEN: TOKEN })
    const good = buildCallbackRequest({ url: `${l.url}/tencent/cb`, sdkAppId: SDKAPPID, token: TOKEN, events: [event("ann", "sent"), event("bob", "clicked")] })
    expect(await post(good)).toEqual({ status: 200, body: { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 } })

    const wrongToken = buildCallbackRequest({ url: l.url, sdkAppId: SDKAPPID, token: "another-token", events: [event("eve", "sent")] })
    const foreign = buildCallbackRequest({ url: l.url, sdkAppId: SDKAPPID + 1, token: TOKEN, events: [event("eve", "sent")] })
    const stale = buildCallbackRequest({ url: l.url, sdkAppId: SDKAPPID, token: TOKEN, events: [event("eve", "sent")], requestTime: now() - 3600 })
    expect((await post(wrongToken)).status).toBe(401)
    expect((await post(foreign)).status).toBe(403)
    expect((await post(stale)).status).toBe(401)
    expect((await post(good)).status).toBe(200) // a replay: acknowledged, not printed again
    const junk = await fetch(`${l.url}/?SdkAppid=${SDKAPPID}&CallbackCommand=Push.AllMemberPush`, { method: "POST", body: "{" })
    expect(junk.status).toBe(401)

    const { code } = await ended(l.child, "SIGINT")
    expect(code).toBe(0)
    const lines = l.out().trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toEqual([
      expect.objectContaining({ command: "Push.AllMemberPush", taskId: "task-42", dataId: "campaign-7", userId: "ann", stage: "sent", platform: "apns", channel: "offline", errorCode: 0 }),
      expect.objectContaining({ userId: "bob", stage: "clicked" }),
    ])
    expect(lines[0]).not.toHaveProperty("wire")
    const err = l.err()
    expect(err).toContain("rejected: BAD_SIGNATURE (HTTP 401)")
    expect(err).toContain("rejected: FOREIGN_APP (HTTP 403)")
    expect(err).toContain("rejected: STALE_REQUEST (HTTP 401)")
    expect(err).toContain("rejected: MISSING_SIGNATURE (HTTP 401)")
    expect(err).toContain("skipped: DUPLICATE_DELIVERY")
    expect(err).toContain("callbacks: stopped (2 events received, 4 requests refused)")
    for (const s of [l.out(), l.err()]) {
      expect(s).not.toContain(TOKEN)
      expect(s).not.toContain(new URL(good.url).searchParams.get("Sign")!)
    }
  })

  it("stops on SIGTERM with exit 0 (the token from --token, the app from the environment)", async () => {
    const l = await listen(["--token", TOKEN], { TENCENT_CHAT_SDKAPPID: String(SDKAPPID) })
    const r = buildCallbackRequest({ url: l.url, sdkAppId: SDKAPPID, token: TOKEN, events: [event("cy", "delivered")] })
    expect((await post(r)).status).toBe(200)
    const { code } = await ended(l.child, "SIGTERM")
    expect(code).toBe(0)
    expect(JSON.parse(l.out())).toMatchObject({ userId: "cy", stage: "delivered" })
    expect(l.err()).not.toContain(TOKEN)
  })

  it("without a token or an app, or with a bad --max-skew, exits 2 and says why", async () => {
    const env = { PATH: process.env.PATH ?? "" }
    const [noToken, noApp, badSkew] = await Promise.all([
      cli(["callbacks", "listen", "--port", "0", "--sdkappid", String(SDKAPPID)], { env }),
      cli(["callbacks", "listen", "--port", "0", "--token", TOKEN], { env }),
      cli(["callbacks", "listen", "--port", "0", "--token", TOKEN, "--sdkappid", "1", "--max-skew", "soon"], { env }),
    ])
    expect(noToken.code).toBe(2)
    expect(noToken.stderr).toContain("error: no callback token")
    expect(noApp.code).toBe(2)
    expect(noApp.stderr).toContain("error: no app")
    expect(badSkew.code).toBe(2)
    expect(badSkew.stderr).toContain("error: --max-skew")
    for (const r of [noToken, noApp, badSkew]) expect(r.stderr + r.stdout).not.toContain(TOKEN)
  })

  it("emulator --callback-url/--callback-token: a push's callbacks reach callbacks listen, verified, as NDJSON", async () => {
    const l = await listen(["--sdkappid", String(SDKAPPID)], { TENCENT_CHAT_CALLBACK_TOKEN: TOKEN })
    const emu = await new Promise<{ child: ChildProcessWithoutNullStreams; url: string; out: () => string }>((resolve, reject) => {
      const child = spawn(node, cliArgv(["emulator", "--port", "0", "--callback-url", `${l.url}/tencent/cb`, "--callback-token", TOKEN]), { cwd: root, env: baseEnv() })
      children.push(child)
      let out = ""
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        out += d
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m && out.includes("Ctrl-C to stop.")) resolve({ child, url: m[1]!, out: () => out })
      })
      child.on("exit", (code) => reject(new Error(`emulator exited ${code}`)))
    })
    expect(emu.out()).toContain(`callbacks: Push.AllMemberPush to ${l.url}/tencent/cb`)
    expect(emu.out()).not.toContain(TOKEN)
    const users = "userId\nann\nbob\n"
    expect((await cli(["accounts", "import", "-", "--emulator", emu.url], { stdin: users, cwd: root, env: baseEnv() })).code).toBe(0)
    const sent = await cli(["push", "send", "--all", "--text", "hi", "--data-id", "cli-e2e", "--emulator", emu.url, "--json"])
    expect(sent.code).toBe(0)
    const taskId = (JSON.parse(sent.stdout) as { taskId: string }).taskId
    // Stage 1 ("sent", or a failure at it) is due 1 s after the task on the emulator clock.
    const eventsFor = () =>
      l.out().trim().split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as { taskId: string; userId: string; stage: string; dataId: string })
    for (let k = 0; k < 200 && new Set(eventsFor().filter((e) => e.stage === "sent").map((e) => e.userId)).size < 2; k++) {
      await new Promise((r) => setTimeout(r, 50))
    }
    const stage1 = eventsFor().filter((e) => e.stage === "sent")
    expect(stage1.map((e) => e.userId).sort()).toEqual(["ann", "bob"])
    for (const e of stage1) expect(e).toMatchObject({ command: "Push.AllMemberPush", taskId, dataId: "cli-e2e" })
    expect(l.err()).not.toContain("rejected")
    await ended(emu.child, "SIGINT")
    expect((await ended(l.child, "SIGINT")).code).toBe(0)
    for (const s of [l.out(), l.err(), emu.out()]) {
      expect(s).not.toContain(TOKEN)
      expect(s).not.toContain(SECRET)
    }
  })

  it("emulator and emulator exec: --callback-url needs a token, --callback-token needs a URL (exit 2); exec says where callbacks go", async () => {
    const [noToken, noUrl, exec] = await Promise.all([
      cli(["emulator", "--port", "0", "--callback-url", "http://127.0.0.1:9/cb"]),
      cli(["emulator", "exec", "--callback-token", TOKEN, "--", node, "-e", ""]),
      cli(["emulator", "exec", "--callback-url", "http://127.0.0.1:9/cb", "--", node, "-e", ""], { env: baseEnv({ TENCENT_CHAT_CALLBACK_TOKEN: TOKEN }) }),
    ])
    expect(noToken.code).toBe(2)
    expect(noToken.stderr).toContain("error: --callback-url needs a token")
    expect(noUrl.code).toBe(2)
    expect(noUrl.stderr).toContain("error: --callback-token needs --callback-url")
    expect(exec.code).toBe(0)
    expect(exec.stderr).toContain("emulator exec: push callbacks go to http://127.0.0.1:9/cb")
    for (const r of [noToken, noUrl, exec]) expect(r.stdout + r.stderr).not.toContain(TOKEN)
  })
})
