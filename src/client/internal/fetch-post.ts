/**
 * The direct transport: one `fetch` call per request, wrapped in a single `Effect.callback`
 * that also takes the request's permit (permits.ts). No HttpClient, no Effect timeout (which
 * forks fibers), one AbortController for both the timeout and interruption
 * (bench/client-overhead.ts measures the difference).
 *
 * The timeout covers the whole exchange: the headers AND the body. Real `fetch` cancels a body
 * stream when its signal aborts, but a custom `fetch` (an in-memory handler, a wrapper) may hand
 * back a Response whose body never ends whatever the signal says. So on timeout the call fails
 * at once, without waiting for `fetch` or the body to notice; the abandoned read is left to the
 * signal. The timer runs only while the request does, so it never keeps a process alive.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type { FetchLike } from "../config.ts"
import type { Deadline } from "./lazy-timers.ts"
import { makeLazyTimers } from "./lazy-timers.ts"
import type { Done, Permits } from "./permits.ts"
import type { NoAnswer, Post, RawAnswer, Transport } from "./transport.ts"
import { isTimeout, messageOf, timedOut } from "./transport.ts"

// Shared by every request: fetch only reads it.
const jsonHeaders: HeadersInit = { "content-type": "application/json" }

/**
 * A transport over `fetch()` (read per request, so a global `fetch` installed later is used),
 * with a timeout of `timeoutMillis` over headers and body, bounded by `permits`.
 */
export const fetchPost = (fetch: () => FetchLike, timeoutMillis: number, permits: Permits): Transport => {
  const timeout = timedOut(timeoutMillis)
  const timers = makeLazyTimers()
  const make = (withPermit: boolean): Post => (url, body) =>
    Effect.callback<RawAnswer, NoAnswer>((resume) => {
      const controller = new AbortController()
      let settled = false
      let deadline: Deadline | undefined
      let permit: Done | undefined
      const finish = (effect: Effect.Effect<RawAnswer, NoAnswer>) => {
        if (settled) return
        settled = true
        deadline?.clear()
        permit?.()
        resume(effect)
      }
      const failed = (e: unknown) => finish(Effect.fail(isTimeout(e) ? timeout : { kind: "connection", detail: messageOf(e) }))
      const start = () => {
        if (settled) return
        deadline = timers.after(timeoutMillis, () => {
          controller.abort(new DOMException(timeout.detail, "TimeoutError"))
          // Fail now: a body stalled after the headers may never notice the signal.
          finish(Effect.fail(timeout))
        })
        let pending: Promise<Response>
        try {
          pending = fetch()(url, { method: "POST", body, headers: jsonHeaders, signal: controller.signal })
        } catch (e) {
          pending = Promise.reject(e)
        }
        // Plain callbacks that return nothing: no promise adopts another on the way.
        pending.then((res) => {
          let text: Promise<string>
          try {
            text = res.text()
          } catch (e) {
            return failed(e)
          }
          text.then((t) => finish(Effect.succeed({ status: res.status, text: t })), failed)
        }, failed)
      }
      if (withPermit) permit = permits.take(start)
      else start()
      // Interrupted (e.g. the caller gave up): stop the timer, abort, give the permit back.
      return Effect.sync(() => {
        settled = true
        deadline?.clear()
        permit?.()
        controller.abort()
      })
    })
  return { post: make(true), postHeld: make(false) }
}
