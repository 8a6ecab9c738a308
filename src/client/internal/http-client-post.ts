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
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type { FetchLike } from "../config.ts"
import type { Permits } from "./permits.ts"
import type { NoAnswer, Post, Transport } from "./transport.ts"
import { isTimeout, timedOut } from "./transport.ts"

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
  const postHeld: Post = (url, body) =>
    http.execute(HttpClientRequest.post(url).pipe(HttpClientRequest.bodyText(body, "application/json"))).pipe(
      Effect.flatMap((res) => Effect.map(res.text, (text) => ({ status: res.status, text }))),
      Effect.provideContext(callContext),
      Effect.catchTag("HttpClientError", (e): Effect.Effect<never, NoAnswer> =>
        Effect.fail(
          isTimeout((e.reason as { cause?: unknown }).cause) ? timeout : { kind: "connection", detail: e.reason.message },
        )),
      Effect.timeoutOrElse({ duration: timeoutMillis, orElse: () => Effect.fail(timeout) }),
    )
  return { post: (url, body) => permits.hold(postHeld(url, body)), postHeld }
}
