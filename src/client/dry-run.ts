/**
 * Dry runs: `push`, `revokePush`, `pushToUsers`, `schedulePush`, `reschedulePush` and
 * `cancelScheduledPush` with `dryRun: true` run every local check (the request rules, the wire shape, the family) and
 * return the exact wire requests instead of sending them. firebase-admin's `dryRun` is the
 * model: validate everything, deliver nothing.
 *
 * What a dry run does not do: it takes no rate-limit slot and no daily-quota unit (nothing is
 * sent, so nothing is spent), waits for no account operation, and mints no UserSig. The URL it
 * reports has no query string: the signed query carries the admin UserSig, a secret, and is
 * minted per request anyway.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type { EndpointKey, Family, WireRequestOf } from "../api/mod.ts"
import { ChatRequestError } from "./errors.ts"
import { familyPath } from "./internal/family-path.ts"
import { guarded } from "./snapshot.ts"
import { checkBody } from "./validate.ts"

/**
 * One request a dry run would have sent: the command, its URL without the signed query, and
 * its JSON body exactly as it would go on the wire.
 *
 * @example
 * ```ts
 * import type { WireRequest } from "tencent-chat-push/client"
 *
 * const curlBody = (r: WireRequest) => JSON.stringify(r.body)
 * ```
 */
export interface WireRequest<K extends EndpointKey = EndpointKey> {
  /** The catalogue command (`push`, `batch`, `add_sched_task`...). */
  readonly endpoint: K
  /** `{origin}/{path}` without the query (it would carry the admin UserSig). */
  readonly url: string
  /** The body, with Tencent's field names, as it would be serialized. */
  readonly body: WireRequestOf<K>
}

/**
 * What a method called with `dryRun: true` returns: the requests it would have sent, in order.
 * `push`, `revokePush`, `schedulePush`, `reschedulePush` and `cancelScheduledPush` give one request;
 * `pushToUsers` one per `batch` request (500 users each).
 *
 * @example
 * ```ts
 * import { createClient } from "tencent-chat-push/client"
 *
 * const chat = createClient()
 * const plan = await chat.push({ condition: { tagsOr: ["vip"] }, offlinePush: { Title: "Hi" }, dryRun: true })
 * console.log(plan.requests[0]!.body) // { MsgRandom: ..., Condition: { TagsOr: ["vip"] }, OfflinePushInfo: { Title: "Hi" } }
 * ```
 */
export interface DryRun<K extends EndpointKey> {
  /** Always `true`: nothing was sent. */
  readonly dryRun: true
  /** The requests that would have been sent. */
  readonly requests: ReadonlyArray<WireRequest<K>>
}

/**
 * The `dryRun` member of the methods that accept one.
 *
 * @example
 * ```ts
 * import type { DryRunOption } from "tencent-chat-push/client"
 *
 * const preview: DryRunOption = { dryRun: true }
 * ```
 */
export interface DryRunOption {
  /** Check everything locally and return the wire requests; send nothing. */
  readonly dryRun: true
}

/**
 * The `dryRun` member of a call that sends: absent or `false`. The input types themselves have
 * no `dryRun`, so a variable typed `PushInput` selects the sending overload; a `dryRun` typed
 * only as `boolean` matches neither overload (narrow it first), so the result type is always known.
 *
 * @example
 * ```ts
 * import type { NotDryRun } from "tencent-chat-push/client"
 *
 * const send: NotDryRun = { dryRun: false }
 * ```
 */
export interface NotDryRun {
  /** Absent or `false`: the call sends. */
  readonly dryRun?: false | undefined
}

/** (Internal.) What the implementations read: `dryRun` as any caller, typed or not, may pass it. */
export interface MaybeDryRun {
  readonly dryRun?: boolean | undefined
}

/** What a dry run needs from the client's configuration. */
export interface DryRunConfig {
  readonly family: Family
  readonly primaryOrigin: string
}

/**
 * The dry-run answer for `bodies` of `key`: each body checked as `send` would (the rules and
 * the shape by `checkBody`, the family by the path), none sent. The first problem fails.
 */
export const dryRunOf = <K extends EndpointKey>(
  config: DryRunConfig,
  key: K,
  bodies: ReadonlyArray<WireRequestOf<K>>,
): Effect.Effect<DryRun<K>, ChatRequestError> =>
  Effect.suspend(() => {
    const path = familyPath(key, config.family)
    if (path instanceof ChatRequestError) return Effect.fail(path)
    for (const body of bodies) {
      const bad = guarded(key, "input", () => checkBody(key, body, config.family))
      if (bad !== undefined) return Effect.fail(bad)
    }
    // A JSON round trip: the body exactly as it would be serialized (no undefined members,
    // nothing shared with the caller's input).
    const url = `${config.primaryOrigin}/${path}`
    const requests = bodies.map((body): WireRequest<K> => ({ endpoint: key, url, body: JSON.parse(JSON.stringify(body)) }))
    return Effect.succeed({ dryRun: true as const, requests })
  })
