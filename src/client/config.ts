/**
 * Client options: what callers pass, how they are checked and defaulted, and `configFromEnv`,
 * which reads them from `TENCENT_CHAT_*` through Effect's `Config` (the secret as `Redacted`).
 *
 * The resolved config holds the secret key only as a `Redacted`, so `String()`,
 * `JSON.stringify` and `console.log` of it print `<redacted>`.
 *
 * @module
 */
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { Family, Region } from "../api/mod.ts"
import { isRegion, regionNames, regions } from "../api/mod.ts"
import { ChatConfigError } from "./errors.ts"
import type { RetryPolicy } from "./retry.ts"
import type { ChatStore } from "./store/store.ts"
import { defaultRetryPolicy, noRetry } from "./retry.ts"

/**
 * Retry tuning for retry-safe calls (push and batch are never retried).
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 *
 * createClient({ sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "seoul", retry: { times: 5, maxDelay: "10 seconds" } })
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  readonly times?: number
  /** First backoff, doubled per retry, jittered (default 200 ms). */
  readonly baseDelay?: Duration.Input
  /**
   * Cap of one wait before a retry (default 5 s): no backoff is longer, and it is the budget for a
   * server's `Retry-After`. A longer `Retry-After` ends the retries at once, with the wait in the
   * error (`ChatTransportError.retryAfterMillis`).
   */
  readonly maxDelay?: Duration.Input
}

/**
 * A rate: at most `limit` calls per `window`.
 *
 * @example
 * ```ts
 * import type { RateOption } from "tencent-chat-push/client"
 *
 * const freeEditionBatch: RateOption = { limit: 10, window: "1 second" }
 * ```
 */
export interface RateOption {
  /** Calls allowed per window. */
  readonly limit: number
  /** The window, e.g. `"1 second"`. */
  readonly window: Duration.Input
}

/**
 * Rate-limit tuning. The defaults follow the catalogue (100 calls/s per attr/tag command, pushes
 * more than 1 s apart, 100 pushes a day, recall 1/s, batch 30/s).
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 *
 * createClient({
 *   sdkAppId: 1400000000, secretKey, adminId: "administrator", region: "singapore",
 *   rateLimits: { dailyPushQuota: 10, buckets: { batch: { limit: 10, window: "1 second" } } },
 * })
 * ```
 */
export interface RateLimitOptions {
  /**
   * Factor (≥ 1) stretching every documented interval: a bucket of 100 calls/s lets one call
   * through every 10 ms × headroom. Default 1.03 with the in-memory store (≈ 97 calls/s; the
   * local guard already makes exceeding impossible in one process), 1.05 with a shared store
   * (Redis, Durable Object), where processes' timers drift independently (docs/client.md,
   * "Rate limits").
   */
  readonly headroom?: number
  /**
   * Minimum gap between two pushes (default 1100 ms). The service wants "more than 1 s" and
   * measures it on arrival, so network jitter needs a margin larger than `headroom` gives.
   */
  readonly pushSpacing?: Duration.Input
  /** Per-bucket overrides (bucket names are the catalogue's, e.g. `"batch"`); `false` disables one. */
  readonly buckets?: { readonly [bucket: string]: RateOption | false }
  /** Local daily push quota (default 100, the documented default); `false` turns the guard off. */
  readonly dailyPushQuota?: number | false
  /**
   * UTC offset in minutes of the quota's day boundary (default 480: China Standard Time; the
   * docs do not say which day Tencent counts, see docs/client.md).
   */
  readonly quotaUtcOffsetMinutes?: number
  /**
   * The arrival guard after each limiter grant (default true): a call goes only when fewer than
   * the documented limit of its bucket's calls are in flight or were answered less than a window
   * ago, so the server never sees more than the limit in any window, whatever delays requests on
   * their way. Off only to measure it.
   */
  readonly pacer?: boolean
}

/**
 * Options of `TencentChat.layer` and `createClient`. Give `region` (a documented region, with
 * its standby domain used for failover) or `baseUrl` (a full origin such as
 * `http://127.0.0.1:5390`; `/v4/...` is appended). Unusable options fail with `ChatConfigError`.
 *
 * @example
 * ```ts
 * import * as Redacted from "effect/Redacted"
 * import type { ClientOptions } from "tencent-chat-push/client"
 *
 * const options: ClientOptions = {
 *   sdkAppId: 1400000000,
 *   secretKey: Redacted.make(process.env.TENCENT_CHAT_SECRET_KEY!),
 *   adminId: "administrator",
 *   region: "frankfurt",
 *   family: "timpush",
 *   timeout: "5 seconds",
 * }
 * ```
 */
