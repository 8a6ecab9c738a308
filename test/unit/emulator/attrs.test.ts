import { describe, expect, it } from "vitest"
import { importAccounts, setup } from "./helpers.ts"

const withNames = async (names: Record<string, string> = { "0": "sex", "1": "city" }) => {
  const h = setup()
  expect(await h.code("set_attr_name", { AttrNames: names })).toBe(0)
  await importAccounts(h, ["alice", "bob"])
  return h
}

describe("emulator: attribute names", () => {
  it("set_attr_name then get_attr_name (timpush answers AttrTypes, legacy names only)", async () => {
    const h = setup()
    expect(await h.code("set_attr_name", { AttrNames: { "0": "sex", "2": "city" }, AttrTypes: { "2": 1 } })).toBe(0)
    const r = await h.call("get_attr_name", {})
    expect(r.json).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      AttrNames: { "0": "sex", "2": "city" },
      AttrTypes: { "0": 0, "2": 1 },
    })
    const legacy = await h.call("get_attr_name", {}, { family: "all_member_push" })
    expect(legacy.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, AttrNames: { "0": "sex", "2": "city" } })
  })

  it("merges per slot and allows renaming a slot (values stay with the slot)", async () => {
    const h = await withNames()
    expect(await h.code("set_attr", { UserAttrs: [{ To_Account: "alice", Attrs: { city: "Shenzhen" } }] })).toBe(0)
    expect(await h.code("set_attr_name", { AttrNames: { "1": "town", "3": "tier" } })).toBe(0)
    expect((await h.call("get_attr_name", {})).json.AttrNames).toEqual({ "0": "sex", "1": "town", "3": "tier" })
    expect((await h.call("get_attr", { To_Account: ["alice"] })).json.UserAttrs).toEqual([{ To_Account: "alice", Attrs: { town: "Shenzhen" } }])
  })

  it("a name already used by another slot → 90033 with the documented ErrorInfo shape", async () => {
    const h = await withNames()
    const r = await h.call("set_attr_name", { AttrNames: { "2": "city" } })
    expect(r.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 90033, ErrorInfo: "attrName:city already exists at index:1" })
    expect((await h.call("get_attr_name", {})).json.AttrNames).toEqual({ "0": "sex", "1": "city" })
  })

  it("moving a name in one request (swap) is allowed when the result is unique", async () => {
    const h = await withNames()
    expect(await h.code("set_attr_name", { AttrNames: { "0": "city", "1": "sex" } })).toBe(0)
    expect((await h.call("get_attr_name", {})).json.AttrNames).toEqual({ "0": "city", "1": "sex" })
  })

  it("rule violations → 90033 (duplicate in request, bad slot, long name, AttrTypes rules)", async () => {
    const h = await withNames()
    expect(await h.code("set_attr_name", { AttrNames: { "4": "a", "5": "a" } })).toBe(90033)
    expect(await h.code("set_attr_name", { AttrNames: { "10": "x" } })).toBe(90033)
    expect(await h.code("set_attr_name", { AttrNames: { "4": "x".repeat(51) } })).toBe(90033)
    expect(await h.code("set_attr_name", { AttrNames: { "4": "x" }, AttrTypes: { "5": 0 } })).toBe(90033)
    expect(await h.code("set_attr_name", { AttrNames: { "4": "x" }, AttrTypes: { "4": 2 } })).toBe(90033)
    expect(await h.code("set_attr_name", { AttrNames: { "4": "x".repeat(50) } })).toBe(0)
  })

  it("an AttrTypes value cannot change once set → 90033", async () => {
    const h = setup()
    expect(await h.code("set_attr_name", { AttrNames: { "0": "sex" }, AttrTypes: { "0": 0 } })).toBe(0)
    expect(await h.code("set_attr_name", { AttrNames: { "0": "sex" }, AttrTypes: { "0": 1 } })).toBe(90033)
    expect(await h.code("set_attr_name", { AttrNames: { "0": "sex" }, AttrTypes: { "0": 0 } })).toBe(0)
  })

  it("malformed bodies → 90001", async () => {
    const h = setup()
    expect(await h.code("set_attr_name", {})).toBe(90001)
    expect(await h.code("set_attr_name", { AttrNames: { "0": 5 } })).toBe(90001)
  })
})

