/**
 * One REST call, end to end: family check → daily quota → (retry loop: bounded concurrency →
 * rate-limit slot → admin UserSig → POST → decode).
 *
 * - URL: `{origin}/{path}?sdkappid=&identifier=&usersig=&random=&contenttype=json`, with a fresh
 *   uint32 `random` from Effect's `Random` per attempt.
 * - Why HTTP 200 can still fail: Tencent reports every application outcome in the body
 *   (`ErrorCode` ≠ 0 → `ChatApiError`); only network-level faults change the status.
 * - The rate-limit slot is the LAST wait before the request leaves (after the concurrency
 *   permit, the UserSig, the URL): any wait after it would let queued calls bunch up and exceed
 *   the limit.
 * - Connection failures (no response at all) of retry-safe calls move the next attempt to the
 *   region's standby domain (and back, alternating).
 * - push / batch are never retried: a timeout, a lost connection, a 5xx or an unreadable body
 *   after sending becomes `ChatPushOutcomeUnknown` with the `MsgRandom` that was sent.
 * - The usersig is redacted from every URL and text that reaches an error.
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Semaphore from "effect/Semaphore"
import type { Endpoint, EndpointKey, ResponseOf } from "../api/mod.ts"
import { describeErrorCode, endpoints, Envelope, pathOf } from "../api/mod.ts"
import type { ResolvedConfig } from "./config.ts"
import type { ChatError } from "./errors.ts"
import {
  ChatApiError,
  ChatDecodeError,
  ChatPushOutcomeUnknown,
  ChatRequestError,
  ChatTransportError,
} from "./errors.ts"
import type { RateGate } from "./rate-limits.ts"
import { redactText, redactUsersig } from "./redact.ts"
import { withRetry } from "./retry.ts"
import type { SignerCache } from "./signer-cache.ts"

/** What the transport needs from the client. */
export interface TransportDeps {
  readonly config: ResolvedConfig
  readonly http: HttpClient.HttpClient
  readonly signer: SignerCache<never>
  readonly gate: RateGate
  readonly permits: Semaphore.Semaphore
  /**
   * How the per-request timeout is enforced: `"signal"` when the client owns the fetch-based
   * HttpClient and its `fetch` aborts on its own (see `timeoutFetch`), `"effect"` (an Effect
   * timeout around the call) for an injected HttpClient.
   */
  readonly timeoutBy: "signal" | "effect"
  /** The `fetch` the fetch-based HttpClient should use for our requests, if any. */
  readonly fetch: typeof globalThis.fetch | undefined
}

/** Sends one wire body (already validated) and returns the decoded response. */
export type Send = <K extends EndpointKey>(key: K, wireBody: unknown) => Effect.Effect<ResponseOf<K>, ChatError>

// Codes meaning "this UserSig is no good any more": drop the cached one so the next call mints.
const staleSigCodes: ReadonlySet<number> = new Set([70001, 70052])

const excerpt = (text: string, secrets: ReadonlyArray<string>): string =>
  redactText(text.length > 200 ? `${text.slice(0, 200)}…` : text, secrets)

const decodeEnvelope = Schema.decodeUnknownOption(Envelope)

/**
 * A `fetch` that aborts after `ms` with a `TimeoutError` (recognised by `isTimeout`). Cheaper
 * than an Effect timeout, which forks fibers per call (bench/client-overhead.ts); a plain
 * controller and timer, because `AbortSignal.any` is slow on Node. The timer covers the call
 * until the response headers arrive and is then cleared (a pending timer would keep a CLI's
 * process alive); Tencent's answers are small JSON bodies that arrive with the headers.
 */
export const timeoutFetch = (fetch: () => typeof globalThis.fetch, ms: number): typeof globalThis.fetch =>
  ((input: RequestInfo | URL, init?: RequestInit) => {
    const controller = new AbortController()
    const outer = init?.signal
    const forward = () => controller.abort(outer?.reason)
    if (outer) {
      if (outer.aborted) forward()
      else outer.addEventListener("abort", forward, { once: true })
    }
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError")), ms)
    const done = () => {
      clearTimeout(timer)
      outer?.removeEventListener("abort", forward)
    }
    return fetch()(input, { ...init, signal: controller.signal }).then(
      (res) => {
        done()
        return res
      },
      (e: unknown) => {
        done()
        throw e
      },
    )
  }) as typeof globalThis.fetch

