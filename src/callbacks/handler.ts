// The receiver as one fetch-style function. Tencent waits 2 s for the answer and recommends
// answering first and working after (https://trtc.io/document/34354), so the handler answers as
// soon as the request is verified and parsed and never awaits `onEvents`: on Workers the work is
// kept alive with ctx.waitUntil, elsewhere it simply runs on, and its failures go to `onError`
// (the answer is already sent). What it does await before answering: the body (capped), a
// digest for the replay key, and the de-duplication store (memory by default; a remote store's
// latency counts against Tencent's 2 s).
import { DEFAULT_MAX_BODY_BYTES, readBodyText } from "./body.ts"
import { deliveryKey, createMemoryDedupe, type DeliveryDedupe } from "./dedupe.ts"
import { CallbackError, fail } from "./errors.ts"
import { parseCallbackBody, type UnknownCallback } from "./parse.ts"
import { createVerifier, type CallbackQuery } from "./query.ts"
import { callbackFailure, callbackResponse, callbackSuccess } from "./reply.ts"
import type { PushCallbackEvent } from "./types.ts"

/**
 * Options for `createCallbackHandler`.
 *
 * @example
 * ```ts
 * import type { CallbackHandlerOptions } from "tencent-chat-push/callbacks"
 *
 * const options: CallbackHandlerOptions = {
 *   sdkAppId: 1400000000,
 *   token: "from-the-console",
 *   onEvents: (events, info) => console.log(info.command, events.length),
 * }
 * ```
 */
export interface CallbackHandlerOptions {
  /** The app's SDKAppID; callbacks for another app are refused with 403. */
  readonly sdkAppId: number
  /** The callback token from the Chat console; unsigned callbacks are refused with 401. */
  readonly token: string
  /** The freshness window for `RequestTime`, seconds either way. Default 300. */
  readonly maxSkewSeconds?: number
  /**
   * Receives each verified delivery's 1–100 events, after the answer is on its way. Not awaited
   * by the answer; a rejection or throw goes to `onError`.
   */
  readonly onEvents: (events: ReadonlyArray<PushCallbackEvent>, info: CallbackQuery) => void | Promise<void>
  /**
   * Receives a verified callback whose command this version does not parse (answered with
   * success). Without it, such callbacks are answered `{"ActionStatus":"FAIL","ErrorCode":1}`
   * (HTTP 200) and reported to `onRejected` as `UNKNOWN_COMMAND`.
   */
  readonly onUnknownCommand?: (callback: UnknownCallback, info: CallbackQuery) => void | Promise<void>
  /** Failures of `onEvents`, `onUnknownCommand` or the de-duplication store. Default: `console.error`. */
  readonly onError?: (error: unknown) => void
  /** Each refused or skipped request, with the reason (no token, no `Sign`). Default: nothing. */
  readonly onRejected?: (error: CallbackError) => void
  /** The body cap in bytes (413 above it). Default 1 MiB; see docs/callbacks.md. */
  readonly maxBodyBytes?: number
  /** Deliveries whose `onEvents` may run at once before new ones get 503. Default 256. */
  readonly maxPending?: number
  /** Replay protection: a store of deliveries seen, or `false` for none. Default: `createMemoryDedupe()`. */
  readonly dedupe?: DeliveryDedupe | false
  /** The current time, unix seconds. Default `Date.now() / 1000`. */
  readonly now?: () => number
}

/**
 * A fetch-style receiver: `export default { fetch: handler }` on Workers (it finds
 * `ctx.waitUntil` in the second or third argument), `Deno.serve(handler)`, `Bun.serve({ fetch:
 * handler })`, or any `{ fetch }` server.
 *
 * @example
 * ```ts
 * import type { CallbackHandler } from "tencent-chat-push/callbacks"
 *
 * const serveIt = (handler: CallbackHandler) => ({ fetch: handler })
 * ```
 */
export type CallbackHandler = (request: Request, envOrContext?: unknown, context?: unknown) => Promise<Response>

interface WaitUntil {
  readonly waitUntil: (promise: Promise<unknown>) => void
}
const hasWaitUntil = (x: unknown): x is WaitUntil =>
  typeof x === "object" && x !== null && typeof (x as { waitUntil?: unknown }).waitUntil === "function"

const positiveInt = (v: unknown, name: string): number =>
  typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : fail("INVALID_INPUT", `${name} must be a positive integer`)

const errorResponse = (e: CallbackError): Response => {
  const headers: Record<string, string> = {}
  if (e.status === 405) headers["allow"] = "POST"
  // RFC 9110 asks a 401 to name its scheme; Tencent's is a signed query string.
  if (e.status === 401) headers["www-authenticate"] = 'TencentCallbackSign realm="callback", params="Sign RequestTime"'
  return callbackResponse(e.code === "DUPLICATE_DELIVERY" ? callbackSuccess() : callbackFailure(e.message), e.status, headers)
}

