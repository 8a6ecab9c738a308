/**
 * Coalescing: concurrent calls that each touch a few accounts (the "update this user's tags on
 * login" pattern) are merged into requests of up to the command's maximum (100 accounts), using
 * Effect's request batching (`Request` + `RequestResolver`).
 *
 * Every account item of every call becomes one `Request`. A resolver per command collects them
 * for a short window (`coalesce.window`, default 10 ms), grouped by request-level options (add
 * vs replace), and sends a batch as soon as it holds the maximum (`batchN`), so a burst of
 * 10,000 single-user calls goes out as 100 requests. Each item is completed with its own
 * per-account outcome; a request-level failure fails the items of that request only.
 *
 * Per-account order is kept by account-lanes.ts: an item waits for earlier operations on its
 * account before it joins a batch, so one request never carries two operations on one account
 * and a later operation never overtakes an earlier one. The Promise facade goes through the
 * same resolvers (one per client), so it coalesces too.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Request from "effect/Request"
import * as RequestResolver from "effect/RequestResolver"
import type { EndpointKey } from "../api/mod.ts"
import { chunksOf } from "./chunking.ts"
import type { ChatError } from "./errors.ts"
import type { Send } from "./internal/send.ts"
import type { BulkSpec, Outcome } from "./wire-map.ts"

// The spec is erased to `any` inside the resolver: one resolver serves one spec, and the typed
// wrapper (`Coalescer.run`) restores the item and value types.
type AnySpec = BulkSpec<EndpointKey, any, any, any>

/** One account item of one call. */
class ItemRequest extends Request.Class<{
  readonly item: unknown
  readonly options: unknown
  readonly group: string
}, Outcome<object>, ChatError> {}

/** Sends items of one command through its batching resolver. */
export interface Coalescer {
  /** Resolves one item: its per-account outcome, or the failure of the request it went in. */
  readonly run: <K extends EndpointKey, Item, V extends object, O>(
    spec: BulkSpec<K, Item, V, O>,
    item: Item,
    options: O,
  ) => Effect.Effect<Outcome<V>, ChatError>
}

/**
 * Builds a coalescer whose batches are sent with `send`. `maxOf(key)` is the command's
 * documented maximum of accounts per request.
 */
export const makeCoalescer = (send: Send, windowMillis: number, maxOf: (key: EndpointKey) => number): Coalescer => {
  const resolvers = new Map<AnySpec, RequestResolver.RequestResolver<ItemRequest>>()

  const resolverOf = (spec: AnySpec): RequestResolver.RequestResolver<ItemRequest> => {
    let r = resolvers.get(spec)
    if (r !== undefined) return r
    const max = maxOf(spec.key)
    const runChunk = (entries: ReadonlyArray<Request.Entry<ItemRequest>>) => {
      const items = entries.map((e) => e.request.item)
      return send(spec.key, spec.body(items, entries[0]!.request.options)).pipe(
        Effect.exit,
        Effect.map((exit) => {
          if (Exit.isSuccess(exit)) {
            const outcomes = spec.outcomes(exit.value, items)
            entries.forEach((e, i) => e.completeUnsafe(Exit.succeed(outcomes[i]!)))
          } else {
            const failed = Exit.failCause(exit.cause)
            for (const e of entries) e.completeUnsafe(failed)
          }
        }),
      )
    }
    const base = RequestResolver.makeGrouped<ItemRequest, string>({
      key: (entry) => entry.request.group,
      resolver: (entries) => Effect.forEach(chunksOf(entries, max), runChunk, { concurrency: "unbounded", discard: true }),
    }).pipe(RequestResolver.batchN(max))
    r = windowMillis > 0 ? RequestResolver.setDelay(base, windowMillis) : base
    resolvers.set(spec, r)
    return r
  }

  return {
    run: (spec, item, options) =>
      Effect.request(
        new ItemRequest({ item, options, group: spec.variant(options) }),
        resolverOf(spec as unknown as AnySpec),
      ) as Effect.Effect<Outcome<never>, ChatError>,
  }
}
