/**
 * The store operations as pure state transitions, shared by the in-memory store and the Durable
 * Object (the Redis store runs the same steps in Lua, redis-scripts.ts). They follow the
 * contract of Effect's `RateLimiterStore` (effect/persistence/RateLimiter), so Effect's
 * `RateLimiter` computes the same delays on every store.
 *
 * Each takes the current state (or `undefined`) and `now` in epoch milliseconds, and returns the
 * next state with its expiry, so a store can drop state that no longer matters and stay bounded.
 *
 * @module
 */

/** A token bucket: `tokens` may go negative (a queue of reserved slots) when overflow is allowed. */
export interface BucketState {
  readonly tokens: number
  readonly lastRefill: number
}

/** A fixed-window counter. */
export interface WindowState {
  readonly count: number
  readonly expiresAt: number
}

/**
 * One call counted by the fleet-wide arrival guard: it counts while `until > now - window`.
 * An open call (let through, not yet answered) has `until` = admission + the longest a call may
 * stay open; a closed one, the time it was closed (plus a window when it ended without an answer,
 * since its request may still be on its way).
 */
export interface AdmitEntry {
  readonly ticket: string
  readonly until: number
  readonly open: boolean
}

/** The counted calls of one bucket. */
export type AdmitLog = ReadonlyArray<AdmitEntry>

/** A claim register. */
export interface ClaimState {
  readonly value: string
  readonly expiresAt: number
}

/**
 * Refill, then take `tokens`: returns `[remaining, elapsedMillis]` as Effect's contract states,
 * the state to keep, and when that state can be forgotten (the bucket is full again by then).
 */
export const tokenBucket = (
  state: BucketState | undefined,
  o: { readonly tokens: number; readonly limit: number; readonly refillMillis: number; readonly allowOverflow: boolean },
  now: number,
): { readonly result: readonly [number, number]; readonly next: BucketState; readonly expiresAt: number } => {
  let tokens = state?.tokens ?? o.limit
  let lastRefill = state?.lastRefill ?? now
  const refills = Math.floor((now - lastRefill) / o.refillMillis)
  if (refills > 0) {
    tokens = Math.min(o.limit, tokens + refills)
    lastRefill += refills * o.refillMillis
  }
  if (tokens >= o.limit) lastRefill = now
  const remaining = tokens - o.tokens
  if (o.allowOverflow || remaining >= 0) tokens = remaining
  const elapsed = Math.max(0, now - lastRefill)
  const ttl = Math.max(1, Math.ceil(Math.ceil(o.limit - tokens) * o.refillMillis - elapsed))
  return { result: [remaining, elapsed], next: { tokens, lastRefill }, expiresAt: now + ttl }
}

/**
 * Adds `tokens` to the window's count, each token extending the window by `refillMillis`; with
 * a `limit`, a take that would exceed it changes nothing. Returns `[count, ttlMillis]`.
 */
export const fixedWindow = (
  state: WindowState | undefined,
  o: { readonly tokens: number; readonly refillMillis: number; readonly limit: number | undefined },
  now: number,
): { readonly result: readonly [number, number]; readonly next: WindowState | undefined } => {
  const live = state !== undefined && state.expiresAt > now ? state : undefined
  const count = live?.count ?? 0
  const expiresAt = live?.expiresAt ?? now
  if (o.limit !== undefined && count + o.tokens > o.limit) {
    return { result: [count + o.tokens, Math.max(0, expiresAt - now)], next: live }
  }
  const next = { count: count + o.tokens, expiresAt: expiresAt + o.refillMillis * o.tokens }
  return { result: [next.count, next.expiresAt - now], next }
}

/**
 * `ChatStoreShape.admit`: lets call `ticket` through, returning 0, when fewer than `limit` calls
 * count; otherwise returns how long to wait: until the call whose expiry frees a place stops
 * counting, or a twentieth of the window when that call is still open (its answer may come any
 * moment).
 */
export const admit = (
  log: AdmitLog | undefined,
  o: { readonly ticket: string; readonly limit: number; readonly windowMillis: number; readonly maxOpenMillis: number },
  now: number,
): { readonly wait: number; readonly next: AdmitLog } => {
  const live = (log ?? []).filter((e) => e.until > now - o.windowMillis)
  if (live.length < o.limit) return { wait: 0, next: [...live, { ticket: o.ticket, until: now + o.maxOpenMillis, open: true }] }
  const blocking = [...live].sort((a, b) => a.until - b.until)[live.length - o.limit]!
  const wait = blocking.until + o.windowMillis - now
  return { wait: Math.max(0.001, blocking.open ? Math.min(wait, o.windowMillis / 20) : wait), next: live }
}

/** `ChatStoreShape.close`: the open call `ticket` ends now; it counts `extraMillis` longer. */
export const close = (log: AdmitLog | undefined, ticket: string, extraMillis: number, now: number): AdmitLog | undefined => {
  if (log === undefined || !log.some((e) => e.open && e.ticket === ticket)) return undefined
  return log.map((e) => (e.open && e.ticket === ticket ? { ticket, until: now + extraMillis, open: false } : e))
}

/** `ClaimStore.claim`: the state to keep (if it changes) and the value found. */
export const claim = (
  state: ClaimState | undefined,
  value: string,
  ttlMillis: number,
  now: number,
): { readonly found: string | undefined; readonly next: ClaimState | undefined } =>
  state !== undefined && state.expiresAt > now
    ? { found: state.value, next: undefined }
    : { found: undefined, next: { value, expiresAt: now + ttlMillis } }

/** `ClaimStore.settle`: whether it applies, and the state to keep (`undefined`: delete). */
export const settle = (
  state: ClaimState | undefined,
  expected: string,
  value: string | undefined,
  ttlMillis: number,
  now: number,
): { readonly applied: boolean; readonly next: ClaimState | undefined } => {
  if (state === undefined || state.expiresAt <= now || state.value !== expected) return { applied: false, next: state }
  return { applied: true, next: value === undefined ? undefined : { value, expiresAt: now + ttlMillis } }
}
