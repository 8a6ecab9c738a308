import { describe, expect, it } from "vitest"
import { createEmulator } from "../../../src/emulator/mod.ts"
import { APP, importAccounts, OTHER_APP, setup, T0, text } from "./helpers.ts"

const populated = async () => {
  const h = setup()
  expect(await h.code("set_attr_name", { AttrNames: { "0": "city", "3": "tier" }, AttrTypes: { "3": 0 } })).toBe(0)
  await importAccounts(h, ["alice", "bob", "carol"])
  await h.call("account_import", { UserID: "dave", Nick: "D", FaceUrl: "http://f" })
  await h.call("set_attr", { UserAttrs: [{ To_Account: "alice", Attrs: { city: "SZ", tier: "gold" } }, { To_Account: "bob", Attrs: { city: "SZ" } }] })
  await h.call("add_tag", { UserTags: [{ To_Account: "alice", Tags: ["a", "b"] }, { To_Account: "carol", Tags: ["b"] }] })
  const p = await h.call("push", { MsgRandom: 1, MsgBody: text("hi"), Condition: { TagsOr: ["b"] } })
  h.em.advanceClock(2000)
  await h.call("revoke", { TaskId: p.json.TaskId })
  await h.call("batch", { From_Account: "alice", To_Account: ["bob"], MsgRandom: 2, OfflinePushInfo: {} })
  return h
}

describe("emulator state: export / import / reset", () => {
  it("round-trips through JSON: a fresh emulator importing the export exports the same and behaves the same", async () => {
    const h = await populated()
    const saved = JSON.parse(JSON.stringify(h.em.exportState()))
    expect(saved.version).toBe(1)
    const app = saved.apps.find((a: { sdkAppId: number }) => a.sdkAppId === APP.sdkAppId)
    expect(app).toMatchObject({
      attrNames: { "0": "city", "3": "tier" },
      attrTypes: { "3": 0 },
      pushesToday: 1,
      lastPushAt: T0,
      lastRevokeAt: T0 + 2000,
      taskCounter: 2,
    })
    expect(app.accounts).toEqual([
      { UserID: "alice", importedAt: T0, attrs: { city: "SZ", tier: "gold" }, tags: ["a", "b"] },
      { UserID: "bob", importedAt: T0, attrs: { city: "SZ" } },
      { UserID: "carol", importedAt: T0, tags: ["b"] },
      { UserID: "dave", Nick: "D", FaceUrl: "http://f", importedAt: T0 },
    ])
    expect(app.tasks).toHaveLength(2)
    expect(app.tasks[0]).toMatchObject({ audienceSize: 2, recalledAt: T0 + 2000 })

    const fresh = setup()
    fresh.em.importState(saved)
    expect(fresh.em.exportState()).toEqual(saved)
    // Indexes were rebuilt: the same push resolves the same audience.
    fresh.em.advanceClock(5000)
    const p = await fresh.call("push", { MsgRandom: 3, Condition: { AttrsAnd: { city: "SZ" } } })
    expect(fresh.em.task(p.json.TaskId)?.recipientSample).toEqual(["alice", "bob"])
    // The task counter continues, so TaskIds stay unique.
    expect(fresh.em.tasks()).toHaveLength(3)
    // Revoke state survives: already recalled.
    expect(await fresh.code("revoke", { TaskId: app.tasks[0].TaskId })).toBe(90050)
  })

  it("exports no secrets", async () => {
    const h = await populated()
    const json = JSON.stringify(h.em.exportState())
    expect(json).not.toContain(APP.secretKey)
    expect(json).not.toContain(OTHER_APP.secretKey)
  })

  it("rejects a malformed state with a TypeError and keeps the current one", async () => {
    const h = await populated()
    const before = h.em.exportState()
    expect(() => h.em.importState({ version: 2, apps: [] })).toThrow(TypeError)
    expect(() => h.em.importState({ version: 1, apps: [{ sdkAppId: APP.sdkAppId }] })).toThrow(TypeError)
    const bad = JSON.parse(JSON.stringify(before))
    bad.apps[0].accounts[0].attrs = { "no-such-attribute": "x" }
    expect(() => h.em.importState(bad)).toThrow(/no slot/)
    const unknownApp = { version: 1, apps: [{ ...before.apps[0], sdkAppId: 1499999999 }] }
    expect(() => h.em.importState(unknownApp)).toThrow(RangeError)
    expect(h.em.exportState()).toEqual(before)
  })

  it("importing one app leaves the others untouched", async () => {
    const h = await populated()
    await h.call("account_import", { UserID: "x" }, { sdkappid: String(OTHER_APP.sdkAppId), usersig: (await import("./helpers.ts")).sigFor("administrator", { app: OTHER_APP }) })
    const other = h.em.exportState().apps.find((a) => a.sdkAppId === OTHER_APP.sdkAppId)!
    const empty = createEmulator({ apps: [APP], now: () => T0 }).exportState().apps[0]!
    h.em.importState({ version: 1, apps: [empty] })
    expect(h.em.accountCount(APP.sdkAppId)).toBe(0)
    expect(h.em.exportState().apps.find((a) => a.sdkAppId === OTHER_APP.sdkAppId)).toEqual(other)
  })

  it("reset clears state, the log, the clock offset and faults", async () => {
    const h = await populated()
    h.em.faults.script("get_tag", "http-502")
    expect(h.em.now()).toBe(T0 + 2000)
    h.em.reset()
    expect(h.em.now()).toBe(T0)
    expect(h.em.requests()).toEqual([])
    expect(h.em.tasks()).toEqual([])
    expect(h.em.accountCount(APP.sdkAppId)).toBe(0)
    expect(h.em.faults.pending()).toEqual({})
    expect((await h.call("get_attr_name", {})).json.AttrNames).toEqual({})
    expect(h.em.requests()[0]?.seq).toBe(1)
  })
})
