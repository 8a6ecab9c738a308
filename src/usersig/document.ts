// The JSON document inside a token (docs/protocol/usersig.md#json-document). We emit the official Node package's compact
// key order (ver, identifier, sdkappid, time, expire, [userbuf], sig). We read every official
// dialect: Python's spaces and \uXXXX escapes, PHP's `\/`, Go v1.3's sorted keys, Go v1.4's
// trailing newline and omitted zero expire, Java's hash order, Node's `null` expire.
import { STANDARD, decodeBase64 } from "./base64.ts"
import { fail } from "./errors.ts"
import { utf8Strict } from "./text.ts"
import { show } from "./validate.ts"

/** The canonical document text. Identifiers go through JSON.stringify, so `"` and `\` are escaped. */
export const buildDocument = (
  identifier: string,
  sdkAppId: number,
  time: number,
  expire: number,
  userBufBase64: string | undefined,
  sig: string,
): string =>
  `{"TLS.ver":"2.0","TLS.identifier":${JSON.stringify(identifier)},"TLS.sdkappid":${sdkAppId},"TLS.time":${time},` +
  `"TLS.expire":${expire},${userBufBase64 === undefined ? "" : `"TLS.userbuf":"${userBufBase64}",`}"TLS.sig":"${sig}"}`

/** A parsed, type-checked document. */
export interface Document {
  readonly version: string
  readonly identifier: string
  readonly sdkAppId: number
  readonly time: number
  readonly expire: number
  /** What the signer printed for TLS.expire in the HMAC text (see contentToSign). */
  readonly expireLiteral: string
  readonly userBuf: Uint8Array | undefined
  readonly userBufBase64: string | undefined
  readonly sig: string
  readonly sigBytes: Uint8Array
}

const has = (o: object, k: string): boolean => Object.hasOwn(o, k)

const integerField = (doc: Record<string, unknown>, key: string, min: number, max: number): number => {
  if (!has(doc, key)) fail("MALFORMED", `token JSON has no "${key}"`)
  const v = doc[key]
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    fail("MALFORMED", `token JSON "${key}" must be an integer from ${min} to ${max}, got ${show(v)}`)
  return v as number
}

const stringField = (doc: Record<string, unknown>, key: string): string => {
  if (!has(doc, key)) fail("MALFORMED", `token JSON has no "${key}"`)
  const v = doc[key]
  if (typeof v !== "string") fail("MALFORMED", `token JSON "${key}" must be a string, got ${show(v)}`)
  return v as string
}

/** Parses the inflated bytes. Messages never quote the JSON text (it contains the signature). */
export const parseDocument = (bytes: Uint8Array): Document => {
  let text: string
  try {
    text = utf8Strict.decode(bytes)
  } catch {
    return fail("MALFORMED", "token payload is not UTF-8 text")
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    // The SyntaxError's message would quote part of the text, so it is dropped.
    return fail("MALFORMED", "token payload is not JSON")
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    fail("MALFORMED", `token JSON must be an object, got ${show(doc)}`)
  const d = doc as Record<string, unknown>

  const version = stringField(d, "TLS.ver")
  const identifier = stringField(d, "TLS.identifier")
  const sdkAppId = integerField(d, "TLS.sdkappid", 1, 0xffffffff)
  const time = integerField(d, "TLS.time", 0, Number.MAX_SAFE_INTEGER)

  // Go v1.4 drops a zero expire (`omitempty`) but its HMAC still covers "TLS.expire:0"; the Node
  // package writes `null` for a missing expire while its HMAC text says "undefined". Either way the
  // lifetime is 0; the literal makes the HMAC check decide whether that is what was signed.
  let expire = 0
  let expireLiteral = "0"
  if (has(d, "TLS.expire") && d["TLS.expire"] === null) expireLiteral = "undefined"
  else if (has(d, "TLS.expire")) {
    expire = integerField(d, "TLS.expire", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
    expireLiteral = String(expire)
  }

  let userBuf: Uint8Array | undefined
  let userBufBase64: string | undefined
  if (has(d, "TLS.userbuf")) {
    userBufBase64 = stringField(d, "TLS.userbuf")
    userBuf = decodeBase64(userBufBase64, STANDARD, 'token JSON "TLS.userbuf"')
  }

  const sig = stringField(d, "TLS.sig")
  const sigBytes = decodeBase64(sig, STANDARD, 'token JSON "TLS.sig"')
  if (sigBytes.length !== 32) fail("MALFORMED", `token JSON "TLS.sig" must be 32 bytes (HMAC-SHA256), got ${sigBytes.length}`)

  return { version, identifier, sdkAppId, time, expire, expireLiteral, userBuf, userBufBase64, sig, sigBytes }
}
