/**
 * Condition semantics as truth tables: every combination of tag groups (TagsAnd × TagsOr ×
 * TagsNot) and of attribute groups (AttrsAnd × AttrsOr), each group absent, empty, or holding
 * several values, pushed through `em.fetch` and compared with an independent reference
 * predicate over accounts that cover every tag subset and attribute combination.
 */
import { describe, expect, it } from "vitest"
import type { TagsNotMode } from "../../../src/emulator/mod.ts"
import { importAccounts, setup } from "./helpers.ts"

interface Account {
  readonly id: string
  readonly tags: ReadonlyArray<string>
  readonly attrs: Readonly<Record<string, string>>
}

const TAGS = ["a", "b", "c"]
const tagAccounts: Array<Account> = Array.from({ length: 8 }, (_, mask) => {
  const tags = TAGS.filter((_, i) => mask & (1 << i))
  return { id: `t_${tags.join("")}`, tags, attrs: {} }
})
const attrValues = [undefined, "1", "2"]
const attrAccounts: Array<Account> = attrValues.flatMap((x) =>
  attrValues.map((y) => {
    const attrs: Record<string, string> = {}
    if (x !== undefined) attrs.x = x
    if (y !== undefined) attrs.y = y
    return { id: `x${x ?? "-"}y${y ?? "-"}`, tags: [], attrs }
  }),
)
const accounts = [...tagAccounts, ...attrAccounts]

interface Cond {
  TagsAnd?: Array<string>
  TagsOr?: Array<string>
  TagsNot?: Array<string>
  AttrsAnd?: Record<string, string>
  AttrsOr?: Record<string, string>
}

/** The reference: present, non-empty groups are ANDed. */
const matches = (a: Account, c: Cond, notMode: TagsNotMode): boolean => {
  const has = (t: string) => a.tags.includes(t)
  if (c.TagsAnd?.length && !c.TagsAnd.every(has)) return false
  if (c.TagsOr?.length && !c.TagsOr.some(has)) return false
  if (c.TagsNot?.length && (notMode === "any" ? c.TagsNot.some(has) : c.TagsNot.every(has))) return false
  const eq = ([k, v]: [string, string]) => a.attrs[k] === v
  if (c.AttrsAnd && Object.keys(c.AttrsAnd).length && !Object.entries(c.AttrsAnd).every(eq)) return false
  if (c.AttrsOr && Object.keys(c.AttrsOr).length && !Object.entries(c.AttrsOr).some(eq)) return false
  return true
}

const tagLists: Array<Array<string> | undefined> = [undefined, [], ["a"], ["b", "c"], ["a", "b"], ["a", "b", "c"], ["zz"]]
const attrMaps: Array<Record<string, string> | undefined> = [undefined, {}, { x: "1" }, { x: "1", y: "2" }, { x: "2", y: "1" }, { y: "9" }]

const ready = async (tagsNot: TagsNotMode) => {
  const h = setup({ tagsNot, limits: { pushIntervalMs: 0, dailyPushQuota: 1e9 }, msgRandomWindowMs: 0 })
  expect(await h.code("set_attr_name", { AttrNames: { "0": "x", "1": "y" } })).toBe(0)
  await importAccounts(h, accounts.map((a) => a.id))
  const tagged = tagAccounts.filter((a) => a.tags.length > 0)
  expect(await h.code("add_tag", { UserTags: tagged.map((a) => ({ To_Account: a.id, Tags: a.tags })) })).toBe(0)
  const attributed = attrAccounts.filter((a) => Object.keys(a.attrs).length > 0)
  expect(await h.code("set_attr", { UserAttrs: attributed.map((a) => ({ To_Account: a.id, Attrs: a.attrs })) })).toBe(0)
  let n = 0
  const push = async (Condition: Cond) => {
    h.em.advanceClock(1)
    const r = await h.call("push", { MsgRandom: ++n, Condition })
    return r.json
  }
  return { h, push }
}

const label = (c: Cond) => JSON.stringify(c)

