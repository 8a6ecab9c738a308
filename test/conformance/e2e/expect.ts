/**
 * Assertions shared by the end-to-end cases, on top of the conformance harness.
 *
 * Every expected Tencent code is checked against the catalogue's code table too: the client's
 * `reason` and `retryable` must be the documented ones, not just the number.
 */
import { describeErrorCode } from "../../../src/api/mod.ts"
import type { EndpointKey } from "../../../src/api/mod.ts"
import {
  ChatApiError,
  ChatDecodeError,
  ChatPushOutcomeUnknown,
  ChatRequestError,
  ChatTransportError,
} from "../../../src/client/mod.ts"
import type { AccountResult, BatchResult } from "../../../src/client/mod.ts"
import type { Emulator } from "../../../src/emulator/mod.ts"
import type { Harness } from "../harness.ts"

/** Awaits `run`, which must reject with an instance of `cls`; returns the error. */
export const rejectsWith = async <T>(
  t: Harness,
  run: () => Promise<unknown>,
  cls: abstract new (...args: never) => T,
  message: string,
): Promise<T> => {
  let caught: unknown
  await t.rejects(run, (e) => {
    caught = e
    return e instanceof cls
  }, message)
  return caught as T
}

/** `run` rejects with `ChatApiError` carrying `code` for `endpoint`, classified as documented. */
export const apiError = async (
  t: Harness,
  run: () => Promise<unknown>,
  code: number,
  endpoint: string,
): Promise<ChatApiError> => {
  const e = await rejectsWith(t, run, ChatApiError, `${endpoint}: expected ChatApiError ${code}`)
  const d = describeErrorCode(code)
  t.equal(
    { endpoint: e.endpoint, code: e.code, reason: e.reason, retryable: e.retryable },
    { endpoint, code, reason: d.reason, retryable: d.retryable },
    `${endpoint}: ChatApiError ${code}`,
  )
  return e
}

/**
 * `run` rejects locally with `ChatRequestError` (field, rule and, when given, the code the
 * service would answer), and nothing reached the emulator.
 */
export const requestError = async (
  t: Harness,
  em: Emulator,
  run: () => Promise<unknown>,
  expected: { endpoint: string; field: string; rule: string; code?: number },
): Promise<ChatRequestError> => {
  const before = em.countRequests()
  const e = await rejectsWith(t, run, ChatRequestError, `${expected.endpoint}: expected ChatRequestError ${expected.rule}`)
  t.equal(
    { endpoint: e.endpoint, field: e.field, rule: e.rule, ...(expected.code === undefined ? {} : { code: e.code }) },
    expected,
    `${expected.endpoint}: ChatRequestError`,
  )
  t.equal(em.countRequests(), before, `${expected.endpoint}: a locally rejected request must not be sent`)
  return e
}

/** `run` rejects with `ChatTransportError` of `kind` (and `status`). */
export const transportError = async (
  t: Harness,
  run: () => Promise<unknown>,
  expected: { endpoint: string; kind: "timeout" | "connection" | "http-status"; status?: number; retryable: boolean },
): Promise<ChatTransportError> => {
  const e = await rejectsWith(t, run, ChatTransportError, `${expected.endpoint}: expected ChatTransportError ${expected.kind}`)
  t.equal(
    { endpoint: e.endpoint, kind: e.kind, ...(expected.status === undefined ? {} : { status: e.status }), retryable: e.retryable },
    expected,
  )
  return e
}

/** `run` rejects with `ChatDecodeError`. */
export const decodeError = (t: Harness, run: () => Promise<unknown>, endpoint: string): Promise<ChatDecodeError> =>
  rejectsWith(t, run, ChatDecodeError, `${endpoint}: expected ChatDecodeError`)

/** `run` rejects with `ChatPushOutcomeUnknown` of `kind`. */
export const outcomeUnknown = async (
  t: Harness,
  run: () => Promise<unknown>,
  expected: { endpoint: string; kind: "timeout" | "connection" | "http-status" | "undecodable" },
): Promise<ChatPushOutcomeUnknown> => {
  const e = await rejectsWith(t, run, ChatPushOutcomeUnknown, `${expected.endpoint}: expected ChatPushOutcomeUnknown ${expected.kind}`)
  t.equal({ endpoint: e.endpoint, kind: e.kind }, expected)
  t.ok(Number.isInteger(e.msgRandom) && e.msgRandom >= 0, "the outcome-unknown error carries the MsgRandom it sent")
  return e
}

/** The per-account result of `userId`. */
export const resultOf = <T extends object>(r: BatchResult<T>, userId: string): AccountResult<T> => {
  const found = r.results.find((x) => x.userId === userId)
  if (found === undefined) throw new Error(`no result for ${userId}`)
  return found
}

/** `userId` failed in `r` with Tencent's per-account `code`, classified as documented. */
export const accountFailed = <T extends object>(t: Harness, r: BatchResult<T>, userId: string, code: number | undefined): void => {
  const x = resultOf(r, userId)
  t.ok(!x.ok, `${userId} should have failed`)
  if (x.ok) return
  t.equal(x.error.code, code, `${userId}: per-account code`)
  if (code !== undefined) t.equal(x.error.reason, describeErrorCode(code).reason, `${userId}: per-account reason`)
}

/** Every account of `r` succeeded. */
export const allOk = <T extends object>(t: Harness, r: BatchResult<T>, count: number): void => {
  t.equal({ successCount: r.successCount, failureCount: r.failureCount }, { successCount: count, failureCount: 0 })
}

/** The codes the emulator logged for `endpoint`, oldest first. */
export const codesOf = (em: Emulator, endpoint: EndpointKey): Array<number | undefined> =>
  em.requests({ endpoint }).map((r) => r.code)
