/**
 * A push sent once per fleet: `idempotencyKey` on `push`, `pushToUsers` and `revokePush`.
 *
 * The first caller claims the key in the shared store (a "pending" record with a random owner
 * token and the `MsgRandom` it will send) and sends. When its call ends it settles the record:
 *
 * - success: "done" with the result, kept for the TTL (default 24 h); every later caller gets it
 *   and sends nothing;
 * - `ChatPushOutcomeUnknown` (the request left, no answer came back), or the caller was
 *   interrupted mid-call: "unknown"; every later caller fails with `ChatPushOutcomeUnknown` too,
 *   never a blind resend (the docs disagree on what `MsgRandom` de-duplicates);
 * - any other failure (a local refusal, the daily quota, an `ErrorCode` answer): nothing was
 *   created, so the claim is released and the next caller may send.
 *
 * A caller that finds the key pending waits, polling the store, until the record settles, at most
 * `idempotency.wait` (default 30 s). If it is still pending then (the first caller is slow, or
 * died after claiming), the caller fails with `ChatPushOutcomeUnknown { kind: "in-flight" }`:
 * it cannot know whether that push went out.
 *
 * `revokePush` is retry-safe (a repeat can only get 90050), so for it an unknown outcome or an
 * interruption releases the claim, and a caller that waited in vain recalls anyway.
 *
 * Settling compares the owner token, so an owner whose claim expired (or was taken over) never
 * overwrites a newer record.
 *
 * @module
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Random from "effect/Random"
import type * as RateLimiter from "effect/persistence/RateLimiter"
import type { ChatError } from "./errors.ts"
import { ChatPushOutcomeUnknown, ChatRateLimitError, ChatRequestError } from "./errors.ts"
import type { ClaimStore } from "./store/store.ts"

/** Checked idempotency settings. */
export interface IdempotencySettings {
  readonly ttlMillis: number
  readonly waitMillis: number
}

/** What one idempotent method needs to store and replay its result. */
export interface OnceSpec<A> {
  /** `"push"`, `"batch"` or `"revoke"`: each method has its own key space. */
  readonly endpoint: "push" | "batch" | "revoke"
  readonly key: string
  /** The `MsgRandom` this caller would send (-1 for revoke), reported when the outcome is unknown. */
  readonly msgRandom: number
  /** Retry-safe calls release the claim instead of recording an unknown outcome. */
  readonly retrySafe: boolean
  readonly encode: (a: A) => unknown
  /** Rebuilds the first caller's result for this caller, or fails (e.g. a mismatched request). */
  readonly decode: (stored: unknown) => Effect.Effect<A, ChatError>
}

/** Runs a method at most once per key across everyone sharing the store. */
export type Once = <A>(spec: OnceSpec<A>, send: Effect.Effect<A, ChatError>) => Effect.Effect<A, ChatError>

type UnknownKind = ChatPushOutcomeUnknown["kind"]

type ClaimRecord =
  | { readonly s: "pending"; readonly o: string; readonly r: number }
  | { readonly s: "done"; readonly v: unknown }
  | { readonly s: "unknown"; readonly r: number; readonly k: UnknownKind; readonly st?: number; readonly d: string }

/** Longest key accepted (store keys carry it verbatim). */
const MAX_KEY_LENGTH = 256

