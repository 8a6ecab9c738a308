/**
 * The bulk pipeline shared by every multi-account method: validate every item locally (nothing
 * is sent if one is bad), then send each item through its account lane and the coalescer, and
 * merge the per-account outcomes back in input order.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type { EndpointKey, Family } from "../api/mod.ts"
import type { AccountLanes } from "./account-lanes.ts"
import { mergeOutcomes } from "./chunking.ts"
import type { Coalescer } from "./coalesce.ts"
import type { ChatError } from "./errors.ts"
import { ChatRequestError } from "./errors.ts"
import type { BatchResult } from "./types.ts"
import { checkItems } from "./validate.ts"
import type { BulkSpec } from "./wire-map.ts"

/** What the bulk pipeline needs from the client. */
export interface BulkDeps {
  readonly family: Family
  readonly lanes: AccountLanes
  readonly coalescer: Coalescer
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
    const bad = checkItems(spec, items, options, deps.family)
    if (bad !== undefined) return Effect.fail(bad)
    const accounts = items.map(spec.account)
    return Effect.forEach(
      items,
      (item, i) => Effect.result(deps.lanes.sequenced([accounts[i]!], deps.coalescer.run(spec, item, options))),
      { concurrency: "unbounded" },
    ).pipe(Effect.flatMap((outcomes) => mergeOutcomes(accounts, outcomes)))
  })
