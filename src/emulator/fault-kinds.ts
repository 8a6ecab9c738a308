/**
 * The fault kinds (a leaf module, so the fault schema and the fault plan share it without a cycle).
 *
 * @module
 */

/**
 * - `error-91000`: HTTP 200, `ErrorCode` 91000 ("internal error, retry"); the request is NOT executed.
 * - `http-502`: HTTP 502 with an HTML body, as a gateway would; NOT executed.
 * - `delay`: the answer comes `delayMs` late (longer than a client's timeout); executed.
 * - `truncated-json`: HTTP 200 whose JSON body is cut in half; executed (only the answer is lost).
 *   With `executed: false` the cut body is a 91000 answer's.
 * - `drop`: the connection drops: in memory `fetch` rejects with a `TypeError` like a network
 *   failure; the Node bridge destroys the socket. Executed (the write happened, the answer is lost).
 */
export type FaultKind = "error-91000" | "http-502" | "delay" | "truncated-json" | "drop"

/** Every fault kind, in the order random faults pick from. */
export const faultKinds: ReadonlyArray<FaultKind> = ["error-91000", "http-502", "delay", "truncated-json", "drop"]