/** The key check, before anything is claimed: a clear `ChatRequestError` for an unusable key. */
export const checkKey = (endpoint: string, key: unknown): ChatRequestError | undefined =>
  typeof key === "string" && key.length > 0 && key.length <= MAX_KEY_LENGTH
    ? undefined
    : new ChatRequestError({
      endpoint,
      field: "idempotencyKey",
      rule: "idempotency_key",
      detail: `idempotencyKey must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
    })

const parse = (text: string): ClaimRecord | undefined => {
  try {
    const r = JSON.parse(text) as ClaimRecord
    return r !== null && typeof r === "object" && (r.s === "pending" || r.s === "done" || r.s === "unknown") ? r : undefined
  } catch {
    return undefined
  }
}

const part = Random.nextIntBetween(0, 2 ** 31)
const token = Effect.map(Effect.all([part, part, part]), (xs) => xs.map((x) => x.toString(36)).join("."))

/** Builds `once` over `claims`; `prefix` scopes the keys to one app. */
export const makeOnce = (claims: ClaimStore, storeKind: string, prefix: string, settings: IdempotencySettings): Once =>
<A>(spec: OnceSpec<A>, send: Effect.Effect<A, ChatError>): Effect.Effect<A, ChatError> => {
  const bad = checkKey(spec.endpoint, spec.key)
  if (bad !== undefined) return Effect.fail(bad)
  const storeKey = `${prefix}idem:${spec.endpoint}:${spec.key}`
  const storeError = (e: RateLimiter.RateLimiterError) =>
    new ChatRateLimitError({ endpoint: spec.endpoint, kind: "store", detail: `idempotency key (${storeKind} store): ${e.message}` })

  const replay = (record: ClaimRecord & { s: "done" | "unknown" }): Effect.Effect<A, ChatError> =>
    record.s === "done" ? spec.decode(record.v) : Effect.fail(
      new ChatPushOutcomeUnknown({
        endpoint: spec.endpoint,
        msgRandom: record.r,
        kind: record.k,
        ...(record.st === undefined ? {} : { status: record.st }),
        detail: `the first call with idempotency key ${JSON.stringify(spec.key)} ended with an unknown outcome: ${record.d}`,
      }),
    )

  // The owner's record once its call has ended; `undefined` releases the key.
  const outcome = (exit: Exit.Exit<A, ChatError>): ClaimRecord | undefined => {
    if (Exit.isSuccess(exit)) return { s: "done", v: spec.encode(exit.value) }
    if (spec.retrySafe) return undefined
    const failure = Cause.findErrorOption(exit.cause)
    if (failure._tag === "Some") {
      const e = failure.value
      return e._tag === "ChatPushOutcomeUnknown"
        ? { s: "unknown", r: e.msgRandom, k: e.kind, ...(e.status === undefined ? {} : { st: e.status }), d: e.detail }
        : undefined
    }
    return { s: "unknown", r: spec.msgRandom, k: "interrupted", d: "the first caller was interrupted before its answer came back" }
  }

  const own = (pending: string) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.exit(restore(send)), (exit) => {
        const next = outcome(exit)
        const write = claims.settle(storeKey, pending, next === undefined ? undefined : JSON.stringify(next), settings.ttlMillis)
        // Best effort, one retry: if the store is down now, the key stays pending and later
        // callers get "in-flight", which is still never a blind resend.
        return Effect.andThen(Effect.ignore(Effect.catch(write, () => write)), exit)
      })
    )

  const attempt = (deadline: number, delay: number): Effect.Effect<A, ChatError> =>
    Effect.gen(function*() {
      const owner = yield* token
      const pending = JSON.stringify({ s: "pending", o: owner, r: spec.msgRandom } satisfies ClaimRecord)
      const found = yield* Effect.mapError(claims.claim(storeKey, pending, settings.ttlMillis), storeError)
      if (found === undefined) return yield* own(pending)
      return yield* wait(found, deadline, delay)
    })

  const wait = (found: string, deadline: number, delay: number): Effect.Effect<A, ChatError> =>
    Effect.gen(function*() {
      const record = parse(found)
      if (record === undefined) {
        return yield* new ChatRateLimitError({
          endpoint: spec.endpoint,
          kind: "store",
          detail: `idempotency key (${storeKind} store): the stored record is not one this client wrote`,
        })
      }
      if (record.s !== "pending") return yield* replay(record)
      const now = yield* Clock.currentTimeMillis
      if (now >= deadline) {
        if (spec.retrySafe) return yield* send
        return yield* new ChatPushOutcomeUnknown({
          endpoint: spec.endpoint,
          msgRandom: record.r,
          kind: "in-flight",
          detail: `another caller claimed idempotency key ${JSON.stringify(spec.key)} and has not reported an outcome after ${settings.waitMillis} ms`,
        })
      }
      yield* Effect.sleep(Duration.millis(Math.min(delay, deadline - now)))
      const current = yield* Effect.mapError(claims.read(storeKey), storeError)
      const next = Math.min(delay * 1.5, 250)
      // Released (the first call failed without sending): claim it ourselves.
      return current === undefined ? yield* attempt(deadline, next) : yield* wait(current, deadline, next)
    })

  return Effect.flatMap(Clock.currentTimeMillis, (now) => attempt(now + settings.waitMillis, 20))
}
