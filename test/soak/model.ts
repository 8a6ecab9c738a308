/**
 * The soak's model: the state every account SHOULD have (attributes and tags), and which parts
 * of it are uncertain because the client reported an operation touching them as failed (its
 * effect may or may not have landed).
 *
 * Intended values change when an operation is issued, in issue order. Certainty changes when
 * outcomes are replayed, also in issue order (see `replay` in soak.ts): a failed operation makes
 * the keys it touched uncertain; a later successful one that sets those keys makes them certain
 * again (a successful add of tag t means t is held, whatever happened before).
 *
 * The invariant checked against the emulator: every CERTAIN key of every account has its
 * intended value. An account with an uncertain key is one the client reported as failed.
 */

/** A seeded PRNG (the emulator's mulberry32), so a seed replays the same operations. */
export { mulberry32 as prng } from "../../src/emulator/prng.ts"

/** The keys an operation touches: attribute names, tag names, or all tags (replace / clear). */
export type Touched = { readonly attrs: ReadonlyArray<string> } | { readonly tags: ReadonlyArray<string> } | { readonly allTags: true }

interface AccountModel {
  readonly attrs: Map<string, string>
  tags: Set<string>
  readonly uncertainAttrs: Set<string>
  readonly uncertainTags: Set<string>
}

export class Model {
  readonly #accounts = new Map<string, AccountModel>()
  readonly #allTags: ReadonlyArray<string>

  constructor(userIds: ReadonlyArray<string>, allTags: ReadonlyArray<string>) {
    this.#allTags = allTags
    for (const u of userIds) this.#accounts.set(u, { attrs: new Map(), tags: new Set(), uncertainAttrs: new Set(), uncertainTags: new Set() })
  }

  #of(userId: string): AccountModel {
    const a = this.#accounts.get(userId)
    if (a === undefined) throw new Error(`unknown account ${userId}`)
    return a
  }

  // Intended values (at issue time).
  setAttrs(userId: string, attrs: Record<string, string>): void {
    const a = this.#of(userId)
    for (const [k, v] of Object.entries(attrs)) a.attrs.set(k, v)
  }

  removeAttrs(userId: string, names: ReadonlyArray<string>): void {
    const a = this.#of(userId)
    for (const n of names) a.attrs.delete(n)
  }

  addTags(userId: string, tags: ReadonlyArray<string>, replace: boolean): void {
    const a = this.#of(userId)
    if (replace) a.tags = new Set(tags)
    else for (const t of tags) a.tags.add(t)
  }

  removeTags(userId: string, tags: ReadonlyArray<string>): void {
    const a = this.#of(userId)
    for (const t of tags) a.tags.delete(t)
  }

  clearTags(userId: string): void {
    this.#of(userId).tags = new Set()
  }

  // Certainty (at replay time, in issue order).
  settle(userId: string, touched: Touched, ok: boolean): void {
    const a = this.#of(userId)
    const keys = "attrs" in touched ? touched.attrs : "tags" in touched ? touched.tags : this.#allTags
    const set = "attrs" in touched ? a.uncertainAttrs : a.uncertainTags
    for (const k of keys) {
      if (ok) set.delete(k)
      else set.add(k)
    }
  }

  /** True when some key of the account is uncertain (the client reported a failure on it). */
  uncertain(userId: string): boolean {
    const a = this.#of(userId)
    return a.uncertainAttrs.size > 0 || a.uncertainTags.size > 0
  }

  /** Intended attributes and tags (sorted). */
  view(userId: string): { attrs: Record<string, string>; tags: Array<string> } {
    const a = this.#of(userId)
    return { attrs: Object.fromEntries([...a.attrs].sort(([x], [y]) => (x < y ? -1 : 1))), tags: [...a.tags].sort() }
  }

  /**
   * Differences between `actual` and the intended state on CERTAIN keys only (attribute names in
   * `attrNames`, tags in the tag universe), plus anything outside those universes.
   */
  diff(
    userId: string,
    actual: { attrs: Record<string, string>; tags: ReadonlyArray<string> },
    attrNames: ReadonlyArray<string>,
    intended: { attrs: Record<string, string>; tags: ReadonlyArray<string> } = this.view(userId),
  ): Array<string> {
    const a = this.#of(userId)
    const out: Array<string> = []
    for (const name of attrNames) {
      if (a.uncertainAttrs.has(name)) continue
      if (actual.attrs[name] !== intended.attrs[name]) out.push(`attr ${name}: ${actual.attrs[name] ?? "(none)"} vs intended ${intended.attrs[name] ?? "(none)"}`)
    }
    for (const name of Object.keys(actual.attrs)) if (!attrNames.includes(name)) out.push(`unexpected attr ${name}`)
    const held = new Set(actual.tags)
    const want = new Set(intended.tags)
    for (const t of this.#allTags) {
      if (a.uncertainTags.has(t)) continue
      if (held.has(t) !== want.has(t)) out.push(`tag ${t}: ${held.has(t) ? "held" : "not held"} vs intended ${want.has(t) ? "held" : "not held"}`)
    }
    for (const t of held) if (!this.#allTags.includes(t)) out.push(`unexpected tag ${t}`)
    return out
  }

  /** Whether `userId` matches a push condition on its intended state. */
  matches(userId: string, c: { tagsAnd?: ReadonlyArray<string> | undefined; tagsOr?: ReadonlyArray<string> | undefined; tagsNot?: ReadonlyArray<string> | undefined; attrsAnd?: Record<string, string> | undefined; attrsOr?: Record<string, string> | undefined } | undefined): boolean {
    if (c === undefined) return true
    const m = this.#of(userId)
    if (c.tagsAnd && !c.tagsAnd.every((t) => m.tags.has(t))) return false
    if (c.tagsOr && !c.tagsOr.some((t) => m.tags.has(t))) return false
    if (c.tagsNot && c.tagsNot.some((t) => m.tags.has(t))) return false
    if (c.attrsAnd && !Object.entries(c.attrsAnd).every(([k, v]) => m.attrs.get(k) === v)) return false
    if (c.attrsOr && !Object.entries(c.attrsOr).some(([k, v]) => m.attrs.get(k) === v)) return false
    return true
  }
}
