/**
 * The handler contract: one pure-ish function per catalogue row, typed from the catalogue so a
 * row without a handler (or a handler answering the wrong fields) does not compile.
 *
 * @module
 */
import type { EndpointKey, Family, RequestOf, WireResponseOf } from "../../api/mod.ts"
import type { AppState } from "../app-state.ts"
import type { ResolvedSettings } from "../options.ts"

/** What a handler sees besides the decoded body. */
export interface HandlerContext {
  readonly state: AppState
  readonly family: Family
  /** Emulator clock, epoch ms. */
  readonly now: number
  readonly settings: ResolvedSettings
  /** The raw wire body (after JSON.parse), for handlers that keep the message as sent. */
  readonly wire: Record<string, unknown>
}

type EnvelopeKeys = "ActionStatus" | "ErrorCode" | "ErrorInfo" | "ErrorDisplay" | "RequestId"

/** The command-specific response fields of `K` (wire shape, envelope excluded). */
export type BodyOf<K extends EndpointKey> = Omit<WireResponseOf<K>, EnvelopeKeys>

/** A handler's verdict: success with its fields, or a top-level failure. */
export type Outcome<K extends EndpointKey> =
  | { readonly ok: true; readonly body: BodyOf<K> }
  | { readonly ok: false; readonly code: number; readonly info: string; readonly body?: BodyOf<K> }

/** A handler for one command. */
export type Handler<K extends EndpointKey> = (ctx: HandlerContext, req: RequestOf<K>) => Outcome<K>

/** The table: every catalogue key must have a handler. */
export type HandlerTable = { readonly [K in EndpointKey]: Handler<K> }

export const ok = <K extends EndpointKey>(body: BodyOf<K>): Outcome<K> => ({ ok: true, body })

export const fail = <K extends EndpointKey>(code: number, info: string, body?: BodyOf<K>): Outcome<K> =>
  body === undefined ? { ok: false, code, info } : { ok: false, code, info, body }
