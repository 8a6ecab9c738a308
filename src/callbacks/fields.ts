// Reading one scalar field of an untrusted event, tolerant of the type drift Tencent's own docs
// show. The same field is an integer on one page and a string of digits on another
// (Group.CallbackAfterSendMsg's EventTime, https://cloud.tencent.com/document/product/269/2661
// vs its intl copy), and a UserID a number in a sample (get_sched_task's From_Account). A receiver
// that answered 400 to such a body would lose up to 100 real events (Tencent does not retry by
// default), so integers accept digit strings and strings accept integers. Anything else (objects,
// arrays, booleans, fractions, other strings) is a wrong type and fails the whole body.
import { fail } from "./errors.ts"

/** An event object as parsed from JSON. */
export type WireObject = { readonly [field: string]: unknown }

const digits = /^-?\d{1,15}$/

const wrong = (where: string, key: string, want: string): never =>
  fail("MALFORMED_BODY", `${where}.${key} must be ${want}`)

/** A required integer field. */
export const int = (o: WireObject, key: string, where: string): number => {
  const v = o[key]
  if (typeof v === "number" && Number.isSafeInteger(v)) return v
  if (typeof v === "string" && digits.test(v)) return Number(v)
  return v === undefined || v === null ? wrong(where, key, "present (an integer)") : wrong(where, key, "an integer")
}

/** An optional integer field: absent, null and "" (an "empty" value in the docs) read as undefined. */
export const optInt = (o: WireObject, key: string, where: string): number | undefined => {
  const v = o[key]
  return v === undefined || v === null || v === "" ? undefined : int(o, key, where)
}

/** A required string field. */
export const str = (o: WireObject, key: string, where: string): string => {
  const v = o[key]
  if (typeof v === "string") return v
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v)
  return v === undefined || v === null ? wrong(where, key, "present (a string)") : wrong(where, key, "a string")
}

/** An optional string field: absent and null read as undefined. */
export const optStr = (o: WireObject, key: string, where: string): string | undefined => {
  const v = o[key]
  return v === undefined || v === null ? undefined : str(o, key, where)
}

/** A plain JSON object (not an array, not null). */
export const isObject = (v: unknown): v is WireObject => typeof v === "object" && v !== null && !Array.isArray(v)

/**
 * Sets an own enumerable property, even one named `__proto__` (which plain assignment would turn
 * into a prototype change; JSON.parse creates such keys as ordinary own properties).
 */
export const setOwn = (o: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
}
