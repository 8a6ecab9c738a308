/**
 * A push task's audience rule in words, as the emulator applies it (present groups are ANDed;
 * `TagsNot` per the emulator's `tagsNot` mode; empty groups count as absent), so a reader of the
 * console sees the same reading the resolver used, not the JSON.
 *
 * @module
 */
import type { PushTask } from "../app-state.ts"
import type { TagsNotMode } from "../app-data.ts"

const quote = (s: string): string => JSON.stringify(s)

/** `a`, `a or b`, `a, b or c`. */
const list = (items: ReadonlyArray<string>, joiner: "and" | "or"): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${joiner} ${items[items.length - 1]}`

const pairs = (attrs: Readonly<Record<string, string>>): Array<string> =>
  Object.entries(attrs).map(([name, value]) => `${name} is ${quote(value)}`)

/** The condition members the words read (wire names). */
export interface ConditionLike {
  readonly TagsAnd?: ReadonlyArray<string> | undefined
  readonly TagsOr?: ReadonlyArray<string> | undefined
  readonly TagsNot?: ReadonlyArray<string> | undefined
  readonly AttrsAnd?: Readonly<Record<string, string>> | undefined
  readonly AttrsOr?: Readonly<Record<string, string>> | undefined
}

/** The condition in words, e.g. `has tag "vip" and has none of the tags "churned" or "test"`. */
export const conditionInWords = (c: ConditionLike | undefined, tagsNot: TagsNotMode): string => {
  const groups: Array<{ text: string; or: boolean }> = []
  const tagsAnd = (c?.TagsAnd ?? []).map(quote)
  const tagsOr = (c?.TagsOr ?? []).map(quote)
  const tagsNotList = (c?.TagsNot ?? []).map(quote)
  const attrsAnd = pairs(c?.AttrsAnd ?? {})
  const attrsOr = pairs(c?.AttrsOr ?? {})
  if (tagsAnd.length > 0) groups.push({ text: `has ${tagsAnd.length === 1 ? "tag" : "the tags"} ${list(tagsAnd, "and")}`, or: false })
  if (tagsOr.length > 0) groups.push({ text: `has ${tagsOr.length === 1 ? "tag" : "a tag among"} ${list(tagsOr, "or")}`, or: tagsOr.length > 1 })
  if (tagsNotList.length > 0) {
    const text =
      tagsNotList.length === 1
        ? `does not have tag ${tagsNotList[0]}`
        : tagsNot === "any"
          ? `has none of the tags ${list(tagsNotList, "or")}`
          : `does not have all of the tags ${list(tagsNotList, "and")}`
    groups.push({ text, or: false })
  }
  if (attrsAnd.length > 0) groups.push({ text: list(attrsAnd, "and"), or: false })
  if (attrsOr.length > 0) groups.push({ text: list(attrsOr, "or"), or: attrsOr.length > 1 })
  if (groups.length === 0) return "everyone (every imported account)"
  return groups.map((g) => (g.or && groups.length > 1 ? `(${g.text})` : g.text)).join(" and ")
}

/** Who a task was for, in words: its condition, or the listed accounts of a batch. */
export const taskAudienceInWords = (task: PushTask, tagsNot: TagsNotMode): string =>
  task.endpoint === "batch"
    ? `the accounts listed in the request (${task.audienceSize} of them imported)`
    : conditionInWords(task.condition as ConditionLike | undefined, tagsNot)
