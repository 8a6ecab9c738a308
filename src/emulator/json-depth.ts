/**
 * How deep a parsed JSON value nests, measured without recursion, so a hostile body of a few KB
 * (5,000 nested arrays) is refused like any unusable body instead of overflowing the stack of
 * whatever walks it next (the request rules, the schema decoder, `JSON.stringify`).
 *
 * @module
 */

/**
 * Levels the emulator accepts. The deepest documented body is 5 levels (push → OfflinePushInfo
 * → ApnsInfo → ...; MsgBody → element → MsgContent), so 64 leaves room for any custom content.
 */
export const MAX_JSON_DEPTH = 64

/** True when `value` nests deeper than `max` levels of arrays and objects. */
export const deeperThan = (value: unknown, max: number): boolean => {
  const stack: Array<unknown> = [value]
  const depths: Array<number> = [1]
  while (stack.length > 0) {
    const v = stack.pop()
    const d = depths.pop()!
    if (typeof v !== "object" || v === null) continue
    if (d > max) return true
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k]
      if (typeof x === "object" && x !== null) {
        stack.push(x)
        depths.push(d + 1)
      }
    }
  }
  return false
}
