/**
 * The import kinds on the wire: the catalogue command each uses, its wire body (for
 * `--dry-run` and for the same per-row checks the client runs), and a `Sender` that sends one
 * request through the client and classifies its failures.
 *
 * Failures are classified by the CLI's one table (client-errors.ts), shared with the one-shot
 * commands: a row the service (or the client's own checks) rejects is a failed row, reported,
 * not retried; wrong credentials, permissions or a feature not enabled stop the run with exit 2;
 * nothing usable after the client's retries stops it with exit 1, rows not acknowledged (a rerun
 * retries them). See ItemOutcome / AbortImport in engine.ts.
 *
 * @module
 */
import type { AccountError } from "tencent-chat-push/client"
import { bulkSpecs, checkRequest, pathOf } from "tencent-chat-push/wire"
import type { BulkSpec, EndpointKey, Family, Outcome, ResponseOf, WireRequestOf } from "tencent-chat-push/wire"
import type { PromiseClient } from "../client.ts"
import { exitCodeOf, failureClassOf, stopsImport, taggedOf } from "../client-errors.ts"
import { AbortImport } from "./engine.ts"
import type { ItemOutcome, Sender } from "./engine.ts"
import type { AccountItem, AttrItem, TagItem } from "./rows.ts"

/**
 * What an import kind sends: the client's own bulk spec (wire body and per-account outcomes,
 * the one place the client maps friendly names to Tencent's) with its request-level option
 * applied, typed by catalogue key so the body is what `client.call` takes for that key.
 *
 * Requests go through `client.call` (validated, signed, rate-limited and retried like every
 * call) rather than the bulk methods: the engine already forms full requests and keeps each
 * user's rows in order, and the bulk methods' per-item pipeline (one fiber, lane and promise
 * per account, for coalescing) cost the CLI about 3× the CPU and heap at 1,000,000 rows.
 */
export interface WireSpec<K extends EndpointKey, T> {
  readonly key: K
  readonly body: (items: readonly T[]) => WireRequestOf<K>
  readonly outcomes: (response: ResponseOf<K>, items: readonly T[]) => ReadonlyArray<Outcome<object>>
}

const fromBulk = <K extends EndpointKey, T, V extends object, O>(spec: BulkSpec<K, T, V, O>, options: O): WireSpec<K, T> => ({
  key: spec.key,
  body: (items) => spec.body(items, options),
  outcomes: (response, items) => spec.outcomes(response, items),
})

export const accountsWire: WireSpec<"multiaccount_import", AccountItem> = fromBulk(bulkSpecs.importAccounts, undefined)

export const attrsWire: WireSpec<"set_attr", AttrItem> = fromBulk(bulkSpecs.setUserAttrs, undefined)

export const tagsWire = (replace: boolean): WireSpec<"add_tag", TagItem> => fromBulk(bulkSpecs.addUserTags, { replace })

/** The request path (`v4/timpush/set_attr`...). */
export const wirePath = (key: EndpointKey, family: Family): string => pathOf(key, family) ?? key

/** The documented rule one row breaks, checked as a one-row request (what the client checks). */
export const rowViolation = <K extends EndpointKey, T>(spec: WireSpec<K, T>, item: T, family: Family): { code: string; reason: string } | undefined => {
  const v = checkRequest(spec.key, spec.body([item]), family)
  return v === undefined ? undefined : { code: v.rule, reason: `${v.field}: ${v.message} (service code ${v.code})` }
}

/** Stop the run for this request-level error, or undefined when it only fails the rows (the table in client-errors.ts). */
export const abortFor = (e: unknown): AbortImport | undefined => {
  const c = failureClassOf(e)
  if (!stopsImport(c)) return undefined
  const t = taggedOf(e)
  const message = t.message ?? String(e)
  const text = c === "credentials"
    ? `the service refused the credentials: ${message}`
    : c === "config"
    ? message
    : t._tag === "ChatApiError"
    ? `the service kept failing: ${message}`
    : t._tag === "ChatRateLimitError" && t.kind === "store"
    ? `the shared rate-limit store (--redis) did not answer, so nothing more was sent: ${message}`
    : `no usable answer from the service: ${message}`
  return new AbortImport(text, exitCodeOf(c))
}

const outcomeOf = (o: Outcome<object>): ItemOutcome => {
  if (o.ok) return { ok: true }
  const e: AccountError = o.error
  return { ok: false, code: e.code ?? e.reason, reason: e.info || e.reason }
}

/** A Sender for `spec` over `client`. */
export const makeSender = <K extends EndpointKey, T>(spec: WireSpec<K, T>, client: PromiseClient, maxBatch = 100): Sender<T> => {
  const send = async (items: readonly T[]): Promise<readonly ItemOutcome[]> => {
    let response: ResponseOf<K>
    try {
      response = await client.call(spec.key, spec.body(items))
    } catch (e) {
      const abort = abortFor(e)
      if (abort) throw abort
      const t = taggedOf(e)
      if (t._tag === "ChatRequestError" && items.length > 1) {
        // The client refused the request for one item's sake (rows are pre-checked, so this is
        // a rule we did not foresee): resend one by one so only the guilty row fails.
        const each: ItemOutcome[] = []
        for (const it of items) each.push(...(await send([it])))
        return each
      }
      return items.map(() => ({ ok: false, code: t.code ?? t._tag ?? "error", reason: t.message ?? String(e) }))
    }
    return spec.outcomes(response, items).map(outcomeOf)
  }
  return { maxBatch, send }
}