export interface ClientOptions {
  /** The app's SDKAppID. */
  readonly sdkAppId: number
  /** The app's secret key. Prefer a `Redacted` so it cannot print. */
  readonly secretKey: string | Redacted.Redacted<string>
  /** An app admin's UserID (the `identifier` query parameter). */
  readonly adminId: string
  /** A documented region (its primary domain, failing over to its standby domain). */
  readonly region?: Region | undefined
  /** A full origin instead of a region, e.g. the emulator's `http://127.0.0.1:5390`. */
  readonly baseUrl?: string | undefined
  /** Failover origin for `baseUrl` (regions use their documented standby domain). */
  readonly standbyBaseUrl?: string | undefined
  /** URL family of the ten push commands (default `"timpush"`). */
  readonly family?: Family | undefined
  /** Per-request timeout (default 10 s; the server's own limit is 3 s). */
  readonly timeout?: Duration.Input | undefined
  /** Retry policy of retry-safe calls, or `false` to never retry. */
  readonly retry?: RetryOptions | false | undefined
  /** Rate-limit tuning, or `false` to turn every local limit off (tests, benchmarks). */
  readonly rateLimits?: RateLimitOptions | false | undefined
  /**
   * Coalescing of concurrent small calls: `window` (default 10 ms) is how long the first call
   * waits for others to join its request. `false`: no waiting; only calls issued in the same
   * tick share a request.
   */
  readonly coalesce?: { readonly window?: Duration.Input } | false | undefined
  /** Maximum HTTP requests in flight (default 16). */
  readonly concurrency?: number | undefined
  /** Validity of each admin UserSig (default 86400 s); it is renewed at half-life. */
  readonly userSigLifetimeSeconds?: number | undefined
  /** Any `fetch`-compatible function (default `globalThis.fetch`). */
  readonly fetch?: FetchLike | undefined
  /**
   * Where the app-wide state lives: rate limits and idempotency claims. Default: `memoryStore()`,
   * this process only. `redisStore(...)` (or `redisStoreFromUrl` from `tencent-chat-push/node`)
   * and `durableObjectStore(...)` share it with every process of a fleet.
   */
  readonly store?: Layer.Layer<ChatStore> | undefined
  /** Idempotent pushes (`idempotencyKey`): how long a key is kept, how long a caller waits for another's result. */
  readonly idempotency?: IdempotencyOptions | undefined
}

/**
 * Tuning of `idempotencyKey` on `push`, `pushToUsers` and `revokePush`.
 *
 * @example
 * ```ts
 * import type { IdempotencyOptions } from "tencent-chat-push/client"
 *
 * const idempotency: IdempotencyOptions = { ttl: "7 days", wait: "1 minute" }
 * ```
 */
export interface IdempotencyOptions {
  /** How long a key is remembered (default 24 hours). */
  readonly ttl?: Duration.Input | undefined
  /**
   * How long a caller that finds the key claimed by another, still in flight, waits for its
   * result before failing with `ChatPushOutcomeUnknown { kind: "in-flight" }` (default 30 s).
   */
  readonly wait?: Duration.Input | undefined
}

/**
 * A `fetch`-compatible function (e.g. a recording test double, or `globalThis.fetch`).
 *
 * @example
 * ```ts
 * import type { FetchLike } from "tencent-chat-push/client"
 *
 * const logged: FetchLike = (input, init) => {
 *   console.log("POST", new URL(String(input)).pathname) // the query carries the usersig: do not log it
 *   return fetch(input, init)
 * }
 * ```
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Checked, defaulted rate limits. */
export interface ResolvedRateLimits {
  /** `undefined`: the default for the store (1.03 in memory, 1.05 shared). */
  readonly headroom: number | undefined
  readonly pushSpacingMillis: number
  readonly buckets: { readonly [bucket: string]: { readonly limit: number; readonly windowMillis: number } | false }
  readonly dailyPushQuota: number | false
  readonly quotaUtcOffsetMinutes: number
  readonly pacer: boolean
}

