/**
 * The three import kinds: how a CSV row or an NDJSON object becomes one item of the client's
 * bulk methods, and the local checks that turn a bad row into a reported problem (with a code
 * and a reason) before anything is sent.
 *
 * File formats (docs/cli.md has examples):
 * - accounts: CSV `userId[,nick][,faceUrl]`; NDJSON `{"userId", "nick"?, "faceUrl"?}`.
 * - attrs: CSV `userId,<name>,<name>...` (one column per attribute name; an empty cell leaves
 *   that attribute alone); NDJSON `{"userId", "attrs": {"<name>": "<value>"}}`.
 * - tags: CSV `userId,tags` with tags separated by `;` (`--tag-separator`); NDJSON
 *   `{"userId", "tags": ["a", "b"]}`.
 *
 * @module
 */
import type { AccountInput, UserAttrsInput, UserTagsInput } from "tencent-chat-push/client"
import { userIdViolation } from "tencent-chat-push/api"
import { limits, utf8Length } from "tencent-chat-push/wire"
import { UsageError } from "../errors.ts"

/** An `importAccounts` item: the client's own input type. */
export type AccountItem = AccountInput

/** A `setUserAttrs` item: the client's own input type. */
export type AttrItem = UserAttrsInput

/** An `addUserTags` item: the client's own input type. */
export type TagItem = UserTagsInput

/** A row turned into an item, or the reason it cannot be. */
export type RowResult<T> =
  | { readonly ok: true; readonly userId: string; readonly item: T }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly userId?: string | undefined }

/** What an import kind knows about its rows. */
export interface RowKind<T> {
  readonly name: "accounts" | "attrs" | "tags"
  /** Checks the CSV header (throws UsageError when it cannot be used). */
  readonly csvHeader: (names: readonly string[]) => void
  readonly fromCsv: (values: readonly string[]) => RowResult<T>
  readonly fromJson: (value: unknown) => RowResult<T>
}

const bad = <T>(code: string, reason: string, userId?: string): RowResult<T> => ({ ok: false, code, reason, userId })

/**
 * The library's one UserID rule (`userIdViolation`: non-empty, at most 32 UTF-8 bytes, any
 * characters; docs/protocol/accounts-api.md#userid-characters), worded for the import report.
 */
export const checkUserId = (userId: unknown): string | undefined => {
  if (typeof userId !== "string") return "user id must be a string"
  const broken = userIdViolation(userId)
  if (broken === "user_id_empty") return "user id is empty"
  if (broken === "user_id_bytes") return `user id is longer than ${limits.userIdBytes} bytes`
  return undefined
}

const userIdColumns = ["userid", "user_id", "user", "id", "to_account", "identifier"]

const findUserIdColumn = (names: readonly string[], kind: string): void => {
  if (names.length === 0) throw new UsageError(`${kind} import: the file is empty (a CSV file needs a header row)`)
  if (!userIdColumns.includes(names[0]!.toLowerCase())) {
    throw new UsageError(`${kind} import: the first CSV column must be the user id (header "userId"), got "${names[0]}"`)
  }
}

const tooLong = (what: string, value: string, max: number): string | undefined =>
  utf8Length(value) > max ? `${what} is longer than ${max} bytes (${utf8Length(value)})` : undefined

