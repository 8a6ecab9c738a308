/**
 * Per-account ordering: two operations on the same account, issued in order by one client, reach
 * the service in that order, even though coalescing (coalesce.ts) and bounded concurrency could
 * otherwise let a later batch overtake an earlier one.
 *
 * Each operation registers the accounts it touches when it starts (synchronously, so registration
 * order is issue order) and waits until every operation registered earlier on any of those
 * accounts and not yet finished has finished. An interrupted operation finishes at once, but the
 * operations it was waiting for are still registered, so a successor waits for them too and never
 * overtakes one still in flight. Operations on disjoint accounts never wait for each other.
 *
 * Plain promises are used for the hand-off (not fibers), so nothing is left running if a caller
 * is interrupted. Each operation's promise is created in its own request and waiters register on
 * it from theirs: on Workers, where concurrent requests of one isolate share the client, the
 * runtime then knows what a waiting request waits for (it is not "hung") and runs the waiter's
 * continuation in the waiter's own request. If the operation's request ends without finishing it
 * (cancelled by the runtime, its I/O with it), Workers rejects the wait, and the waiter treats
 * the operation as finished.
 *
 * Registering and finding predecessors cost time linear in the accounts an operation touches (a
 * bulk call over n accounts with n single-account operations pending must not be O(n²): that
 * blocked the event loop for 2.8 s at 100,000; bench/client-lanes.ts).
 *
 * @module
 */
import * as Effect from "effect/Effect"

/** The ordering gate of one client. */
export interface AccountLanes {
  /**
   * Runs `effect` after every earlier-registered operation touching any of `accounts` has
   * finished. Registration happens when the returned effect starts.
   */
  readonly sequenced: <A, E, R>(accounts: ReadonlyArray<string>, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /**
   * Runs `effect` after every operation registered so far has finished (used by `push`: a
   * broadcast issued after a tag change must see that change). Later operations do not wait.
   */
  readonly barrier: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Accounts with an operation registered and not yet finished (for tests and diagnostics). */
  readonly pending: () => number
}

interface Op {
  readonly done: Promise<void>
  readonly accounts: ReadonlyArray<string>
  finish: (() => void) | undefined
}

/** A fresh, empty gate. */
export const makeAccountLanes = (): AccountLanes => {
  // Unfinished operations per account, in registration order.
  const lanes = new Map<string, Array<Op>>()

  const finish = (op: Op) => {
    const f = op.finish
    if (f === undefined) return
    op.finish = undefined
    for (const a of op.accounts) {
      const lane = lanes.get(a)
      if (lane === undefined) continue
      const i = lane.indexOf(op)
      if (i >= 0) lane.splice(i, 1)
      if (lane.length === 0) lanes.delete(a)
    }
    f()
  }

  const register = (accounts: ReadonlyArray<string>): Op => {
    const unique = accounts.length === 1 ? accounts : Array.from(new Set(accounts))
    let resolve!: () => void
    const done = new Promise<void>((r) => {
      resolve = r
    })
    const op: Op = { done, accounts: unique, finish: resolve }
    for (const a of unique) {
      const lane = lanes.get(a)
      if (lane === undefined) lanes.set(a, [op])
      else lane.push(op)
    }
    return op
  }

  // The latest unfinished operation registered before `op` on each of its accounts. Each of
  // those waited for its own predecessors, so normally one wait suffices; an operation that was
  // interrupted (or whose request ended) finished early, and then the next round finds the ones
  // it was still waiting for.
  const predecessors = (op: Op): Array<Op> => {
    const found = new Set<Op>()
    for (const a of op.accounts) {
      const lane = lanes.get(a)
      if (lane === undefined) continue
      const i = lane.indexOf(op)
      if (i > 0) found.add(lane[i - 1]!)
    }
    return Array.from(found)
  }

  // Waits for each of `ops`: until it finishes, or its request ends without finishing it (Workers
  // rejects the wait then; its I/O ended with its request).
  const waitAll = (ops: ReadonlyArray<Op>, then: () => void) => {
    let left = ops.length
    const settled = () => {
      if (--left === 0) then()
    }
    for (const p of ops) {
      p.done.then(settled, () => {
        finish(p)
        settled()
      })
    }
  }

  // Waits until no operation registered before `op` on its accounts is unfinished.
  const waitTurn = (op: Op): Effect.Effect<void> =>
    Effect.callback<void>((resume) => {
      const round = () => {
        const before = predecessors(op)
        if (before.length === 0) resume(Effect.void)
        else waitAll(before, round)
      }
      round()
    })

  return {
    sequenced: (accounts, effect) =>
      Effect.suspend(() => {
        const op = register(accounts)
        const run = predecessors(op).length === 0 ? effect : Effect.andThen(waitTurn(op), effect)
        return Effect.ensuring(run, Effect.sync(() => finish(op)))
      }),
    barrier: (effect) =>
      Effect.suspend(() => {
        if (lanes.size === 0) return effect
        // Every unfinished operation, including any an interrupted one was still waiting for.
        const ops = new Set<Op>()
        for (const lane of lanes.values()) for (const o of lane) ops.add(o)
        return Effect.andThen(Effect.callback<void>((resume) => waitAll(Array.from(ops), () => resume(Effect.void))), effect)
      }),
    pending: () => lanes.size,
  }
}
