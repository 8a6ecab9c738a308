// The sending side: what Tencent would POST to an app's callback URL for a batch of push events,
// signed with the app's token. The emulator delivers callbacks with it and a console can send test
// callbacks with it, so receivers are exercised by exactly the bytes this module verifies.
import { fail } from "./errors.ts"
import { MAX_EVENTS } from "./parse.ts"
import { checkToken, requestTimeText, signature } from "./sign.ts"
import type { PushCallbackEventInit } from "./types.ts"
import { eventToWire } from "./wire-map.ts"
import { Q } from "./wire.ts"

/**
 * What to send: where, for which app, signed with which token, and the events.
 *
 * @example
 * ```ts
 * import type { BuildCallbackRequestOptions } from "tencent-chat-push/callbacks"
 *
 * const options: BuildCallbackRequestOptions = { url: "https://app.example/cb", sdkAppId: 1400000000, token: "t", events: [] }
 * ```
 */
export interface BuildCallbackRequestOptions {
  /** The app's callback URL; its own query parameters are kept. */
  readonly url: string | URL
  /** The app's SDKAppID (`SdkAppid`). */
  readonly sdkAppId: number
  /** The callback token the receiver verifies with. */
  readonly token: string
  /** 1–100 events, all of one command (it becomes the URL's `CallbackCommand`). */
  readonly events: ReadonlyArray<PushCallbackEventInit>
  /** `RequestTime`, unix seconds. Default: now. */
  readonly requestTime?: number
  /** `ClientIP`, omitted when undefined. */
  readonly clientIp?: string
  /** `OptPlatform`, omitted when undefined. */
  readonly optPlatform?: string
}

/**
 * A signed callback request, shaped so `fetch(r.url, r)` and `new Request(r.url, r)` send it.
 *
 * @example
 * ```ts
 * import type { SignedCallbackRequest } from "tencent-chat-push/callbacks"
 *
 * const send = (r: SignedCallbackRequest) => fetch(r.url, r)
 * ```
 */
export interface SignedCallbackRequest {
  /** The callback URL with `SdkAppid`, `CallbackCommand`, `contenttype`, `Sign` and `RequestTime`. */
  readonly url: string
  /** Always POST. */
  readonly method: "POST"
  /** `content-type: application/json`. */
  readonly headers: { readonly "content-type": "application/json" }
  /** `{"Events":[...]}` with Tencent's field names. */
  readonly body: string
}

/**
 * Builds the request Tencent would send for a batch of push events: the URL with `SdkAppid`,
 * `CallbackCommand`, `contenttype=json` (and `ClientIP`/`OptPlatform` when given), `Sign` =
 * sha256(token + RequestTime) and `RequestTime`; the body `{"Events":[...]}` with the documented
 * wire names in the docs' field order, plus each event's `extra` fields.
 *
 * Throws `CallbackError` `INVALID_INPUT` when the URL, app id or token is unusable, there are 0
 * or more than 100 events, the events mix commands, or an event field has the wrong type or an
 * unknown name. The token never appears in the error.
 *
 * @example
 * ```ts
 * import { buildCallbackRequest } from "tencent-chat-push/callbacks"
 *
 * const r = buildCallbackRequest({
 *   url: "http://127.0.0.1:8787/tencent/callbacks",
 *   sdkAppId: 1400000000,
 *   token: "from-the-console",
 *   events: [{
 *     command: "Push.AllMemberPush", channel: "offline", taskId: "task-1", taskTime: 1700000000,
 *     eventTime: 1700000003, userId: "alice", platform: "apns", stage: "clicked",
 *   }],
 * })
 * const response = await fetch(r.url, r)
 * ```
 */
export const buildCallbackRequest = (options: BuildCallbackRequestOptions): SignedCallbackRequest => {
  const token = checkToken(options?.token)
  const { sdkAppId, events } = options
  if (typeof sdkAppId !== "number" || !Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) {
    fail("INVALID_INPUT", "sdkAppId must be a positive integer")
  }
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS) {
    fail("INVALID_INPUT", `events must hold 1 to ${MAX_EVENTS} events`)
  }
  const command = events[0]?.command
  const wire = events.map((e, i) => {
    if (e?.command !== command) fail("INVALID_INPUT", `events[${i}].command differs from events[0]'s; one request carries one command`)
    return eventToWire(e, `events[${i}]`)
  })
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    return fail("INVALID_INPUT", "url must be an absolute URL")
  }
  const time = requestTimeText(options.requestTime ?? Math.floor(Date.now() / 1000))
  const p = url.searchParams
  p.set(Q.sdkAppId, String(sdkAppId))
  p.set(Q.command, command!)
  p.set(Q.contentType, "json")
  if (options.clientIp !== undefined) p.set(Q.clientIp, String(options.clientIp))
  if (options.optPlatform !== undefined) p.set(Q.optPlatform, String(options.optPlatform))
  p.set(Q.sign, signature(token, time))
  p.set(Q.requestTime, time)
  return {
    url: url.href,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Events: wire }),
  }
}
