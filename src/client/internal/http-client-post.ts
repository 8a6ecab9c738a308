/**
 * The transport over an injected Effect `HttpClient` (`TencentChat.layerWithoutDependencies`,
 * `make`): for callers who add middleware, proxies or their own client. The timeout is an
 * Effect timeout around the request AND the body read, so it works whatever the client does
 * with abort signals, under `TestClock` too.
 *
 * No HTTP spans and no trace headers for our requests: a span would record the request URL,
 * whose query carries the usersig, and tracing costs more than the rest of the call
 * (bench/client-overhead.ts). Wrap calls in your own spans if you need them.
 *
 * Redirects are not followed: a fetch-based client gets `redirect: "manual"` (added to any
 * `FetchHttpClient.RequestInit` you provide), and a 3xx answer from any client, or a fetch
 * response that was redirected anyway, is reported as a redirect with its body unread. The body
 * is read with the same size limit as the direct path (read-body.ts).
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { FetchLike } from "../config.ts"
import type { Permits } from "./permits.ts"
import type { NoAnswer, Post, RawAnswer, Transport } from "./transport.ts"
import { isRedirectStatus, isTimeout, messageOf, neverSent, timedOut } from "./transport.ts"
import { declaredOverLimit, MAX_ANSWER_BYTES, readCapped } from "./read-body.ts"

// An HttpClientError carries the fetch rejection as `reason.cause`; a failed body read through
// `toWeb` rejects with the stream's error itself.
const noAnswerOf = (e: unknown, timeout: NoAnswer): NoAnswer => {
  const reason = typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "HttpClientError"
    ? (e as { reason: { cause?: unknown; message?: unknown } }).reason
    : undefined
  const cause = reason === undefined ? e : reason.cause
  if (isTimeout(cause)) return timeout
  const detail = reason !== undefined && typeof reason.message === "string" ? reason.message : messageOf(e)
  return { kind: "connection", detail, notSent: neverSent(cause) }
}

/** The body as text, or `undefined` past the limit (reading stops there). */
const bodyOf = (res: HttpClientResponse.HttpClientResponse): Effect.Effect<string | undefined, unknown> => {
  const web = HttpClientResponse.toWeb(res)
  if (Option.isSome(web)) {
    // Interrupting (the Effect timeout) cancels the body we were reading.
    return Effect.callback<string | undefined, unknown>((resume) => {
      const reading = readCapped(web.value.body)
      reading.text.then((t) => resume(Effect.succeed(t)), (e) => resume(Effect.fail(e)))
      return Effect.sync(reading.cancel)
    })
  }
  return Effect.suspend(() => {
    const parts: Array<Uint8Array> = []
    let size = 0
    return Stream.runForEachWhile(res.stream, (chunk) =>
      Effect.sync(() => {
        size += chunk.byteLength
        parts.push(chunk)
        return size <= MAX_ANSWER_BYTES
      })).pipe(
        Effect.map(() => (size > MAX_ANSWER_BYTES ? undefined : new TextDecoder().decode(concat(parts, size)))),
      )
  })
}

const concat = (parts: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  if (parts.length === 1) return parts[0]!
  const all = new Uint8Array(size)
  let o = 0
  for (const p of parts) {
    all.set(p, o)
    o += p.byteLength
  }
  return all
}

/** Reads one response into a RawAnswer: redirects and declared oversize bodies are not read. */
const answerOf = (res: HttpClientResponse.HttpClientResponse): Effect.Effect<RawAnswer, unknown> => {
  const status = res.status
  const retryAfter = status === 200 ? undefined : res.headers["retry-after"]
  const web = Option.getOrUndefined(HttpClientResponse.toWeb(res))
  const redirect = isRedirectStatus(status) || web?.redirected === true || web?.type === "opaqueredirect"
  if (redirect || declaredOverLimit(res.headers["content-length"])) {
    web?.body?.cancel().catch(() => {})
    return Effect.succeed({ status, text: "", retryAfter, redirect, overLimit: !redirect })
  }
  return Effect.map(bodyOf(res), (text) =>
    text === undefined ? { status, text: "", retryAfter, overLimit: true } : { status, text, retryAfter })
}

/**
 * A transport over `http`, bounded by `permits`. When `fetch` is given, it is installed as the
 * `fetch` of a fetch-based HttpClient (the `fetch` option keeps working with an injected
 * `FetchHttpClient`).
 */
export const httpClientPost = (
  http: HttpClient.HttpClient,
  timeoutMillis: number,
  fetch: FetchLike | undefined,
  permits: Permits,
): Transport => {
  const untraced = Context.make(HttpClient.TracerDisabledWhen, () => true)
  // One context merge per call carries both.
  const callContext = fetch === undefined
    ? untraced
    : untraced.pipe(Context.add(FetchHttpClient.Fetch, fetch as typeof globalThis.fetch))
  const timeout = timedOut(timeoutMillis)
  // `redirect: "manual"` on top of the caller's own RequestInit, if any.
  const contextOf = (init: globalThis.RequestInit | undefined) =>
    Context.add(callContext, FetchHttpClient.RequestInit, { ...init, redirect: "manual" })
  const postHeld: Post = (url, body) =>
    Effect.withFiber((fiber) =>
      http.execute(HttpClientRequest.post(url).pipe(HttpClientRequest.bodyText(body, "application/json"))).pipe(
        Effect.flatMap(answerOf),
        Effect.provideContext(contextOf(Context.getOrUndefined(fiber.context, FetchHttpClient.RequestInit))),
        Effect.catch((e: unknown): Effect.Effect<never, NoAnswer> => Effect.fail(noAnswerOf(e, timeout))),
        Effect.timeoutOrElse({ duration: timeoutMillis, orElse: () => Effect.fail(timeout) }),
      )
    )
  return { post: (url, body) => permits.hold(postHeld(url, body)), postHeld }
}