/**
 * Creates a verifying receiver for push callbacks (`Push.AllMemberPush`, `Push.OfflinePush`).
 *
 * Per request it checks, in order: POST (405); `SdkAppid` present (400) and this app's (403);
 * `Sign` and `RequestTime` present and `Sign` = sha256(token + RequestTime), in constant time
 * (401); `RequestTime` within `maxSkewSeconds` of now (401); the body within `maxBodyBytes`
 * (413), UTF-8 JSON no deeper than 32 levels with 1–100 well-typed events (400); fewer than
 * `maxPending` deliveries in progress (503); and that this exact delivery was not handled
 * before (a replay is answered 200 and not handed on). Then it answers
 * `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}` at once and calls `onEvents` without
 * awaiting it (kept alive by `ctx.waitUntil` when the runtime provides one). Refused requests
 * never reach `onEvents`, get `{"ActionStatus":"FAIL","ErrorCode":1,...}` with the status above,
 * and are reported to `onRejected`.
 *
 * Throws `CallbackError` `INVALID_INPUT` at creation for unusable options. The returned handler
 * never throws; neither the token nor `Sign` appears in any answer, error or report.
 *
 * @example
 * ```ts
 * import { createCallbackHandler, type CallbackHandler } from "tencent-chat-push/callbacks"
 *
 * interface Env { readonly TENCENT_CALLBACK_TOKEN: string }
 * let handler: CallbackHandler | undefined // one per isolate: it holds the replay memory
 *
 * export default {
 *   fetch(request: Request, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<Response> {
 *     handler ??= createCallbackHandler({
 *       sdkAppId: 1400000000,
 *       token: env.TENCENT_CALLBACK_TOKEN,
 *       onEvents: async (events) => {
 *         for (const e of events) if (e.stage === "clicked") console.log("clicked", e.userId)
 *       },
 *     })
 *     return handler(request, env, ctx)
 *   },
 * }
 * ```
 */
export const createCallbackHandler = (options: CallbackHandlerOptions): CallbackHandler => {
  const verifier = createVerifier(options)
  const { onEvents, onUnknownCommand } = options
  if (typeof onEvents !== "function") fail("INVALID_INPUT", "onEvents must be a function")
  const maxBodyBytes = positiveInt(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, "maxBodyBytes")
  const maxPending = positiveInt(options.maxPending ?? 256, "maxPending")
  const dedupe = options.dedupe === false ? undefined : (options.dedupe ?? createMemoryDedupe())
  const now = options.now ?? (() => Date.now() / 1000)
  const onError = options.onError ?? ((e: unknown) => console.error("tencent-chat-push/callbacks: event handling failed:", e))
  const report = (e: unknown): void => {
    try {
      onError(e)
    } catch {
      // A failing error reporter must not turn into an unhandled rejection.
    }
  }
  const reject = (e: CallbackError): void => {
    try {
      options.onRejected?.(e)
    } catch (err) {
      report(err)
    }
  }
  let pending = 0

  const dispatch = (run: () => void | Promise<void>, keepAlive: WaitUntil | undefined): void => {
    pending++
    let work: Promise<void>
    try {
      work = Promise.resolve(run())
    } catch (e) {
      work = Promise.reject(e)
    }
    const settled = work.then(undefined, report).finally(() => {
      pending--
    })
    keepAlive?.waitUntil(settled)
  }

  return async (request, envOrContext, context) => {
    const keepAlive = hasWaitUntil(context) ? context : hasWaitUntil(envOrContext) ? envOrContext : undefined
    try {
      if (request.method !== "POST") fail("METHOD_NOT_ALLOWED", "callbacks are POST requests")
      const at = now()
      const query = verifier.verify(new URL(request.url).searchParams, at)
      const body = await readBodyText(request, maxBodyBytes)
      const parsed = parseCallbackBody(body, query.command)
      if (parsed.kind === "unknown" && onUnknownCommand === undefined) {
        fail("UNKNOWN_COMMAND", "this CallbackCommand is not handled here")
      }
      if (pending >= maxPending) fail("OVERLOADED", `${pending} deliveries are still being processed`)
      if (dedupe !== undefined) {
        let fresh = true
        try {
          const key = await deliveryKey(query.requestTime, query.command, body)
          fresh = await dedupe.firstSeen(key, query.requestTime + verifier.maxSkewSeconds, at)
        } catch (e) {
          report(e) // fail open: a store outage must not drop real deliveries
        }
        if (!fresh) fail("DUPLICATE_DELIVERY", "this delivery (RequestTime and body) was already handled")
      }
      if (parsed.kind === "push") dispatch(() => onEvents(parsed.events, query), keepAlive)
      else dispatch(() => onUnknownCommand!(parsed, query), keepAlive)
      return callbackResponse(callbackSuccess())
    } catch (e) {
      if (e instanceof CallbackError) {
        reject(e)
        return errorResponse(e)
      }
      report(e)
      return callbackResponse(callbackFailure("internal error"), 500)
    }
  }
}
