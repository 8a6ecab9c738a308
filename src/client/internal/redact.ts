/**
 * Redaction of the admin `usersig` (and any other secret) from text that may reach an error or a
 * log: request URLs, response excerpts, exception messages from `fetch`.
 *
 * @module
 */

/** What replaces a secret. */
export const REDACTED = "<redacted>"

// The usersig query value runs until the next `&`, `#`, whitespace or quote; it is base64url-ish
// (`*`, `-`, `_` instead of `+`, `/`, `=`), so match generously.
const usersigParam = /([?&]usersig=)[^&#\s"'<>]*/gi

/** Replaces the value of every `usersig=` query parameter in `text`. */
export const redactUsersig = (text: string): string => text.replace(usersigParam, `$1${REDACTED}`)

/**
 * Replaces `usersig=` values and every occurrence of the given secrets (longer than 3 characters,
 * so an empty or trivial value cannot blank the whole text).
 */
export const redactText = (text: string, secrets: ReadonlyArray<string>): string => {
  let out = redactUsersig(text)
  for (const s of secrets) if (s.length > 3 && out.includes(s)) out = out.split(s).join(REDACTED)
  return out
}
