/**
 * The path of `key` on the configured family, or the local refusal when the family has no such
 * command (scheduled tasks, statistics, revoke and batch exist on timpush only). Shared by the
 * sending path and dry runs, so both refuse with the same error.
 */
import type { EndpointKey, Family } from "../../api/mod.ts"
import { pathOf } from "../../api/mod.ts"
import { ChatRequestError } from "../errors.ts"

export const familyPath = (key: EndpointKey, family: Family): string | ChatRequestError =>
  pathOf(key, family) ??
    new ChatRequestError({
      endpoint: key,
      field: "family",
      rule: "unsupported_family",
      detail: `${key} exists only on the timpush family, the client is configured for ${family}`,
    })
