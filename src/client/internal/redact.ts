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

// A run of base64 (the token variant's `*` and `-`, or the standard `+/=`, maybe percent-encoded)
// that mixes upper- and lower-case letters: what any part of a token looks like. `_` is only
// ever trailing padding in a token, so it ends a run: Tencent's own identifiers
// (`Err_TLS_PT_Open_Login_Account_Not_Exist`) and TaskIds (digits and `_`) stay readable, as do
// hex keys (one case). A usersig is 150-400 such characters; 32 in a row is never prose.
const credentialRun = /[A-Za-z0-9*\-+/=%]{32,}/g
const hideRun = (run: string): string => (/[a-z]/.test(run) && /[A-Z]/.test(run) ? REDACTED : run)

/**
 * Replaces `usersig=` values, every occurrence of the given secrets (longer than 3 characters,
 * so an empty or trivial value cannot blank the whole text), and every usersig-like run (ours
 * or anyone's).
 */
export const redactText = (text: string, secrets: ReadonlyArray<string>): string => {
  let out = redactUsersig(text)
  for (const s of secrets) if (s.length > 3 && out.includes(s)) out = out.split(s).join(REDACTED)
  return out.replace(credentialRun, hideRun)
}

const EXCERPT = 200
// Redaction runs on at most this much of a text (answers may be up to 4 MiB).
const WINDOW = 65536

/**
 * A short, redacted excerpt of `text` for an error: redacted first, then cut to 200 characters
 * (cutting first let half a usersig through). Of a longer text only the first 64 KiB are looked
 * at, less any trailing run of the usersig alphabet the window cut through.
 */
export const excerpt = (text: string, secrets: ReadonlyArray<string>): string => {
  const window = text.length > WINDOW ? text.slice(0, WINDOW).replace(/[A-Za-z0-9*\-+/=%]+$/, "") : text
  const clean = redactText(window, secrets)
  return clean.length > EXCERPT || window.length < text.length ? `${clean.slice(0, EXCERPT)}…` : clean
}
