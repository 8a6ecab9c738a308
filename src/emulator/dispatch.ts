/**
 * One REST call, from an authenticated URL to the encoded answer:
 * admin check → body is a JSON object no deeper than 64 levels (90001; 60003 on the account APIs)
 * → `null` members dropped (src/api/nulls.ts) → the catalogue's request rules
 * (`checkRequest`, the same code the client checks locally) → schema decode (90001 / 70402) →
 * call rate (60007) → the handler → the response encoded with the catalogue's response schema.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import { checkRequest, endpoints, withoutNulls } from "../api/mod.ts"
import type { Endpoint, EndpointKey, Family } from "../api/mod.ts"
import type { AppState } from "./app-state.ts"
import type { AuthSuccess } from "./auth.ts"
import type { HandlerContext, Outcome } from "./handlers/contract.ts"
import { handlers } from "./handlers/mod.ts"
import { envelopeFirst, failBody, okBody } from "./http.ts"
import { deeperThan, MAX_JSON_DEPTH } from "./json-depth.ts"
import type { ResolvedSettings } from "./options.ts"
import { SlidingWindow } from "./sliding-window.ts"

/** An answer before serialisation. */
export interface Answer {
  readonly code: number
  readonly body: Record<string, unknown>
}

const RATE_LIMITED = 60007

const row = (key: EndpointKey): Endpoint => endpoints[key] as Endpoint

const isAccountApi = (key: EndpointKey): boolean => row(key).area === "accounts"

/**
 * Fields a FAIL answer keeps: batch's documented FAIL sample has `TaskId: ""`, delete_sched_task's
 * `TaskID: 0` (modify and add answer the same, as we read them).
 */
const failExtra = (key: EndpointKey): Record<string, unknown> =>
  key === "batch" ? { TaskId: "" } : key === "add_sched_task" || key === "modify_sched_task" || key === "delete_sched_task" ? { TaskID: 0 } : {}

export const failAnswer = (key: EndpointKey | undefined, code: number, info: string): Answer => ({
  code,
  body: failBody(code, info, key === undefined ? {} : failExtra(key)),
})

type Decoder = (input: unknown) => { ok: true; value: unknown } | { ok: false; message: string }
type Encoder = (input: unknown) => unknown

const formatIssue = SchemaIssue.makeFormatterDefault()

/** A schema failure as one line of `ErrorInfo` (bounded). */
const issueText = (issue: unknown): string => {
  const text = `invalid body: ${formatIssue(issue as SchemaIssue.Issue)}`.replace(/\s+/g, " ")
  return text.length > 300 ? `${text.slice(0, 297)}...` : text
}

const decoders = new Map<EndpointKey, Decoder>()
const encoders = new Map<EndpointKey, Encoder>()

const decoderOf = (key: EndpointKey): Decoder => {
  let d = decoders.get(key)
  if (d === undefined) {
    const decode = SchemaParser.decodeUnknownResult(row(key).request as never)
    d = (input) => {
      const r = decode(input) as { _tag: "Success"; success: unknown } | { _tag: "Failure"; failure: unknown }
      return r._tag === "Success" ? { ok: true, value: r.success } : { ok: false, message: issueText(r.failure) }
    }
    decoders.set(key, d)
  }
  return d
}

const encoderOf = (key: EndpointKey): Encoder => {
  let e = encoders.get(key)
  if (e === undefined) {
    e = SchemaParser.encodeUnknownSync(row(key).response as never) as Encoder
    encoders.set(key, e)
  }
  return e
}

/** The call-rate window for `key` in this app (push and revoke have their own rules). */
const windowOf = (state: AppState, key: EndpointKey, settings: ResolvedSettings): SlidingWindow | undefined => {
  if (key === "push" || key === "revoke") return undefined
  const existing = state.windows.get(key)
  if (existing) return existing
  const override = settings.limits.rates[key]
  if (override === false) return undefined
  const rate = row(key).rate
  const w =
    override !== undefined
      ? new SlidingWindow(override.limit, override.windowMs)
      : new SlidingWindow(rate.limit, Duration.toMillis(rate.window as Duration.Input))
  state.windows.set(key, w)
  return w
}

