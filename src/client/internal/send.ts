/**
 * One REST call, end to end: family check → daily quota → (retry loop: admin UserSig → URL →
 * rate-limit slot → permit of the concurrency bound → arrival guard → POST → read the answer).
 *
 * - URL: `{origin}/{path}?sdkappid=&identifier=&usersig=&random=&contenttype=json`, with a fresh
 *   uint32 `random` from Effect's `Random` per attempt. The query up to `random=` is cached and
 *   rebuilt only when the sig changes.
 * - Waits, in order: the rate-limit slot (the limiter's even spacing), the concurrency permit,
 *   then the arrival guard (../arrival-guard.ts), which lets the request go at once or not at all
 *   and counts it until its answer is in, so nothing between us and the server (a busy event
 *   loop, a connection pool) can bunch calls at the server. No permit is held while waiting for
 *   a slot, however long: a holder's time is bounded (guard wait plus timeout), so a permit
 *   whose request was cancelled can be reclaimed (permits.ts). With a shared store, the
 *   fleet-wide arrival guard follows this process's, around the same POST (../rate-limits.ts).
 * - Connection failures (no response at all) of retry-safe calls move the next attempt to the
 *   region's standby domain (and back, alternating).
 * - Retry-safe calls retry an undecodable 200 body (truncated, not JSON, not the documented
 *   shape) as they retry a transport failure: the write may have landed, but repeating an
 *   idempotent call is harmless and gets a readable answer. The soak found the alternative
 *   costly: one truncated answer failed all 100 accounts of a request whose write had landed.
 *   After the last retry the call fails with the `ChatDecodeError`.
 * - push / batch are never retried: a timeout, a lost connection, a 5xx or an unreadable body
 *   after sending becomes `ChatPushOutcomeUnknown` with the `MsgRandom` that was sent.
 *
 * - The usersig (and the secret key) is redacted from every URL and text that reaches an error.
 *
 * The call path is plain pipes over one `withFiber` (Clock, Random and the cached sig read
 * synchronously), with no generator and no empty effects for steps that are off: each step
 * counts against the per-call overhead (bench/client-overhead.ts, docs/client.md "Benchmarks").
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import type { Endpoint, EndpointKey, ResponseOf } from "../../api/mod.ts"
import { endpoints } from "../../api/mod.ts"
import type { ResolvedConfig } from "../config.ts"
import type { ChatError } from "../errors.ts"
import { ChatPushOutcomeUnknown, ChatRequestError, ChatTransportError } from "../errors.ts"
import { familyPath } from "./family-path.ts"
import type { Permits } from "./permits.ts"
import type { NoAnswer, Transport } from "./transport.ts"
import type { RateGate } from "../rate-limits.ts"
import { readAnswer, staleSigCodes } from "./read-answer.ts"
import { excerpt, redactUsersig } from "./redact.ts"
import type { ServerWait } from "../retry.ts"
import { withRetry } from "../retry.ts"
import type { SignerCache } from "./signer-cache.ts"

/** What the transport needs from the client. */
export interface TransportDeps {
  readonly config: ResolvedConfig
  readonly transport: Transport
  readonly signer: SignerCache<never>
  readonly gate: RateGate
  readonly permits: Permits
}

/** Sends one wire body (already validated) and returns the decoded response. */
export type Send = <K extends EndpointKey>(key: K, wireBody: unknown) => Effect.Effect<ResponseOf<K>, ChatError>

const UINT32 = 4_294_967_296

