/**
 * Emulator conformance: the runtime-neutral subset, driven through `em.fetch` in memory with
 * hand-built requests (no sockets, no client library), so every runtime proves the same REST
 * behaviour: auth codes, routing in both families, the attribute → tag → push flow, revoke and
 * batch, seeded faults, state round-trip, the inspection API and the console.
 */
import { createEmulator, isDroppedConnection } from "../../src/emulator/mod.ts"
import type { Emulator } from "../../src/emulator/mod.ts"
import { genUserSig } from "../../src/usersig/mod.ts"
import type { Suite } from "./harness.ts"

const APP = { sdkAppId: 1400000000, secretKey: "conformance-secret", admins: ["administrator"] }
const T0 = Date.UTC(2026, 0, 5, 4)

const sig = (userId: string, secretKey = APP.secretKey) =>
  genUserSig({ sdkAppId: APP.sdkAppId, secretKey, userId, now: Math.floor(T0 / 1000) })

const ADMIN_SIG = sig("administrator")

interface Q {
  sdkappid?: string
  identifier?: string
  usersig?: string
}

const url = (path: string, q: Q = {}) =>
  `http://emulator.test/${path}?sdkappid=${q.sdkappid ?? APP.sdkAppId}&identifier=${q.identifier ?? "administrator"}` +
  `&usersig=${q.usersig ?? ADMIN_SIG}&random=42&contenttype=json`

const make = (options: Partial<Parameters<typeof createEmulator>[0]> = {}): Emulator =>
  createEmulator({ apps: [APP], now: () => T0, ...options })

const post = async (em: Emulator, path: string, body: unknown, q: Q = {}): Promise<Record<string, any>> => {
  const res = await em.fetch(new Request(url(path, q), { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) }))
  return (await res.json()) as Record<string, any>
}

