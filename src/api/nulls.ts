/**
 * JSON `null` in an optional member means "absent".
 *
 * Tencent's docs never mention `null`. Clients written in languages with nullable fields send it
 * for members they do not use: dobyte/tencent-im, the Go SDK for this API group, sends every
 * unused `Condition` member as `null` (`{"TagsOr":["vip"],"AttrsAnd":null,...}`). Read strictly,
 * that push "mixes tag and attribute members" (90039); read the way lenient JSON services read
 * it, it is a tag push. We read it leniently, in one place, so the request rules (and through
 * them the client's local validation and the emulator) agree: an object member whose value is
 * `null` is dropped before any rule or schema sees the body. A required member sent as `null`
 * is therefore reported as missing. Array elements are not members: `["a", null]` keeps its
 * `null`, which the schema refuses.
 *
 * @module
 */

/** Past this depth a body is left as it is (the emulator refuses such bodies before; no recursion risk). */
const MAX_DEPTH = 64

const hasNull = (v: unknown, depth: number): boolean => {
  if (typeof v !== "object" || v === null || depth > MAX_DEPTH) return false
  if (Array.isArray(v)) return v.some((x) => hasNull(x, depth + 1))
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k]
    if (x === null || hasNull(x, depth + 1)) return true
  }
  return false
}

const strip = (v: unknown, depth: number): unknown => {
  if (typeof v !== "object" || v === null || depth > MAX_DEPTH) return v
  if (Array.isArray(v)) return v.map((x) => strip(x, depth + 1))
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k]
    if (x === null) continue
    // A member named "__proto__" stays an own member (plain assignment would set the prototype).
    Object.defineProperty(out, k, { value: strip(x, depth + 1), enumerable: true, writable: true, configurable: true })
  }
  return out
}

/**
 * `body` without its `null` object members, at any depth (up to 64 levels); the same object
 * when it has none.
 *
 * @example
 * ```ts
 * withoutNulls({ Condition: { TagsOr: ["vip"], AttrsAnd: null } }) // { Condition: { TagsOr: ["vip"] } }
 * ```
 */
export const withoutNulls = <T>(body: T): T => (hasNull(body, 0) ? (strip(body, 0) as T) : body)
