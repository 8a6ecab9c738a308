/**
 * Splitting bulk work into requests and merging the outcomes back, in input order.
 *
 * Merge rule (firebase-admin `BatchResponse` style): per-account failures, whether Tencent named
 * the account (`ErrorList`, `FailAccounts`, `ResultItem`) or the account's whole request failed,
 * are results, not exceptions. The one exception: when NO request of the call got an answer
 * (every item failed at request level), the call fails with the first request-level error, so a
 * wrong key, a dead network or a local refusal is not mistaken for "every account failed".
 *
 * @module
 */
import * as Effect from "effect/Effect"
import type * as Result from "effect/Result"
import type { ChatError } from "./errors.ts"
import type { AccountError, AccountResult, BatchResult } from "./types.ts"
import type { Outcome } from "./wire-map.ts"

/** Splits `items` into consecutive chunks of at most `max` (order kept). */
export const chunksOf = <T>(items: ReadonlyArray<T>, max: number): Array<Array<T>> => {
  const out: Array<Array<T>> = []
  for (let i = 0; i < items.length; i += max) out.push(items.slice(i, i + max))
  return out
}

/** An account's failure caused by the failure of its whole request. */
export const requestFailure = (e: ChatError): AccountError => {
  switch (e._tag) {
    case "ChatApiError":
      return { code: e.code, info: e.info, reason: e.reason as AccountError["reason"], retryable: e.retryable, cause: e }
    case "ChatTransportError":
      return { code: undefined, info: e.message, reason: "transport", retryable: e.retryable, cause: e }
    case "ChatDecodeError":
      // Retried like a transport failure (internal/send.ts): an unreadable answer is worth another try.
      return { code: undefined, info: e.message, reason: "decode", retryable: true, cause: e }
    case "ChatPushOutcomeUnknown":
      return { code: undefined, info: e.message, reason: "outcome_unknown", retryable: false, cause: e }
    case "ChatRateLimitError":
    case "ChatRequestError":
      return { code: undefined, info: e.message, reason: "refused", retryable: false, cause: e }
  }
}

/** Counts successes and failures of per-account results. */
export const batchResult = <T extends object>(results: ReadonlyArray<AccountResult<T>>): BatchResult<T> => {
  let successCount = 0
  for (const r of results) if (r.ok) successCount++
  return { successCount, failureCount: results.length - successCount, results }
}

/** Merges per-item outcomes (input order) into a `BatchResult`, applying the merge rule above. */
export const mergeOutcomes = <V extends object>(
  accounts: ReadonlyArray<string>,
  outcomes: ReadonlyArray<Result.Result<Outcome<V>, ChatError>>,
): Effect.Effect<BatchResult<V>, ChatError> => {
  let answered = false
  let firstError: ChatError | undefined
  const results = outcomes.map((r, i): AccountResult<V> => {
    const userId = accounts[i]!
    if (r._tag === "Success") {
      answered = true
      return r.success.ok ? { userId, ok: true, ...r.success.value } : { userId, ok: false, error: r.success.error }
    }
    firstError ??= r.failure
    return { userId, ok: false, error: requestFailure(r.failure) }
  })
  return !answered && firstError !== undefined ? Effect.fail(firstError) : Effect.succeed(batchResult(results))
}