const pick = (o: Record<string, unknown>, names: readonly string[]): unknown => {
  for (const n of names) if (n in o) return o[n]
  return undefined
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined

const jsonUserId = (o: Record<string, unknown>): unknown => pick(o, ["userId", "UserID", "user_id", "To_Account"])

const userIdProblem = <T>(userId: unknown): RowResult<T> | undefined => {
  const why = checkUserId(userId)
  return why === undefined ? undefined : bad("invalid-user-id", why, typeof userId === "string" ? userId : undefined)
}

/** accounts: `userId[,nick][,faceUrl]`. */
export const accountsKind = (): RowKind<AccountItem> => {
  let nickAt = -1
  let faceAt = -1
  const build = (userId: unknown, nick: unknown, faceUrl: unknown): RowResult<AccountItem> => {
    const p = userIdProblem<AccountItem>(userId)
    if (p) return p
    const id = userId as string
    if (nick !== undefined && typeof nick !== "string") return bad("invalid-value", "nick must be a string", id)
    if (faceUrl !== undefined && typeof faceUrl !== "string") return bad("invalid-value", "faceUrl must be a string", id)
    const long = (nick && tooLong("nick", nick, limits.profileFieldBytes)) ||
      (faceUrl && tooLong("faceUrl", faceUrl, limits.profileFieldBytes))
    if (long) return bad("too-long", long, id)
    const item: { userId: string; nick?: string; faceUrl?: string } = { userId: id }
    if (nick) item.nick = nick
    if (faceUrl) item.faceUrl = faceUrl
    return { ok: true, userId: id, item }
  }
  return {
    name: "accounts",
    csvHeader: (names) => {
      findUserIdColumn(names, "accounts")
      names.slice(1).forEach((n, i) => {
        const k = n.toLowerCase()
        if (k === "nick" || k === "nickname") nickAt = i + 1
        else if (k === "faceurl" || k === "face_url" || k === "avatar") faceAt = i + 1
        else throw new UsageError(`accounts import: unknown column "${n}" (expected userId, nick, faceUrl)`)
      })
    },
    fromCsv: (v) => build(v[0], nickAt > 0 ? v[nickAt] : undefined, faceAt > 0 ? v[faceAt] : undefined),
    fromJson: (value) => {
      const o = asObject(value)
      if (!o) return bad("invalid-json", "expected a JSON object")
      return build(jsonUserId(o), pick(o, ["nick", "Nick"]), pick(o, ["faceUrl", "FaceUrl"]))
    },
  }
}

/**
 * attrs: one column per attribute name. `known(name)` says whether a name is defined on the
 * service (or will be, with --set-names); unknown names are a usage error in a CSV header and a
 * bad row in NDJSON (where names appear row by row).
 */
export const attrsKind = (known: (name: string) => boolean = () => true): RowKind<AttrItem> => {
  let names: readonly string[] = []
  const build = (userId: unknown, attrs: ReadonlyArray<readonly [string, unknown]>): RowResult<AttrItem> => {
    const p = userIdProblem<AttrItem>(userId)
    if (p) return p
    const id = userId as string
    const out: Record<string, string> = {}
    for (const [name, value] of attrs) {
      if (value === undefined || value === null || value === "") continue
      if (typeof value !== "string") return bad("invalid-value", `attribute "${name}" must be a string`, id)
      const long = tooLong(`attribute "${name}"`, value, limits.attrValueBytes)
      if (long) return bad("too-long", long, id)
      out[name] = value
    }
    if (Object.keys(out).length === 0) return bad("no-values", "no attribute value in this row", id)
    return { ok: true, userId: id, item: { userId: id, attrs: out } }
  }
  return {
    name: "attrs",
    csvHeader: (header) => {
      findUserIdColumn(header, "attrs")
      names = header.slice(1)
      if (names.length === 0) throw new UsageError("attrs import: the header names no attribute column")
      if (names.length > limits.attrSlots.length) {
        throw new UsageError(`attrs import: ${names.length} attribute columns; an app has at most ${limits.attrSlots.length}`)
      }
      for (const n of names) {
        if (n === "") throw new UsageError("attrs import: an attribute column has an empty name")
        const long = tooLong(`attribute name "${n}"`, n, limits.attrNameBytes)
        if (long) throw new UsageError(`attrs import: ${long}`)
      }
      if (new Set(names).size !== names.length) throw new UsageError("attrs import: an attribute column is repeated")
    },
    fromCsv: (v) => build(v[0], names.map((n, i) => [n, v[i + 1]] as const)),
    fromJson: (value) => {
      const o = asObject(value)
      if (!o) return bad("invalid-json", "expected a JSON object")
      const id = jsonUserId(o)
      const attrs = asObject(pick(o, ["attrs", "Attrs"]))
      if (!attrs) return bad("invalid-value", "expected \"attrs\": an object of name → value", typeof id === "string" ? id : undefined)
      for (const n of Object.keys(attrs)) {
        if (!known(n)) return bad("unknown-attribute", `attribute "${n}" is not defined (use --set-names)`, typeof id === "string" ? id : undefined)
        const long = tooLong(`attribute name "${n}"`, n, limits.attrNameBytes)
        if (long) return bad("too-long", long, typeof id === "string" ? id : undefined)
      }
      return build(id, Object.entries(attrs))
    },
  }
}

/** tags: `userId,tags` (tags joined by `separator`). */
export const tagsKind = (options: { readonly replace: boolean; readonly separator: string }): RowKind<TagItem> => {
  const max = options.replace ? limits.tagsPerReplace : limits.tagsPerAdd
  const build = (userId: unknown, tags: unknown): RowResult<TagItem> => {
    const p = userIdProblem<TagItem>(userId)
    if (p) return p
    const id = userId as string
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string")) {
      return bad("invalid-value", "tags must be a list of strings", id)
    }
    const list = [...new Set(tags as string[])]
    if (list.some((t) => t === "")) return bad("invalid-value", "a tag is empty", id)
    for (const t of list) {
      const long = tooLong(`tag "${t}"`, t, limits.tagBytes)
      if (long) return bad("too-long", long, id)
    }
    if (list.length > max) {
      return bad(
        "too-many-tags",
        options.replace
          ? `${list.length} tags; at most ${max} with --replace`
          : `${list.length} tags; at most ${max} per row without --replace (split them over several rows)`,
        id,
      )
    }
    if (list.length === 0 && !options.replace) return bad("no-values", "no tag in this row", id)
    return { ok: true, userId: id, item: { userId: id, tags: list } }
  }
  return {
    name: "tags",
    csvHeader: (names) => {
      findUserIdColumn(names, "tags")
      if (names.length !== 2 || names[1]!.toLowerCase() !== "tags") {
        throw new UsageError(`tags import: expected the header "userId,tags", got "${names.join(",")}"`)
      }
    },
    fromCsv: (v) => build(v[0], v[1] === "" ? [] : v[1]!.split(options.separator)),
    fromJson: (value) => {
      const o = asObject(value)
      if (!o) return bad("invalid-json", "expected a JSON object")
      return build(jsonUserId(o), pick(o, ["tags", "Tags"]))
    },
  }
}
