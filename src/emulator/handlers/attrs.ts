/**
 * Attribute names (set/get_attr_name) and user attributes (get/set/remove_attr).
 *
 * Choices where the docs are silent (docs/protocol/push-api.md#attribute-names and #user-attributes):
 * - set_attr_name MERGES per slot; a slot may be renamed (its users' values stay, since values
 *   are stored by slot). A name used by another slot after the merge, a duplicate in the
 *   request, an `AttrTypes` key not in `AttrNames`, or a change of a slot's type → 90033
 *   (ErrorInfo like the documented sample `attrName:city already exists at index:1`).
 * - set_attr merges: attributes not named in the request keep their values. An unknown
 *   attribute name fails the whole request (90033) before anything is written.
 * - Every emulated account is a UserID account, so setting an attribute whose slot has
 *   `AttrTypes` 1 (RegistrationID) lists that account in ErrorList with 90035 (timpush).
 * - get_attr is admin-only like every other command (its page omits 90009, an omission we do
 *   not reproduce).
 *
 * @module
 */
import { fail, ok } from "./contract.ts"
import type { Handler } from "./contract.ts"
import { ACCOUNT_NOT_FOUND, distinct, ErrorListBuilder, isLegacy } from "./common.ts"

const INVALID_ATTR = 90033
const WRONG_ACCOUNT_TYPE = 90035

export const setAttrName: Handler<"set_attr_name"> = (ctx, req) => {
  const data = ctx.state.data
  const names = [...data.attrNames]
  const seen = new Map<string, number>()
  for (const [key, name] of Object.entries(req.AttrNames)) {
    const slot = Number(key)
    if (!/^[0-9]$/.test(key)) return fail(INVALID_ATTR, `attribute slot ${JSON.stringify(key)} is not one of "0".."9"`)
    const dup = seen.get(name)
    if (dup !== undefined) return fail(INVALID_ATTR, `attrName:${name} is given for index:${dup} and index:${slot}`)
    seen.set(name, slot)
    names[slot] = name
  }
  for (let slot = 0; slot < names.length; slot++) {
    const name = names[slot]
    if (name === undefined) continue
    const other = names.indexOf(name)
    if (other !== slot) {
      const existing = data.attrNames[other] === name ? other : slot
      return fail(INVALID_ATTR, `attrName:${name} already exists at index:${existing}`)
    }
  }
  const types = [...data.attrTypes]
  for (const [key, type] of Object.entries(req.AttrTypes ?? {})) {
    if (!(key in req.AttrNames)) return fail(INVALID_ATTR, `AttrTypes key ${JSON.stringify(key)} is not in AttrNames`)
    if (type !== 0 && type !== 1) return fail(INVALID_ATTR, `AttrTypes[${key}] must be 0 (UserID) or 1 (RegistrationID)`)
    const slot = Number(key)
    const current = data.attrTypes[slot]
    if (current !== undefined && current !== type) {
      return fail(INVALID_ATTR, `AttrTypes[${key}] is ${current} and cannot be changed`)
    }
    types[slot] = type
  }
  names.forEach((n, i) => (data.attrNames[i] = n))
  types.forEach((t, i) => (data.attrTypes[i] = t))
  return ok({})
}

export const getAttrName: Handler<"get_attr_name"> = (ctx) => {
  const data = ctx.state.data
  const AttrNames: Record<string, string> = {}
  const AttrTypes: Record<string, number> = {}
  data.attrNames.forEach((name, slot) => {
    if (name === undefined) return
    AttrNames[String(slot)] = name
    AttrTypes[String(slot)] = data.attrTypes[slot] ?? 0
  })
  // AttrTypes is a Push Service (timpush) field; the legacy pages answer names only.
  return ok(isLegacy(ctx) ? { AttrNames } : { AttrNames, AttrTypes })
}

export const getAttr: Handler<"get_attr"> = (ctx, req) => {
  const data = ctx.state.data
  const errors = new ErrorListBuilder()
  const UserAttrs: Array<{ To_Account: string; Attrs: Record<string, string> }> = []
  for (const account of distinct(req.To_Account)) {
    if (data.hasAccount(account)) UserAttrs.push({ To_Account: account, Attrs: data.getAttrs(account) })
    else if (isLegacy(ctx)) UserAttrs.push({ To_Account: account, Attrs: {} })
    else errors.add(account, ACCOUNT_NOT_FOUND)
  }
  return ok({ UserAttrs, ...errors.field() })
}

/** Slot of each name, or the first unknown name. */
const slotsOf = (
  ctx: Parameters<Handler<"set_attr">>[0],
  names: Iterable<string>,
): { slots: Map<string, number> } | { unknown: string } => {
  const slots = new Map<string, number>()
  for (const name of names) {
    const slot = ctx.state.data.slotOf(name)
    if (slot < 0) return { unknown: name }
    slots.set(name, slot)
  }
  return { slots }
}

export const setAttr: Handler<"set_attr"> = (ctx, req) => {
  const data = ctx.state.data
  const found = slotsOf(ctx, req.UserAttrs.flatMap((u) => Object.keys(u.Attrs)))
  if ("unknown" in found) return fail(INVALID_ATTR, `attribute ${JSON.stringify(found.unknown)} is not defined (set_attr_name first)`)
  const errors = new ErrorListBuilder()
  for (const u of req.UserAttrs) {
    if (!data.hasAccount(u.To_Account)) {
      if (!isLegacy(ctx)) errors.add(u.To_Account, ACCOUNT_NOT_FOUND)
      continue
    }
    const entries = Object.entries(u.Attrs).map(([name, value]) => [found.slots.get(name)!, value] as const)
    if (!isLegacy(ctx) && entries.some(([slot]) => data.attrTypes[slot] === 1)) {
      errors.add(u.To_Account, WRONG_ACCOUNT_TYPE)
      continue
    }
    for (const [slot, value] of entries) data.setAttr(u.To_Account, slot, value)
  }
  return ok({ ...errors.field() })
}

export const removeAttr: Handler<"remove_attr"> = (ctx, req) => {
  const data = ctx.state.data
  const found = slotsOf(ctx, req.UserAttrs.flatMap((u) => u.Attrs))
  if ("unknown" in found) return fail(INVALID_ATTR, `attribute ${JSON.stringify(found.unknown)} is not defined`)
  const errors = new ErrorListBuilder()
  for (const u of req.UserAttrs) {
    if (!data.hasAccount(u.To_Account)) {
      if (!isLegacy(ctx)) errors.add(u.To_Account, ACCOUNT_NOT_FOUND)
      continue
    }
    for (const name of u.Attrs) data.removeAttr(u.To_Account, found.slots.get(name)!)
  }
  return ok({ ...errors.field() })
}