describe("emulator: user attributes", () => {
  it("set_attr merges, get_attr reads, remove_attr deletes by name", async () => {
    const h = await withNames()
    expect(await h.code("set_attr", { UserAttrs: [{ To_Account: "alice", Attrs: { sex: "f", city: "Shenzhen" } }] })).toBe(0)
    expect(await h.code("set_attr", { UserAttrs: [{ To_Account: "alice", Attrs: { city: "Beijing" } }] })).toBe(0)
    const r = await h.call("get_attr", { To_Account: ["alice", "bob"] })
    expect(r.json).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      UserAttrs: [
        { To_Account: "alice", Attrs: { sex: "f", city: "Beijing" } },
        { To_Account: "bob", Attrs: {} },
      ],
    })
    expect(await h.code("remove_attr", { UserAttrs: [{ To_Account: "alice", Attrs: ["sex"] }] })).toBe(0)
    expect(h.em.account(1400000000, "alice")?.attrs).toEqual({ city: "Beijing" })
  })

  it("unknown attribute name → 90033 and nothing is written", async () => {
    const h = await withNames()
    const r = await h.call("set_attr", {
      UserAttrs: [
        { To_Account: "alice", Attrs: { sex: "f" } },
        { To_Account: "bob", Attrs: { shoe: "42" } },
      ],
    })
    expect(r.json.ErrorCode).toBe(90033)
    expect(h.em.account(1400000000, "alice")?.attrs).toEqual({})
    expect(await h.code("remove_attr", { UserAttrs: [{ To_Account: "alice", Attrs: ["shoe"] }] })).toBe(90033)
  })

  it("value longer than 50 bytes → 90033; exactly 50 is fine", async () => {
    const h = await withNames()
    expect(await h.code("set_attr", { UserAttrs: [{ To_Account: "alice", Attrs: { city: "é".repeat(26) } }] })).toBe(90033)
    expect(await h.code("set_attr", { UserAttrs: [{ To_Account: "alice", Attrs: { city: "é".repeat(25) } }] })).toBe(0)
  })

  it("unknown accounts: ErrorList 70107 on timpush; legacy reads answer empty and writes skip", async () => {
    const h = await withNames()
    const set = await h.call("set_attr", {
      UserAttrs: [
        { To_Account: "alice", Attrs: { sex: "f" } },
        { To_Account: "mary", Attrs: { sex: "f" } },
      ],
    })
    expect(set.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, ErrorList: [{ To_Account: "mary", ErrorCode: 70107 }] })
    const get = await h.call("get_attr", { To_Account: ["mary", "alice"] })
    expect(get.json.UserAttrs).toEqual([{ To_Account: "alice", Attrs: { sex: "f" } }])
    expect(get.json.ErrorList).toEqual([{ To_Account: "mary", ErrorCode: 70107 }])
    const rm = await h.call("remove_attr", { UserAttrs: [{ To_Account: "mary", Attrs: ["sex"] }] })
    expect(rm.json.ErrorList).toEqual([{ To_Account: "mary", ErrorCode: 70107 }])

    const legacy = { family: "all_member_push" as const }
    const lset = await h.call("set_attr", { UserAttrs: [{ To_Account: "mary", Attrs: { sex: "m" } }] }, legacy)
    expect(lset.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 })
    const lget = await h.call("get_attr", { To_Account: ["mary"] }, legacy)
    expect(lget.json).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, UserAttrs: [{ To_Account: "mary", Attrs: {} }] })
    expect(h.em.account(1400000000, "mary")).toBeUndefined()
  })

  it("an attribute bound to RegistrationID accounts → 90035 for that UserID account", async () => {
    const h = setup()
    expect(await h.code("set_attr_name", { AttrNames: { "0": "sex", "1": "device" }, AttrTypes: { "1": 1 } })).toBe(0)
    await importAccounts(h, ["alice", "bob"])
    const r = await h.call("set_attr", {
      UserAttrs: [
        { To_Account: "alice", Attrs: { device: "ios" } },
        { To_Account: "bob", Attrs: { sex: "m" } },
      ],
    })
    expect(r.json.ErrorList).toEqual([{ To_Account: "alice", ErrorCode: 90035 }])
    expect(h.em.account(1400000000, "bob")?.attrs).toEqual({ sex: "m" })
  })

  it("more than 100 accounts → 90018", async () => {
    const h = await withNames()
    const ids = Array.from({ length: 101 }, (_, i) => `u${i}`)
    expect(await h.code("get_attr", { To_Account: ids })).toBe(90018)
    expect(await h.code("set_attr", { UserAttrs: ids.map((To_Account) => ({ To_Account, Attrs: {} })) })).toBe(90018)
    expect(await h.code("remove_attr", { UserAttrs: ids.map((To_Account) => ({ To_Account, Attrs: [] })) })).toBe(90018)
    expect(await h.code("get_attr", { To_Account: ids.slice(0, 100) })).toBe(0)
  })

  it("deleting an account drops its attributes from the push index", async () => {
    const h = await withNames()
    expect(await h.code("set_attr", { UserAttrs: [{ To_Account: "alice", Attrs: { city: "SZ" } }, { To_Account: "bob", Attrs: { city: "SZ" } }] })).toBe(0)
    expect(await h.code("account_delete", { DeleteItem: [{ UserID: "alice" }] })).toBe(0)
    const push = await h.call("push", { MsgRandom: 1, Condition: { AttrsAnd: { city: "SZ" } } })
    expect(h.em.task(push.json.TaskId)).toMatchObject({ audienceSize: 1, recipientSample: ["bob"] })
  })
})
