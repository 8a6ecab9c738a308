/**
 * Documented request rules (stub: filled in next commit).
 *
 * @module
 */
import type { EndpointKey, Family } from "./endpoint.ts"

/** A broken documented rule: the field, the rule's name, and the ErrorCode the service answers. */
export interface Violation {
  readonly field: string
  readonly rule: string
  readonly code: number
  readonly message: string
}

/** The first documented rule `wireBody` breaks for `key` in `family`, or `undefined`. */
export const checkRequest = (_key: EndpointKey, _wireBody: unknown, _family: Family = "timpush"): Violation | undefined =>
  undefined
