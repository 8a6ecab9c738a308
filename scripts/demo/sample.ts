/**
 * The demo's sample users: deterministic under a seed, so the same run prints the same audiences.
 * Each user has three attributes (city, plan, lang) and a few tags (one platform, some
 * interests, sometimes "beta"). `expectedAudience` counts locally who a condition should reach,
 * with the documented semantics (TagsAnd: all; TagsOr: any; TagsNot: none; attributes: equal),
 * so the demo can show the emulator's audience next to an independent count.
 */
import type { PushCondition } from "../../src/client/mod.ts"
import { mulberry32 as prng } from "../../src/emulator/prng.ts"

export interface SampleUser {
  readonly userId: string
  readonly nick: string
  readonly attrs: { readonly city: string; readonly plan: string; readonly lang: string }
  readonly tags: ReadonlyArray<string>
}

/** Names used in the sample; `prefix` namespaces them (live mode) so they cannot match real users. */
export interface SampleNames {
  readonly idPrefix: string
  readonly tagPrefix: string
}

const cities = ["beijing", "shanghai", "shenzhen", "singapore"] as const
const interests = ["sports", "music", "games", "news"] as const


/** `count` users, the same for the same seed. */
export const sampleUsers = (count: number, seed: number, names: SampleNames): Array<SampleUser> => {
  const random = prng(seed)
  const width = String(count).length
  return Array.from({ length: count }, (_, i) => {
    const city = cities[Math.floor(random() * cities.length)]!
    const plan = random() < 0.25 ? "pro" : "free"
    const lang = random() < 0.6 ? "zh" : "en"
    const tags = [random() < 0.45 ? "ios" : "android"]
    for (const interest of interests) if (random() < 0.3) tags.push(interest)
    if (random() < 0.1) tags.push("beta")
    return {
      userId: `${names.idPrefix}${String(i + 1).padStart(width, "0")}`,
      nick: `Sample user ${i + 1}`,
      attrs: { city, plan, lang },
      tags: tags.map((t) => names.tagPrefix + t),
    }
  })
}

/** Whether `user` matches `condition` (attribute names map through `attrName`). */
export const matches = (
  user: SampleUser,
  condition: PushCondition | undefined,
  attrName: (name: keyof SampleUser["attrs"]) => string = (n) => n,
): boolean => {
  if (condition === undefined) return true
  const has = (t: string) => user.tags.includes(t)
  if (condition.tagsAnd && !condition.tagsAnd.every(has)) return false
  if (condition.tagsOr && condition.tagsOr.length > 0 && !condition.tagsOr.some(has)) return false
  if (condition.tagsNot && condition.tagsNot.some(has)) return false
  const value = (wire: string): string | undefined => {
    for (const key of ["city", "plan", "lang"] as const) if (attrName(key) === wire) return user.attrs[key]
    return undefined
  }
  if (condition.attrsAnd && !Object.entries(condition.attrsAnd).every(([k, v]) => value(k) === v)) return false
  if (condition.attrsOr && Object.keys(condition.attrsOr).length > 0 && !Object.entries(condition.attrsOr).some(([k, v]) => value(k) === v)) {
    return false
  }
  return true
}

/** How many of `users` a push with `condition` should reach. */
export const expectedAudience = (
  users: ReadonlyArray<SampleUser>,
  condition: PushCondition | undefined,
  attrName?: (name: keyof SampleUser["attrs"]) => string,
): number => users.filter((u) => matches(u, condition, attrName)).length
