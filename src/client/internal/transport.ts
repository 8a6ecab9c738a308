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
 * Either way the per-request timeout covers the whole exchange, the body included.
 *
 * @module
 */
import type * as Effect from "effect/Effect"

/** An answer: any HTTP status, with the body read as text. */
export interface RawAnswer {
  readonly status: number
  readonly text: string
}

/** No usable answer: the timeout fired, or the connection failed (no response, or the body broke off). */
export interface NoAnswer {
  readonly kind: "timeout" | "connection"
  /** What happened, for the error's `detail` (redacted by the caller). */
  readonly detail: string
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
