/**
 * `ChatStoreObject`: a Cloudflare Durable Object that keeps a client store for a Worker fleet.
 * Every isolate and every request reaches the same object (by name), and the object handles one
 * operation at a time, so each operation is atomic without locks.
 *
 * The operations arrive as `fetch` requests (JSON in, JSON out; see `StoreRequest`), so the class
 * needs nothing from `cloudflare:workers` and runs in any runtime (tests drive it in Node too).
 *
 * Where the state lives:
 * - rate-limit buckets and the arrival guard's counts in memory: they change 100 times a second
 *   and only matter for about a second. If the object restarts or is evicted (only after it has
 *   been idle, by which time no reserved slot is still in the future), buckets start full again;
 * - the daily quota counters and idempotency claims in the object's transactional storage: they
 *   must survive a restart. Expired entries are swept, at most once a minute, through an index
 *   of expiry times, so storage stays bounded.
 *
 * Time is the object's own clock (`Date.now()`), one clock for the whole fleet.
 *
 * @module
 */
import type { AdmitLog, BucketState, ClaimState, WindowState } from "./algorithms.ts"
import * as Algo from "./algorithms.ts"

/**
 * The part of a Durable Object's `ctx.storage` the store uses (Cloudflare's
 * `DurableObjectStorage` fits it).
 *
 * @example
 * ```ts
 * import type { DurableObjectStorageLike } from "tencent-chat-push/client"
 *
 * const count = async (storage: DurableObjectStorageLike) => (await storage.list({ prefix: "c:" })).size // idempotency keys held
 * ```
 */
export interface DurableObjectStorageLike {
  /** The value under `key`, or `undefined`. */
  get<T = unknown>(key: string): Promise<T | undefined>
  /** Stores `value` under `key`. */
  put<T>(key: string, value: T): Promise<void>
  /** Deletes `key`; whether it existed. */
  delete(key: string): Promise<boolean>
  /** Entries in key order: with `prefix`, before `end` (exclusive), at most `limit`. */
  list<T = unknown>(options?: { readonly prefix?: string; readonly end?: string; readonly limit?: number }): Promise<Map<string, T>>
}

/**
 * The part of a Durable Object's state (`ctx`) the store uses (Cloudflare's
 * `DurableObjectState` fits it).
 *
 * @example
 * ```ts
 * import { ChatStoreObject } from "tencent-chat-push/client"
 * import type { DurableObjectStateLike } from "tencent-chat-push/client"
 *
 * const objectFor = (ctx: DurableObjectStateLike) => new ChatStoreObject(ctx)
 * ```
 */
export interface DurableObjectStateLike {
  /** The object's transactional storage. */
  readonly storage: DurableObjectStorageLike
}

/**
 * One store operation, as `durableObjectStore` sends it to `ChatStoreObject` (a JSON body).
 *
 * @example
 * ```ts
 * import type { StoreRequest } from "tencent-chat-push/client"
 *
 * const read: StoreRequest = { op: "read", key: "tencent-chat:1400000000:idem:push:launch" }
 * ```
 */
export type StoreRequest =
  | { readonly op: "tokenBucket"; readonly key: string; readonly tokens: number; readonly limit: number; readonly refillMillis: number; readonly allowOverflow: boolean }
  | { readonly op: "fixedWindow"; readonly key: string; readonly tokens: number; readonly refillMillis: number; readonly limit: number | null }
  | { readonly op: "admit"; readonly key: string; readonly ticket: string; readonly limit: number; readonly windowMillis: number; readonly maxOpenMillis: number }
  | { readonly op: "close"; readonly key: string; readonly ticket: string; readonly extraMillis: number }
  | { readonly op: "claim"; readonly key: string; readonly value: string; readonly ttlMillis: number }
  | { readonly op: "settle"; readonly key: string; readonly expected: string; readonly next: string | null; readonly ttlMillis: number }
  | { readonly op: "read"; readonly key: string }

