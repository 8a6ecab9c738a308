/**
 * The bulk pipeline shared by every multi-account method: validate every item locally (nothing
 * is sent if one is bad), send, and merge the per-account outcomes back in input order.
 *
 * Two routes, same results:
 * - A call with fewer items than the command's maximum goes item by item through its account
 *   lane and the coalescer, so it can share a request with other concurrent small calls (when
 *   coalescing is on).
 * - A call with at least the maximum is already a batch: it is split into requests of the
 *   maximum and sent directly (one lane registration for the whole call), which keeps the
 *   per-item cost of a 20,000-account call out of the event loop. Requests run concurrently
 *   (bounded by the client's permits), or one after another if an account appears twice.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { EndpointKey, Family } from "../api/mod.ts"
import type { AccountLanes } from "./account-lanes.ts"
import { mergeOutcomes } from "./chunking.ts"
import type { Coalescer } from "./coalesce.ts"
import type { ChatError } from "./errors.ts"
import { ChatRequestError } from "./errors.ts"
import type { Send } from "./internal/send.ts"
import type { BatchResult } from "./types.ts"
import { guarded, plainArgs } from "./snapshot.ts"
import { checkItems } from "./validate.ts"
import type { BulkSpec, Outcome } from "./wire-map.ts"

/** What the bulk pipeline needs from the client. */
export interface BulkDeps {
  readonly family: Family
  readonly lanes: AccountLanes
  /** Absent when coalescing is off: every call then goes out as its own requests. */
  readonly coalescer: Coalescer | undefined
  readonly send: Send
  readonly maxOf: (key: EndpointKey) => number
}

/**
 * Splits items into requests of at most `max` with no account twice in one request; a repeated
 * account starts a new request, so its operations stay in input order.
 */
const chunkDistinct = <Item>(items: ReadonlyArray<Item>, max: number, account: (i: Item) => string) => {
  const chunks: Array<Array<number>> = []
  let current: Array<number> = []
  let seen = new Set<string>()
  const all = new Set<string>()
  items.forEach((item, i) => {
    const a = account(item)
    all.add(a)
    if (current.length === max || seen.has(a)) {
      chunks.push(current)
      current = []
      seen = new Set()
    }
    current.push(i)
    seen.add(a)
  })
  if (current.length > 0) chunks.push(current)
  return { chunks, repeated: all.size !== items.length }
}

/** Runs a bulk method: any number of items, per-account results in input order. */
export const runBulk = <K extends EndpointKey, Item, V extends object, O>(
  deps: BulkDeps,
  spec: BulkSpec<K, Item, V, O>,
  items: ReadonlyArray<Item>,
  options: O,
): Effect.Effect<BatchResult<V>, ChatError> =>
  Effect.suspend(() => {
    if (!Array.isArray(items)) {
      return Effect.fail(new ChatRequestError({ endpoint: spec.key, field: "(items)", rule: "shape", detail: "expected an array" }))
    }
    // Read once into plain data (snapshot.ts): every later read (chunks, the coalescer's bodies)
    // sees exactly what was checked here.
    const args = plainArgs(spec.key, { items, options })
    if (args instanceof ChatRequestError) return Effect.fail(args)
    return run(deps, spec, args.items, args.options)
  })

const run = <K extends EndpointKey, Item, V extends object, O>(
  deps: BulkDeps,
  spec: BulkSpec<K, Item, V, O>,
  items: ReadonlyArray<Item>,
  options: O,
): Effect.Effect<BatchResult<V>, ChatError> => {
  const bad = guarded(spec.key, "items", () => checkItems(spec, items, options, deps.family))
  if (bad !== undefined) return Effect.fail(bad)
  const accounts = items.map(spec.account)
  const max = deps.maxOf(spec.key)

  const coalescer = deps.coalescer
  if (items.length < max && coalescer !== undefined) {
    const one = (item: Item, i: number) => Effect.result(deps.lanes.sequenced([accounts[i]!], coalescer.run(spec, item, options)))
    // One item (the common case: one user's update) needs no child fiber.
    const all = items.length === 1
      ? Effect.map(one(items[0]!, 0), (r) => [r])
      : Effect.forEach(items, one, { concurrency: "unbounded" })
    return Effect.flatMap(all, (outcomes) => mergeOutcomes(accounts, outcomes))
  }

  const { chunks, repeated } = chunkDistinct(items, max, spec.account)
  const outcomes = new Array<Result.Result<Outcome<V>, ChatError>>(items.length)
  const sendChunk = (idx: Array<number>) => {
    const chunkItems = idx.map((i) => items[i]!)
    return Effect.result(deps.send(spec.key, spec.body(chunkItems, options))).pipe(
      Effect.map((r) => {
        if (r._tag === "Success") {
          const per = spec.outcomes(r.success, chunkItems)
          idx.forEach((i, j) => (outcomes[i] = Result.succeed(per[j]!)))
        } else {
          for (const i of idx) outcomes[i] = Result.fail(r.failure)
        }
      }),
    )
  }
  return deps.lanes.sequenced(
    Array.from(new Set(accounts)),
    Effect.forEach(chunks, sendChunk, { concurrency: repeated ? 1 : "unbounded", discard: true }),
  ).pipe(Effect.flatMap(() => mergeOutcomes(accounts, outcomes)))
}
