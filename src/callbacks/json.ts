// JSON from an unsigned body, bounded before it is parsed. Tencent's push callback bodies nest
// three levels (object → Events array → event); a depth cap of 32 leaves room for unknown nested
// fields while keeping every recursive walk (a runtime's JSON.parse, JSON.stringify of an event,
// the caller's own code) far from a stack overflow. The scan is one linear pass over the text.
import { fail } from "./errors.ts"

/** The deepest nesting of arrays and objects a body may have. */
export const MAX_JSON_DEPTH: number = 32

/** Parses `text` as JSON, refusing (MALFORMED_BODY) invalid JSON and nesting deeper than `MAX_JSON_DEPTH`. */
export const parseBoundedJson = (text: string): unknown => {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // A string: jump to its closing quote with indexOf (most of a body is strings), skipping
      // quotes escaped by an odd number of backslashes. An unterminated string ends the scan;
      // JSON.parse then refuses the text.
      let j = i
      for (;;) {
        j = text.indexOf('"', j + 1)
        if (j < 0) break
        let backslashes = 0
        while (text.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++
        if (backslashes % 2 === 0) break
      }
      if (j < 0) break
      i = j
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) fail("MALFORMED_BODY", `the body nests deeper than ${MAX_JSON_DEPTH} levels`)
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  try {
    return JSON.parse(text)
  } catch {
    return fail("MALFORMED_BODY", "the body is not JSON")
  }
}