/**
 * `ChatStoreObject`'s answer to a `StoreRequest`: `{ ok: true, value }` or `{ ok: false, error }`
 * (with HTTP 400 for a malformed request).
 *
 * @example
 * ```ts
 * import type { StoreResponse } from "tencent-chat-push/client"
 *
 * const valueOf = (r: StoreResponse) => (r.ok ? r.value : undefined)
 * ```
 */
export type StoreResponse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string }

const SWEEP_EVERY_MS = 60_000
const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x)
const isStr = (x: unknown): x is string => typeof x === "string"

/** Checks an untrusted request body; returns the operation or a reason. */
const parse = (body: unknown): StoreRequest | string => {
  const b = body as Record<string, unknown> | null
  if (b === null || typeof b !== "object" || !isStr(b.key) || b.key.length === 0 || b.key.length > 1024) return "key must be a non-empty string"
  switch (b.op) {
    case "tokenBucket":
      return isNum(b.tokens) && isNum(b.limit) && isNum(b.refillMillis) && b.refillMillis > 0 && typeof b.allowOverflow === "boolean"
        ? (b as StoreRequest)
        : "tokenBucket needs tokens, limit, refillMillis > 0 and allowOverflow"
    case "fixedWindow":
      return isNum(b.tokens) && isNum(b.refillMillis) && (b.limit === null || isNum(b.limit)) ? (b as StoreRequest) : "fixedWindow needs tokens, refillMillis and limit"
    case "admit":
      return isStr(b.ticket) && isNum(b.limit) && b.limit >= 1 && isNum(b.windowMillis) && b.windowMillis > 0 && isNum(b.maxOpenMillis) && b.maxOpenMillis >= 0
        ? (b as StoreRequest)
        : "admit needs ticket, limit ≥ 1, windowMillis > 0 and maxOpenMillis ≥ 0"
    case "close":
      return isStr(b.ticket) && isNum(b.extraMillis) && b.extraMillis >= 0 ? (b as StoreRequest) : "close needs ticket and extraMillis ≥ 0"
    case "claim":
      return isStr(b.value) && isNum(b.ttlMillis) && b.ttlMillis > 0 ? (b as StoreRequest) : "claim needs value and ttlMillis > 0"
    case "settle":
      return isStr(b.expected) && (b.next === null || isStr(b.next)) && isNum(b.ttlMillis) && b.ttlMillis > 0
        ? (b as StoreRequest)
        : "settle needs expected, next and ttlMillis > 0"
    case "read":
      return b as StoreRequest
    default:
      return "unknown op"
  }
}

