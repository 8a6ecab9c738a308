/**
 * The one UserID rule: non-empty and at most 32 UTF-8 bytes. The client's request rules
 * (rules.ts), the emulator's account handlers and the CLI's imports and user lists all ask this
 * function, so they cannot disagree; each words its own message.
 *
 * Choice (docs/protocol/accounts-api.md#userid-characters): the characters are not checked. The
 * 32-byte limit is the only one every source states (each account page, the usage-limits page,
 * the OpenAPI description). Printable ASCII comes from the client SDK's error 7003, which the
 * newest error page reduces to "empty or longer than 32 bytes"; the usage-limits page only
 * discourages "special characters"; no REST page names a character rule or a code for one.
 * Refusing locally what the service may accept would block real users, so we do not.
 *
 * @module
 */
import { utf8Length } from "./bytes.ts"
import { limits } from "./limits.ts"

/** Why a string cannot be a UserID: the rule names `checkRequest` reports for it. */
export type UserIdViolation = "user_id_empty" | "user_id_bytes"

/**
 * Which UserID rule `id` breaks, or `undefined` when it is a valid UserID (non-empty, at most
 * `limits.userIdBytes` = 32 UTF-8 bytes; any characters).
 *
 * @example
 * ```ts
 * import { userIdViolation } from "tencent-chat-push/api"
 *
 * userIdViolation("alice") // undefined
 * userIdViolation("") // "user_id_empty"
 * userIdViolation("用户".repeat(6)) // "user_id_bytes" (36 bytes)
 * ```
 */
export const userIdViolation = (id: string): UserIdViolation | undefined =>
  id.length === 0 ? "user_id_empty" : utf8Length(id) > limits.userIdBytes ? "user_id_bytes" : undefined
