import { describe, expect, it } from "vitest"
import { APP, OTHER_APP, setup, sigFor } from "./helpers.ts"

describe("emulator auth: URL and UserSig checks answer HTTP 200 with the documented code", () => {
  it("accepts a valid admin UserSig", async () => {
    const h = setup()
    const r = await h.call("get_attr_name", {})
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" })
  })

  it("missing sdkappid → 60012", async () => {
    const h = setup()
    const r = await h.call("get_attr_name", {}, { sdkappid: null })
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60012 })
    expect(await h.code("get_attr_name", {}, { sdkappid: "" })).toBe(60012)
  })

  it("malformed URL parameters → 60002", async () => {
    const h = setup()
    expect(await h.code("get_attr_name", {}, { sdkappid: "14e8" })).toBe(60002)
    expect(await h.code("get_attr_name", {}, { identifier: null })).toBe(60002)
    expect(await h.code("get_attr_name", {}, { random: null })).toBe(60002)
    expect(await h.code("get_attr_name", {}, { random: "4294967296" })).toBe(60002)
    expect(await h.code("get_attr_name", {}, { random: "-1" })).toBe(60002)
    expect(await h.code("get_attr_name", {}, { contenttype: null })).toBe(60002)
    expect(await h.code("get_attr_name", {}, { contenttype: "JSON" })).toBe(60002)
    expect(await h.code("get_attr_name", {}, { random: "4294967295" })).toBe(0)
  })

  it("strictQuery: false accepts a URL without random/contenttype", async () => {
    const h = setup({ strictQuery: false })
    expect(await h.code("get_attr_name", {}, { random: null, contenttype: null })).toBe(0)
  })

  it("unknown SDKAppID → 70020", async () => {
    const h = setup()
    expect(await h.code("get_attr_name", {}, { sdkappid: "1400999999" })).toBe(70020)
  })

  it("empty or missing usersig → 70002", async () => {
    const h = setup()
    expect(await h.code("get_attr_name", {}, { usersig: "" })).toBe(70002)
    expect(await h.code("get_attr_name", {}, { usersig: null })).toBe(70002)
  })

  it("undecodable usersig → 70003", async () => {
    const h = setup()
    expect(await h.code("get_attr_name", {}, { usersig: "not-a-usersig" })).toBe(70003)
  })

  it("expired usersig → 70001 (emulator clock)", async () => {
    const h = setup()
    const usersig = sigFor("administrator", { expireSeconds: 60 })
    expect(await h.code("get_attr_name", {}, { usersig })).toBe(0)
    h.em.advanceClock(60_000)
    expect(await h.code("get_attr_name", {}, { usersig })).toBe(0) // valid through issuedAt + expire
    h.em.advanceClock(1_000)
    expect(await h.code("get_attr_name", {}, { usersig })).toBe(70001)
  })

  it("signed with another key → 70009", async () => {
    const h = setup()
    const usersig = sigFor("administrator", { secretKey: "not-the-app-key" })
    expect(await h.code("get_attr_name", {}, { usersig })).toBe(70009)
  })

  it("identifier differing from the sig's user → 70013", async () => {
    const h = setup()
    const usersig = sigFor("ops")
    expect(await h.code("get_attr_name", {}, { identifier: "administrator", usersig })).toBe(70013)
  })

  it("sdkappid differing from the sig's app → 70014", async () => {
    const h = setup()
    const usersig = sigFor("administrator", { app: OTHER_APP })
    expect(await h.code("get_attr_name", {}, { sdkappid: String(APP.sdkAppId), usersig })).toBe(70014)
  })

  it("each app checks its own key and admins", async () => {
    const h = setup()
    const usersig = sigFor("administrator", { app: OTHER_APP })
    expect(await h.code("get_attr_name", {}, { sdkappid: String(OTHER_APP.sdkAppId), usersig })).toBe(0)
    const opsSig = sigFor("ops", { app: OTHER_APP })
    expect(await h.code("get_attr_name", {}, { sdkappid: String(OTHER_APP.sdkAppId), identifier: "ops", usersig: opsSig })).toBe(90009)
  })

  it("a valid sig of a non-admin → 90009 on push APIs, 70403 on account APIs", async () => {
    const h = setup()
    const o = { identifier: "alice", usersig: sigFor("alice") }
    for (const key of ["set_attr_name", "get_attr_name", "get_attr", "set_attr", "remove_attr", "get_tag", "add_tag", "remove_tag", "clear_all_tags", "push", "revoke", "batch"]) {
      expect(await h.code(key, {}, o), key).toBe(90009)
    }
    for (const key of ["account_import", "multiaccount_import", "account_delete", "account_check"]) {
      expect(await h.code(key, {}, o), key).toBe(70403)
    }
    expect(await h.code("get_attr_name", {}, { identifier: "ops", usersig: sigFor("ops") })).toBe(0)
  })

  it("a body that is not a JSON object → 90001 (push APIs) / 60003 (account APIs)", async () => {
    const h = setup()
    for (const raw of ["", "{", "not json", "[]", "42", "null"]) {
      expect(await h.code("get_attr_name", undefined, { raw }), raw).toBe(90001)
      expect(await h.code("account_check", undefined, { raw }), raw).toBe(60003)
    }
  })

  it("checks in order: URL → app → UserSig → admin → body", async () => {
    const h = setup()
    // Everything wrong at once: the first check wins.
    expect(await h.code("push", undefined, { raw: "x", sdkappid: null, usersig: "" })).toBe(60012)
    expect(await h.code("push", undefined, { raw: "x", sdkappid: "1400999999", usersig: "" })).toBe(70020)
    expect(await h.code("push", undefined, { raw: "x", usersig: "" })).toBe(70002)
    expect(await h.code("push", undefined, { raw: "x", identifier: "alice", usersig: sigFor("alice") })).toBe(90009)
    expect(await h.code("push", undefined, { raw: "x" })).toBe(90001)
  })

  it("never echoes the usersig or the secret key", async () => {
    const h = setup()
    const usersig = sigFor("ops")
    const r = await h.call("get_attr_name", {}, { identifier: "administrator", usersig })
    const all = JSON.stringify(r.json) + JSON.stringify(h.em.requests()) + JSON.stringify(h.em.exportState()) + JSON.stringify(h.em.apps)
    expect(all).not.toContain(usersig)
    expect(all).not.toContain(APP.secretKey)
  })
})
