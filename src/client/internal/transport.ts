/**
 * The client's transport: one POST of a JSON body to a URL, answered with a status and a body
 * text, or with no usable answer (timeout, connection). Two implementations:
 *
 * - `fetchPost` (fetch-post.ts): calls a `fetch`-compatible function directly. The default of
 *   `TencentChat.layer` and `createClient`, because it is the cheapest (docs/client.md,
 *   "Benchmarks").
 * - `httpClientPost` (http-client-post.ts): goes through an Effect `HttpClient`, for callers
 *   who inject one (`TencentChat.layerWithoutDependencies`, `make`) to add middleware.
 *
 * Either way the per-request timeout covers the whole exchange, the body included, redirects are
 * never followed (Tencent's API does not redirect; a 3xx from the API host would otherwise re-send
 * the call, usersig and body included, to another origin and return that origin's answer), and
 * the body is read up to `MAX_ANSWER_BYTES` (read-body.ts).
 *
 * @module
 */
import type * as Effect from "effect/Effect"

/** An answer: any HTTP status, with the body read as text. */
export interface RawAnswer {
  /** The status; 0 for an opaque redirect (what browsers give for `redirect: "manual"`). */
  readonly status: number
  /** The body, or "" when it was not read (a redirect, or a body over the limit). */
  readonly text: string
  /** The `Retry-After` header of a non-200 answer, as sent. */
  readonly retryAfter?: string | undefined
  /** The answer redirects (3xx, opaque), or a `fetch` that ignored `redirect: "manual"` followed one. */
  readonly redirect?: boolean | undefined
  /** The body passed `MAX_ANSWER_BYTES`; reading stopped. */
  readonly overLimit?: boolean | undefined
}

/** Whether a status is a redirect: 3xx, or 0 (an opaque redirect). */
export const isRedirectStatus = (status: number): boolean => status === 0 || (status >= 300 && status < 400)

/** No usable answer: the timeout fired, or the connection failed (no response, or the body broke off). */
export interface NoAnswer {
  readonly kind: "timeout" | "connection"
  /** What happened, for the error's `detail` (redacted by the caller). */
  readonly detail: string
  /** The connection was refused or the host name did not resolve: no byte of the request left. */
  readonly notSent?: boolean | undefined
}

/** Sends one POST of `body` (JSON text) to `url`. Interrupting the effect aborts the request. */
export type Post = (url: string, body: string) => Effect.Effect<RawAnswer, NoAnswer>

/** A transport: the same POST with or without taking a permit of the client's pool (permits.ts). */
export interface Transport {
  /** Takes a permit for the duration of the request. */
  readonly post: Post
  /** For a caller that already holds a permit (across its rate-limit wait). */
  readonly postHeld: Post
}

/** Whether a rejection reason is an abort for a timeout (`DOMException` named `TimeoutError`). */
export const isTimeout = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && (cause as { name?: unknown }).name === "TimeoutError"

/** The message of a rejection reason. */
export const messageOf = (cause: unknown): string =>
  cause instanceof Error ? cause.message : typeof cause === "string" ? cause : String(cause)

/** The failure of a request that did not answer within `ms`. */
export const timedOut = (ms: number): NoAnswer => ({ kind: "timeout", detail: `no answer within ${ms} ms` })

// Errors that can only happen before a connection exists, so before any byte of the request was
// sent: a refused connection and a host name that does not resolve. Node puts the code on the
// rejection's `cause`, Bun on the rejection; Deno gives no code, and says "client error
// (Connect)" for every failure of the connect phase. Anything else (a reset, a timeout, a TLS
// or proxy failure) may come after the request left.
const notSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_NONAME"])

/** Whether a `fetch` rejection proves the request was never sent (see `notSentCodes`). */
export const neverSent = (cause: unknown): boolean => {
  for (let e = cause, depth = 0; typeof e === "object" && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === "string" && notSentCodes.has(code)) return true
    if (/\bclient error \(Connect\)/.test(messageOf(e))) return true
  }
  return false
}
