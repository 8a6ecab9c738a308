// Replay protection for what Tencent's signature leaves open. Sign covers only the token and
// RequestTime, so a captured request can be sent again, unchanged, until its RequestTime leaves
// the freshness window. The handler refuses a second copy of the same delivery: the same
// RequestTime, command and body bytes. It does not de-duplicate single events: Tencent gives
// events no id, and one user with two devices of one vendor can produce byte-identical events
// in the same second, so event-level de-duplication would drop real events.
import { bytesToHex } from "@noble/hashes/utils.js"
import { fail } from "./errors.ts"

/**
 * Remembers deliveries already handed on. `firstSeen` records `key` and returns true the first
 * time, false after. `expiresAt` (unix seconds) is when a replay of the delivery would be refused
 * as stale anyway, so the key need not be kept longer. May be async (a KV, Durable Object or
 * Redis `SET NX` store shared by every instance).
 *
 * @example
 * ```ts
 * import type { DeliveryDedupe } from "tencent-chat-push/callbacks"
 *
 * // Shared across instances with Redis: SET key 1 NX EXAT expiresAt
 * const redisDedupe = (redis: { set(k: string, v: string, o: object): Promise<string | null> }): DeliveryDedupe => ({
 *   firstSeen: async (key, expiresAt) => (await redis.set(`cb:${key}`, "1", { NX: true, EXAT: expiresAt })) !== null,
 * })
 * ```
 */
export interface DeliveryDedupe {
  /** Records `key`; true when it was not recorded before. */
  readonly firstSeen: (key: string, expiresAt: number, now: number) => boolean | Promise<boolean>
}

/**
 * Options for the in-memory de-duplication store.
 *
 * @example
 * ```ts
 * import type { MemoryDedupeOptions } from "tencent-chat-push/callbacks"
 *
 * const options: MemoryDedupeOptions = { maxEntries: 50_000 }
 * ```
 */
export interface MemoryDedupeOptions {
  /** How many deliveries to remember at most (oldest forgotten first). Default 10,000 (about 1 MB). */
  readonly maxEntries?: number
}

/**
 * An in-memory `DeliveryDedupe` for one process or isolate: at most `maxEntries` keys (default
 * 10,000), each dropped once its delivery's freshness window has closed, oldest first when full.
 * At up to `maxEntries / (2 × maxSkewSeconds)` deliveries per second (16 per second with the
 * defaults, 1,600 events per second in full batches) it remembers every delivery a replay could
 * still be accepted for; above that it is best-effort. Several instances (Workers isolates, a
 * fleet) each have their own; share one with a custom `DeliveryDedupe`.
 *
 * Throws `CallbackError` `INVALID_INPUT` when `maxEntries` is not a positive integer.
 *
 * @example
 * ```ts
 * import { createCallbackHandler, createMemoryDedupe } from "tencent-chat-push/callbacks"
 *
 * const handler = createCallbackHandler({
 *   sdkAppId: 1400000000, token, dedupe: createMemoryDedupe({ maxEntries: 50_000 }),
 *   onEvents: async (events) => { await save(events) },
 * })
 * ```
 */
export const createMemoryDedupe = (options: MemoryDedupeOptions = {}): DeliveryDedupe => {
  const max = options.maxEntries ?? 10_000
  if (!Number.isSafeInteger(max) || max <= 0) fail("INVALID_INPUT", "maxEntries must be a positive integer")
  const seen = new Map<string, number>() // key -> expiresAt, in insertion order
  return {
    firstSeen: (key, expiresAt, now) => {
      // Insertion order is nearly expiry order (RequestTimes arrive roughly in sequence), so
      // expired keys are dropped from the front; the size cap bounds memory regardless.
      for (const [k, exp] of seen) {
        if (exp >= now) break
        seen.delete(k)
      }
      if (seen.has(key)) return false
      seen.set(key, expiresAt)
      if (seen.size > max) seen.delete(seen.keys().next().value!)
      return true
    },
  }
}

const utf8 = new TextEncoder()

/**
 * The identity of one delivery: RequestTime, command and body bytes (128 bits of SHA-256, hex).
 * Web Crypto's digest (present on every supported runtime) rather than noble's: bodies run to
 * tens of kilobytes, and the native digest is several times faster on them.
 */
export const deliveryKey = async (requestTime: number, command: string, body: string): Promise<string> => {
  const digest = await crypto.subtle.digest("SHA-256", utf8.encode(`${requestTime}\n${command}\n${body}`))
  return bytesToHex(new Uint8Array(digest, 0, 16))
}
