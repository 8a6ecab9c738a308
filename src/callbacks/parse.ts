import { fail } from "./errors.ts"
import { isObject } from "./fields.ts"
import { parseBoundedJson } from "./json.ts"
import type { PushCallbackEvent } from "./types.ts"
import { eventFromWire } from "./wire-map.ts"
import { pushCommands, type PushCallbackCommand } from "./wire.ts"

/** Events per request, as documented ("the length of the events array ranges from 1 to 100"). */
export const MAX_EVENTS: number = 100

/**
 * A parsed callback body: push events of a known command, or an unknown command's JSON as is.
 *
 * @example
 * ```ts
 * import type { ParsedCallback } from "tencent-chat-push/callbacks"
 *
 * const count = (p: ParsedCallback): number => (p.kind === "push" ? p.events.length : 0)
 * ```
 */
export type ParsedCallback = PushCallback | UnknownCallback

/**
 * 1–100 events of one push command.
 *
 * @example
 * ```ts
 * import type { PushCallback } from "tencent-chat-push/callbacks"
 *
 * const clicks = (p: PushCallback) => p.events.filter((e) => e.stage === "clicked").length
 * ```
 */
export interface PushCallback {
  /** `"push"`. */
  readonly kind: "push"
  /** The URL's `CallbackCommand`, which every event shares. */
  readonly command: PushCallbackCommand
  /** The events, in the order received. */
  readonly events: ReadonlyArray<PushCallbackEvent>
}

/**
 * A command this version does not parse (another Chat webhook sent to the same URL, or a new
 * push command): its JSON body, unvalidated apart from size and depth.
 *
 * @example
 * ```ts
 * import type { UnknownCallback } from "tencent-chat-push/callbacks"
 *
 * const log = (u: UnknownCallback) => console.log("unhandled callback", u.command)
 * ```
 */
export interface UnknownCallback {
  /** `"unknown"`. */
  readonly kind: "unknown"
  /** The URL's `CallbackCommand`. */
  readonly command: string
  /** The parsed JSON body. */
  readonly body: unknown
}

const isPushCommand = (c: string): c is PushCallbackCommand => (pushCommands as ReadonlyArray<string>).includes(c)

/**
 * Parses a callback body for the URL's `CallbackCommand` (from `verifyCallbackQuery`).
 *
 * For `Push.AllMemberPush` and `Push.OfflinePush` the body must be `{"Events": [...]}` with 1–100
 * event objects whose fields have their documented types (integers may arrive as digit strings
 * and strings as integers, as Tencent's docs show both); every documented field is read into its
 * friendly name, codes become names (`PushStage` 3 → `"clicked"`), undocumented codes stay
 * numbers, and unknown fields are kept in `extra` (and `wire`, the event as received). Any other
 * command returns `{ kind: "unknown" }` with the JSON, so a new command is a value, not a crash.
 *
 * Throws `CallbackError`: `MALFORMED_BODY` (not JSON, nested deeper than 32, not an object,
 * `Events` not an array, an event not an object, a field missing or of the wrong type, an
 * event naming another command) or `BAD_EVENT_COUNT` (0 or more than 100 events).
 *
 * @example
 * ```ts
 * import { parseCallbackBody } from "tencent-chat-push/callbacks"
 *
 * const parsed = parseCallbackBody(await request.text(), "Push.AllMemberPush")
 * if (parsed.kind === "push") for (const e of parsed.events) console.log(e.userId, e.stage)
 * ```
 */
export const parseCallbackBody = (body: string, command: string): ParsedCallback => {
  if (typeof body !== "string") fail("INVALID_INPUT", "body must be a string")
  const json = parseBoundedJson(body)
  if (!isPushCommand(command)) return { kind: "unknown", command, body: json }
  if (!isObject(json)) return fail("MALFORMED_BODY", "the body must be a JSON object")
  const list = json["Events"]
  if (!Array.isArray(list)) return fail("MALFORMED_BODY", "Events must be an array")
  if (list.length === 0 || list.length > MAX_EVENTS) {
    fail("BAD_EVENT_COUNT", `Events holds ${list.length} events; 1 to ${MAX_EVENTS} are allowed`)
  }
  const events = list.map((o: unknown, i) => {
    const where = `Events[${i}]`
    return isObject(o) ? eventFromWire(command, o, where) : fail("MALFORMED_BODY", `${where} must be an object`)
  })
  return { kind: "push", command, events }
}
