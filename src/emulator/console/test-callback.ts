/**
 * "Send a test callback" (the console's one write of its own, like the Firebase Emulator UI's
 * fake-event form): one signed `Push.AllMemberPush` event sent now to a receiver, answering the
 * receiver's HTTP status and reply so a user can test a handler without a push.
 *
 * - With the emulator's `callbacks` option, it goes to that URL, signed with that token, through
 *   its `fetch` and timeout. A URL or token in the body is refused then: the configured receiver
 *   is the one under test, and the configured token is never used to sign for another address.
 * - Without it, the body must give the receiver's `url` and the `token` it was configured with
 *   (the emulator has none to sign with). The token is used for this one request and kept
 *   nowhere: not in the answer, the log, an error or the page's storage.
 *
 * The event's times and the `RequestTime` are the emulator clock's, as for every callback it
 * sends: a receiver that checks freshness against real time refuses it when the clock was moved
 * far (that is the receiver working). Test callbacks are not part of any task or statistic and
 * are not in the callback log; the answer is the record.
 *
 * Access: served under `/__emulator/ui/api/`, so the inspection API's rules apply (loopback
 * `Host`, no cross-origin, the optional token); this route also insists on a JSON body.
 *
 * @module
 */
import { buildCallbackRequest, readCallbackReply } from "../../callbacks/mod.ts"
import type { AllMemberPushEventInit, PushPlatform, PushStage } from "../../callbacks/mod.ts"
import type { ConsoleContext } from "./context.ts"

/** What the form may send. */
const MEMBERS = ["sdkAppId", "userId", "stage", "platform", "errorCode", "url", "token"] as const
const STAGES: ReadonlyArray<PushStage> = ["sent", "delivered", "clicked"]
const PLATFORMS: ReadonlyArray<PushPlatform> = ["unknown", "apns", "xiaomi", "huawei", "fcm", "meizu", "oppo", "vivo", "honor"]
/** How much of the receiver's reply is shown. */
const REPLY_CHARS = 4096
/** The timeout without a callbacks option: Tencent's 2 s. */
const DEFAULT_TIMEOUT_MS = 2000

/** A refusal of the form's input (400), never quoting the token. */
export class TestCallbackInput extends Error {}

/** The URL as shown: its `Sign` (derived from the token) replaced. */
export const redactSign = (url: string): string => url.replace(/([?&]Sign=)[^&#]*/gi, "$1<redacted>")

const str = (body: Record<string, unknown>, name: string, max: number): string | undefined => {
  const v = body[name]
  if (v === undefined) return undefined
  if (typeof v !== "string" || v.length === 0 || v.length > max) throw new TestCallbackInput(`${name} must be a string of 1 to ${max} characters`)
  return v
}

const oneOf = <T extends string>(body: Record<string, unknown>, name: string, allowed: ReadonlyArray<T>, fallback: T): T => {
  const v = body[name]
  if (v === undefined) return fallback
  if (typeof v !== "string" || !(allowed as ReadonlyArray<string>).includes(v)) throw new TestCallbackInput(`${name} must be one of ${allowed.join(", ")}`)
  return v as T
}

/** Reads at most `max` characters of a body, then stops reading. */
const replyText = async (res: Response, max: number): Promise<{ text: string; cut: boolean }> => {
  if (res.body === null) return { text: "", cut: false }
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ""
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
      if (text.length > max) {
        await reader.cancel().catch(() => undefined)
        return { text: text.slice(0, max), cut: true }
      }
    }
  } finally {
    reader.releaseLock()
  }
  text += decoder.decode()
  return text.length > max ? { text: text.slice(0, max), cut: true } : { text, cut: false }
}