const isTimeout = (cause: unknown): boolean =>
  typeof cause === "object" && cause !== null && (cause as { name?: unknown }).name === "TimeoutError"

/** Builds `send` over the given HTTP client, signer, gate and permits. */
export const makeSend = (deps: TransportDeps): Send => {
  const { config, http, signer, gate, permits } = deps
  const secret = Redacted.value(config.secretKey)
  const decoders = new Map<EndpointKey, (u: unknown) => Exit.Exit<unknown, Schema.SchemaError>>()
  const decoderOf = (key: EndpointKey) => {
    let d = decoders.get(key)
    if (d === undefined) {
      d = Schema.decodeUnknownExit((endpoints[key] as Endpoint).response as Schema.Decoder<unknown>)
      decoders.set(key, d)
    }
    return d
  }
  // The query up to `random=`, rebuilt only when the sig changes.
  const identifier = encodeURIComponent(config.adminId)
  let lastSig = ""
  let prefix = ""
  const query = (sig: string, random: number) => {
    if (sig !== lastSig) {
      lastSig = sig
      prefix = `?sdkappid=${config.sdkAppId}&identifier=${identifier}&usersig=${encodeURIComponent(sig)}&random=`
    }
    return `${prefix}${random}&contenttype=json`
  }
  // No HTTP spans and no trace headers for our requests: a span would record the request URL,
  // whose query carries the usersig, and tracing costs more than the rest of the call
  // (bench/client-overhead.ts). Wrap calls in your own spans if you need them. One context
  // merge per call carries that and the `fetch` to use.
  const callContext = deps.fetch === undefined
    ? Context.make(HttpClient.TracerDisabledWhen, () => true)
    : Context.make(HttpClient.TracerDisabledWhen, () => true).pipe(Context.add(FetchHttpClient.Fetch, deps.fetch))
  const untraced = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provideContext(effect, callContext)
  const withTimeout = <A, R>(effect: Effect.Effect<A, ChatTransportError, R>, onTimeout: () => ChatTransportError) =>
    deps.timeoutBy === "signal"
      ? effect
      : Effect.timeoutOrElse(effect, { duration: config.timeoutMillis, orElse: () => Effect.fail(onTimeout()) })

  const once = (
    key: EndpointKey,
    path: string,
    origin: string,
    body: string,
  ): Effect.Effect<unknown, ChatError> =>
    permits.withPermits(1)(
      Effect.gen(function*() {
        const sig = yield* signer.get
        const random = yield* Random.nextIntBetween(0, 4_294_967_295)
        const url = `${origin}/${path}${query(Redacted.value(sig), random)}`
        const secrets = [secret, Redacted.value(sig)]
        const transportError = (kind: "timeout" | "connection", detail: string) =>
          new ChatTransportError({ endpoint: key, kind, url: redactUsersig(url), detail: excerpt(detail, secrets), retryable: true })
        const timedOut = () => transportError("timeout", `no answer within ${config.timeoutMillis} ms`)

        const request = HttpClientRequest.post(url).pipe(HttpClientRequest.bodyText(body, "application/json"))
        // The rate-limit slot is the last wait: nothing but building the fetch call runs after it.
        yield* gate.acquire(key)
        const answer = yield* withTimeout(
          untraced(http.execute(request)).pipe(
            Effect.flatMap((res) => Effect.map(res.text, (text) => ({ status: res.status, text }))),
            Effect.catchTag("HttpClientError", (e) =>
              Effect.fail(isTimeout((e.reason as { cause?: unknown }).cause) ? timedOut() : transportError("connection", e.reason.message))),
          ),
          timedOut,
        )

        if (answer.status !== 200) {
          return yield* new ChatTransportError({
            endpoint: key,
            kind: "http-status",
            status: answer.status,
            url: redactUsersig(url),
            detail: excerpt(answer.text, secrets),
            retryable: answer.status >= 500 || answer.status === 429 || answer.status === 408,
          })
        }
        let json: unknown
        try {
          json = JSON.parse(answer.text)
        } catch {
          return yield* new ChatDecodeError({ endpoint: key, status: 200, detail: "body is not JSON", body: excerpt(answer.text, secrets) })
        }
        // One decode on the success path. A FAIL body usually decodes too (command fields are
        // optional); when it does not, the bare envelope still carries the verdict.
        const decoded = decoderOf(key)(json)
        const verdict = Exit.isSuccess(decoded)
          ? (decoded.value as { readonly ErrorCode: number; readonly ErrorInfo: string })
          : Option.getOrUndefined(decodeEnvelope(json))
        if (verdict !== undefined && verdict.ErrorCode !== 0) {
          const code = verdict.ErrorCode
          if (staleSigCodes.has(code)) yield* signer.invalidate
          const described = describeErrorCode(code)
          return yield* new ChatApiError({
            endpoint: key,
            code,
            info: redactText(verdict.ErrorInfo, secrets),
            reason: described.reason,
            retryable: described.retryable,
          })
        }
        if (Exit.isFailure(decoded)) {
          const detail = decoded.cause.reasons.map((r) => (r._tag === "Fail" ? r.error.message : "invalid")).join("; ")
          return yield* new ChatDecodeError({ endpoint: key, status: 200, detail: excerpt(detail, secrets), body: excerpt(answer.text, secrets) })
        }
        return decoded.value
      }),
    )

  const isRetryable = (e: ChatError): boolean =>
    (e._tag === "ChatTransportError" && e.retryable) ||
    (e._tag === "ChatApiError" && (e.retryable || staleSigCodes.has(e.code)))

  const send = (key: EndpointKey, wireBody: unknown): Effect.Effect<unknown, ChatError> =>
    Effect.suspend(() => {
      const path = pathOf(key, config.family)
      if (path === undefined) {
        return Effect.fail(
          new ChatRequestError({
            endpoint: key,
            field: "family",
            rule: "unsupported-family",
            detail: `${key} exists only on the timpush family, the client is configured for ${config.family}`,
          }),
        )
      }
      const body = JSON.stringify(wireBody)
      const row = endpoints[key] as Endpoint
      if (!row.retrySafe) {
        const msgRandom = (wireBody as { MsgRandom?: unknown }).MsgRandom
        return Effect.andThen(
          gate.dailyQuota(key),
          once(key, path, config.primaryOrigin, body).pipe(Effect.mapError((e) => outcomeUnknown(key, msgRandom, e))),
        )
      }
      let onStandby = false
      return Effect.andThen(
        gate.dailyQuota(key),
        withRetry(config.retry, isRetryable, (_n, previous) => {
          if (previous?._tag === "ChatTransportError" && previous.kind === "connection" && config.standbyOrigin !== undefined) {
            onStandby = !onStandby
          }
          return once(key, path, onStandby && config.standbyOrigin !== undefined ? config.standbyOrigin : config.primaryOrigin, body)
        }),
      )
    })

  return send as Send
}

/** A push whose request may have been processed: anything but a clear answer or a local refusal. */
const outcomeUnknown = (key: string, msgRandom: unknown, e: ChatError): ChatError => {
  const random = typeof msgRandom === "number" ? msgRandom : -1
  if (e._tag === "ChatDecodeError") {
    return new ChatPushOutcomeUnknown({ endpoint: key, msgRandom: random, kind: "undecodable", status: e.status, detail: e.detail })
  }
  if (e._tag === "ChatTransportError" && (e.kind !== "http-status" || (e.status ?? 0) >= 500)) {
    return new ChatPushOutcomeUnknown({
      endpoint: key,
      msgRandom: random,
      kind: e.kind,
      ...(e.status === undefined ? {} : { status: e.status }),
      detail: e.detail,
    })
  }
  return e
}
