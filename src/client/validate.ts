/**
 * Local validation: every documented limit is checked before anything is sent, with the same
 * `checkRequest` the emulator answers from (src/api/rules.ts), so client and emulator agree on
 * what is valid. A violation becomes `ChatRequestError { field, rule, code }`.
 *
 * Wire bodies are also checked against the catalogue's request schema, which catches wrong
 * types from untyped (JavaScript) callers.
 *
 * @module
 */
import * as Exit from "effect/Exit"
import type { Endpoint, EndpointKey, Family, Violation } from "../api/mod.ts"
import { checkRequest, endpoints, withoutNulls } from "../api/mod.ts"
import { ChatRequestError } from "./errors.ts"
import type { FastDecoder } from "./internal/fast-decode.ts"
import { fastDecoder } from "./internal/fast-decode.ts"
import type { BulkSpec } from "./wire-map.ts"

/** The tagged error for a rule violation of `key`. */
export const violationError = (key: EndpointKey, v: Violation, field: string = v.field): ChatRequestError =>
  new ChatRequestError({ endpoint: key, field, rule: v.rule, code: v.code, detail: v.message })

// Compiled once per command (internal/fast-decode.ts): a bulk call checks every item as a one-item body.
const shapeCheckers = new Map<EndpointKey, FastDecoder>()
const shapeOf = (key: EndpointKey) => {
  let f = shapeCheckers.get(key)
  if (f === undefined) {
    f = fastDecoder((endpoints[key] as Endpoint).request)
    shapeCheckers.set(key, f)
  }
  return f
}

/** The first problem of a whole wire body: a documented rule, then the schema shape. */
export const checkBody = (key: EndpointKey, body: unknown, family: Family): ChatRequestError | undefined => {
  const v = checkRequest(key, body, family)
  if (v !== undefined) return violationError(key, v)
  // null members count as absent, as in the rules and the emulator (src/api/nulls.ts).
  const shape = shapeOf(key)(withoutNulls(body))
  if (Exit.isFailure(shape)) {
    const detail = shape.cause.reasons.map((r) => (r._tag === "Fail" ? r.error.message : String(r))).join("; ")
    return new ChatRequestError({ endpoint: key, field: "(body)", rule: "shape", detail })
  }
  return undefined
}

// Per-item checks build a one-item body, so reported paths say `UserTags[0]`; put the item's
// real index back (`UserTags[41]`).
const reindex = (field: string, index: number): string => field.replace(/^(\w+)\[0\]/, `$1[${index}]`)
const reindexText = (text: string, field: string, index: number): string => {
  const m = /^(\w+)\[0\]/.exec(field)
  return m === null ? text : text.replace(m[0], `${m[1]}[${index}]`)
}

/**
 * Checks every item of a bulk call (each as a one-item body, so the per-request account maximum,
 * which chunking takes care of, does not apply) and returns the first problem.
 */
export const checkItems = <K extends EndpointKey, Item, V extends object, O>(
  spec: BulkSpec<K, Item, V, O>,
  items: ReadonlyArray<Item>,
  options: O,
  family: Family,
): ChatRequestError | undefined => {
  for (let i = 0; i < items.length; i++) {
    const account: unknown = spec.account(items[i]!)
    if (typeof account !== "string") {
      return new ChatRequestError({ endpoint: spec.key, field: `[${i}]`, rule: "user_id_type", detail: "userId must be a string" })
    }
    const e = checkBody(spec.key, spec.body([items[i]!], options), family)
    if (e !== undefined) {
      return new ChatRequestError({
        endpoint: e.endpoint,
        field: reindex(e.field, i),
        rule: e.rule,
        ...(e.code === undefined ? {} : { code: e.code }),
        detail: reindexText(e.detail, e.field, i),
      })
    }
  }
  return undefined
}