export const emulatorSuite: Suite = {
  name: "emulator",
  register: (t) => {
    t.test("auth: documented codes with HTTP 200", async () => {
      const em = make()
      const res = await em.fetch(new Request("http://emulator.test/v4/timpush/get_attr_name?identifier=administrator", { method: "POST", body: "{}" }))
      t.equal(res.status, 200)
      t.equal((await res.json()).ErrorCode, 60012)
      t.equal((await post(em, "v4/timpush/get_attr_name", {}, { sdkappid: "1400000009" })).ErrorCode, 70020)
      t.equal((await post(em, "v4/timpush/get_attr_name", {}, { usersig: "" })).ErrorCode, 70002)
      t.equal((await post(em, "v4/timpush/get_attr_name", {}, { usersig: "x" })).ErrorCode, 70003)
      t.equal((await post(em, "v4/timpush/get_attr_name", {}, { usersig: sig("administrator", "wrong") })).ErrorCode, 70009)
      t.equal((await post(em, "v4/timpush/get_attr_name", {}, { usersig: sig("bob") })).ErrorCode, 70013)
      t.equal((await post(em, "v4/timpush/get_attr_name", {}, { identifier: "bob", usersig: sig("bob") })).ErrorCode, 90009)
      t.equal((await post(em, "v4/im_open_login_svc/account_check", {}, { identifier: "bob", usersig: sig("bob") })).ErrorCode, 70403)
      t.equal((await post(em, "v4/timpush/get_attr_name", "not json")).ErrorCode, 90001)
      t.equal((await post(em, "v4/timpush/get_attr_name", {})).ErrorCode, 0)
    })

    t.test("routing: both families, unknown path 60009, POST only", async () => {
      const em = make()
      t.equal((await post(em, "v4/timpush/clear_all_tags", { To_Account: [] })).ErrorCode, 0)
      t.equal((await post(em, "v4/all_member_push/im_remove_all_tags", { To_Account: [] })).ErrorCode, 0)
      t.equal((await post(em, "v4/timpush/remove_all_tags", { To_Account: [] })).ErrorCode, 60009)
      const get = await em.fetch(new Request(url("v4/timpush/get_attr_name")))
      t.equal(get.status, 405)
      t.equal(em.requests().map((r) => r.endpoint ?? null), ["clear_all_tags", "clear_all_tags", null, null])
    })

    t.test("attribute → tag → push flow, with audience sizes", async () => {
      const em = make()
      t.equal((await post(em, "v4/timpush/set_attr_name", { AttrNames: { "0": "city" } })).ErrorCode, 0)
      t.equal((await post(em, "v4/im_open_login_svc/multiaccount_import", { Accounts: ["a", "b", "c", "d"] })).ErrorCode, 0)
      const set = await post(em, "v4/timpush/set_attr", {
        UserAttrs: [
          { To_Account: "a", Attrs: { city: "SZ" } },
          { To_Account: "b", Attrs: { city: "SZ" } },
          { To_Account: "zz", Attrs: { city: "SZ" } },
        ],
      })
      t.equal(set.ErrorList, [{ To_Account: "zz", ErrorCode: 70107 }])
      t.equal((await post(em, "v4/timpush/set_attr", { UserAttrs: [{ To_Account: "a", Attrs: { shoe: "1" } }] })).ErrorCode, 90033)
      t.equal((await post(em, "v4/timpush/add_tag", { UserTags: [{ To_Account: "c", Tags: ["vip"] }, { To_Account: "a", Tags: ["vip", "x"] }] })).ErrorCode, 0)
      t.equal((await post(em, "v4/timpush/get_tag", { To_Account: ["a"] })).UserTags, [{ To_Account: "a", Tags: ["vip", "x"] }])

      const byTag = await post(em, "v4/timpush/push", { MsgRandom: 1, Condition: { TagsOr: ["vip"], TagsNot: ["x"] } })
      t.equal(byTag.ErrorCode, 0)
      t.equal((await post(em, "v4/timpush/push", { MsgRandom: 2 })).ErrorCode, 90024)
      em.advanceClock(1001)
      const byAttr = await post(em, "v4/timpush/push", { MsgRandom: 2, Condition: { AttrsAnd: { city: "SZ" } } })
      em.advanceClock(1001)
      const all = await post(em, "v4/all_member_push/im_push", { MsgRandom: 3, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] })
      t.equal(em.tasks().map((task) => [task.TaskId, task.audienceSize, task.recipientSample]), [
        [byTag.TaskId, 1, ["c"]],
        [byAttr.TaskId, 2, ["a", "b"]],
        [all.TaskId, 4, ["a", "b", "c", "d"]],
      ])
      t.equal((await post(em, "v4/timpush/push", { MsgRandom: 4, Condition: { TagsOr: ["a"], AttrsOr: { city: "SZ" } } })).ErrorCode, 90039)
    })

    t.test("revoke timing and batch", async () => {
      const em = make()
      await post(em, "v4/im_open_login_svc/account_import", { UserID: "a" })
      const p = await post(em, "v4/timpush/push", { MsgRandom: 1 })
      em.advanceClock(86_400_001)
      t.equal((await post(em, "v4/timpush/revoke", { TaskId: p.TaskId })).ErrorCode, 90052)
      t.equal((await post(em, "v4/timpush/revoke", { TaskId: "nope" })).ErrorCode, 90049)
      const b = await post(em, "v4/timpush/batch", { From_Account: "a", To_Account: ["a", "ghost"], MsgRandom: 5, OfflinePushInfo: {} })
      t.ok(String(b.TaskId).startsWith("batch_"))
      t.equal(b.ErrorList, [{ To_Account: "ghost", ErrorCode: 70107 }])
      t.equal((await post(em, "v4/timpush/revoke", { TaskId: b.TaskId })).ErrorCode, 0)
      t.equal((await post(em, "v4/timpush/revoke", { TaskId: b.TaskId })).ErrorCode, 90050)
    })

    t.test("faults: scripted kinds and seeded random faults replay", async () => {
      const em = make()
      em.faults.script("get_tag", "error-91000", "http-502", "truncated-json", "drop")
      t.equal((await post(em, "v4/timpush/get_tag", { To_Account: [] })).ErrorCode, 91000)
      const bad = await em.fetch(new Request(url("v4/timpush/get_tag"), { method: "POST", body: '{"To_Account":[]}' }))
      t.equal(bad.status, 502)
      await t.rejects(() => post(em, "v4/timpush/get_tag", { To_Account: [] }), (e) => e instanceof SyntaxError)
      await t.rejects(() => post(em, "v4/timpush/get_tag", { To_Account: [] }), (e) => e instanceof TypeError && isDroppedConnection(e))

      const replay = async (seed: number) => {
        const e = make({ faults: { seed, rate: 0.3, kinds: ["error-91000", "http-502"] } })
        for (let i = 0; i < 60; i++) await e.fetch(new Request(url("v4/timpush/get_attr_name"), { method: "POST", body: "{}" }))
        return e.requests().map((r) => r.fault ?? "-").join(",")
      }
      const a = await replay(7)
      t.equal(await replay(7), a)
      t.ok(a.includes("error-91000") && a.includes("http-502"))
    })

    t.test("state export/import round-trip and HTTP inspection", async () => {
      const em = make()
      await post(em, "v4/timpush/set_attr_name", { AttrNames: { "0": "city" } })
      await post(em, "v4/im_open_login_svc/account_import", { UserID: "a" })
      await post(em, "v4/timpush/set_attr", { UserAttrs: [{ To_Account: "a", Attrs: { city: "SZ" } }] })
      await post(em, "v4/timpush/add_tag", { UserTags: [{ To_Account: "a", Tags: ["vip"] }] })
      await post(em, "v4/timpush/push", { MsgRandom: 1, Condition: { TagsOr: ["vip"] } })
      const saved = JSON.parse(JSON.stringify(em.exportState()))
      const other = make()
      other.importState(saved)
      t.equal(other.exportState(), saved)
      t.equal(other.account(APP.sdkAppId, "a"), { UserID: "a", attrs: { city: "SZ" }, tags: ["vip"] })

      const inspect = async (path: string, init?: RequestInit) =>
        (await em.fetch(new Request(`http://emulator.test/__emulator${path}`, { ...init, headers: { "content-type": "application/json" } }))).json()
      t.equal((await inspect("/tasks")).tasks.length, 1)
      t.equal((await inspect("/requests?endpoint=push")).count, 1)
      t.equal(await inspect("/clock", { method: "POST", body: '{"advanceMs":5}' }), { now: T0 + 5 })
      t.equal((await inspect("/reset", { method: "POST" })).ok, true)
      t.equal(em.tasks(), [])
    })

    t.test("state streams: NDJSON round trip, a cut stream changes nothing, the JSON form still reads", async () => {
      const em = make()
      await post(em, "v4/im_open_login_svc/multiaccount_import", { Accounts: ["a", "b", "c"] })
      await post(em, "v4/timpush/add_tag", { UserTags: [{ To_Account: "a", Tags: ["vip"] }] })
      const ndjson = await new Response(em.exportStateStream({ chunkBytes: 64 })).text()
      t.equal(ndjson.split("\n")[0], '{"state":{"version":2}}')
      const other = make()
      t.equal(await other.importStateStream(new Response(ndjson).body!), { format: "ndjson", apps: 1, accounts: 3, tasks: 0, sched: 0, deliveries: 0 })
      t.equal(other.exportState(), em.exportState())
      await t.rejects(() => make().importStateStream(new Response(ndjson.slice(0, -30)).body!), (e) => e instanceof TypeError)
      const json = await new Response(em.exportStateStream({ format: "json" })).text()
      t.equal((await make().importStateStream(new Response(json).body!)).accounts, 3)
    })

    t.test("request bodies: a streamed body over the cap gets 413 without being read to the end", async () => {
      const em = make({ maxBodyBytes: 4096 })
      let pulled = 0
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (pulled >= 1024 * 1024) return c.close()
          pulled += 1024
          c.enqueue(new Uint8Array(1024).fill(32))
        },
      })
      const res = await em.fetch(new Request(url("v4/timpush/get_tag"), { method: "POST", body, duplex: "half" } as RequestInit))
      t.equal(res.status, 413)
      t.equal((await res.json()).ErrorCode, 90001)
      t.ok(pulled <= 8 * 1024, `pulled ${pulled} bytes`)
    })

    t.test("console: the page, its script and its read routes are served the same on every runtime", async () => {
      const em = make()
      const page = await em.fetch(new Request("http://emulator.test/__emulator/ui"))
      t.equal(page.status, 200)
      t.ok((page.headers.get("content-security-policy") ?? "").includes("default-src 'none'"))
      t.ok((await page.text()).includes('<script src="/__emulator/ui/console.js"></script>'))
      const script = await (await em.fetch(new Request("http://emulator.test/__emulator/ui/console.js"))).text()
      t.ok(script.length > 10_000 && script.includes('view({ id: "requests"'))
      await post(em, "v4/timpush/add_tag", { UserTags: [{ To_Account: "nobody", Tags: ["vip"] }] })
      const overview = await (await em.fetch(new Request("http://emulator.test/__emulator/ui/api/overview"))).json()
      t.equal(overview.counters.map((c: { endpoint: string; calls: number }) => [c.endpoint, c.calls]), [["add_tag", 1]])
      t.ok(!JSON.stringify(overview).includes(APP.secretKey))
      const call = await (await em.fetch(new Request("http://emulator.test/__emulator/ui/api/requests/1"))).json()
      t.equal(call.detail.query, `?sdkappid=${APP.sdkAppId}&identifier=administrator&usersig=<redacted>&random=42&contenttype=json`)
      t.equal(JSON.parse(call.detail.requestBody), { UserTags: [{ To_Account: "nobody", Tags: ["vip"] }] })
      t.equal(JSON.parse(call.detail.responseBody).ErrorList[0].ErrorCode, 70107)
      t.ok(typeof call.entry.durationMs === "number")
    })
  },
}
