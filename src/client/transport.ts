/**
 * One REST call, end to end: family check → daily quota → (retry loop: bounded concurrency →
 * rate-limit slot → admin UserSig → POST → decode).
 *
 * - URL: `{origin}/{path}?sdkappid=&identifier=&usersig=&random=&contenttype=json`, with a fresh
 *   uint32 `random` from Effect's `Random` per attempt.
 * - Why HTTP 200 can still fail: Tencent reports every application outcome in the body
 *   (`ErrorCode` ≠ 0 → `ChatApiError`); only network-level faults change the status.
 * - The rate-limit slot is the LAST wait before the request leaves: any wait after it (for a
 *   concurrency permit, say) would let queued calls bunch up and exceed the limit.
 * - Connection failures (no response at all) of retry-safe calls move the next attempt to the
 *   region's standby domain (and back, alternating).
 * - push / batch are never retried: a timeout, a lost connection, a 5xx or an unreadable body
 *   after sending becomes `ChatPushOutcomeUnknown` with the `MsgRandom` that was sent.
 * - The usersig is redacted from every URL and text that reaches an error.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
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
}

/** Sends one wire body (already validated) and returns the decoded response. */
export type Send = <K extends EndpointKey>(key: K, wireBody: unknown) => Effect.Effect<ResponseOf<K>, ChatError>

// Codes meaning "this UserSig is no good any more": drop the cached one so the next call mints.
const staleSigCodes: ReadonlySet<number> = new Set([70001, 70052])

const excerpt = (text: string, secrets: ReadonlyArray<string>): string =>
  redactText(text.length > 200 ? `${text.slice(0, 200)}…` : text, secrets)

const decodeEnvelope = Schema.decodeUnknownOption(Envelope)

/** Builds `send` over the given HTTP client, signer, gate and permits. */
export const makeSend = (deps: TransportDeps): Send => {
  const { config, http, signer, gate, permits } = deps
  const secret = Redacted.value(config.secretKey)
  const decoders = new Map<EndpointKey, (u: unknown) => Effect.Effect<unknown, Schema.SchemaError>>()
  const decoderOf = (key: EndpointKey) => {
    let d = decoders.get(key)
    if (d === undefined) {
      d = Schema.decodeUnknownEffect((endpoints[key] as Endpoint).response as Schema.Decoder<unknown>)
      decoders.set(key, d)
    }
    return d
  }
  const query = (sig: string, random: number) =>
    `?sdkappid=${config.sdkAppId}&identifier=${encodeURIComponent(config.adminId)}&usersig=${encodeURIComponent(sig)}&random=${random}&contenttype=json`

  const once = (
    key: EndpointKey,
    path: string,
    origin: string,
    body: string,
  ): Effect.Effect<unknown, ChatError> =>
    permits.withPermits(1)(
      Effect.gen(function*() {
        yield* gate.acquire(key)
        const sig = yield* signer.get
        const random = yield* Random.nextIntBetween(0, 4_294_967_295)
        const url = `${origin}/${path}${query(Redacted.value(sig), random)}`
        const safeUrl = redactUsersig(url)
        const secrets = [secret, Redacted.value(sig)]
        const transportError = (kind: "timeout" | "connection", detail: string) =>
          new ChatTransportError({ endpoint: key, kind, url: safeUrl, detail: excerpt(detail, secrets), retryable: true })

        const request = HttpClientRequest.post(url).pipe(HttpClientRequest.bodyText(body, "application/json"))
        const answer = yield* http.execute(request).pipe(
          Effect.flatMap((res) => Effect.map(res.text, (text) => ({ status: res.status, text }))),
          Effect.timeoutOrElse({
            duration: config.timeoutMillis,
            orElse: () => Effect.fail(transportError("timeout", `no answer within ${config.timeoutMillis} ms`)),
          }),
          Effect.catchTag("HttpClientError", (e) => Effect.fail(transportError("connection", e.reason.message))),
        )

        if (answer.status !== 200) {
          return yield* new ChatTransportError({
            endpoint: key,
            kind: "http-status",
            status: answer.status,
            url: safeUrl,
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
        // Read the verdict first: a FAIL body need not match the success shape.
        const envelope = decodeEnvelope(json)
        if (envelope._tag === "Some" && envelope.value.ErrorCode !== 0) {
          const code = envelope.value.ErrorCode
          if (staleSigCodes.has(code)) yield* signer.invalidate
          const described = describeErrorCode(code)
          return yield* new ChatApiError({
            endpoint: key,
            code,
            info: redactText(envelope.value.ErrorInfo, secrets),
            reason: described.reason,
            retryable: described.retryable,
          })
        }
        return yield* decoderOf(key)(json).pipe(
          Effect.mapError((e) =>
            new ChatDecodeError({ endpoint: key, status: 200, detail: excerpt(e.message, secrets), body: excerpt(answer.text, secrets) })
          ),
        )
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