export interface DispatchInput {
  readonly key: EndpointKey
  readonly family: Family
  readonly auth: AuthSuccess
  readonly state: AppState
  readonly bodyText: string
  /** The size of the body as received, in bytes (the push size limit is measured on it). */
  readonly bodyBytes: number
  readonly now: number
  readonly settings: ResolvedSettings
}

/** A parsed request body, about to be checked and handled (a REST call, or a scheduled push going out). */
export interface ExecuteInput {
  readonly key: EndpointKey
  readonly family: Family
  readonly state: AppState
  /** The body as parsed, `null` members already dropped. */
  readonly wire: Record<string, unknown>
  readonly bodyBytes: number | undefined
  readonly now: number
  readonly settings: ResolvedSettings
  /** Whether the command's call rate applies (not to a push the scheduler sends). */
  readonly rateLimited: boolean
}

/** The catalogue's request rules → schema decode → call rate → the handler → the encoded answer. */
export const execute = (input: ExecuteInput): Answer => {
  const { key, family, state, wire } = input
  const accountApi = isAccountApi(key)
  const violation = checkRequest(key, wire, family, input.bodyBytes)
  if (violation !== undefined) return failAnswer(key, violation.code, violation.message)
  const decoded = decoderOf(key)(wire)
  if (!decoded.ok) return failAnswer(key, accountApi ? 70402 : row(key).invalidBodyCode, decoded.message)
  const window = input.rateLimited ? windowOf(state, key, input.settings) : undefined
  if (window !== undefined && !window.tryAcquire(input.now)) {
    return failAnswer(key, RATE_LIMITED, `${key}: more than ${window.limit} calls in ${window.windowMs} ms`)
  }
  const ctx: HandlerContext = {
    state,
    family,
    now: input.now,
    settings: input.settings,
    wire,
  }
  const outcome = (handlers[key] as (c: HandlerContext, r: unknown) => Outcome<EndpointKey>)(ctx, decoded.value)
  const body = outcome.ok
    ? okBody(outcome.body as Record<string, unknown>)
    : failBody(outcome.code, outcome.info, { ...failExtra(key), ...(outcome.body as Record<string, unknown> | undefined) })
  return { code: outcome.ok ? 0 : outcome.code, body: envelopeFirst(encoderOf(key)(body) as Record<string, unknown>) }
}

export const dispatch = (input: DispatchInput): Answer => {
  const { key, family, auth, state } = input
  const accountApi = isAccountApi(key)
  if (!state.app.admins.includes(auth.identifier)) {
    return failAnswer(key, accountApi ? 70403 : 90009, `identifier ${JSON.stringify(auth.identifier)} is not an App admin`)
  }
  const badJson = accountApi ? 60003 : row(key).invalidJsonCode
  let wire: unknown
  try {
    wire = JSON.parse(input.bodyText)
  } catch {
    return failAnswer(key, badJson, input.bodyText.trim() === "" ? "the request body is empty" : "the request body is not valid JSON")
  }
  if (typeof wire !== "object" || wire === null || Array.isArray(wire)) {
    return failAnswer(key, badJson, "the request body must be a JSON object")
  }
  if (deeperThan(wire, MAX_JSON_DEPTH)) {
    return failAnswer(key, badJson, `the request body nests deeper than ${MAX_JSON_DEPTH} levels`)
  }
  // Optional members sent as null count as absent (src/api/nulls.ts).
  return execute({
    key,
    family,
    state,
    wire: withoutNulls(wire) as Record<string, unknown>,
    bodyBytes: input.bodyBytes,
    now: input.now,
    settings: input.settings,
    rateLimited: true,
  })
}
