/**
 * User tags: get_tag, add_tag, remove_tag, clear_all_tags (legacy im_remove_all_tags).
 *
 * The request-shape limits (≤ 10 tags per user per add request, ≤ 100 with `Replace`, tag ≤ 50
 * bytes, non-empty) come from the catalogue's rules (90032 / 90020 / 90040). The two state caps
 * have no documented code (docs/protocol/push-api.md#user-tags); we answer 90032, the documented "too many
 * tags" code:
 * - a user would hold more than 100 tags → that account fails (timpush: in ErrorList);
 * - the app would hold more than 1000 distinct tags → that account fails likewise.
 * Accounts are applied in request order, so an account fails only if it, after the ones before
 * it, breaks a cap. On the legacy family (no ErrorList) any cap failure fails the whole request
 * with 90032 and nothing is written.
 * `Replace: 1` exists on timpush only (the catalogue's rules answer 90001 on the legacy family).
 *
 * @module
 */
import { fail, ok } from "./contract.ts"
import type { Handler } from "./contract.ts"
import { ACCOUNT_NOT_FOUND, distinct, ErrorListBuilder, isLegacy } from "./common.ts"

const TOO_MANY_TAGS = 90032

export const getTag: Handler<"get_tag"> = (ctx, req) => {
  const data = ctx.state.data
  const errors = new ErrorListBuilder()
  const UserTags: Array<{ To_Account: string; Tags: Array<string> }> = []
  for (const account of distinct(req.To_Account)) {
    if (data.hasAccount(account)) UserTags.push({ To_Account: account, Tags: [...data.getTags(account)] })
    else if (isLegacy(ctx)) UserTags.push({ To_Account: account, Tags: [] })
    else errors.add(account, ACCOUNT_NOT_FOUND)
  }
  return ok({ UserTags, ...errors.field() })
}

export const addTag: Handler<"add_tag"> = (ctx, req) => {
  const data = ctx.state.data
  const { tagsPerUser, distinctTagsPerApp } = ctx.settings.limits
  const replace = req.Replace === 1
  const errors = new ErrorListBuilder()
  // Plan against an overlay so caps see the effect of earlier accounts in this request.
  const planned = new Map<string, Array<string>>()
  const holders = new Map<string, number>()
  let distinctCount = data.distinctTagCount
  const holderCount = (tag: string) => holders.get(tag) ?? data.tagHolderCount(tag)
  const capFailures: Array<string> = []
  for (const u of req.UserTags) {
    if (!data.hasAccount(u.To_Account)) {
      if (!isLegacy(ctx)) errors.add(u.To_Account, ACCOUNT_NOT_FOUND)
      continue
    }
    const before = planned.get(u.To_Account) ?? [...data.getTags(u.To_Account)]
    const after = replace ? distinct(u.Tags) : distinct([...before, ...u.Tags])
    const added = after.filter((t) => !before.includes(t))
    const removed = before.filter((t) => !after.includes(t))
    const nextDistinct =
      distinctCount + added.filter((t) => holderCount(t) === 0).length - removed.filter((t) => holderCount(t) === 1).length
    if (after.length > tagsPerUser || (added.length > 0 && nextDistinct > distinctTagsPerApp)) {
      capFailures.push(u.To_Account)
      errors.add(u.To_Account, TOO_MANY_TAGS)
      continue
    }
    for (const t of added) holders.set(t, holderCount(t) + 1)
    for (const t of removed) holders.set(t, holderCount(t) - 1)
    distinctCount = nextDistinct
    planned.set(u.To_Account, after)
  }
  if (isLegacy(ctx) && capFailures.length > 0) {
    return fail(
      TOO_MANY_TAGS,
      `tag limit exceeded (${tagsPerUser} per user, ${distinctTagsPerApp} per app) for ${capFailures.map((a) => JSON.stringify(a)).join(", ")}`,
    )
  }
  for (const [account, tags] of planned) data.setTags(account, tags)
  return ok({ ...errors.field() })
}

export const removeTag: Handler<"remove_tag"> = (ctx, req) => {
  const data = ctx.state.data
  const errors = new ErrorListBuilder()
  for (const u of req.UserTags) {
    if (!data.hasAccount(u.To_Account)) {
      if (!isLegacy(ctx)) errors.add(u.To_Account, ACCOUNT_NOT_FOUND)
      continue
    }
    const drop = new Set(u.Tags)
    data.setTags(
      u.To_Account,
      data.getTags(u.To_Account).filter((t) => !drop.has(t)),
    )
  }
  return ok({ ...errors.field() })
}

export const clearAllTags: Handler<"clear_all_tags"> = (ctx, req) => {
  const data = ctx.state.data
  const errors = new ErrorListBuilder()
  for (const account of req.To_Account) {
    if (data.hasAccount(account)) data.clearTags(account)
    else if (!isLegacy(ctx)) errors.add(account, ACCOUNT_NOT_FOUND)
  }
  return ok({ ...errors.field() })
}
