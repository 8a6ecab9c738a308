/**
 * The conformance harness: the tiny test API that runtime-neutral suites are written against.
 *
 * Suites import only the public modules and this file's types; each runtime entry
 * (test/runtime/<node|deno|bun|workerd>) supplies a Harness and runs the suites. This file
 * must stay runtime-neutral (no `node:*`, no test framework), because it is bundled into
 * workerd as is.
 */

/** What a suite receives: register tests, then assert inside them. */
export interface Harness {
  /** Registers a test. Tests run in registration order, one at a time. */
  test(name: string, fn: () => void | Promise<void>): void
  /** Deep structural equality (see `deepEqual`). */
  equal(actual: unknown, expected: unknown, message?: string): void
  /** Truthiness. */
  ok(value: unknown, message?: string): void
  /** `fn` must throw synchronously; if given, `predicate(error)` must return true. */
  throws(fn: () => unknown, predicate?: (e: unknown) => boolean, message?: string): void
  /** `fn()` must reject; if given, `predicate(error)` must return true. Await it. */
  rejects(fn: () => Promise<unknown>, predicate?: (e: unknown) => boolean, message?: string): Promise<void>
}

/** One area's conformance tests. */
export interface Suite {
  readonly name: string
  readonly register: (t: Harness) => void
}

/** A failed assertion. */
export class AssertionError extends Error {
  override readonly name = "AssertionError"
}

/** A registered test with its suite name attached. */
export interface TestCase {
  readonly suite: string
  readonly name: string
  readonly fn: () => void | Promise<void>
}

/** The outcome of one test. */
export interface TestResult {
  readonly suite: string
  readonly name: string
  readonly ok: boolean
  readonly error?: unknown
}

const tagOf = (v: unknown): string => Object.prototype.toString.call(v)

/**
 * Deep structural equality: primitives by `Object.is`; arrays, typed arrays, ArrayBuffers,
 * Dates, RegExps, Map values and plain objects by content (own enumerable string keys); Map
 * keys and Set members by membership (SameValueZero, so object members by identity); Errors
 * also by name and message; other objects (class instances) by own enumerable keys plus same
 * prototype.
 * `undefined`-valued keys count as present (like node:assert's deepStrictEqual).
 */
export const deepEqual = (a: unknown, b: unknown, seen: Array<[unknown, unknown]> = []): boolean => {
  if (Object.is(a, b)) return true
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  const tag = tagOf(a)
  if (tag !== tagOf(b)) return false
  for (const [x, y] of seen) if (x === a && y === b) return true
  seen.push([a, b])

  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime())
  if (a instanceof RegExp) return String(a) === String(b)
  if (a instanceof ArrayBuffer) return bytesEqual(new Uint8Array(a), new Uint8Array(b as ArrayBuffer))
  if (ArrayBuffer.isView(a)) {
    const bv = b as ArrayBufferView
    if (a.byteLength !== bv.byteLength) return false
    return bytesEqual(
      new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
      new Uint8Array(bv.buffer, bv.byteOffset, bv.byteLength),
    )
  }
  if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>
    if (a.size !== bm.size) return false
    for (const [k, v] of a) if (!bm.has(k) || !deepEqual(v, bm.get(k), seen)) return false
    return true
  }
  if (a instanceof Set) {
    const bs = b as Set<unknown>
    if (a.size !== bs.size) return false
    for (const v of a) if (!bs.has(v)) return false
    return true
  }
  if (Array.isArray(a)) {
    const ba = b as Array<unknown>
    if (a.length !== ba.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], ba[i], seen)) return false
    return true
  }
  if (a instanceof Error && (a.name !== (b as Error).name || a.message !== (b as Error).message)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen)) return false
  }
  return true
}

const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const showBytes = (v: Uint8Array): string =>
  `Uint8Array(${v.length}) [${Array.from(v.subarray(0, 32)).join(",")}${v.length > 32 ? ",…" : ""}]`

/** A short, bounded rendering for failure messages (bigint- and cycle-safe). */
export const show = (v: unknown): string => {
  if (typeof v === "string") return JSON.stringify(v)
  if (typeof v === "bigint") return `${v}n`
  if (typeof v === "function") return `[function ${v.name || "anonymous"}]`
  if (v instanceof Uint8Array) return showBytes(v)
  if (v instanceof Error) return `${v.name}: ${v.message}`
  try {
    const seen = new WeakSet<object>()
    const s = JSON.stringify(v, (_k, x: unknown) => {
      if (typeof x === "bigint") return `${x}n`
      if (x instanceof Map) return { Map: [...x] }
      if (x instanceof Set) return { Set: [...x] }
      if (x instanceof Uint8Array) return showBytes(x)
      if (typeof x === "object" && x !== null) {
        if (seen.has(x)) return "[circular]"
        seen.add(x)
      }
      return x
    })
    const out = s === undefined ? String(v) : s
    return out.length > 400 ? `${out.slice(0, 400)}…` : out
  } catch {
    return String(v)
  }
}

const fail = (message: string | undefined, detail: string): never => {
  throw new AssertionError(message ? `${message}: ${detail}` : detail)
}

/** The assertion half of a Harness (everything but `test`). */
export const assertions: Omit<Harness, "test"> = {
  equal(actual, expected, message) {
    if (!deepEqual(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`)
  },
  ok(value, message) {
    if (!value) fail(message, `expected a truthy value, got ${show(value)}`)
  },
  throws(fn, predicate, message) {
    let threw = false
    let error: unknown
    try {
      fn()
    } catch (e) {
      threw = true
      error = e
    }
    if (!threw) fail(message, "expected the function to throw, it returned")
    if (predicate && !predicate(error)) fail(message, `thrown value rejected by the predicate: ${show(error)}`)
  },
  async rejects(fn, predicate, message) {
    let rejected = false
    let error: unknown
    try {
      await fn()
    } catch (e) {
      rejected = true
      error = e
    }
    if (!rejected) fail(message, "expected the promise to reject, it resolved")
    if (predicate && !predicate(error)) fail(message, `rejection rejected by the predicate: ${show(error)}`)
  },
}

/** Collects every suite's tests into a flat list, in order (registration only, nothing runs). */
export const collect = (suites: ReadonlyArray<Suite>): Array<TestCase> => {
  const cases: Array<TestCase> = []
  for (const suite of suites) {
    suite.register({
      ...assertions,
      test: (name, fn) => {
        cases.push({ suite: suite.name, name, fn })
      },
    })
  }
  return cases
}

/**
 * Runs every test in sequence, reporting each through `log`, and ends with the line
 * `N passed, N failed`. Zero tests counts as a failure of the run (see `runOk`).
 */
export const run = async (
  suites: ReadonlyArray<Suite>,
  log: (line: string) => void = (line) => console.log(line),
): Promise<{ passed: number; failed: number; results: Array<TestResult> }> => {
  const results: Array<TestResult> = []
  for (const c of collect(suites)) {
    try {
      await c.fn()
      results.push({ suite: c.suite, name: c.name, ok: true })
      log(`PASS ${c.suite} > ${c.name}`)
    } catch (error) {
      results.push({ suite: c.suite, name: c.name, ok: false, error })
      log(`FAIL ${c.suite} > ${c.name}`)
      log(`     ${error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : show(error)}`.replaceAll("\n", "\n     "))
    }
  }
  const passed = results.filter((r) => r.ok).length
  const failed = results.length - passed
  log(`${passed} passed, ${failed} failed`)
  return { passed, failed, results }
}

/** True when the run should count as success: at least one test and no failures. */
export const runOk = (r: { passed: number; failed: number }): boolean => r.failed === 0 && r.passed > 0
