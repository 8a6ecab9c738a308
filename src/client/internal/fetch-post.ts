/**
 * The direct transport: one `fetch` call per request, wrapped in a single `Effect.callback`
 * that also takes the request's permit (permits.ts). No HttpClient, no Effect timeout (which
 * forks fibers), one AbortController for both the timeout and interruption
 * (bench/client-overhead.ts measures the difference).
 *
 * The timeout covers the whole exchange: the headers AND the body. Real `fetch` cancels a body
 * stream when its signal aborts, but a custom `fetch` (an in-memory handler, a wrapper) may hand
 * back a Response whose body never ends whatever the signal says. So on timeout the call fails
 * at once, without waiting for `fetch` or the body to notice, and cancels the body it was
 * reading. The timer runs only while the request does, so it never keeps a process alive.
 *
 * `redirect: "manual"`: Node, Deno and Bun then hand back the 3xx itself, browsers an opaque
 * redirect (status 0); either way, and for a custom `fetch` that follows anyway
 * (`res.redirected`), the body is cancelled unread and the answer is reported as a redirect. The
 * body is read with a size limit (read-body.ts).
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type { FetchLike } from "../config.ts"
import type { Deadline } from "./lazy-timers.ts"
import { makeLazyTimers } from "./lazy-timers.ts"
import type { Done, Permits } from "./permits.ts"
import type { NoAnswer, Post, RawAnswer, Transport } from "./transport.ts"
import { isRedirectStatus, isTimeout, messageOf, neverSent, timedOut } from "./transport.ts"
import type { Reading } from "./read-body.ts"
import { declaredOverLimit, readCapped } from "./read-body.ts"

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
      const failed = (e: unknown) =>
        finish(Effect.fail(isTimeout(e) ? timeout : { kind: "connection", detail: messageOf(e), notSent: neverSent(e) }))
      let stopBody: (() => void) | undefined
      const start = () => {
        if (settled) return
        deadline = timers.after(timeoutMillis, () => {
          controller.abort(new DOMException(timeout.detail, "TimeoutError"))
          // A custom body may not notice the signal: stop reading it ourselves.
          stopBody?.()
          // Fail now: a body stalled after the headers may never notice the signal.
          finish(Effect.fail(timeout))
        })
        let pending: Promise<Response>
        try {
          pending = fetch()(url, { method: "POST", body, headers: jsonHeaders, redirect: "manual", signal: controller.signal })
        } catch (e) {
          pending = Promise.reject(e)
        }
        // Plain callbacks that return nothing: no promise adopts another on the way.
        pending.then((res) => {
          if (settled) return void res.body?.cancel().catch(() => {})
          let reading: Reading
          let status: number
          let retryAfter: string | undefined
          try {
            status = res.status
            retryAfter = status === 200 ? undefined : res.headers.get("retry-after") ?? undefined
            const redirect = res.redirected || res.type === "opaqueredirect" || isRedirectStatus(status)
            if (redirect || declaredOverLimit(res.headers.get("content-length"))) {
              res.body?.cancel().catch(() => {})
              return finish(Effect.succeed({ status, text: "", retryAfter, redirect, overLimit: !redirect }))
            }
            reading = readCapped(res.body)
          } catch (e) {
            return failed(e)
          }
          stopBody = reading.cancel
          reading.text.then(
            (t) => finish(Effect.succeed(t === undefined ? { status, text: "", retryAfter, overLimit: true } : { status, text: t, retryAfter })),
            failed,
          )
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
        stopBody?.()
      })
    })
  return { post: make(true), postHeld: make(false) }
}
