/**
 * Fault injection: scripted (the next N calls to an endpoint) or random (a seeded rate per
 * endpoint). Off by default. The decision is taken synchronously when `fetch` is called, so the
 * same seed and the same call order replay the same faults on every runtime.
 *
 * @module
 */
import type { FaultKind } from "./fault-kinds.ts"
import { faultKinds } from "./fault-kinds.ts"
import { checkFaultOptions, checkFaultScript } from "./fault-schema.ts"
import { mulberry32 } from "./prng.ts"

export type { FaultKind } from "./fault-kinds.ts"
export { faultKinds } from "./fault-kinds.ts"

/** One fault. `executed` overrides whether the request still changes state (see `FaultKind`). */
export interface Fault {
  /** What goes wrong. */
  readonly kind: FaultKind
  /** For `delay`: how long (ms, real time), an integer 0..2^31−1. Default: the fault options' `delayMs` (15000). */
  readonly delayMs?: number
  /**
   * Whether the request is processed. Defaults: `error-91000`/`http-502` false, others true.
   * A `delay` with `executed: false` waits first and processes only if nobody aborted.
   */
  readonly executed?: boolean
}

/** A scripted step: a fault, a kind, or `"none"` to let that call through. */
export type FaultStep = Fault | FaultKind | "none"

/** Fault settings (all off by default). */
export interface FaultOptions<E extends string = string> {
  /** Seed of the PRNG deciding random faults (uint32). Default 1. */
  readonly seed?: number
  /**
   * Probability (0..1) that a request gets a random fault: one number for every endpoint, or a
   * per-endpoint map (endpoints not listed get none). Default 0.
   */
  readonly rate?: number | Partial<Record<E, number>>
  /** Which kinds random faults pick from (uniformly). Default: all five. */
  readonly kinds?: ReadonlyArray<FaultKind>
  /** Default delay for `delay` faults, in ms (an integer 0..2^31−1, a timer's range). Default 15000. */
  readonly delayMs?: number
  /**
   * Scripted faults: per endpoint key, the steps the next calls take, in order. `"*"` applies
   * to any endpoint after that endpoint's own script is used up. Scripts win over random faults
   * and do not consume random draws.
   */
  readonly script?: Partial<Record<E | "*", ReadonlyArray<FaultStep>>>
}

/** A decided fault with its defaults filled in. */
export interface ResolvedFault {
  readonly kind: FaultKind
  readonly delayMs: number
  readonly executed: boolean
}

const DEFAULT_DELAY_MS = 15_000

const defaultExecuted = (kind: FaultKind): boolean => kind !== "error-91000" && kind !== "http-502"

export class FaultPlan<E extends string = string> {
  #random: () => number
  #options: FaultOptions<E>
  readonly #scripts = new Map<string, Array<FaultStep>>()

  constructor(options: FaultOptions<E> = {}) {
    checkFaultOptions(options)
    this.#options = options
    this.#random = mulberry32(options.seed ?? 1)
    for (const [k, steps] of Object.entries(options.script ?? {}) as Array<[string, ReadonlyArray<FaultStep>]>) {
      this.#scripts.set(k, [...steps])
    }
  }

  /** Appends scripted steps for `endpoint` (or `"*"`). */
  script(endpoint: E | "*", steps: ReadonlyArray<FaultStep>): void {
    checkFaultScript(endpoint, steps)
    const q = this.#scripts.get(endpoint) ?? []
    q.push(...steps)
    this.#scripts.set(endpoint, q)
  }

  /** Replaces the settings (and reseeds); scripts from `options.script` replace the current ones. */
  configure(options: FaultOptions<E>): void {
    checkFaultOptions(options)
    this.#scripts.clear()
    this.#options = options
    this.#random = mulberry32(options.seed ?? 1)
    for (const [k, steps] of Object.entries(options.script ?? {}) as Array<[string, ReadonlyArray<FaultStep>]>) {
      this.#scripts.set(k, [...steps])
    }
  }

  /** Turns every fault off. */
  clear(): void {
    this.configure({})
  }

  /** Pending scripted steps per endpoint (for inspection). */
  pending(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [k, q] of this.#scripts) if (q.length > 0) out[k] = q.length
    return out
  }

  /** The settings in force and every pending scripted step, per endpoint (for the console). */
  settings(): { readonly options: FaultOptions<E>; readonly scripts: Record<string, ReadonlyArray<FaultStep>> } {
    const scripts: Record<string, ReadonlyArray<FaultStep>> = {}
    for (const [k, q] of this.#scripts) if (q.length > 0) scripts[k] = [...q]
    return { options: this.#options, scripts }
  }

  /** Decides the fault (if any) for one call to `endpoint`. */
  next(endpoint: E): ResolvedFault | undefined {
    const step = this.#shift(endpoint) ?? this.#shift("*")
    if (step !== undefined) return step === "none" ? undefined : this.#resolve(step)
    const rate = this.#rateFor(endpoint)
    if (!(rate > 0)) return undefined
    if (this.#random() >= rate) return undefined
    const kinds = this.#options.kinds && this.#options.kinds.length > 0 ? this.#options.kinds : faultKinds
    const kind = kinds[Math.min(kinds.length - 1, Math.floor(this.#random() * kinds.length))]!
    return this.#resolve(kind)
  }

  #shift(key: string): FaultStep | undefined {
    const q = this.#scripts.get(key)
    return q && q.length > 0 ? q.shift() : undefined
  }

  #rateFor(endpoint: E): number {
    const r = this.#options.rate
    if (r === undefined) return 0
    if (typeof r === "number") return r
    return r[endpoint] ?? 0
  }

  #resolve(step: Fault | FaultKind): ResolvedFault {
    const f: Fault = typeof step === "string" ? { kind: step } : step
    return {
      kind: f.kind,
      delayMs: f.delayMs ?? this.#options.delayMs ?? DEFAULT_DELAY_MS,
      executed: f.executed ?? defaultExecuted(f.kind),
    }
  }
}

/** The marker carried as `cause` by the `TypeError` a `drop` fault rejects with. */
export const DROPPED_CONNECTION: unique symbol = Symbol.for("tencent-chat-push/emulator/dropped-connection")

/** The rejection of a dropped connection: a `TypeError`, as `fetch` gives on a network failure. */
export const droppedConnection = (): TypeError =>
  new TypeError("fetch failed: connection dropped by the emulator (fault)", { cause: DROPPED_CONNECTION })

/** True for the rejection of a `drop` fault (the Node bridge destroys the socket on it). */
export const isDroppedConnection = (e: unknown): boolean => e instanceof TypeError && e.cause === DROPPED_CONNECTION