describe("emulator: condition truth tables", () => {
  for (const mode of ["any", "all"] as const) {
    it(`tag groups: every TagsAnd × TagsOr × TagsNot combination (TagsNot "${mode}")`, async () => {
      const { h, push } = await ready(mode)
      let checked = 0
      for (const TagsAnd of tagLists) {
        for (const TagsOr of tagLists) {
          for (const TagsNot of tagLists) {
            const c: Cond = {}
            if (TagsAnd) c.TagsAnd = TagsAnd
            if (TagsOr) c.TagsOr = TagsOr
            if (TagsNot) c.TagsNot = TagsNot
            const answer = await push(c)
            if (TagsAnd && TagsOr && TagsOr.some((t) => TagsAnd.includes(t))) {
              expect(answer.ErrorCode, label(c)).toBe(90022)
              continue
            }
            expect(answer.ErrorCode, label(c)).toBe(0)
            const expected = accounts.filter((a) => matches(a, c, mode)).map((a) => a.id)
            const task = h.em.task(answer.TaskId)!
            expect(task.recipientSample, label(c)).toEqual(expected)
            expect(task.audienceSize, label(c)).toBe(expected.length)
            checked++
          }
        }
      }
      expect(checked).toBeGreaterThan(200)
    })
  }

  it("the two TagsNot readings differ exactly where a user holds some but not all excluded tags", async () => {
    const any = await ready("any")
    const all = await ready("all")
    const c = { TagsNot: ["a", "b"] }
    const ra = any.h.em.task((await any.push(c)).TaskId)!.recipientSample
    const rb = all.h.em.task((await all.push(c)).TaskId)!.recipientSample
    expect(ra).not.toContain("t_a")
    expect(rb).toContain("t_a")
    expect(rb.filter((id) => !ra.includes(id))).toEqual(["t_a", "t_b", "t_ac", "t_bc"])
  })

  it("attribute groups: every AttrsAnd × AttrsOr combination", async () => {
    const { h, push } = await ready("any")
    for (const AttrsAnd of attrMaps) {
      for (const AttrsOr of attrMaps) {
        const c: Cond = {}
        if (AttrsAnd) c.AttrsAnd = AttrsAnd
        if (AttrsOr) c.AttrsOr = AttrsOr
        const answer = await push(c)
        expect(answer.ErrorCode, label(c)).toBe(0)
        const expected = accounts.filter((a) => matches(a, c, "any")).map((a) => a.id)
        const task = h.em.task(answer.TaskId)!
        expect(task.recipientSample, label(c)).toEqual(expected)
        expect(task.audienceSize, label(c)).toBe(expected.length)
      }
    }
  })

  it("tag and attribute groups together → 90039 (only when both are non-empty)", async () => {
    const { push } = await ready("any")
    for (const tagMember of ["TagsAnd", "TagsOr", "TagsNot"] as const) {
      for (const attrMember of ["AttrsAnd", "AttrsOr"] as const) {
        expect((await push({ [tagMember]: ["a"], [attrMember]: { x: "1" } })).ErrorCode).toBe(90039)
        expect((await push({ [tagMember]: [], [attrMember]: { x: "1" } })).ErrorCode).toBe(0)
        expect((await push({ [tagMember]: ["a"], [attrMember]: {} })).ErrorCode).toBe(0)
      }
    }
  })

  it("the recipient sample keeps the first N accounts in import order", async () => {
    const h = setup({ recipientSampleSize: 3 })
    await importAccounts(h, ["u5", "u1", "u4", "u2", "u3"])
    expect(await h.code("add_tag", { UserTags: ["u3", "u2", "u4", "u1"].map((To_Account) => ({ To_Account, Tags: ["t"] })) })).toBe(0)
    const r = await h.call("push", { MsgRandom: 1, Condition: { TagsOr: ["t"] } })
    expect(h.em.task(r.json.TaskId)).toMatchObject({ audienceSize: 4, recipientSample: ["u1", "u4", "u2"] })
  })
})
