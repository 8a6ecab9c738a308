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

/** A resolved audience: its size and the first `sampleSize` recipients in import order. */
export interface Audience {
  readonly count: number
  readonly sample: ReadonlyArray<string>
}

/** An account as exported in a state snapshot. */
export interface AccountSnapshot {
  readonly UserID: string
  readonly Nick?: string
  readonly FaceUrl?: string
  readonly importedAt: number
  /** Attribute NAME → value. */
  readonly attrs?: Record<string, string>
  readonly tags?: ReadonlyArray<string>
}

const EMPTY: ReadonlySet<number> = new Set()

const addTo = <K>(index: Map<K, Set<number>>, key: K, id: number): void => {
  let s = index.get(key)
  if (s === undefined) index.set(key, (s = new Set()))
  s.add(id)
}

const removeFrom = <K>(index: Map<K, Set<number>>, key: K, id: number): void => {
  const s = index.get(key)
  if (s === undefined) return
  s.delete(id)
  if (s.size === 0) index.delete(key)
}

export class AppData {
  readonly #idOf = new Map<string, number>()
  readonly #byId: Array<Account | undefined> = []
  readonly #tagIndex = new Map<string, Set<number>>()
  readonly #attrIndex: Array<Map<string, Set<number>>> = Array.from({ length: ATTR_SLOTS }, () => new Map())
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
    return "created"
  }

  /** Deletes an account with its tags and attributes; false if it did not exist. */
  deleteAccount(userId: string): boolean {
    const a = this.#account(userId)
    if (!a) return false
    this.clearTags(userId)
    if (a.attrs) for (let slot = 0; slot < ATTR_SLOTS; slot++) if (a.attrs[slot] !== undefined) this.#unsetAttr(a, slot)
    this.#byId[a.id] = undefined
    this.#idOf.delete(userId)
    return true
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
    const out: Record<string, string> = {}
    const a = this.#account(userId)
    if (!a?.attrs) return out
    for (let slot = 0; slot < ATTR_SLOTS; slot++) {
      const v = a.attrs[slot]
      const name = this.attrNames[slot]
      if (v !== undefined && name !== undefined) out[name] = v
    }
    return out
  }

  /** Sets one attribute by slot (caller has checked the name exists). */
  setAttr(userId: string, slot: number, value: string): void {
    const a = this.#account(userId)
    if (!a) return
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
    if (!a) return
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
    const and: Array<ReadonlySet<number>> = []
    const or: Array<ReadonlySet<number>> = []
    const not: Array<ReadonlySet<number>> = []
    for (const t of cond?.TagsAnd ?? []) and.push(this.#tagIndex.get(t) ?? EMPTY)
    for (const t of cond?.TagsOr ?? []) or.push(this.#tagIndex.get(t) ?? EMPTY)
    for (const t of cond?.TagsNot ?? []) not.push(this.#tagIndex.get(t) ?? EMPTY)
    for (const [name, value] of Object.entries(cond?.AttrsAnd ?? {})) and.push(this.#attrSet(name, value))
    for (const [name, value] of Object.entries(cond?.AttrsOr ?? {})) or.push(this.#attrSet(name, value))
    return this.#match(and, or, not, tagsNot, sampleSize)
  }

  #attrSet(name: string, value: string): ReadonlySet<number> {
    const slot = this.slotOf(name)
    return slot < 0 ? EMPTY : (this.#attrIndex[slot]!.get(value) ?? EMPTY)
  }

  #match(
    and: Array<ReadonlySet<number>>,
    or: Array<ReadonlySet<number>>,
    not: Array<ReadonlySet<number>>,
    notMode: TagsNotMode,
    sampleSize: number,
  ): Audience {
    const sample = new SmallestK(sampleSize)
    let count = 0
    // Drive from the smallest AND set; otherwise from the OR sets (each id once); else everyone.
    and.sort((x, y) => x.size - y.size)
    const excluded =
      not.length === 0
        ? (_id: number) => false
        : notMode === "any"
          ? (id: number) => not.some((s) => s.has(id))
          : (id: number) => not.every((s) => s.has(id))
    const accept = (id: number) => {
      count++
      sample.add(id)
    }
    if (and.length > 0) {
      const [base, ...rest] = and as [ReadonlySet<number>, ...Array<ReadonlySet<number>>]
      outer: for (const id of base) {
        for (const s of rest) if (!s.has(id)) continue outer
        if (or.length > 0 && !or.some((s) => s.has(id))) continue
        if (excluded(id)) continue
        accept(id)
      }
    } else if (or.length > 0) {
      for (let i = 0; i < or.length; i++) {
        const s = or[i]!
        outer: for (const id of s) {
          for (let j = 0; j < i; j++) if (or[j]!.has(id)) continue outer
          if (excluded(id)) continue
          accept(id)
        }
      }
    } else {
      for (const id of this.#idOf.values()) if (!excluded(id)) accept(id)
    }
    return { count, sample: sample.values().map((id) => this.#byId[id]!.userId) }
  }

  // ---- snapshot ---------------------------------------------------------------------------

  /** Accounts in import order, with attributes by name and tags. */
  exportAccounts(): Array<AccountSnapshot> {
    const out: Array<AccountSnapshot> = []
    for (const id of this.#idOf.values()) {
      const a = this.#byId[id]!
      const attrs = this.getAttrs(a.userId)
      out.push({
        UserID: a.userId,
        ...(a.nick !== undefined ? { Nick: a.nick } : {}),
        ...(a.faceUrl !== undefined ? { FaceUrl: a.faceUrl } : {}),
        importedAt: a.importedAt,
        ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
        ...(a.tags ? { tags: [...a.tags] } : {}),
      })
    }
    return out
  }

  /** Loads one exported account (attribute names must already be set). */
  importAccountSnapshot(s: AccountSnapshot): void {
    this.importAccount(s.UserID, s.importedAt, s.Nick, s.FaceUrl)
    for (const [name, value] of Object.entries(s.attrs ?? {})) {
      const slot = this.slotOf(name)
      if (slot < 0) throw new Error(`account ${JSON.stringify(s.UserID)} has attribute ${JSON.stringify(name)}, which has no slot`)
      this.setAttr(s.UserID, slot, value)
    }
    if (s.tags) this.setTags(s.UserID, s.tags)
  }
}
