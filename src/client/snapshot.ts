/**
 * The caller's input, read exactly once into plain JSON data, before anything else touches it.
 * Every public method starts here, so validation, the byte-size measurement and the request
 * body all work on data that cannot throw, change between reads, recurse without end or
 * allocate without bound:
 *
 * - getters and Proxy traps run once, here; one that throws becomes a `ChatRequestError`;
 * - cycles, and nesting deeper than `MAX_DEPTH` (6,000 levels of `MsgContent` used to escape as a
 *   plain `RangeError` from `JSON.stringify`), are refused;
 * - `BigInt`, symbols and functions are refused (JSON has no way to send them); `toJSON` is
 *   honoured as `JSON.stringify` would;
 * - an array longer than `MAX_ARRAY_LENGTH` is refused before anything iterates or copies it (a
 *   sparse `new Array(1e9)` of tags used to exhaust the heap in a copy).
 *
 * @module
 */
import type { EndpointKey } from "../api/mod.ts"
import { ChatRequestError } from "./errors.ts"

/** Deepest nesting accepted (no request of the catalogue needs more than a few levels). */
export const MAX_DEPTH = 256
/** Longest array accepted anywhere in an input (2^24: 16,777,216 items). */
export const MAX_ARRAY_LENGTH = 2 ** 24

// Thrown inside the copy; `path` grows from the innermost frame outwards while it unwinds, so
// nothing is spent on paths unless something is wrong.
class Unusable {
  path: string
  readonly detail: string
  constructor(path: string, detail: string) {
    this.path = path
    this.detail = detail
  }
}

const at = (e: unknown, segment: string): Unusable => {
  if (!(e instanceof Unusable)) return new Unusable(segment, thrown(e))
  e.path = segment + e.path
  return e
}

const copy = (v: unknown, depth: number, ancestors: Set<object>): unknown => {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === undefined) return v
  if (typeof v === "bigint" || typeof v === "symbol" || typeof v === "function") {
    throw new Unusable("", `a ${typeof v} cannot be sent as JSON`)
  }
  const toJSON = (v as { toJSON?: unknown }).toJSON
  if (typeof toJSON === "function") return copy(toJSON.call(v), depth, ancestors)
  if (depth >= MAX_DEPTH) throw new Unusable("", `nested more than ${MAX_DEPTH} levels deep`)
  const o = v as object
  if (ancestors.has(o)) throw new Unusable("", "contains itself (a cycle)")
  ancestors.add(o)
  let out: unknown
  if (Array.isArray(o)) {
    const n = o.length
    if (n > MAX_ARRAY_LENGTH) throw new Unusable("", `an array of ${n} items; at most ${MAX_ARRAY_LENGTH}`)
    const a = new Array<unknown>(n)
    for (let i = 0; i < n; i++) {
      try {
        a[i] = copy(o[i], depth + 1, ancestors)
      } catch (e) {
        throw at(e, `[${i}]`)
      }
    }
    out = a
  } else {
    const r: Record<string, unknown> = {}
    for (const k of Object.keys(o)) {
      let x: unknown
      try {
        x = copy((o as Record<string, unknown>)[k], depth + 1, ancestors)
      } catch (e) {
        throw at(e, `.${k}`)
      }
      if (x === undefined) continue
      // A key named `__proto__` must stay an own data property, as JSON.parse makes it.
      if (k === "__proto__") Object.defineProperty(r, k, { value: x, enumerable: true, writable: true, configurable: true })
      else r[k] = x
    }
    out = r
  }
  ancestors.delete(o)
  return out
}

/**
 * `value` as plain JSON data (objects, arrays, strings, numbers, booleans, null), or the
 * `ChatRequestError` (rule `shape`) it amounts to. `what` names the input in the error's `field`.
 */
export const snapshot = (key: EndpointKey, what: string, value: unknown): { readonly value: unknown } | ChatRequestError => {
  try {
    return { value: copy(value, 0, new Set()) }
  } catch (e) {
    const path = e instanceof Unusable ? what + e.path : what
    return unreadable(key, path.length > 100 ? `${path.slice(0, 100)}…` : path, e instanceof Unusable ? e.detail : thrown(e))
  }
}

/**
 * The snapshot of the named arguments of a public method (`{ items, options }`), or the error;
 * error fields read `items[3].tags[0]`.
 */
export const plainArgs = <T extends Readonly<Record<string, unknown>>>(key: EndpointKey, args: T): T | ChatRequestError => {
  const s = snapshot(key, "", args)
  if (s instanceof ChatRequestError) {
    const field = s.field.startsWith(".") ? s.field.slice(1) : s.field
    return new ChatRequestError({ endpoint: key, field, rule: "shape", detail: `${field}: ${s.detail.slice(s.field.length + 2)}` })
  }
  return s.value as T
}

/** The error for an input that could not be read or used. */
export const unreadable = (key: EndpointKey, field: string, detail: string): ChatRequestError =>
  new ChatRequestError({ endpoint: key, field, rule: "shape", detail: `${field}: ${detail}` })

/** What a caller's getter (or a body builder on bad input) threw, briefly. */
export const thrown = (e: unknown): string => {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
  return `reading it threw ${text.length > 120 ? `${text.slice(0, 120)}…` : text}`
}

/**
 * Runs `f` (building or checking a body from snapshotted input) and turns anything it throws
 * into a `ChatRequestError`: plain data of an unexpected shape (an item that is `null`) can still
 * make a builder throw.
 */
export const guarded = <A>(key: EndpointKey, field: string, f: () => A): A | ChatRequestError => {
  try {
    return f()
  } catch (e) {
    return unreadable(key, field, e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 160) : "unusable")
  }
}