/** Sends the test callback `input` describes; throws `TestCallbackInput` on bad input. */
export const sendTestCallback = async (ctx: ConsoleContext, input: unknown) => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new TestCallbackInput("the body must be a JSON object")
  const body = input as Record<string, unknown>
  const extra = Object.keys(body).find((k) => !(MEMBERS as ReadonlyArray<string>).includes(k))
  if (extra !== undefined) throw new TestCallbackInput(`unknown member ${JSON.stringify(extra.slice(0, 40))}; use ${MEMBERS.join(", ")}`)
  const sdkAppId = body["sdkAppId"] ?? ctx.emulator.apps[0]!.sdkAppId
  if (typeof sdkAppId !== "number" || !ctx.states.has(sdkAppId)) throw new TestCallbackInput("sdkAppId must be one of the emulator's apps")
  const userId = str(body, "userId", 128) ?? "test-user"
  const stage = oneOf(body, "stage", STAGES, "sent")
  const platform = oneOf(body, "platform", PLATFORMS, "apns")
  const errorCode = body["errorCode"] ?? 0
  if (typeof errorCode !== "number" || !Number.isSafeInteger(errorCode)) throw new TestCallbackInput("errorCode must be an integer")

  const configured = ctx.callbacks
  let url: string
  let token: string
  if (configured !== undefined) {
    if (body["url"] !== undefined || body["token"] !== undefined) {
      throw new TestCallbackInput("a callback URL is configured (the callbacks option): the test callback goes there, signed with its token; send no url or token")
    }
    url = configured.url
    token = configured.token()
  } else {
    const given = str(body, "url", 2048)
    if (given === undefined) throw new TestCallbackInput("no callback URL is configured: give the receiver's url (and the token it was configured with)")
    let parsed: URL
    try {
      parsed = new URL(given)
    } catch {
      throw new TestCallbackInput("url must be an absolute http(s) URL")
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new TestCallbackInput("url must be an http(s) URL")
    if (body["token"] === undefined || body["token"] === "") {
      throw new TestCallbackInput("the token must be configured: give the callback token the receiver was configured with (it is used to sign this one request and kept nowhere), or start the emulator with callbacks: { url, token }")
    }
    if (typeof body["token"] !== "string" || body["token"].length > 512) throw new TestCallbackInput("token must be a string of 1 to 512 characters")
    url = parsed.href
    token = body["token"]
  }

  const now = ctx.emulator.now()
  const t = Math.floor(now / 1000)
  const event: AllMemberPushEventInit = {
    command: "Push.AllMemberPush",
    channel: "offline",
    taskId: `console-test_${t.toString(16)}`,
    taskTime: t,
    eventTime: t,
    userId,
    platform,
    deviceType: platform,
    stage,
    errorCode,
    errorInfo: errorCode === 0 ? "" : "test",
  }
  const r = buildCallbackRequest({ url, sdkAppId, token, events: [event], requestTime: t })
  const timeoutMs = configured?.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const send = configured?.fetch ?? ((req: Request) => globalThis.fetch(req))
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  const started = Date.now()
  const sent = { url: redactSign(r.url), configured: configured !== undefined, sdkAppId, requestTime: t, body: r.body }
  try {
    const res = await send(new Request(r.url, { method: r.method, headers: r.headers, body: r.body, signal: controller.signal }))
    const reply = await replyText(res, REPLY_CHARS)
    const judged = readCallbackReply(res.status, reply.text)
    return {
      ...sent,
      outcome: judged.ok ? "ok" : "refused",
      ok: judged.ok,
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      reply: reply.text,
      replyCut: reply.cut,
      ...(judged.errorCode !== undefined ? { errorCode: judged.errorCode } : {}),
      errorInfo: judged.errorInfo,
      durationMs: Date.now() - started,
    }
  } catch (e) {
    const timeout = controller.signal.aborted
    // A connection error's text may quote the URL, Sign included.
    const text = e instanceof Error ? `${e.name}: ${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ""}` : String(e)
    const why = timeout ? `no answer within ${timeoutMs} ms` : redactSign(text).split(token).join("<redacted>").slice(0, 300)
    return { ...sent, outcome: timeout ? "timeout" : "network", ok: false, errorInfo: why, durationMs: Date.now() - started }
  } finally {
    clearTimeout(timer)
  }
}
