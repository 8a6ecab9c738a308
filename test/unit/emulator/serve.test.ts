/**
 * The served emulator over a real loopback socket, driven with plain HTTP requests (global
 * fetch, no client library): the query and auth rules, a full attribute → tag → push flow, and
 * the faults only a socket can show. (`npm run emulator`, the CLI's emulator command, is tested
 * with the CLI: packages/cli/test/process/emulator.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createEmulator } from "../../../src/emulator/mod.ts"
import type { Emulator } from "../../../src/emulator/mod.ts"
import { serve } from "../../../src/node/serve.ts"
import type { Served } from "../../../src/node/serve.ts"
import { APP, sigFor, T0, urlFor } from "./helpers.ts"

let em: Emulator
let server: Served

beforeAll(async () => {
  em = createEmulator({ apps: [APP], now: () => T0 })
  server = await serve(em, { port: 0 })
})

afterAll(async () => {
  await server.close()
})

const post = async (pathOrKey: string, body: unknown, o: Parameters<typeof urlFor>[1] = {}) => {
  const res = await fetch(urlFor(pathOrKey, { base: server.url, ...o }), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as any }
}

const inspect = async (path: string, init: RequestInit = {}) =>
  (await fetch(`${server.url}/__emulator${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } })).json() as Promise<any>

describe("served emulator (node:http bridge, loopback)", () => {
  it("listens on loopback on a free port", () => {
    expect(server.host).toBe("127.0.0.1")
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
  })

  it("applies the query and auth rules with HTTP 200 and the documented codes", async () => {
    expect((await post("get_attr_name", {}, { sdkappid: null })).json.ErrorCode).toBe(60012)
    expect((await post("get_attr_name", {}, { random: null })).json.ErrorCode).toBe(60002)
    expect((await post("get_attr_name", {}, { sdkappid: "1400999999" })).json.ErrorCode).toBe(70020)
    expect((await post("get_attr_name", {}, { usersig: "" })).json.ErrorCode).toBe(70002)
    expect((await post("get_attr_name", {}, { usersig: "garbage" })).json.ErrorCode).toBe(70003)
    expect((await post("get_attr_name", {}, { usersig: sigFor("administrator", { secretKey: "wrong" }) })).json.ErrorCode).toBe(70009)
    expect((await post("get_attr_name", {}, { usersig: sigFor("ops") })).json.ErrorCode).toBe(70013)
    const alice = { identifier: "alice", usersig: sigFor("alice") }
    expect((await post("get_attr_name", {}, alice)).json.ErrorCode).toBe(90009)
    expect((await post("account_check", {}, alice)).json.ErrorCode).toBe(70403)
    expect((await post("get_attr_name", "{oops")).json.ErrorCode).toBe(90001)
    const unknown = await post("v4/timpush/nope", {})
    expect(unknown).toEqual({ status: 200, json: { ActionStatus: "FAIL", ErrorInfo: expect.any(String), ErrorCode: 60009 } })
    const get = await fetch(urlFor("get_attr_name", { base: server.url }))
    expect(get.status).toBe(405)
    expect(get.headers.get("allow")).toBe("POST, OPTIONS")
  })

  it("runs a full attribute → tag → push flow", async () => {
    expect((await post("set_attr_name", { AttrNames: { "0": "city", "1": "tier" } })).json.ErrorCode).toBe(0)
    const ids = Array.from({ length: 150 }, (_, i) => `user${i}`)
    expect((await post("multiaccount_import", { Accounts: ids.slice(0, 100) })).json.ErrorCode).toBe(0)
    expect((await post("multiaccount_import", { AccountList: ids.slice(100).map((UserID) => ({ UserID })) })).json.ErrorCode).toBe(0)
    const attrs = await post("set_attr", {
      UserAttrs: ids.slice(0, 100).map((To_Account, i) => ({ To_Account, Attrs: { city: i % 2 ? "SZ" : "BJ", tier: i < 10 ? "gold" : "free" } })),
    })
    expect(attrs.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 })
    const tags = await post("add_tag", { UserTags: [...ids.slice(0, 30), "ghost"].map((To_Account) => ({ To_Account, Tags: ["vip"] })) })
    expect(tags.json.ErrorList).toEqual([{ To_Account: "ghost", ErrorCode: 70107 }])
    expect((await post("get_tag", { To_Account: ["user0"] })).json.UserTags).toEqual([{ To_Account: "user0", Tags: ["vip"] }])

    const byTag = await post("push", { From_Account: "administrator", MsgRandom: 1, Condition: { TagsOr: ["vip"] }, OfflinePushInfo: { Title: "t", Desc: "d" } })
    expect(byTag.json.ErrorCode).toBe(0)
    // Too soon: the emulator measures spacing on its own clock, moved over HTTP.
    expect((await post("push", { MsgRandom: 2, Condition: { AttrsAnd: { city: "SZ", tier: "gold" } } })).json.ErrorCode).toBe(90024)
    await inspect("/clock", { method: "POST", body: JSON.stringify({ advanceMs: 1001 }) })
    const byAttr = await post("push", { MsgRandom: 2, Condition: { AttrsAnd: { city: "SZ", tier: "gold" } } })
    expect(byAttr.json.ErrorCode).toBe(0)
    await inspect("/clock", { method: "POST", body: JSON.stringify({ advanceMs: 1001 }) })
    const all = await post("push", { MsgRandom: 3, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hello" } }] })
    expect(all.json.ErrorCode).toBe(0)

    const { tasks } = await inspect("/tasks")
    expect(tasks.map((t: any) => [t.TaskId, t.audienceSize])).toEqual([
      [byTag.json.TaskId, 30],
      [byAttr.json.TaskId, 5],
      [all.json.TaskId, 150],
    ])
    expect(tasks[1].recipientSample).toEqual(["user1", "user3", "user5", "user7", "user9"])
    expect((await post("revoke", { TaskId: byTag.json.TaskId })).json.ErrorCode).toBe(0)
    const log = await inspect("/requests?endpoint=push")
    expect(log.requests.map((r: any) => r.code)).toEqual([0, 90024, 0, 0])
  })

  it("a dropped connection destroys the socket; the server keeps serving", async () => {
    em.faults.script("get_tag", "drop")
    await expect(post("get_tag", { To_Account: [] })).rejects.toThrow(TypeError)
    expect((await post("get_tag", { To_Account: [] })).json.ErrorCode).toBe(0)
  })

  it("passes a 502 through, and a client timeout during a delay fault aborts cleanly", async () => {
    em.faults.script("get_tag", "http-502", { kind: "delay", delayMs: 60_000 })
    const bad = await fetch(urlFor("get_tag", { base: server.url }), { method: "POST", body: "{}" })
    expect(bad.status).toBe(502)
    expect(await bad.text()).toContain("502 Bad Gateway")
    await expect(
      fetch(urlFor("get_tag", { base: server.url }), { method: "POST", body: '{"To_Account":[]}', signal: AbortSignal.timeout(100) }),
    ).rejects.toMatchObject({ name: "TimeoutError" })
    expect((await post("get_tag", { To_Account: [] })).json.ErrorCode).toBe(0)
  })
})
