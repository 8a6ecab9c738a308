/**
 * Bodies other clients (or attackers) send (issue 9 items 10, 11, 13): deep nesting is an
 * unusable body (90001), not a crash; `null` in an optional member means absent, as Go SDKs
 * send it; an attribute named `__proto__` survives get_attr, exportState and state files.
 */
import { describe, expect, it } from "vitest"
import { checkRequest } from "../../../src/api/mod.ts"
import { APP, importAccounts, setup, urlFor } from "./helpers.ts"

describe("deeply nested bodies", () => {
  it("5,000 nested arrays in a 10 KB push body answer 90001 (HTTP 200), like any unusable body", async () => {
    const h = setup()
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`
    for (const body of [
      `{"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":${deep}}}]}`,
      `{"MsgRandom":1,"Condition":${deep}}`,
      `{"MsgRandom":1,"Extra":${deep}}`,
    ]) {
      const r = await h.call("push", {}, { raw: body })
      expect(r.status).toBe(200)
      expect(r.json).toMatchObject({ ErrorCode: 90001, ErrorInfo: expect.stringContaining("nests deeper than 64") })
    }
    const account = await h.call("account_import", {}, { raw: `{"UserID":"a","Nick":${deep}}` })
    expect(account.json.ErrorCode).toBe(60003)
    expect(h.em.tasks()).toEqual([])
  })

  it("the push size limit is measured on the text as received", async () => {
    const h = setup()
    const body = JSON.stringify({ MsgRandom: 1, OfflinePushInfo: { Title: "t", Desc: "d" } })
    // Compact, it is far under 10 KB; padded with whitespace past 10,240 bytes, it is over.
    expect((await h.call("push", {}, { raw: body })).json.ErrorCode).toBe(0)
    const padded = `${body.slice(0, -1)}${" ".repeat(10_300)}}`
    expect((await h.call("push", {}, { raw: padded })).json.ErrorCode).toBe(90056)
  })
})

describe("JSON null in optional members", () => {
  // What dobyte/tencent-im (Go) sends for a conditional push: every unused member as null.
  const goCondition = (c: Record<string, unknown>) => ({ TagsAnd: null, TagsOr: null, TagsNot: null, AttrsAnd: null, AttrsOr: null, ...c })

  it("a Go SDK's conditional pushes (unused Condition members null) are accepted and resolved like the same body without nulls", async () => {
    const h = setup()
    await h.call("set_attr_name", { AttrNames: { "0": "city" } })
    await importAccounts(h, ["alice", "bob"])
    await h.call("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["vip"] }] })
    await h.call("set_attr", { UserAttrs: [{ To_Account: "bob", Attrs: { city: "SZ" } }] })
    const conditions = [goCondition({ TagsOr: ["vip"] }), goCondition({ TagsAnd: ["vip"] }), goCondition({ AttrsAnd: { city: "SZ" } })]
    for (const [i, Condition] of conditions.entries()) {
      h.em.advanceClock(1001)
      const r = await h.call("push", { From_Account: null, MsgRandom: i, MsgLifeTime: null, Condition, OfflinePushInfo: { Title: "t", Desc: "d", Ext: null } })
      expect(r.json.ErrorCode, JSON.stringify(Condition)).toBe(0)
    }
    expect(h.em.tasks().map((t) => t.audienceSize)).toEqual([1, 1, 1])
    expect(h.em.tasks()[2]!.condition).toEqual({ AttrsAnd: { city: "SZ" } })
  })

  it("the shared rule agrees (so the client's local validation and the emulator give the same answer)", () => {
    expect(checkRequest("push", { MsgRandom: 1, Condition: goCondition({ TagsOr: ["vip"] }) })).toBeUndefined()
    expect(checkRequest("push", { MsgRandom: 1, Condition: goCondition({ TagsOr: ["vip"], AttrsOr: { a: "b" } }) })?.code).toBe(90039)
    expect(checkRequest("account_import", { UserID: "alice", Identifier: null })).toBeUndefined()
  })

  it("account imports with null profile fields succeed, and a null required member is reported as missing", async () => {
    const h = setup()
    expect((await h.call("account_import", { UserID: "alice", Nick: null, FaceUrl: null })).json.ErrorCode).toBe(0)
    expect((await h.call("multiaccount_import", { AccountList: [{ UserID: "bob", Nick: null }] })).json).toMatchObject({ ErrorCode: 0, FailAccounts: [] })
    expect(h.em.accountCount(APP.sdkAppId)).toBe(2)
    const missing = await h.call("account_import", { UserID: null })
    expect(missing.json.ErrorCode).toBe(70402)
    expect((await h.call("get_tag", { To_Account: null })).json.ErrorCode).toBe(90001)
    expect((await h.call("get_tag", { To_Account: ["alice", null] })).json.ErrorCode).toBe(90001)
  })
})

describe("an attribute named __proto__", () => {
  it("is kept by get_attr, pushes, exportState and both state forms", async () => {
    const h = setup()
    expect((await h.call("set_attr_name", { AttrNames: { "0": "__proto__", "1": "city" } })).json.ErrorCode).toBe(0)
    await importAccounts(h, ["alice"])
    const set = await h.call("set_attr", {}, { raw: '{"UserAttrs":[{"To_Account":"alice","Attrs":{"__proto__":"x","city":"SZ"}}]}' })
    expect(set.json.ErrorCode).toBe(0)
    const res = await h.em.fetch(new Request(urlFor("get_attr"), { method: "POST", body: '{"To_Account":["alice"]}' }))
    const text = await res.text()
    expect(text).toContain('"Attrs":{"__proto__":"x","city":"SZ"}')
    expect(Object.hasOwn(h.em.account(APP.sdkAppId, "alice")!.attrs, "__proto__")).toBe(true)
    const push = await h.call("push", {}, { raw: '{"MsgRandom":1,"Condition":{"AttrsAnd":{"__proto__":"x"}}}' })
    expect(push.json.ErrorCode).toBe(0)
    expect(h.em.tasks()[0]!.audienceSize).toBe(1)
    const exported = h.em.exportState().apps[0]!.accounts[0]!
    expect(JSON.stringify(exported.attrs)).toBe('{"__proto__":"x","city":"SZ"}')
    for (const format of ["ndjson", "json"] as const) {
      const saved = await new Response(h.em.exportStateStream({ format })).text()
      expect(saved).toContain('"__proto__":"x"')
      const fresh = setup()
      await fresh.em.importStateStream(new Response(saved).body!)
      expect(JSON.stringify(fresh.em.account(APP.sdkAppId, "alice")!.attrs)).toBe('{"__proto__":"x","city":"SZ"}')
    }
    const json = setup()
    json.em.importState(JSON.parse(JSON.stringify(h.em.exportState())))
    expect(Object.hasOwn(json.em.account(APP.sdkAppId, "alice")!.attrs, "__proto__")).toBe(true)
  })

  it("a message member named __proto__ stays in the task record", async () => {
    const h = setup()
    await h.call("push", {}, { raw: '{"MsgRandom":1,"__proto__":{"x":1}}' })
    expect(Object.hasOwn(h.em.tasks()[0]!.message, "__proto__")).toBe(true)
  })
})