/** Builds `send` over the given transport, signer, gate and permits (the transport's pool). */
export const makeSend = (deps: TransportDeps): Send => {
  const { config, transport, signer, gate, permits } = deps
  const secret = Redacted.value(config.secretKey)
  const identifier = encodeURIComponent(config.adminId)
  let lastSig: Redacted.Redacted<string> | undefined
  let prefix = ""
  let secrets: ReadonlyArray<string> = [secret]
  const prefixOf = (sig: Redacted.Redacted<string>) => {
    if (sig !== lastSig) {
      lastSig = sig
      const raw = Redacted.value(sig)
      prefix = `?sdkappid=${config.sdkAppId}&identifier=${identifier}&usersig=${encodeURIComponent(raw)}&random=`
      secrets = [secret, raw]
    }
    return prefix
  }

  // One attempt, once the sig is known: URL → rate-limit slot → permit → arrival guard → POST →
  // read the answer. Without a guard, the transport takes the permit itself (no Effect wrapper).
  const exchange = (key: EndpointKey, base: string, body: string, sig: Redacted.Redacted<string>, random: number, clock: Clock.Clock) => {
    const url = `${base}${prefixOf(sig)}${random}&contenttype=json`
    const words = secrets
    const slot = gate.acquire(key)
    const guarded = gate.guard(key)
    const post = guarded === undefined ? transport.post(url, body) : permits.hold(guarded(transport.postHeld(url, body)))
    const sent = slot === undefined ? post : Effect.andThen(slot, post)
    return Effect.matchEffect(sent, {
      onFailure: (e: NoAnswer | ChatError): Effect.Effect<never, ChatError> =>
        Effect.fail(
          "_tag" in e
            ? e
            : new ChatTransportError({
              endpoint: key,
              kind: e.kind,
              url: redactUsersig(url),
              detail: excerpt(e.detail, words),
              ...(e.notSent === true ? { notSent: true } : {}),
              retryable: true,
            }),
        ),
      onSuccess: (answer) => readAnswer(key, answer, url, words, signer.invalidate, clock.currentTimeMillisUnsafe()),
    })
  }

  const attempt = (key: EndpointKey, base: string, body: string): Effect.Effect<unknown, ChatError> =>
    Effect.withFiber((fiber) => {
      const random = Math.floor(fiber.getRef(Random.Random).nextDoubleUnsafe() * UINT32)
      const clock = fiber.getRef(Clock.Clock)
      const sig = signer.peek(clock.currentTimeMillisUnsafe())
      return sig === undefined
        ? Effect.flatMap(signer.get, (s) => exchange(key, base, body, s, random, clock))
        : exchange(key, base, body, sig, random, clock)
    })

  const isRetryable = (e: ChatError): boolean =>
    (e._tag === "ChatTransportError" && e.retryable) ||
    e._tag === "ChatDecodeError" ||
    (e._tag === "ChatApiError" && (e.retryable || staleSigCodes.has(e.code)))

  const send = (key: EndpointKey, wireBody: unknown): Effect.Effect<unknown, ChatError> => {
    const path = familyPath(key, config.family)
    if (path instanceof ChatRequestError) return Effect.fail(path)
    const body = JSON.stringify(wireBody)
    const quota = gate.dailyQuota(key)
    const primary = `${config.primaryOrigin}/${path}`
    let call: Effect.Effect<unknown, ChatError>
    if (!(endpoints[key] as Endpoint).retrySafe) {
      const msgRandom = (wireBody as { MsgRandom?: unknown }).MsgRandom
      call = Effect.mapError(attempt(key, primary, body), (e) => outcomeUnknown(key, msgRandom, e))
    } else if (config.retry.times === 0) {
      call = attempt(key, primary, body)
    } else {
      const standby = config.standbyOrigin === undefined ? undefined : `${config.standbyOrigin}/${path}`
      // Suspended: the domain state belongs to one run of the effect.
      call = Effect.suspend(() => {
        let onStandby = false
        return withRetry(config.retry, isRetryable, (_n, previous) => {
          if (previous?._tag === "ChatTransportError" && previous.kind === "connection" && standby !== undefined) {
            onStandby = !onStandby
          }
          return attempt(key, onStandby && standby !== undefined ? standby : primary, body)
        }, serverWait)
      })
    }
    return quota === undefined ? call : Effect.andThen(quota, call)
  }

  return send as Send
}

/** `Retry-After` (read-answer.ts) as the retry loop's server wait. */
const serverWait: ServerWait<ChatError> = {
  of: (e) => (e._tag === "ChatTransportError" ? e.retryAfterMillis : undefined),
  overBudget: (e, wait, budget) =>
    e._tag === "ChatTransportError"
      ? new ChatTransportError({
        endpoint: e.endpoint,
        kind: e.kind,
        ...(e.status === undefined ? {} : { status: e.status }),
        retryAfterMillis: wait,
        url: e.url,
        detail: `${e.detail}; Retry-After asks for ${wait} ms, over the retry budget of ${budget} ms (retry.maxDelay)`,
        retryable: e.retryable,
      })
      : e,
}

/**
 * A push whose request may have been processed: anything but a clear answer, a local refusal, a
 * 4xx refusal, or a connection that provably never carried the request (refused, unresolvable
 * host). A 3xx (never followed), a 5xx, a timeout, a lost connection and an unreadable body all
 * leave the outcome unknown.
 */
const outcomeUnknown = (key: string, msgRandom: unknown, e: ChatError): ChatError => {
  const random = typeof msgRandom === "number" ? msgRandom : -1
  if (e._tag === "ChatDecodeError") {
    return new ChatPushOutcomeUnknown({ endpoint: key, msgRandom: random, kind: "undecodable", status: e.status, detail: e.detail })
  }
  const refused = e._tag === "ChatTransportError" && e.kind === "http-status" && (e.status ?? 0) >= 400 && (e.status ?? 0) < 500
  if (e._tag === "ChatTransportError" && e.notSent !== true && !refused) {
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
