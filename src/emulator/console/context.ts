/**
 * What the console reads: the emulator's public face plus the internals its views show (the
 * live app states, the resolved settings, the fault plan, the request log and the recorder).
 * A new view that needs more adds a member here and is given it where `createEmulator` builds
 * the context.
 *
 * @module
 */
import type { EndpointKey } from "../../api/mod.ts"
import type { AppState } from "../app-state.ts"
import type { ResolvedCallbacks } from "../callback-options.ts"
import type { Emulator } from "../emulator.ts"
import type { FaultPlan } from "../faults.ts"
import type { ResolvedSettings } from "../options.ts"
import type { RequestLog } from "../request-log.ts"
import { DEFAULT_KEEP_BODIES } from "./recorder.ts"
import type { Recorder } from "./recorder.ts"

/**
 * Options of the console (`createEmulator({ console })`), the web page at `/__emulator/ui`.
 *
 * @example
 * ```ts
 * import { createEmulator } from "tencent-chat-push/emulator"
 * // Keep the bodies of the last 5000 calls for the requests monitor (default 1000).
 * const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "key", admins: ["administrator"] }], console: { keepBodies: 5000 } })
 * ```
 */
export interface ConsoleOptions {
  /**
   * How many of the most recent REST calls keep their request and answer bodies for the
   * requests monitor (each body cut at 32 Ki characters, 4,000,000 characters in all at most).
   * Default 1000. `0` keeps none; durations and counters are still recorded.
   */
  readonly keepBodies?: number
}

export interface ConsoleContext {
  readonly emulator: Emulator
  /** sdkAppId → its state (a live map: `importState` replaces entries). */
  readonly states: ReadonlyMap<number, AppState>
  readonly settings: ResolvedSettings
  readonly faults: FaultPlan<EndpointKey>
  readonly log: RequestLog
  readonly recorder: Recorder
  /**
   * The callbacks option, resolved (URL, token getter, fetch, timeout), or undefined when none
   * was given. The test-callback form signs with its token; no answer ever shows it.
   */
  readonly callbacks: ResolvedCallbacks | undefined
}

/** The body budget of `createEmulator({ console })`; throws `RangeError` on an unusable one. */
export const consoleKeepBodies = (o: boolean | ConsoleOptions | undefined): number => {
  const n = typeof o === "object" && o !== null ? o.keepBodies : undefined
  if (n === undefined) return DEFAULT_KEEP_BODIES
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError("console.keepBodies must be a non-negative integer (a number of calls)")
  return n
}
