/**
 * The direct transport: one `fetch` call per request, wrapped in a single `Effect.callback`.
 * No HttpClient, no Effect timeout (which forks fibers), one AbortController that serves both
 * the timeout and interruption (bench/client-overhead.ts measures the difference).
 *
 * The timeout covers the whole exchange: the headers AND the body. Real `fetch` cancels a body
 * stream when its signal aborts, but a custom `fetch` (an in-memory handler, a wrapper) may hand
 * back a Response whose body never ends whatever the signal says. So on timeout the call fails
 * at once, without waiting for `fetch` or the body to notice, and the body is cancelled.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type { FetchLike } from "./config.ts"
import type { NoAnswer, Post, RawAnswer } from "./post.ts"
import { isTimeout, messageOf, timedOut } from "./post.ts"

// Shared by every request: fetch only reads it.
const jsonHeaders: HeadersInit = { "content-type": "application/json" }

/**
 * A `Post` over `fetch()` (read per request, so a global `fetch` installed later is used), with
 * a timeout of `timeoutMillis` over headers and body.
 */
export const fetchPost = (fetch: () => FetchLike, timeoutMillis: number): Post => {
  const timeout = timedOut(timeoutMillis)
  return (url, body) =>
    Effect.callback<RawAnswer, NoAnswer>((resume) => {
      const controller = new AbortController()
      let settled = false
      let response: Response | undefined
      const finish = (effect: Effect.Effect<RawAnswer, NoAnswer>) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resume(effect)
      }
      const timer = setTimeout(() => {
        if (settled) return
        controller.abort(new DOMException(timeout.detail, "TimeoutError"))
        // A body stalled after the headers: do not wait for a stream that may ignore the signal.
        response?.body?.cancel().catch(() => {})
        finish(Effect.fail(timeout))
      }, timeoutMillis)
      const init: RequestInit = { method: "POST", body, headers: jsonHeaders, signal: controller.signal }
      let pending: Promise<Response>
      try {
        pending = fetch()(url, init)
      } catch (e) {
        pending = Promise.reject(e)
      }
      pending.then((res) => {
        response = res
        return res.text().then((text) => finish(Effect.succeed({ status: res.status, text })))
      }).catch((e: unknown) => {
        finish(Effect.fail(isTimeout(e) ? timeout : { kind: "connection", detail: messageOf(e) }))
      })
      // Interrupted (e.g. the caller gave up): stop the timer and abort the request.
      return Effect.sync(() => {
        settled = true
        clearTimeout(timer)
        controller.abort()
      })
    })
}
