/**
 * One app's data: accounts, attribute names, per-user attributes and tags, with the inverted
 * indexes that make audience resolution proportional to the matching sets, never a scan of
 * JSON. No protocol codes here: handlers decide what a situation answers.
 *
 * Accounts get a numeric id in import order (a re-import after delete gets a new id); indexes
 * map tag → Set<id> and (slot, value) → Set<id>. Attribute values are stored by SLOT, so
 * renaming a slot with set_attr_name keeps its values.
 *
 * @module
 */
import { andInto, andNotInto, count, lowest, wordsFor } from "./bitset.ts"
import { IdList } from "./id-list.ts"
import { IdSet } from "./id-set.ts"
import { SmallestK } from "./sample.ts"

/** Number of attribute slots ("0".."9"). */
export const ATTR_SLOTS = 10

/** One imported account. */
interface Account {
  readonly userId: string
  readonly id: number
  nick: string | undefined
  faceUrl: string | undefined
  readonly importedAt: number
  /** Tags in insertion order (≤ 100, so linear search is fine and memory stays small). */
  tags: Array<string> | undefined
  /** Values by slot. */
  attrs: Array<string | undefined> | undefined
}

/** The push `Condition` members the resolver reads (wire names). */
export interface ConditionInput {
  readonly TagsAnd?: ReadonlyArray<string> | undefined
  readonly TagsOr?: ReadonlyArray<string> | undefined
  readonly TagsNot?: ReadonlyArray<string> | undefined
  readonly AttrsAnd?: Readonly<Record<string, string>> | undefined
  readonly AttrsOr?: Readonly<Record<string, string>> | undefined
}

/**
 * How `TagsNot` excludes: `"any"` = excluded when the user has ANY listed tag, i.e. not (C or D);
 * `"all"` = excluded only when the user has ALL of them, i.e. not (C and D).
 */
export type TagsNotMode = "any" | "all"

/**
 * A resolved audience: its size, the first `sampleSize` recipients in import order, and every
 * recipient's account id (frozen: later account changes do not alter it).
 */
export interface Audience {
  readonly count: number
  readonly sample: ReadonlyArray<string>
  readonly ids: IdList
}

/** An account as exported in a state snapshot. */
export interface AccountSnapshot {
  /** The account's UserID. */
  readonly UserID: string
  /** Its nickname, if imported with one. */
  readonly Nick?: string
  /** Its avatar URL, if imported with one. */
  readonly FaceUrl?: string
  /** First import, epoch ms (emulator clock). */
  readonly importedAt: number
  /** Attribute NAME → value. */
  readonly attrs?: Record<string, string>
  /** Its tags. */
  readonly tags?: ReadonlyArray<string>
}

const EMPTY: IdSet = new IdSet()

const addTo = <K>(index: Map<K, IdSet>, key: K, id: number): void => {
  let s = index.get(key)
  if (s === undefined) index.set(key, (s = new IdSet()))
  s.add(id)
}

const removeFrom = <K>(index: Map<K, IdSet>, key: K, id: number): void => {
  const s = index.get(key)
  if (s === undefined) return
  s.delete(id)
  if (s.size === 0) index.delete(key)
}

export class AppData {
  readonly #idOf = new Map<string, number>()
  readonly #byId: Array<Account | undefined> = []
  /** Bit per id: imported and not deleted (for "everyone" and TagsNot-only audiences). */
  #alive = new Uint32Array(1024)
  readonly #tagIndex = new Map<string, IdSet>()
  readonly #attrIndex: Array<Map<string, IdSet>> = Array.from({ length: ATTR_SLOTS }, () => new Map())
  /** Slot → attribute name. */
  readonly attrNames: Array<string | undefined> = new Array(ATTR_SLOTS).fill(undefined)
  /** Slot → account type (0 UserID, 1 RegistrationID), once set. */
  readonly attrTypes: Array<number | undefined> = new Array(ATTR_SLOTS).fill(undefined)

  // ---- accounts ---------------------------------------------------------------------------

  get accountCount(): number {
    return this.#idOf.size
  }