/** Checked, defaulted options. `secretKey` is `Redacted`. */
export interface ResolvedConfig {
  readonly sdkAppId: number
  readonly secretKey: Redacted.Redacted<string>
  readonly adminId: string
  readonly primaryOrigin: string
  readonly standbyOrigin: string | undefined
  readonly family: Family
  readonly timeoutMillis: number
  readonly retry: RetryPolicy
  readonly rateLimits: ResolvedRateLimits | false
  readonly coalesceWindowMillis: number
  readonly concurrency: number
  readonly userSigLifetimeSeconds: number
  readonly idempotency: { readonly ttlMillis: number; readonly waitMillis: number }
}

const fail = (field: string, detail: string): never => {
  throw new ChatConfigError({ field, detail })
}

const millis = (field: string, input: Duration.Input): number => {
  const d = Duration.fromInput(input)
  if (Option.isNone(d)) return fail(field, "not a duration")
  const ms = Duration.toMillis(d.value)
  if (!(ms >= 0) || !Number.isFinite(ms)) return fail(field, "must be a finite, non-negative duration")
  return ms
}

const positiveMillis = (field: string, input: Duration.Input): number => {
  const ms = millis(field, input)
  return ms >= 1 ? Math.ceil(ms) : fail(field, "must be at least 1 ms")
}

const positiveInt = (field: string, n: unknown): number =>
  typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? n : fail(field, "must be a positive integer")

const origin = (field: string, url: string): string => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return fail(field, "not an absolute URL")
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return fail(field, "must be http(s)")
  if (parsed.search || parsed.hash) return fail(field, "must not carry a query or fragment")
  return parsed.href.replace(/\/+$/, "")
}

const resolveRateLimits = (o: RateLimitOptions | false | undefined): ResolvedRateLimits | false => {
  if (o === false) return false
  const headroom = o?.headroom
  if (headroom !== undefined && (!(headroom >= 1) || !Number.isFinite(headroom))) fail("rateLimits.headroom", "must be a finite number ≥ 1")
  const buckets: Record<string, { limit: number; windowMillis: number } | false> = {}
  for (const [name, rate] of Object.entries(o?.buckets ?? {})) {
    buckets[name] = rate === false
      ? false
      : { limit: positiveInt(`rateLimits.buckets.${name}.limit`, rate.limit), windowMillis: millis(`rateLimits.buckets.${name}.window`, rate.window) }
  }
  const quota = o?.dailyPushQuota ?? 100
  return {
    headroom,
    pushSpacingMillis: millis("rateLimits.pushSpacing", o?.pushSpacing ?? 1100),
    buckets,
    dailyPushQuota: quota === false ? false : positiveInt("rateLimits.dailyPushQuota", quota),
    quotaUtcOffsetMinutes: o?.quotaUtcOffsetMinutes ?? 480,
    pacer: o?.pacer ?? true,
  }
}

/**
 * Checks and defaults `options`, throwing `ChatConfigError` (naming the option) when unusable.
 * Use `resolveConfig` for the Effect form.
 */
