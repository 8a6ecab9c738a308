/**
 * The console's read routes (/__emulator/ui/api/...) over `em.fetch`: what each view is given,
 * paged and filtered on the server, with no secret in any answer.
 */
import { describe, expect, it } from "vitest"
import { APP, importAccounts, OTHER_APP, setup, sigFor, T0, text, urlFor } from "../helpers.ts"
import type { Harness } from "../helpers.ts"

const get = async (h: Harness, path: string, init: RequestInit = {}) => {
  const res = await h.em.fetch(new Request(`http://emulator.test/__emulator/ui/api/${path}`, init))
  return { status: res.status, headers: res.headers, json: (await res.json()) as any }
}

const seeded = async (options: Parameters<typeof setup>[0] = {}) => {
  const h = setup(options)
  await h.call("set_attr_name", { AttrNames: { "0": "city", "1": "plan" } })
  await importAccounts(h, ["alice", "bob", "carol", "dave"])
  await h.call("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["vip"] }, { To_Account: "bob", Tags: ["vip", "churned"] }] })
  await h.call("set_attr", { UserAttrs: [{ To_Account: "carol", Attrs: { city: "Shenzhen" } }] })
  return h
}

describe("console API: overview", () => {
  it("gives apps without secrets, the clock, per-endpoint counters, the quota used today and the fault settings", async () => {
    const h = await seeded()
    const p = await h.call("push", { MsgRandom: 1, Condition: { TagsAnd: ["vip"] }, MsgBody: text("hi") })
    expect(p.json.ErrorCode).toBe(0)
    await h.call("add_tag", { UserTags: [{ To_Account: "alice", Tags: [""] }] }) // 90040
    h.em.faults.script("get_attr_name", "http-502")
    await h.call("get_attr_name", {})
    h.em.faults.configure({ rate: 0.25, kinds: ["drop"], seed: 7, script: { push: ["error-91000"] } })

    const o = (await get(h, "overview")).json
    const raw = JSON.stringify(o)
    expect(raw).not.toContain(APP.secretKey)
    expect(raw).not.toContain(OTHER_APP.secretKey)
    expect(o.now).toBe(T0)
    const app = o.apps.find((a: any) => a.sdkAppId === APP.sdkAppId)
    expect(app).toMatchObject({
      admins: APP.admins,
      accounts: 4,
      distinctTags: 2,
      tasks: 1,
      attrNames: [{ slot: "0", name: "city" }, { slot: "1", name: "plan" }],
      push: { usedToday: 1, dailyQuota: 100, lastPushAt: T0 },
    })
    // The quota day ends at midnight Beijing time (UTC+8): T0 is 12:00 there.
    expect(app.push.resetsAt).toBe(T0 + 12 * 3600_000)
    const counter = (k: string) => o.counters.find((c: any) => c.endpoint === k)
    expect(counter("add_tag")).toMatchObject({ calls: 2, ok: 1, failed: 1, faults: 0, lastCode: 90040 })
    expect(counter("get_attr_name")).toMatchObject({ calls: 1, faults: 1 })
    expect(counter("push")).toMatchObject({ calls: 1, ok: 1 })
    expect(o.faults).toEqual({ rate: 0.25, kinds: ["drop"], seed: 7, scripts: { push: ["error-91000"] } })
    expect(o.catalogue.endpoints).toContain("push")
    expect(o.views.map((v: any) => v.id)).toEqual(["overview", "requests", "tasks", "callbacks", "accounts", "faults", "state"])
    expect(o.log).toMatchObject({ size: 7, limit: 100_000, last: 7 })
  })

  it("counts the quota of the current day only: the next day starts at 0", async () => {
    let now = T0
    const h = await seeded({ now: () => now })
    await h.call("push", { MsgRandom: 2, MsgBody: text("hi") }, { usersig: sigFor("administrator", { nowMs: now }) })
    expect((await get(h, "overview")).json.apps[0].push.usedToday).toBe(1)
    now += 24 * 3600_000
    expect((await get(h, "overview")).json.apps[0].push.usedToday).toBe(0)
  })

  it("counters restart on reset, not on an emptied log", async () => {
    const h = await seeded()
    h.em.clearRequests()
    expect((await get(h, "overview")).json.counters.find((c: any) => c.endpoint === "add_tag").calls).toBe(1)
    h.em.reset()
    expect((await get(h, "overview")).json.counters).toEqual([])
  })
})

describe("console API: requests monitor", () => {
  const many = async (n: number) => {
    const h = setup({ limits: { rates: { get_attr_name: false, get_tag: false } } })
    for (let i = 0; i < n; i++) await h.call(i % 3 === 0 ? "get_tag" : "get_attr_name", i % 3 === 0 ? { To_Account: ["x"] } : {})
    return h
  }

  it("pages newest first with a cursor for older pages, and counts matches on demand", async () => {
    const h = await many(25)
    const first = (await get(h, "requests?limit=10&count=1")).json
    expect(first.entries.map((e: any) => e.seq)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
    expect(first).toMatchObject({ next: 16, last: 25, size: 25, total: 25 })
    const second = (await get(h, `requests?limit=10&before=${first.next}`)).json
    expect(second.entries.map((e: any) => e.seq)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6])
    const last = (await get(h, `requests?limit=10&before=${second.next}`)).json
    expect(last.entries.map((e: any) => e.seq)).toEqual([5, 4, 3, 2, 1])
    expect(last.next).toBeUndefined()
    expect(last.total).toBeUndefined()
  })

  it("gives only what is new past a cursor (the live tail), filtered the same way", async () => {
    const h = await many(6)
    const page = (await get(h, "requests?endpoint=get_tag")).json
    expect(page.entries.map((e: any) => e.seq)).toEqual([4, 1])
    await h.call("get_tag", { To_Account: ["y"] })
    await h.call("get_attr_name", {})
    const tail = (await get(h, `requests?endpoint=get_tag&after=${page.last}`)).json
    expect(tail.entries.map((e: any) => [e.seq, e.endpoint])).toEqual([[7, "get_tag"]])
    expect(tail.last).toBe(8)
    expect((await get(h, `requests?after=${tail.last}`)).json.entries).toEqual([])
  })

  it("flags a live tail that overflowed its page, so the page reloads instead of showing a gap", async () => {
    const h = await many(5)
    const tail = (await get(h, "requests?after=0&limit=3")).json
    expect(tail.entries.map((e: any) => e.seq)).toEqual([5, 4, 3])
    expect(tail.skipped).toBe(true)
  })

  it("filters by endpoint, family, app, ErrorCode (or ok / failed) and fault, on the server", async () => {
    const h = setup()
    await h.call("get_attr_name", {})
    await h.call("get_attr_name", {}, { family: "all_member_push" })
    await h.call("get_attr_name", {}, { usersig: sigFor("administrator", { app: OTHER_APP }), sdkappid: String(OTHER_APP.sdkAppId) })
    await h.call("add_tag", { UserTags: [{ To_Account: "a", Tags: [""] }] })
    h.em.faults.script("get_tag", "http-502")
    await h.call("get_tag", { To_Account: ["a"] })
    const seqs = async (q: string) => (await get(h, `requests?${q}`)).json.entries.map((e: any) => e.seq)
    expect(await seqs("endpoint=get_attr_name")).toEqual([3, 2, 1])
    expect(await seqs("family=all_member_push")).toEqual([2])
    expect(await seqs(`sdkappid=${OTHER_APP.sdkAppId}`)).toEqual([3])
    expect(await seqs("code=90040")).toEqual([4])
    expect(await seqs("code=ok")).toEqual([3, 2, 1])
    expect(await seqs("code=failed")).toEqual([5, 4])
    expect(await seqs("fault=http-502")).toEqual([5])
    expect(await seqs("fault=any")).toEqual([5])
    expect(await seqs("fault=none")).toEqual([4, 3, 2, 1])
    expect(await seqs("endpoint=get_attr_name&family=timpush&code=ok")).toEqual([3, 1])
  })

  it("refuses unusable filters with 400 and a reason", async () => {
    const h = setup()
    for (const q of ["endpoint=nope", "family=x", "code=abc", "fault=boom", "limit=0", "limit=5000", "before=-1", "sdkappid=1e3"]) {
      const r = await get(h, `requests?${q}`)
      expect(r.status, q).toBe(400)
      expect(typeof r.json.error).toBe("string")
    }
  })

  it("changes the epoch when the log is emptied or reset, so a reader holding a cursor starts over", async () => {
    const h = await many(3)
    const a = (await get(h, "requests")).json
    h.em.clearRequests()
    const b = (await get(h, "requests")).json
    expect(b.epoch).not.toBe(a.epoch)
    expect(b.entries).toEqual([])
    h.em.reset()
    expect((await get(h, "requests")).json.epoch).not.toBe(b.epoch)
  })

  it("shows a call with its query (usersig redacted), both bodies, the decided code and its duration", async () => {
    const h = setup()
    const sig = sigFor("administrator")
    await h.call("add_tag", { UserTags: [{ To_Account: "nobody", Tags: ["vip"] }] }, { usersig: sig })
    const list = (await get(h, "requests")).json
    expect(typeof list.entries[0].durationMs).toBe("number")
    const r = await get(h, "requests/1")
    expect(r.status).toBe(200)
    const raw = JSON.stringify(r.json)
    expect(raw).not.toContain(sig)
    expect(raw).not.toContain(sig.slice(0, 24))
    expect(r.json.entry).toMatchObject({ seq: 1, endpoint: "add_tag", family: "timpush", sdkAppId: APP.sdkAppId, status: 200, code: 0 })
    expect(r.json.entry.durationMs).toBeGreaterThanOrEqual(0)
    expect(r.json.meaning).toBeTypeOf("string")
    expect(r.json.detail.query).toBe(`?sdkappid=${APP.sdkAppId}&identifier=administrator&usersig=<redacted>&random=12345&contenttype=json`)
    expect(JSON.parse(r.json.detail.requestBody)).toEqual({ UserTags: [{ To_Account: "nobody", Tags: ["vip"] }] })
    expect(JSON.parse(r.json.detail.responseBody)).toMatchObject({ ActionStatus: "OK", ErrorCode: 0, ErrorList: [{ To_Account: "nobody", ErrorCode: 70107 }] })
    expect(r.json.detail.outcome).toBe("answered")
    expect((await get(h, "requests/99")).status).toBe(404)
    expect((await get(h, "requests/x")).status).toBe(400)
  })

  it("keeps what a fault sent: a truncated body as cut, a 502 page, nothing for a dropped connection", async () => {
    const h = setup()
    h.em.faults.script("get_attr_name", "truncated-json", "http-502", "drop")
    await h.call("get_attr_name", {})
    await h.call("get_attr_name", {})
    await expect(h.em.fetch(new Request(urlFor("get_attr_name"), { method: "POST", body: "{}" }))).rejects.toThrow(TypeError)
    const cut = (await get(h, "requests/1")).json
    expect(() => JSON.parse(cut.detail.responseBody)).toThrow()
    expect(cut.entry).toMatchObject({ fault: "truncated-json", code: 0 })
    expect((await get(h, "requests/2")).json.detail).toMatchObject({ responseBody: expect.stringContaining("502 Bad Gateway"), responseType: "text/html" })
    const dropped = (await get(h, "requests/3")).json
    expect(dropped.entry.status).toBeUndefined()
    expect(dropped.detail.outcome).toBe("dropped")
    expect(dropped.detail.responseBody).toBeUndefined()
  })

  it("cuts a large body at 32 Ki characters and keeps the bodies of only the last `keepBodies` calls", async () => {
    const h = setup({ console: { keepBodies: 2 } })
    const big = { UserTags: [{ To_Account: "a", Tags: ["vip"] }], pad: "x".repeat(100_000) }
    await h.call("add_tag", big)
    const r = (await get(h, "requests/1")).json.detail
    expect(r.requestBody.length).toBe(32 * 1024)
    expect(r.requestCut).toBe(true)
    await h.call("get_attr_name", {})
    await h.call("get_attr_name", {})
    expect((await get(h, "requests/1")).json.detail).toBeNull()
    expect((await get(h, "requests/2")).json.detail).not.toBeNull()
    expect((await get(h, "requests/3")).json.detail).not.toBeNull()
    // The entry itself stays in the log with its duration.
    expect((await get(h, "requests/1")).json.entry.durationMs).toBeTypeOf("number")
    expect((await get(h, "overview")).json.log.bodies).toMatchObject({ calls: 2, keep: 2 })
  })

  it("with keepBodies 0 keeps no body but still the durations and counters", async () => {
    const h = setup({ console: { keepBodies: 0 } })
    await h.call("get_attr_name", {})
    const r = (await get(h, "requests/1")).json
    expect(r.detail).toBeNull()
    expect(r.entry.durationMs).toBeTypeOf("number")
    expect((await get(h, "overview")).json.counters[0]).toMatchObject({ endpoint: "get_attr_name", calls: 1 })
  })
})

describe("console API: push tasks", () => {
  it("lists tasks newest first with the audience in words and the recall state; one task has its sample and message", async () => {
    let now = T0
    const h = await seeded({ now: () => now })
    const sig = () => sigFor("administrator", { nowMs: now })
    const a = await h.call("push", { MsgRandom: 1, Condition: { TagsAnd: ["vip"], TagsNot: ["churned"] }, MsgBody: text("one") }, { usersig: sig() })
    now += 2000
    const b = await h.call("push", { MsgRandom: 2, Condition: { AttrsOr: { city: "Shenzhen", plan: "pro" } }, MsgBody: text("two") }, { usersig: sig() })
    now += 2000
    const c = await h.call("batch", { From_Account: "administrator", MsgRandom: 3, To_Account: ["alice", "ghost"], OfflinePushInfo: { PushFlag: 0, Title: "t", Desc: "d" } }, { usersig: sig() })
    const list = (await get(h, "tasks")).json
    expect(list.total).toBe(3)
    expect(list.tasks.map((t: any) => t.TaskId)).toEqual([c.json.TaskId, b.json.TaskId, a.json.TaskId])
    expect(list.tasks[2]).toMatchObject({ audience: 'has tag "vip" and does not have tag "churned"', audienceSize: 1, recall: { state: "recallable" } })
    expect(list.tasks[1].audience).toBe('city is "Shenzhen" or plan is "pro"')
    expect(list.tasks[0]).toMatchObject({ endpoint: "batch", audienceSize: 1 })

    const one = (await get(h, `tasks/${encodeURIComponent(a.json.TaskId)}`)).json
    expect(one).toMatchObject({ recipientSample: ["alice"], message: { MsgBody: text("one") }, condition: { TagsAnd: ["vip"], TagsNot: ["churned"] } })
    expect((await get(h, "tasks/nope")).status).toBe(404)

    now += 2000
    expect((await h.call("revoke", { TaskId: a.json.TaskId }, { usersig: sig() })).json.ErrorCode).toBe(0)
    expect((await get(h, `tasks/${encodeURIComponent(a.json.TaskId)}`)).json.recall).toEqual({ state: "recalled", at: now })
    now += 25 * 3600_000
    expect((await get(h, `tasks/${encodeURIComponent(b.json.TaskId)}`)).json.recall.state).toBe("expired")
  })

  it("pages tasks with a position that stays valid while new tasks arrive, and filters by app", async () => {
    let now = T0
    const h = setup({ now: () => now })
    const ids: Array<string> = []
    for (let i = 0; i < 5; i++) {
      now += 2000
      ids.push((await h.call("push", { MsgRandom: i + 1, MsgBody: text("x") }, { usersig: sigFor("administrator", { nowMs: now }) })).json.TaskId)
    }
    const first = (await get(h, "tasks?limit=2")).json
    expect(first.tasks.map((t: any) => t.TaskId)).toEqual([ids[4], ids[3]])
    now += 2000
    await h.call("push", { MsgRandom: 99, MsgBody: text("new") }, { usersig: sigFor("administrator", { nowMs: now }) })
    const second = (await get(h, `tasks?limit=2&before=${first.next}`)).json
    expect(second.tasks.map((t: any) => t.TaskId)).toEqual([ids[2], ids[1]])
    expect((await get(h, `tasks?sdkappid=${OTHER_APP.sdkAppId}`)).json).toEqual({ total: 0, tasks: [] })
    expect((await get(h, "tasks?sdkappid=1")).status).toBe(400)
  })
})

describe("console API: accounts", () => {
  it("lists accounts in import order with the app's attribute names", async () => {
    const h = await seeded()
    const r = (await get(h, `accounts?sdkappid=${APP.sdkAppId}`)).json
    expect(r.total).toBe(4)
    expect(r.attrNames).toEqual([{ slot: "0", name: "city" }, { slot: "1", name: "plan" }])
    expect(r.accounts.map((a: any) => a.UserID)).toEqual(["alice", "bob", "carol", "dave"])
    expect(r.accounts[1].tags).toEqual(["vip", "churned"])
    expect(r.next).toBeUndefined()
  })

  it("finds accounts by text in the UserID (any case), by tag and by attribute; an exact UserID comes first", async () => {
    const h = await seeded()
    const ids = async (q: string) => (await get(h, `accounts?sdkappid=${APP.sdkAppId}&q=${encodeURIComponent(q)}`)).json
    expect((await ids("AR")).accounts.map((a: any) => a.UserID)).toEqual(["carol"])
    expect((await ids("tag:vip")).accounts.map((a: any) => a.UserID)).toEqual(["alice", "bob"])
    expect((await ids("tag:vip b")).accounts.map((a: any) => a.UserID)).toEqual(["bob"])
    expect((await ids("attr:city=Shenzhen")).accounts.map((a: any) => a.UserID)).toEqual(["carol"])
    expect((await ids("attr:nope=1")).accounts).toEqual([])
    expect((await ids("dave")).exact.UserID).toBe("dave")
  })

  it("pages with a cursor: `from` continues where the last page stopped", async () => {
    const h = setup()
    await importAccounts(h, Array.from({ length: 7 }, (_, i) => `user-${i}`))
    const a = (await get(h, "accounts?limit=3")).json
    expect(a.accounts.map((x: any) => x.UserID)).toEqual(["user-0", "user-1", "user-2"])
    const b = (await get(h, `accounts?limit=3&from=${a.next}`)).json
    expect(b.accounts.map((x: any) => x.UserID)).toEqual(["user-3", "user-4", "user-5"])
    const c = (await get(h, `accounts?limit=3&from=${b.next}`)).json
    expect(c.accounts.map((x: any) => x.UserID)).toEqual(["user-6"])
    expect(c.next).toBeUndefined()
  })

  it("shows one account's profile, attributes by name and tags; 404 for an unknown one", async () => {
    const h = await seeded()
    await h.call("account_import", { UserID: "erin", Nick: "Erin", FaceUrl: "https://example.com/e.png" })
    await h.call("set_attr", { UserAttrs: [{ To_Account: "erin", Attrs: { city: "Beijing", plan: "pro" } }] })
    await h.call("add_tag", { UserTags: [{ To_Account: "erin", Tags: ["a", "b"] }] })
    const r = (await get(h, `accounts/${APP.sdkAppId}/erin`)).json
    expect(r).toEqual({ sdkAppId: APP.sdkAppId, UserID: "erin", Nick: "Erin", FaceUrl: "https://example.com/e.png", importedAt: T0, attrs: { city: "Beijing", plan: "pro" }, tags: ["a", "b"] })
    expect((await get(h, `accounts/${APP.sdkAppId}/${encodeURIComponent("a/b ü")}`)).status).toBe(404)
    expect((await get(h, "accounts/x/erin")).status).toBe(400)
  })
})

describe("console API: routes", () => {
  it("only reads: writes go to the inspection API", async () => {
    const h = setup()
    const r = await get(h, "overview", { method: "POST", body: "{}", headers: { "content-type": "application/json" } })
    expect(r.status).toBe(405)
    expect((await get(h, "nothing-here")).status).toBe(404)
    expect((await get(h, "requests/%E0%A4%A")).status).toBe(400)
  })

  it("answers JSON that is never cached and carries no CORS header", async () => {
    const h = setup()
    const r = await get(h, "overview")
    expect(r.headers.get("content-type")).toMatch(/^application\/json/)
    expect(r.headers.get("cache-control")).toBe("no-store")
    expect(r.headers.get("access-control-allow-origin")).toBeNull()
  })

  it("is absent with console: false (and the REST path records nothing for it)", async () => {
    const h = setup({ console: false })
    await h.call("get_attr_name", {})
    expect((await get(h, "overview")).status).toBe(404)
    const page = await h.em.fetch(new Request("http://emulator.test/__emulator/ui"))
    expect(page.status).toBe(404)
    await page.body?.cancel()
    expect(h.em.requests()[0]).not.toHaveProperty("durationMs")
  })

  it("rejects an unusable keepBodies", () => {
    expect(() => setup({ console: { keepBodies: -1 } })).toThrow(RangeError)
    expect(() => setup({ console: { keepBodies: 1.5 } })).toThrow(RangeError)
  })
})
