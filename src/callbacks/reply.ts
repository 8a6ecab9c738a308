// The reply Tencent expects (https://trtc.io/document/67551, "Response packet example"):
// {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}. The docs give ErrorCode "0 success, 1
// error"; the field table calls the failure status "FAILURE" while every Chat REST answer uses
// "FAIL". We send FAIL with ErrorCode 1: the code is the documented signal, and FAIL is the
// spelling Tencent's own answers use. On the sending side a reply counts as success only with
// HTTP 200, a JSON object and ErrorCode 0 (the general webhook page, https://trtc.io/document/34354,
// counts a non-200 status or a non-JSON body as a failure).
import type { CallbackReply } from "./wire.ts"

/**
 * The success reply: `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`.
 *
 * @example
 * ```ts
 * import { callbackResponse, callbackSuccess } from "tencent-chat-push/callbacks"
 *
 * const answer = callbackResponse(callbackSuccess()) // HTTP 200, JSON
 * ```
 */
export const callbackSuccess = (): CallbackReply => ({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 })

/**
 * A failure reply: `{"ActionStatus":"FAIL","ErrorInfo":info,"ErrorCode":1}`. Keep `info` short and
 * free of secrets; Tencent may show it in its logs.
 *
 * @example
 * ```ts
 * import { callbackFailure, callbackResponse } from "tencent-chat-push/callbacks"
 *
 * const answer = callbackResponse(callbackFailure("database unavailable"), 503)
 * ```
 */
export const callbackFailure = (info: string = "callback error"): CallbackReply => ({
  ActionStatus: "FAIL",
  ErrorInfo: String(info),
  ErrorCode: 1,
})

/**
 * A `Response` carrying a reply as JSON, with HTTP `status` (default 200) and optional extra headers.
 *
 * @example
 * ```ts
 * import { callbackResponse, callbackSuccess } from "tencent-chat-push/callbacks"
 *
 * export default { fetch: async (_request: Request) => callbackResponse(callbackSuccess()) }
 * ```
 */
export const callbackResponse = (reply: CallbackReply, status: number = 200, headers?: HeadersInit): Response => {
  const h = new Headers(headers)
  h.set("content-type", "application/json; charset=utf-8")
  return new Response(JSON.stringify(reply), { status, headers: h })
}

/**
 * How a sender reads a receiver's answer.
 *
 * @example
 * ```ts
 * import type { CallbackReplyResult } from "tencent-chat-push/callbacks"
 *
 * const summary = (r: CallbackReplyResult) => (r.ok ? "accepted" : `refused: ${r.errorInfo}`)
 * ```
 */
export interface CallbackReplyResult {
  /** HTTP 200, a JSON object, and `ErrorCode` 0. */
  readonly ok: boolean
  /** The HTTP status. */
  readonly status: number
  /** `ErrorCode`, when the body had a numeric one. */
  readonly errorCode: number | undefined
  /** `ErrorInfo` (or a description of what was wrong with the answer), at most 200 characters. */
  readonly errorInfo: string
}

/**
 * Reads a callback receiver's answer as Tencent judges it: success only for HTTP 200 with a JSON
 * object whose `ErrorCode` is 0. Never throws; anything else is `ok: false` with a reason.
 *
 * @example
 * ```ts
 * import { buildCallbackRequest, readCallbackReply } from "tencent-chat-push/callbacks"
 *
 * const req = buildCallbackRequest({ url: "https://app.example/cb", sdkAppId: 1400000000, token, events })
 * const res = await fetch(req.url, req)
 * const reply = readCallbackReply(res.status, await res.text())
 * if (!reply.ok) console.log("receiver refused", reply.status, reply.errorInfo)
 * ```
 */
export const readCallbackReply = (status: number, body: string): CallbackReplyResult => {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return { ok: false, status, errorCode: undefined, errorInfo: "the answer is not JSON" }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, status, errorCode: undefined, errorInfo: "the answer is not a JSON object" }
  }
  const o = json as { readonly ErrorCode?: unknown; readonly ErrorInfo?: unknown }
  const errorCode = typeof o.ErrorCode === "number" ? o.ErrorCode : undefined
  const errorInfo = (typeof o.ErrorInfo === "string" ? o.ErrorInfo : errorCode === undefined ? "no numeric ErrorCode" : "").slice(0, 200)
  return { ok: status === 200 && errorCode === 0, status, errorCode, errorInfo }
}
