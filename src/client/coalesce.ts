/**
 * Coalescing: concurrent calls that each touch a few accounts (the "update this user's tags on
 * login" pattern) are merged into requests of up to the command's maximum (100 accounts), so a
 * burst of 10,000 single-user calls goes out as 100 requests.
 *
 * Every account item of every call joins the open batch of its command and request-level
 * options (add vs replace). The item that opens a batch leads it: it waits for the window
 * (`coalesce.window`, default 10 ms), closes the batch and sends it, and settles it with each
 * item's per-account outcome (a request-level failure fails the items of that request only). A
 * batch that reaches the maximum is closed at once and the next item opens a new one.
 *
 * Why not Effect's request batching (`Request` + `RequestResolver`)? Because the batch must be
 * sent by one of its own members. The client is shared by concurrent requests; on Workers a
 * request may only do I/O in its own context, and is cancelled as hung when it waits for I/O
 * that another request started and it has no I/O of its own pending. Effect's resolver sends a
 * batch from whichever fiber comes first and resumes every waiting fiber from there. Here:
 *
 * - the leader sends in its own request, which lives until the answer is in (its own item is in
 *   the batch);
 * - every other member waits on a promise the leader created, so the runtime knows what it waits
 *   for and runs its continuation in its own request (`handle_cross_request_promise_resolution`,
 *   on by default since compatibility date 2024-10-14);
 * - if the leader's request ends first (cancelled: its client went away), Workers rejects that
 *   wait, and each member submits its item again, to a batch led by a live request. If the
 *   leader is interrupted, the same. Every coalesced command is retry-safe, so an item that may
 *   have gone out already can go again.
 *
 * Per-account order is kept by account-lanes.ts: an item waits for earlier operations on its
 * account before it joins a batch, so one request never carries two operations on one account
 * and a later operation never overtakes an earlier one. The Promise facade goes through the same
 * batches (one set per client), so it coalesces too.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { EndpointKey } from "../api/mod.ts"
import type { ChatError } from "./errors.ts"
import type { Send } from "./internal/send.ts"
import type { BulkSpec, Outcome } from "./wire-map.ts"

// The spec is erased to `any` inside a batch: one batch serves one spec, and the typed wrapper
// (`Coalescer.run`) restores the item and value types.
type AnySpec = BulkSpec<EndpointKey, any, any, any>

/** How a batch ended: each slot's outcome, the request's failure, or "submit again". */
type Settled = Exit.Exit<ReadonlyArray<Outcome<object> | undefined>, ChatError> | "again"

interface Batch {
  readonly spec: AnySpec
  readonly group: string
  readonly options: unknown
  readonly items: Array<unknown>
  /** Slots whose caller gave up before the batch left. */
  readonly cancelled: Array<boolean>
  closed: boolean
  /** Created by the leader, in its request; settled once, by the leader. */
  readonly done: Promise<Settled>
  settle: ((s: Settled) => void) | undefined
}

/** Sends items of one command in shared batches. */
export interface Coalescer {
  /** Resolves one item: its per-account outcome, or the failure of the request it went in. */
  readonly run: <K extends EndpointKey, Item, V extends object, O>(
    spec: BulkSpec<K, Item, V, O>,
    item: Item,
    options: O,
  ) => Effect.Effect<Outcome<V>, ChatError>
}

/**
 * Builds a coalescer whose batches are sent with `send`, after `windowMillis` (> 0). `maxOf(key)`
 * is the command's documented maximum of accounts per request.
 */
export const makeCoalescer = (send: Send, windowMillis: number, maxOf: (key: EndpointKey) => number): Coalescer => {
  const window = Duration.millis(windowMillis)
  // Open batches, per spec and group.
  const open = new Map<AnySpec, Map<string, Batch>>()

  const close = (b: Batch) => {
    if (b.closed) return
    b.closed = true
    const groups = open.get(b.spec)
    if (groups?.get(b.group) === b) groups.delete(b.group)
  }

  const settle = (b: Batch, s: Settled) => {
    const f = b.settle
    b.settle = undefined
    f?.(s)
  }

  const outcomeOf = (s: Exclude<Settled, "again">, slot: number): Effect.Effect<Outcome<object>, ChatError> =>
    Exit.isSuccess(s) ? Effect.succeed(s.value[slot]!) : Exit.failCause(s.cause)

  // The leader: wait for the window, close, send the live items, settle every slot.
  const lead = (b: Batch): Effect.Effect<Outcome<object>, ChatError> =>
    Effect.andThen(
      Effect.sleep(window),
      Effect.suspend(() => {
        close(b)
        const slots: Array<number> = []
        for (let i = 0; i < b.items.length; i++) if (!b.cancelled[i]) slots.push(i)
        const items = slots.map((i) => b.items[i])
        return Effect.flatMap(Effect.exit(send(b.spec.key, b.spec.body(items, b.options))), (exit) => {
          let s: Settled
          if (Exit.isSuccess(exit)) {
            const perItem = b.spec.outcomes(exit.value, items)
            const bySlot = new Array<Outcome<object> | undefined>(b.items.length)
            slots.forEach((slot, j) => (bySlot[slot] = perItem[j]))
            s = Exit.succeed(bySlot)
          } else {
            s = Exit.failCause(exit.cause)
          }
          settle(b, s)
          return outcomeOf(s, 0)
        })
      }),
    ).pipe(
      // Interrupted before settling: the other members submit again.
      Effect.onExit(() =>
        Effect.sync(() => {
          close(b)
          settle(b, "again")
        })
      ),
    )

  const join = (spec: AnySpec, item: unknown, options: unknown): Effect.Effect<Outcome<object>, ChatError> =>
    Effect.suspend(() => {
      const group = spec.variant(options) as string
      let groups = open.get(spec)
      if (groups === undefined) {
        groups = new Map()
        open.set(spec, groups)
      }
      const max = maxOf(spec.key)
      const current = groups.get(group)
      if (current !== undefined) {
        const slot = current.items.push(item) - 1
        if (current.items.length >= max) close(current)
        return follow(current, slot, spec, item, options)
      }
      let resolve!: (s: Settled) => void
      const done = new Promise<Settled>((r) => {
        resolve = r
      })
      const b: Batch = { spec, group, options, items: [item], cancelled: [], closed: false, done, settle: resolve }
      if (max > 1) groups.set(group, b)
      else b.closed = true
      return lead(b)
    })

  // Any member but the leader: wait for the leader's promise, in this member's own request.
  const follow = (b: Batch, slot: number, spec: AnySpec, item: unknown, options: unknown) =>
    Effect.callback<Outcome<object>, ChatError>((resume) => {
      b.done.then(
        (s) => resume(s === "again" ? join(spec, item, options) : outcomeOf(s, slot)),
        // The leader's request ended before it settled the batch (Workers).
        () => resume(join(spec, item, options)),
      )
      return Effect.sync(() => {
        if (!b.closed) b.cancelled[slot] = true
      })
    })

  return {
    run: (spec, item, options) => join(spec as unknown as AnySpec, item, options) as Effect.Effect<Outcome<never>, ChatError>,
  }
}
