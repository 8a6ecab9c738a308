/**
 * Options of the emulator's push callbacks (`createEmulator({ callbacks })`) and their defaults.
 *
 * @module
 */
import { EmulatorInputError } from "./errors.ts"

/**
 * How deliveries are driven (docs/emulator.md, "Who sends the callbacks"):
 * - `"timers"` (the default; Node, Deno, Bun): the emulator sends due callbacks in the background
 *   on its own timers, after the REST answer, and wakes when the next stage or scheduled push is
 *   due on its clock.
 * - `"request"` (Cloudflare Workers): nothing runs between requests. A request whose handler is
 *   given a context with `waitUntil` (`em.fetch(request, env, ctx)`) sends what is due when it
 *   ends, inside `ctx.waitUntil`, so one request's sends never resume on another's I/O. Later
 *   stages go out with later requests (any REST or inspection call), or `flush()`.
 * - `"manual"`: only `em.callbacks.flush()` and `POST /__emulator/callbacks/flush` send
 *   (deterministic tests).
 */
export type CallbackDrive = "timers" | "request" | "manual"

/** The `fetch` deliveries use: the global one by default; tests can pass a handler directly. */
export type CallbackFetch = (request: Request) => Promise<Response>

/** Retrying failed deliveries (Tencent: "not retried by default"; retry on timeout can be switched on). */
export interface CallbackRetry {
  /** Attempts after the first (1..10). */
  readonly times: number
  /** Wait before each retry, ms of real time. Default 1000. */
  readonly delayMs?: number
}

/** Where and how the emulator sends `Push.AllMemberPush` callbacks. */
export interface CallbackOptions {
  /** The app's callback URL (its own query parameters are kept). */
  readonly url: string | URL
  /** The callback token every request is signed with (`Sign` = sha256(token + RequestTime)). Never shown. */
  readonly token: string
  /** At most this many callback requests per second, real time (Tencent's default: 1000). */
  readonly rate?: number
  /** Events per request, 1–100 (default 100, the documented maximum). */
  readonly batchSize?: number
  /** Requests in flight at once. Default 10. */
  readonly concurrency?: number
  /** How long to wait for the receiver, ms. Default 2000 (Tencent's 2 s). */
  readonly timeoutMs?: number
  /** Retry a failed delivery (timeout, connection failure, non-200, `ErrorCode` ≠ 0); default `false`. */
  readonly retry?: CallbackRetry | false
  /** Who sends the due callbacks; see `CallbackDrive`. Default `"timers"`. */
  readonly drive?: CallbackDrive
  /** The `fetch` to send with (default `globalThis.fetch`, looked up per request). */
  readonly fetch?: CallbackFetch
  /** Events kept in the delivery log for inspection (oldest deliveries dropped first). Default 10000. */
  readonly logEvents?: number
}

/** Every callback setting filled in (the token kept out of anything printable). */
export interface ResolvedCallbacks {
  readonly url: string
  readonly token: () => string
  readonly rate: number
  readonly batchSize: number
  readonly concurrency: number
  readonly timeoutMs: number
  readonly retry: { readonly times: number; readonly delayMs: number } | undefined
  readonly drive: CallbackDrive
  readonly fetch: CallbackFetch
  readonly logEvents: number
}

const int = (name: string, v: unknown, fallback: number, min: number, max: number): number => {
  const x = v ?? fallback
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < min || x > max) {
    throw new EmulatorInputError(`callbacks.${name}`, `callbacks.${name} must be an integer from ${min} to ${max}`)
  }
  return x
}

/** Checks and defaults `o`; throws `EmulatorInputError` naming the bad member (never showing the token). */
export const resolveCallbacks = (o: CallbackOptions): ResolvedCallbacks => {
  let url: URL
  try {
    url = new URL(o.url)
  } catch {
    throw new EmulatorInputError("callbacks.url", "callbacks.url must be an absolute http(s) URL")
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new EmulatorInputError("callbacks.url", "callbacks.url must be an http(s) URL")
  const token = o.token
  if (typeof token !== "string" || token.length === 0) throw new EmulatorInputError("callbacks.token", "callbacks.token must be a non-empty string")
  const drive = o.drive ?? "timers"
  if (drive !== "timers" && drive !== "request" && drive !== "manual") {
    throw new EmulatorInputError("callbacks.drive", 'callbacks.drive must be "timers", "request" or "manual"')
  }
  if (o.fetch !== undefined && typeof o.fetch !== "function") throw new EmulatorInputError("callbacks.fetch", "callbacks.fetch must be a function")
  const retry = o.retry === undefined || o.retry === false
    ? undefined
    : { times: int("retry.times", o.retry.times, 0, 1, 10), delayMs: int("retry.delayMs", o.retry.delayMs, 1000, 0, 600_000) }
  const given = o.fetch
  return {
    url: url.href,
    token: () => token,
    rate: int("rate", o.rate, 1000, 1, 1_000_000),
    batchSize: int("batchSize", o.batchSize, 100, 1, 100),
    concurrency: int("concurrency", o.concurrency, 10, 1, 1000),
    timeoutMs: int("timeoutMs", o.timeoutMs, 2000, 1, 600_000),
    retry,
    drive,
    fetch: given ?? ((request) => globalThis.fetch(request)),
    logEvents: int("logEvents", o.logEvents, 10_000, 0, 10_000_000),
  }
}