const json = (body: StoreResponse, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

/** Index key of an expiry: zero-padded so keys sort by time. */
const expiryKey = (expiresAt: number, key: string): string => `x:${String(Math.ceil(expiresAt)).padStart(16, "0")}:${key}`

/**
 * The Durable Object class of `durableObjectStore`: export it from your Worker and bind a
 * namespace to it (wrangler: `durable_objects.bindings` plus a migration; workerd: a
 * `durableObjectNamespaces` entry, `durableObjectStorage`, and a `durableObjectNamespace`
 * binding). Requests that are not a valid store operation get HTTP 400; it never throws.
 *
 * @example
 * ```ts
 * import { ChatStoreObject } from "tencent-chat-push/client"
 *
 * // worker.ts: the class must be exported by the Worker that defines the namespace.
 * export { ChatStoreObject }
 * export default { fetch: () => new Response("ok") }
 * ```
 */
export class ChatStoreObject {
  readonly #storage: DurableObjectStorageLike
  readonly #buckets = new Map<string, BucketState & { readonly expiresAt: number }>()
  readonly #logs = new Map<string, { readonly log: AdmitLog; readonly expiresAt: number }>()
  #nextSweep = 0

  /** Called by the runtime with the object's state (`ctx`); `env` is not used. */
  constructor(ctx: DurableObjectStateLike, _env?: unknown) {
    this.#storage = ctx.storage
  }

  /** Handles one store operation (`POST`, JSON body). */
  async fetch(request: Request): Promise<Response> {
    let body: unknown
    try {
      body = await request.json()
    } catch {
      return json({ ok: false, error: "the body must be JSON" }, 400)
    }
    const op = parse(body)
    if (typeof op === "string") return json({ ok: false, error: op }, 400)
    try {
      return json({ ok: true, value: await this.#run(op, Date.now()) })
    } catch (e) {
      return json({ ok: false, error: e instanceof Error ? e.message : String(e) }, 500)
    }
  }

  async #run(op: StoreRequest, now: number): Promise<unknown> {
    switch (op.op) {
      case "tokenBucket": {
        const current = this.#buckets.get(op.key)
        const r = Algo.tokenBucket(current !== undefined && current.expiresAt > now ? current : undefined, op, now)
        this.#buckets.set(op.key, { ...r.next, expiresAt: r.expiresAt })
        this.#sweepMemory(now)
        return r.result
      }
      case "admit": {
        const current = this.#logs.get(op.key)
        const r = Algo.admit(current !== undefined && current.expiresAt > now ? current.log : undefined, op, now)
        this.#logs.set(op.key, { log: r.next, expiresAt: now + op.maxOpenMillis + 2 * op.windowMillis })
        this.#sweepMemory(now)
        return r.wait
      }
      case "close": {
        const current = this.#logs.get(op.key)
        const next = current !== undefined && current.expiresAt > now ? Algo.close(current.log, op.ticket, op.extraMillis, now) : undefined
        if (next !== undefined) this.#logs.set(op.key, { log: next, expiresAt: current!.expiresAt })
        return next !== undefined
      }
      case "fixedWindow": {
        const key = `w:${op.key}`
        const current = await this.#storage.get<WindowState>(key)
        const r = Algo.fixedWindow(current, { tokens: op.tokens, refillMillis: op.refillMillis, limit: op.limit ?? undefined }, now)
        if (r.next !== undefined && r.next !== current) await this.#write(key, current?.expiresAt, r.next, now)
        return r.result
      }
      case "claim": {
        const key = `c:${op.key}`
        const current = await this.#storage.get<ClaimState>(key)
        const r = Algo.claim(current, op.value, op.ttlMillis, now)
        if (r.next !== undefined) await this.#write(key, current?.expiresAt, r.next, now)
        return r.found ?? null
      }
      case "settle": {
        const key = `c:${op.key}`
        const current = await this.#storage.get<ClaimState>(key)
        const r = Algo.settle(current, op.expected, op.next ?? undefined, op.ttlMillis, now)
        if (r.applied) await this.#write(key, current?.expiresAt, r.next, now)
        return r.applied
      }
      case "read": {
        const current = await this.#storage.get<ClaimState>(`c:${op.key}`)
        return current !== undefined && current.expiresAt > now ? current.value : null
      }
    }
  }

  /** Writes (or deletes) `key` and keeps its expiry index entry in step. */
  async #write(key: string, oldExpiry: number | undefined, next: { readonly expiresAt: number } | undefined, now: number): Promise<void> {
    if (oldExpiry !== undefined && oldExpiry !== next?.expiresAt) await this.#storage.delete(expiryKey(oldExpiry, key))
    if (next === undefined) await this.#storage.delete(key)
    else {
      await this.#storage.put(key, next)
      await this.#storage.put(expiryKey(next.expiresAt, key), key)
    }
    if (now >= this.#nextSweep) {
      this.#nextSweep = now + SWEEP_EVERY_MS
      const expired = await this.#storage.list<string>({ prefix: "x:", end: expiryKey(now, ""), limit: 1000 })
      for (const [indexKey, recordKey] of expired) {
        await this.#storage.delete(indexKey)
        const record = await this.#storage.get<{ readonly expiresAt: number }>(recordKey)
        if (record !== undefined && record.expiresAt <= now) await this.#storage.delete(recordKey)
      }
    }
  }

  #sweepMemory(now: number): void {
    if (this.#buckets.size + this.#logs.size < 256) return
    for (const [k, v] of this.#buckets) if (v.expiresAt <= now) this.#buckets.delete(k)
    for (const [k, v] of this.#logs) if (v.expiresAt <= now) this.#logs.delete(k)
  }
}
