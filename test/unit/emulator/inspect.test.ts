import { describe, expect, it } from "vitest"
import { APP, importAccounts, setup, T0 } from "./helpers.ts"

// Writes go as application/json, as the inspection API requires.
const get = async (h: ReturnType<typeof setup>, path: string, init: RequestInit = {}) => {
  const res = await h.em.fetch(new Request(`http://emulator.test${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } }))
  return { status: res.status, json: (await res.json()) as any }
}

const ready = async () => {
  const h = setup()
  await importAccounts(h, ["alice", "bob"])
  await h.call("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["vip"] }] })
  const p = await h.call("push", { MsgRandom: 5, Condition: { TagsOr: ["vip"] } })
  return { h, taskId: p.json.TaskId as string }
}

describe("emulator inspection over HTTP (/__emulator)", () => {
  it("GET /__emulator describes the apps (no secrets), the clock and the routes", async () => {
    const { h } = await ready()
    const r = await get(h, "/__emulator")
    expect(r.status).toBe(200)
    expect(r.json.apps).toEqual([
      { sdkAppId: 1400000000, admins: ["administrator", "ops"] },
      { sdkAppId: 1400000001, admins: ["administrator"] },
    ])
    expect(r.json.now).toBe(T0)
    expect(r.json.routes).toContain("GET /__emulator/tasks[?sdkappid=N]")
    expect(JSON.stringify(r.json)).not.toContain(APP.secretKey)
  })

  it("lists tasks (audience size + sample), one task, and accounts", async () => {
    const { h, taskId } = await ready()
    const all = await get(h, "/__emulator/tasks")
    expect(all.json.tasks).toHaveLength(1)
    expect(all.json.tasks[0]).toMatchObject({ TaskId: taskId, audienceSize: 1, recipientSample: ["alice"] })
    expect((await get(h, "/__emulator/tasks?sdkappid=1400000001")).json.tasks).toEqual([])
    expect((await get(h, `/__emulator/tasks/${encodeURIComponent(taskId)}`)).json.TaskId).toBe(taskId)
    expect((await get(h, "/__emulator/tasks/nope")).status).toBe(404)
    expect((await get(h, "/__emulator/tasks?sdkappid=x")).status).toBe(400)
    expect((await get(h, "/__emulator/accounts/1400000000/alice")).json).toEqual({ UserID: "alice", attrs: {}, tags: ["vip"] })
    expect((await get(h, "/__emulator/accounts/1400000000/nobody")).status).toBe(404)
  })

  it("filters and clears the request log (the query string, with the usersig, is never logged)", async () => {
    const { h } = await ready()
    await h.call("get_tag", { To_Account: [] }, { usersig: "" })
    const r = await get(h, "/__emulator/requests?endpoint=get_tag&code=70002")
    expect(r.json.count).toBe(1)
    expect(r.json.requests[0]).toMatchObject({ endpoint: "get_tag", code: 70002, status: 200, path: "/v4/timpush/get_tag", time: T0 })
    expect((await get(h, "/__emulator/requests?endpoint=push")).json.count).toBe(1)
    expect((await get(h, "/__emulator/requests")).json.count).toBe(4)
    expect((await get(h, "/__emulator/requests?endpoint=bogus")).status).toBe(400)
    expect((await get(h, "/__emulator/requests", { method: "DELETE" })).json).toEqual({ ok: true })
    expect((await get(h, "/__emulator/requests")).json.count).toBe(0)
  })

  it("advances the clock", async () => {
    const { h } = await ready()
    expect((await get(h, "/__emulator/clock")).json).toEqual({ now: T0 })
    const r = await get(h, "/__emulator/clock", { method: "POST", body: JSON.stringify({ advanceMs: 86_400_001 }) })
    expect(r.json).toEqual({ now: T0 + 86_400_001 })
    expect(h.em.now()).toBe(T0 + 86_400_001)
    expect((await get(h, "/__emulator/clock", { method: "POST", body: "{}" })).status).toBe(400)
  })

  it("exports and imports state, and resets", async () => {
    const { h } = await ready()
    const saved = (await get(h, "/__emulator/state?format=json")).json
    expect((await get(h, "/__emulator/reset", { method: "POST" })).json.ok).toBe(true)
    expect(h.em.tasks()).toEqual([])
    expect((await get(h, "/__emulator/state", { method: "PUT", body: JSON.stringify(saved) })).json).toEqual({ ok: true, format: "json", apps: 2, accounts: 2, tasks: 1, sched: 0, deliveries: 1 })
    expect(h.em.tasks()).toHaveLength(1)
    const bad = await get(h, "/__emulator/state", { method: "PUT", body: '{"version":1}' })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatch(/invalid emulator state/)
    expect((await get(h, "/__emulator/state", { method: "PUT", body: "{" })).status).toBe(400)
  })

  it("scripts and clears faults", async () => {
    const { h } = await ready()
    const r = await get(h, "/__emulator/faults", { method: "POST", body: JSON.stringify({ endpoint: "get_tag", steps: ["error-91000"] }) })
    expect(r.json).toEqual({ ok: true, pending: { get_tag: 1 } })
    expect(await h.code("get_tag", { To_Account: [] })).toBe(91000)
    expect((await get(h, "/__emulator/faults", { method: "POST", body: JSON.stringify({ endpoint: "get_tag", steps: ["bogus"] }) })).status).toBe(400)
    expect((await get(h, "/__emulator/faults", { method: "POST", body: JSON.stringify({ rate: 1, kinds: ["http-502"] }) })).json.ok).toBe(true)
    expect((await h.call("get_tag", { To_Account: [] })).status).toBe(502)
    expect((await get(h, "/__emulator/faults", { method: "DELETE" })).json.ok).toBe(true)
    expect(await h.code("get_tag", { To_Account: [] })).toBe(0)
    expect((await get(h, "/__emulator/faults")).json).toEqual({ pending: {} })
  })

  it("unknown inspection routes → 404; inspection: false turns the prefix into an ordinary unknown path", async () => {
    const { h } = await ready()
    expect((await get(h, "/__emulator/nope")).status).toBe(404)
    const off = setup({ inspection: false })
    expect((await get(off, "/__emulator")).status).toBe(405)
    const post = await get(off, "/__emulator/tasks", { method: "POST", body: "{}" })
    expect(post.json.ErrorCode).toBe(60009)
  })
})
