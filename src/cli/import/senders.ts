/**
 * The import kinds on the wire: the catalogue command each uses, its wire body (for
 * `--dry-run` and for the same per-row checks the client runs), and a `Sender` that calls the
 * client's bulk method and classifies its failures.
 *
 * Failure classes (see ItemOutcome / AbortImport in engine.ts):
 * - a row the service (or the client's own checks) rejects → a failed row, reported, not retried;
 * - credentials or permissions wrong (auth, permission, feature not enabled) → stop, exit 2;
 * - nothing usable came back after the client's retries (transport, undecodable body, a
 *   retryable code, rate-limit store) → stop, exit 1, rows not acknowledged: a rerun retries them.
 *
 * @module
 */
import type { EndpointKey, Family } from "../../api/mod.ts"
import { checkRequest, pathOf } from "../../api/mod.ts"
import type { AccountResult, BatchResult } from "../../client/mod.ts"
import type { PromiseClient } from "../client.ts"
import { ExitCode } from "../errors.ts"
import { AbortImport } from "./engine.ts"
import type { ItemOutcome, Sender } from "./engine.ts"
import type { AccountItem, AttrItem, TagItem } from "./rows.ts"

/** What an import kind sends. */
export interface WireSpec<T> {
  readonly key: EndpointKey
  readonly body: (items: readonly T[]) => unknown
  readonly call: (client: PromiseClient, items: readonly T[]) => Promise<BatchResult>
}

export const accountsWire: WireSpec<AccountItem> = {
  key: "multiaccount_import",
  body: (items) => ({
    AccountList: items.map((a) => ({
      UserID: a.userId,
      ...(a.nick === undefined ? {} : { Nick: a.nick }),
      ...(a.faceUrl === undefined ? {} : { FaceUrl: a.faceUrl }),
    })),
  }),
  call: (c, items) => c.importAccounts(items),
}

export const attrsWire: WireSpec<AttrItem> = {
  key: "set_attr",
  body: (items) => ({ UserAttrs: items.map((a) => ({ To_Account: a.userId, Attrs: a.attrs })) }),
  call: (c, items) => c.setUserAttrs(items),
}

export const tagsWire = (replace: boolean): WireSpec<TagItem> => ({
  key: "add_tag",
  body: (items) => ({
    ...(replace ? { Replace: 1 } : {}),
    UserTags: items.map((t) => ({ To_Account: t.userId, Tags: t.tags })),
  }),
  call: (c, items) => c.addUserTags(items, { replace }),
})

/** The request path (`v4/timpush/set_attr`...). */
export const wirePath = (spec: WireSpec<unknown>, family: Family): string => pathOf(spec.key, family) ?? spec.key

/** The documented rule one row breaks, checked as a one-row request (what the client checks). */
export const rowViolation = <T>(spec: WireSpec<T>, item: T, family: Family): { code: string; reason: string } | undefined => {
  const v = checkRequest(spec.key, spec.body([item]), family)
  return v === undefined ? undefined : { code: v.rule, reason: `${v.field}: ${v.message} (service code ${v.code})` }
}

interface Tagged {
  readonly _tag?: string
  readonly reason?: string
  readonly retryable?: boolean
  readonly code?: number
  readonly message?: string
}

const tagOf = (e: unknown): Tagged => (typeof e === "object" && e !== null ? e as Tagged : {})

/** Stop the run for this request-level error, or undefined when it only fails the rows. */
export const abortFor = (e: unknown): AbortImport | undefined => {
  const t = tagOf(e)
  const message = t.message ?? String(e)
  switch (t._tag) {
    case "ChatApiError":
      if (t.reason === "auth" || t.reason === "permission" || t.reason === "not_enabled") {
        return new AbortImport(`the service refused the credentials: ${message}`, ExitCode.usage)
      }
      return t.retryable ? new AbortImport(`the service kept failing: ${message}`, ExitCode.itemsFailed) : undefined
    case "ChatRequestError":
      return undefined
    case "ChatConfigError":
      return new AbortImport(message, ExitCode.usage)
    default:
      return new AbortImport(`no usable answer from the service: ${message}`, ExitCode.itemsFailed)
  }
}

const outcomeOf = (r: AccountResult): ItemOutcome => {
  if (r.ok) return { ok: true }
  const e = r.error
  return { ok: false, code: e.code ?? e.reason, reason: e.info || e.reason }
}

/** A Sender for `spec` over `client`. */
export const makeSender = <T>(spec: WireSpec<T>, client: PromiseClient, maxBatch = 100): Sender<T> => {
  const send = async (items: readonly T[]): Promise<readonly ItemOutcome[]> => {
    let result: BatchResult
    try {
      result = await spec.call(client, items)
    } catch (e) {
      const abort = abortFor(e)
      if (abort) throw abort
      const t = tagOf(e)
      if (t._tag === "ChatRequestError" && items.length > 1) {
        // The client refused the whole call for one item's sake (rows are pre-checked, so this
        // is a rule we did not foresee): resend one by one so only the guilty row fails.
        const each: ItemOutcome[] = []
        for (const it of items) each.push(...(await send([it])))
        return each
      }
      return items.map(() => ({ ok: false, code: t.code ?? t._tag ?? "error", reason: t.message ?? String(e) }))
    }
    for (const r of result.results) {
      if (!r.ok && r.error.cause !== undefined) {
        const abort = abortFor(r.error.cause)
        if (abort) throw abort
      }
    }
    return result.results.map(outcomeOf)
  }
  return { maxBatch, send }
}
