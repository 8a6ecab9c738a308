/**
 * Path lookups over the catalogue, both directions.
 *
 * @module
 */
import type { EndpointKey } from "./endpoints.ts"
import { endpointKeys, endpoints } from "./endpoints.ts"
import type { Endpoint, Family } from "./row.ts"

/**
 * The path of `key` in `family` (no leading slash), or `undefined` when the family does not
 * offer it (revoke and batch on `all_member_push`).
 *
 * @example
 * ```ts
 * pathOf("clear_all_tags", "all_member_push") // "v4/all_member_push/im_remove_all_tags"
 * ```
 */
export const pathOf = (key: EndpointKey, family: Family): string | undefined =>
  (endpoints[key] as Endpoint).paths[family]

/** A command found by path, with the family whose path matched. */
export interface PathMatch {
  /** The command. */
  readonly key: EndpointKey
  /** The family whose path matched (`timpush` for the shared account paths). */
  readonly family: Family
}

/**
 * Which command a request path names (leading slash optional). Account paths are shared by both
 * families and report `timpush`. Unknown paths → `undefined` (the service answers 60009).
 */
export const endpointOfPath = (path: string): PathMatch | undefined => {
  const p = path.startsWith("/") ? path.slice(1) : path
  for (const key of endpointKeys) {
    const paths = (endpoints[key] as Endpoint).paths
    if (paths.timpush === p) return { key, family: "timpush" }
    if (paths.all_member_push === p) return { key, family: "all_member_push" }
  }
  return undefined
}