export const resolveConfigUnsafe = (options: ClientOptions): ResolvedConfig => {
  const sdkAppId = positiveInt("sdkAppId", options.sdkAppId)
  const secretKey = Redacted.isRedacted(options.secretKey)
    ? (options.secretKey as Redacted.Redacted<string>)
    : Redacted.make(options.secretKey as string)
  const secret: unknown = Redacted.value(secretKey)
  if (typeof secret !== "string" || secret.length === 0) fail("secretKey", "must be a non-empty string")
  if (typeof options.adminId !== "string" || options.adminId.length === 0) fail("adminId", "must be a non-empty string")
  if (options.region !== undefined && options.baseUrl !== undefined) fail("region", "give region or baseUrl, not both")
  let primaryOrigin: string
  let standbyOrigin: string | undefined
  if (options.baseUrl !== undefined) {
    primaryOrigin = origin("baseUrl", options.baseUrl)
    standbyOrigin = options.standbyBaseUrl === undefined ? undefined : origin("standbyBaseUrl", options.standbyBaseUrl)
  } else if (options.region !== undefined) {
    if (!isRegion(options.region)) fail("region", `unknown region; one of ${regionNames.join(", ")}`)
    const domains = regions[options.region]
    primaryOrigin = `https://${domains.primary}`
    standbyOrigin = options.standbyBaseUrl !== undefined
      ? origin("standbyBaseUrl", options.standbyBaseUrl)
      : domains.standby === undefined ? undefined : `https://${domains.standby}`
  } else {
    return fail("region", "give region or baseUrl")
  }
  const family = options.family ?? "timpush"
  if (family !== "timpush" && family !== "all_member_push") fail("family", "must be \"timpush\" or \"all_member_push\"")
  const retry = options.retry === false
    ? noRetry
    : {
      times: options.retry?.times === undefined ? defaultRetryPolicy.times : Number.isSafeInteger(options.retry.times) && options.retry.times >= 0 ? options.retry.times : fail("retry.times", "must be a non-negative integer"),
      baseDelayMillis: options.retry?.baseDelay === undefined ? defaultRetryPolicy.baseDelayMillis : millis("retry.baseDelay", options.retry.baseDelay),
      maxDelayMillis: options.retry?.maxDelay === undefined ? defaultRetryPolicy.maxDelayMillis : millis("retry.maxDelay", options.retry.maxDelay),
    }
  const timeoutMillis = millis("timeout", options.timeout ?? "10 seconds")
  if (timeoutMillis <= 0) fail("timeout", "must be positive")
  return {
    sdkAppId,
    secretKey,
    adminId: options.adminId,
    primaryOrigin,
    standbyOrigin,
    family,
    timeoutMillis,
    retry,
    rateLimits: resolveRateLimits(options.rateLimits),
    coalesceWindowMillis: options.coalesce === false ? 0 : millis("coalesce.window", options.coalesce?.window ?? 10),
    concurrency: positiveInt("concurrency", options.concurrency ?? 16),
    userSigLifetimeSeconds: positiveInt("userSigLifetimeSeconds", options.userSigLifetimeSeconds ?? 86_400),
    idempotency: {
      ttlMillis: positiveMillis("idempotency.ttl", options.idempotency?.ttl ?? "24 hours"),
      waitMillis: millis("idempotency.wait", options.idempotency?.wait ?? "30 seconds"),
    },
  }
}

/** Checks and defaults `options`; fails with `ChatConfigError` naming the bad option. */
export const resolveConfig = (options: ClientOptions): Effect.Effect<ResolvedConfig, ChatConfigError> =>
  Effect.try({
    try: () => resolveConfigUnsafe(options),
    catch: (e) => e instanceof ChatConfigError ? e : new ChatConfigError({ field: "options", detail: String(e) }),
  })

/**
 * Reads `TENCENT_CHAT_SDKAPPID`, `TENCENT_CHAT_SECRET_KEY` (as `Redacted`), `TENCENT_CHAT_ADMIN`,
 * and `TENCENT_CHAT_REGION` or `TENCENT_CHAT_BASE_URL` (plus optional `TENCENT_CHAT_FAMILY`)
 * from the current `ConfigProvider`; `overrides` supply the tuning options. Fails with
 * `ConfigError` when a variable is missing or malformed.
 *
 * @example
 * ```ts
 * import * as ConfigProvider from "effect/ConfigProvider"
 * import * as Effect from "effect/Effect"
 * import { configFromEnv } from "tencent-chat-push/client"
 *
 * const options = await Effect.runPromise(configFromEnv({ timeout: "5 seconds" }).pipe(
 *   Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv())),
 * ))
 * ```
 */
export const configFromEnv = (
  overrides: Omit<ClientOptions, "sdkAppId" | "secretKey" | "adminId" | "region" | "baseUrl"> = {},
): Config.Config<ClientOptions> =>
  Config.all({
    sdkAppId: Config.Int("TENCENT_CHAT_SDKAPPID"),
    secretKey: Config.Redacted("TENCENT_CHAT_SECRET_KEY"),
    adminId: Config.String("TENCENT_CHAT_ADMIN"),
    region: Config.option(Config.Literals(regionNames, "TENCENT_CHAT_REGION")),
    baseUrl: Config.option(Config.String("TENCENT_CHAT_BASE_URL")),
    family: Config.option(Config.Literals(["timpush", "all_member_push"] as const, "TENCENT_CHAT_FAMILY")),
  }).pipe(
    Config.map((c): ClientOptions => ({
      ...overrides,
      sdkAppId: c.sdkAppId,
      secretKey: c.secretKey,
      adminId: c.adminId,
      region: Option.getOrUndefined(c.region),
      baseUrl: Option.getOrUndefined(c.baseUrl),
      family: Option.getOrUndefined(c.family) ?? overrides.family,
    })),
  )