  hasAccount(userId: string): boolean {
    return this.#idOf.has(userId)
  }

  /** The account id of `userId`, or undefined when it is not imported. */
  idOf(userId: string): number | undefined {
    return this.#idOf.get(userId)
  }

  /** The UserID of account id `id`, or undefined once that account was deleted. */
  userIdOf(id: number): string | undefined {
    return this.#byId[id]?.userId
  }

  /** Imports or updates an account; supplied profile fields overwrite, omitted ones stay. */
  importAccount(userId: string, now: number, nick?: string, faceUrl?: string): "created" | "updated" {
    const existing = this.#account(userId)
    if (existing) {
      if (nick !== undefined) existing.nick = nick
      if (faceUrl !== undefined) existing.faceUrl = faceUrl
      return "updated"
    }
    const id = this.#byId.length
    this.#byId.push({ userId, id, nick, faceUrl, importedAt: now, tags: undefined, attrs: undefined })
    this.#idOf.set(userId, id)
    if (id >>> 5 >= this.#alive.length) {
      const grown = new Uint32Array(Math.max(this.#alive.length * 2, (id >>> 5) + 1))
      grown.set(this.#alive)
      this.#alive = grown
    }
    this.#alive[id >>> 5]! |= 1 << (id & 31)
    return "created"
  }

  /** Deletes an account with its tags and attributes; false if it did not exist. */
  deleteAccount(userId: string): boolean {
    const a = this.#account(userId)
    if (!a) return false
    this.#setTagsOn(a, [])
    if (a.attrs) for (let slot = 0; slot < ATTR_SLOTS; slot++) if (a.attrs[slot] !== undefined) this.#unsetAttr(a, slot)
    this.#byId[a.id] = undefined
    this.#idOf.delete(userId)
    this.#alive[a.id >>> 5]! &= ~(1 << (a.id & 31))
    return true
  }

  /** An account's profile fields, or undefined when not imported. */
  profile(userId: string): { readonly nick?: string; readonly faceUrl?: string; readonly importedAt: number } | undefined {
    const a = this.#account(userId)
    if (a === undefined) return undefined
    return { ...(a.nick !== undefined ? { nick: a.nick } : {}), ...(a.faceUrl !== undefined ? { faceUrl: a.faceUrl } : {}), importedAt: a.importedAt }
  }

  /**
   * Pages through the accounts in import order without a copy: from account id `from`, at most
   * `limit` accounts that pass `test`, looking at no more than `budget` ids (so one page of a
   * search over millions stays bounded). `next` is where the following page starts.
   */
  scanAccounts(
    from: number,
    limit: number,
    budget: number,
    test?: (userId: string, tags: ReadonlyArray<string>, attrBySlot: ReadonlyArray<string | undefined>) => boolean,
  ): { readonly found: Array<{ readonly id: number; readonly userId: string }>; readonly next: number | undefined } {
    const found: Array<{ id: number; userId: string }> = []
    const end = Math.min(this.#byId.length, from + budget)
    let id = Math.max(0, from)
    for (; id < end && found.length < limit; id++) {
      const a = this.#byId[id]
      if (a === undefined) continue
      if (test === undefined || test(a.userId, a.tags ?? [], a.attrs ?? [])) found.push({ id, userId: a.userId })
    }
    return { found, next: id < this.#byId.length ? id : undefined }
  }

  #account(userId: string): Account | undefined {
    const id = this.#idOf.get(userId)
    return id === undefined ? undefined : this.#byId[id]
  }

  // ---- attribute names --------------------------------------------------------------------

  /** The slot holding attribute `name`, or -1. */
  slotOf(name: string): number {
    return this.attrNames.indexOf(name)
  }

  // ---- attributes -------------------------------------------------------------------------

  /** The user's attributes by NAME (slots without a name are skipped). */
  getAttrs(userId: string): Record<string, string> {
    const a = this.#account(userId)
    return a ? this.#attrsOf(a) : {}
  }

  #attrsOf(a: Account): Record<string, string> {
    const out: Record<string, string> = {}
    if (!a.attrs) return out
    for (let slot = 0; slot < ATTR_SLOTS; slot++) {
      const v = a.attrs[slot]
      const name = this.attrNames[slot]
      // Names are user-chosen: "__proto__" must stay an own key (assignment would set the prototype).
      if (v !== undefined && name !== undefined) Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true })
    }
    return out
  }

  /** Sets one attribute by slot (caller has checked the name exists). */
  setAttr(userId: string, slot: number, value: string): void {
    const a = this.#account(userId)
    if (a) this.#setAttrOn(a, slot, value)
  }

  #setAttrOn(a: Account, slot: number, value: string): void {
    const attrs = (a.attrs ??= new Array(ATTR_SLOTS).fill(undefined))
    const old = attrs[slot]
    if (old === value) return
    if (old !== undefined) removeFrom(this.#attrIndex[slot]!, old, a.id)
    attrs[slot] = value
    addTo(this.#attrIndex[slot]!, value, a.id)
  }

  /** Removes one attribute by slot; a no-op when unset. */
  removeAttr(userId: string, slot: number): void {
    const a = this.#account(userId)
    if (a?.attrs?.[slot] !== undefined) this.#unsetAttr(a, slot)
  }

  #unsetAttr(a: Account, slot: number): void {
    removeFrom(this.#attrIndex[slot]!, a.attrs![slot]!, a.id)
    a.attrs![slot] = undefined
  }

  // ---- tags -------------------------------------------------------------------------------

  /** Distinct tags held by at least one account. */
  get distinctTagCount(): number {
    return this.#tagIndex.size
  }

  /** How many accounts hold `tag`. */
  tagHolderCount(tag: string): number {
    return this.#tagIndex.get(tag)?.size ?? 0
  }

  getTags(userId: string): ReadonlyArray<string> {
    return this.#account(userId)?.tags ?? []
  }

  /** Sets the user's tags to exactly `tags` (deduplicated, order kept), updating the index. */
  setTags(userId: string, tags: ReadonlyArray<string>): void {
    const a = this.#account(userId)
    if (a) this.#setTagsOn(a, tags)
  }

  #setTagsOn(a: Account, tags: ReadonlyArray<string>): void {
    const next = [...new Set(tags)]
    const old = a.tags ?? []
    for (const t of old) if (!next.includes(t)) removeFrom(this.#tagIndex, t, a.id)
    for (const t of next) if (!old.includes(t)) addTo(this.#tagIndex, t, a.id)
    a.tags = next.length > 0 ? next : undefined
  }

  clearTags(userId: string): void {
    this.setTags(userId, [])
  }

  // ---- audience ---------------------------------------------------------------------------

  /**
   * Resolves a push condition over the imported accounts. Present groups are ANDed:
   * TagsAnd (has all) ∧ TagsOr (has one) ∧ ¬TagsNot, or AttrsAnd (all pairs equal) ∧ AttrsOr
   * (one pair equal). Empty or absent groups add no constraint; no group at all = everyone.
   * Unknown attribute names must be rejected by the caller (90033) before this is called.
   */
  resolve(cond: ConditionInput | undefined, sampleSize: number, tagsNot: TagsNotMode = "any"): Audience {
    const and: Array<IdSet> = []
    const or: Array<IdSet> = []
    const not: Array<IdSet> = []
    for (const t of cond?.TagsAnd ?? []) and.push(this.#tagIndex.get(t) ?? EMPTY)
    for (const t of cond?.TagsOr ?? []) or.push(this.#tagIndex.get(t) ?? EMPTY)
    for (const t of cond?.TagsNot ?? []) not.push(this.#tagIndex.get(t) ?? EMPTY)
    for (const [name, value] of Object.entries(cond?.AttrsAnd ?? {})) and.push(this.#attrSet(name, value))
    for (const [name, value] of Object.entries(cond?.AttrsOr ?? {})) or.push(this.#attrSet(name, value))
    return this.#match(and, or, not, tagsNot, sampleSize)
  }

  #attrSet(name: string, value: string): IdSet {
    const slot = this.slotOf(name)
    return slot < 0 ? EMPTY : (this.#attrIndex[slot]!.get(value) ?? EMPTY)
  }

  #match(
    and: Array<IdSet>,
    or: Array<IdSet>,
    not: Array<IdSet>,
    notMode: TagsNotMode,
    sampleSize: number,
  ): Audience {
    const n = this.#byId.length
    and.sort((x, y) => x.size - y.size)
    const toUsers = (ids: ReadonlyArray<number>) => ids.map((id) => this.#byId[id]!.userId)
    // Narrow audiences: drive from the smallest AND set and probe the others.
    if (and.length > 0 && and[0]!.size <= n / 32) {
      const sample = new SmallestK(sampleSize)
      const matched: Array<number> = []
      const [base, ...rest] = and as [IdSet, ...Array<IdSet>]
      outer: for (const id of base) {
        for (const s of rest) if (!s.has(id)) continue outer
        if (or.length > 0 && !or.some((s) => s.has(id))) continue
        if (not.length > 0 && (notMode === "any" ? not.some((s) => s.has(id)) : not.every((s) => s.has(id)))) continue
        matched.push(id)
        sample.add(id)
      }
      return { count: matched.length, sample: toUsers(sample.values()), ids: IdList.ofIds(Uint32Array.from(matched).sort()) }
    }
    // Broad audiences: one sequential pass per index set into bitsets, then word operations.
    const words = wordsFor(n)
    const union = (sets: ReadonlyArray<IdSet>) => {
      const bits = new Uint32Array(words)
      for (const s of sets) s.orInto(bits)
      return bits
    }
    const intersection = (sets: ReadonlyArray<IdSet>) => {
      const bits = union([sets[0]!])
      for (let i = 1; i < sets.length; i++) andInto(bits, union([sets[i]!]))
      return bits
    }
    let bits: Uint32Array
    if (and.length > 0) bits = intersection(and)
    else if (or.length > 0) bits = union(or)
    else bits = this.#alive.slice(0, words)
    if (and.length > 0 && or.length > 0) andInto(bits, union(or))
    if (not.length > 0) andNotInto(bits, notMode === "any" ? union(not) : intersection(not))
    const total = count(bits)
    return { count: total, sample: toUsers(lowest(bits, sampleSize)), ids: IdList.ofBits(bits, total) }
  }

  // ---- snapshot ---------------------------------------------------------------------------

  /** Accounts in import order, with attributes by name and tags. */
  exportAccounts(): Array<AccountSnapshot> {
    return [...this.accountSnapshots()]
  }

  /**
   * The same, one at a time (the streaming export holds one account at a time). Accounts
   * imported or deleted while the iteration runs may or may not be seen.
   */
  *accountSnapshots(): Generator<AccountSnapshot> {
    const byId = this.#byId
    for (let id = 0; id < byId.length; id++) {
      const a = byId[id]
      if (a === undefined) continue
      const attrs = this.#attrsOf(a)
      yield {
        UserID: a.userId,
        ...(a.nick !== undefined ? { Nick: a.nick } : {}),
        ...(a.faceUrl !== undefined ? { FaceUrl: a.faceUrl } : {}),
        importedAt: a.importedAt,
        ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
        ...(a.tags ? { tags: [...a.tags] } : {}),
      }
    }
  }

  /** Loads one exported account (attribute names must already be set). */
  importAccountSnapshot(s: AccountSnapshot): void {
    this.importAccount(s.UserID, s.importedAt, s.Nick, s.FaceUrl)
    const a = this.#account(s.UserID)!
    if (s.attrs) {
      for (const name in s.attrs) {
        const slot = this.slotOf(name)
        if (slot < 0) throw new Error(`account ${JSON.stringify(s.UserID)} has attribute ${JSON.stringify(name)}, which has no slot`)
        this.#setAttrOn(a, slot, s.attrs[name]!)
      }
    }
    if (s.tags) this.#setTagsOn(a, s.tags)
  }
}
