/**
 * AppData's resolver against a reference predicate on randomized data large enough to use every
 * path: sparse and dense index sets (IdSet), the narrow probe path and the bitset path, with
 * deletions and tag/attribute changes in between.
 */
import { describe, expect, it } from "vitest"
import { AppData } from "../../../src/emulator/app-data.ts"
import type { ConditionInput, TagsNotMode } from "../../../src/emulator/app-data.ts"
import { IdSet } from "../../../src/emulator/id-set.ts"
import { mulberry32 } from "../../../src/emulator/prng.ts"

describe("IdSet", () => {
  it("behaves like a Set across the sparse → dense switch", () => {
    const s = new IdSet()
    const ref = new Set<number>()
    const rnd = mulberry32(3)
    for (let i = 0; i < 20_000; i++) {
      const id = Math.floor(rnd() * 6000)
      if (rnd() < 0.7) {
        s.add(id)
        ref.add(id)
      } else {
        s.delete(id)
        ref.delete(id)
      }
    }
    expect(s.size).toBe(ref.size)
    expect([...s].sort((a, b) => a - b)).toEqual([...ref].sort((a, b) => a - b))
    for (let id = 0; id < 7000; id++) expect(s.has(id)).toBe(ref.has(id))
    const bits = new Uint32Array(Math.ceil(7000 / 32))
    s.orInto(bits)
    let n = 0
    for (const w of bits) for (let b = 0; b < 32; b++) if (w & (1 << b)) n++
    expect(n).toBe(ref.size)
  })
})

interface Ref {
  tags: Set<string>
  attrs: Record<string, string>
}

const reference = (users: Map<string, Ref>, c: ConditionInput, mode: TagsNotMode): Array<string> =>
  [...users.entries()]
    .filter(([, u]) => {
      const has = (t: string) => u.tags.has(t)
      if (c.TagsAnd?.length && !c.TagsAnd.every(has)) return false
      if (c.TagsOr?.length && !c.TagsOr.some(has)) return false
      if (c.TagsNot?.length && (mode === "any" ? c.TagsNot.some(has) : c.TagsNot.every(has))) return false
      const eq = ([k, v]: [string, string]) => u.attrs[k] === v
      if (c.AttrsAnd && Object.keys(c.AttrsAnd).length && !Object.entries(c.AttrsAnd).every(eq)) return false
      if (c.AttrsOr && Object.keys(c.AttrsOr).length && !Object.entries(c.AttrsOr).some(eq)) return false
      return true
    })
    .map(([id]) => id)

describe("AppData.resolve", () => {
  it("matches the reference on 6000 accounts with dense and sparse tags, after deletes and edits", () => {
    const rnd = mulberry32(11)
    const d = new AppData()
    d.attrNames[0] = "city"
    d.attrNames[4] = "tier"
    const users = new Map<string, Ref>()
    // Tag densities: everyone-ish, half, 10%, 1%, 0.1%.
    const tagP: Record<string, number> = { all: 0.97, half: 0.5, ten: 0.1, one: 0.01, rare: 0.001 }
    for (let i = 0; i < 6000; i++) {
      const id = `u${i}`
      d.importAccount(id, 0)
      const tags = Object.keys(tagP).filter((t) => rnd() < tagP[t]!)
      d.setTags(id, tags)
      const attrs: Record<string, string> = {}
      if (rnd() < 0.9) attrs.city = ["SZ", "BJ", "SH"][Math.floor(rnd() * 3)]!
      if (rnd() < 0.5) attrs.tier = rnd() < 0.05 ? "gold" : "free"
      if (attrs.city) d.setAttr(id, 0, attrs.city)
      if (attrs.tier) d.setAttr(id, 4, attrs.tier)
      users.set(id, { tags: new Set(tags), attrs })
    }
    // Deletions and edits after the indexes went dense.
    for (let i = 0; i < 6000; i += 7) {
      d.deleteAccount(`u${i}`)
      users.delete(`u${i}`)
    }
    for (let i = 1; i < 6000; i += 11) {
      const u = users.get(`u${i}`)
      if (!u) continue
      d.setTags(`u${i}`, ["rare"])
      u.tags = new Set(["rare"])
      d.removeAttr(`u${i}`, 0)
      delete u.attrs.city
    }
    const tagLists = [undefined, [], ["all"], ["half", "ten"], ["one"], ["rare", "all"], ["nope"]]
    const attrMaps: Array<Record<string, string> | undefined> = [undefined, {}, { city: "SZ" }, { city: "BJ", tier: "gold" }, { tier: "free" }]
    let checked = 0
    for (const mode of ["any", "all"] as const) {
      for (const TagsAnd of tagLists) {
        for (const TagsOr of tagLists) {
          for (const TagsNot of tagLists) {
            const c = { TagsAnd, TagsOr, TagsNot }
            const expected = reference(users, c, mode)
            const got = d.resolve(c, 50, mode)
            expect(got.count, JSON.stringify(c)).toBe(expected.length)
            expect(got.sample, JSON.stringify(c)).toEqual(expected.slice(0, 50))
            checked++
          }
        }
      }
    }
    for (const AttrsAnd of attrMaps) {
      for (const AttrsOr of attrMaps) {
        const c = { AttrsAnd, AttrsOr }
        const expected = reference(users, c, "any")
        const got = d.resolve(c, 50)
        expect(got.count, JSON.stringify(c)).toBe(expected.length)
        expect(got.sample, JSON.stringify(c)).toEqual(expected.slice(0, 50))
        checked++
      }
    }
    expect(checked).toBe(2 * 7 * 7 * 7 + 25)
    expect(d.accountCount).toBe(users.size)
    expect(d.distinctTagCount).toBe(5)
  })
})
