/**
 * Query-string and admin UserSig checks, in the order inferred in docs/protocol/transport.md#check-order:
 * URL (60012, 60002) → app (70020) → UserSig (70002, 70003, 70001, 70009, 70013, 70014) → admin
 * (90009, or 70403 on the account APIs). The UserSig checks are the usersig module's own
 * `verify`, so the emulator and the signer agree on what a valid token is.
 *
 * Choices:
 * - An unknown SDKAppID answers 70020 ("SDKAppID not found"), not 60006 ("invalid").
 * - `sdkappid` that is not a decimal integer, a missing `identifier`, and (unless `strictQuery`
 *   is off) a missing/invalid `random` (uint32) or a `contenttype` other than `json` answer
 *   60002 ("HTTP parse error, check the URL format"). The service may be more lenient about
 *   `random`/`contenttype`; the emulator is strict on purpose so clients send the documented URL.
 * - A token the verifier rejects for a reason with no documented code answers 70003.
 * - UserSig acceptance beyond the official verifiers (which check neither; docs/emulator.md):
 *   `TLS.ver` must be "2.0", the only version every v2 SDK writes (an older token would go to
 *   the ECDSA v1 path, which an HMAC token cannot pass) → 70003; an issue time (`TLS.time`) more
 *   than `userSigClockSkewSeconds` (300) ahead of the emulator clock → 70003, so a signer whose
 *   clock is wrong by hours shows up in tests.
 * - The URL's parameters are read strictly, stricter than the service may be: `sdkappid` must be
 *   a canonical decimal uint32 (`01400000001` is not read as 1400000001: 60002), and a parameter
 *   the emulator reads (`sdkappid`, `identifier`, `usersig`, `random`, `contenttype`) may appear
 *   once: with two, which one a server reads differs between frameworks, so 60002.
 *
 * @module
 */
import { createSigner, UserSigError } from "../usersig/mod.ts"
import type { EmulatorApp } from "./options.ts"

/** A failed check: the code and a message without secrets. */
export interface AuthFailure {
  readonly code: number
  readonly info: string
  readonly sdkAppId?: number
}

/** A passed check. */
export interface AuthSuccess {
  readonly sdkAppId: number
  readonly identifier: string
}

/** Verifies admin UserSigs for one app (keeps the signer so its key schedule is reused). */
export interface AppVerifier {
  readonly app: EmulatorApp
  /** Undefined when `token` is a valid sig for `identifier` at `nowSeconds`, else the failure. */
  readonly check: (token: string, identifier: string, nowSeconds: number) => AuthFailure | undefined
}

/** The UserSig version every v2 SDK writes. */
const USERSIG_VERSION = "2.0"

export const makeVerifier = (app: EmulatorApp, skewSeconds = 300): AppVerifier => {
  const signer = createSigner({ sdkAppId: app.sdkAppId, secretKey: app.secretKey })
  return {
    app,
    check: (token, identifier, nowSeconds) => {
      try {
        const decoded = signer.verify(token, { userId: identifier, now: nowSeconds })
        if (decoded.version !== USERSIG_VERSION) {
          return { code: 70003, info: `UserSig version ${JSON.stringify(decoded.version).slice(0, 40)} is not "${USERSIG_VERSION}"`, sdkAppId: app.sdkAppId }
        }
        if (decoded.issuedAt > nowSeconds + skewSeconds) {
          return {
            code: 70003,
            info: `UserSig issued ${decoded.issuedAt - nowSeconds} s in the future (the emulator allows ${skewSeconds} s of clock skew)`,
            sdkAppId: app.sdkAppId,
          }
        }
        return undefined
      } catch (e) {
        if (e instanceof UserSigError) return { code: e.serverCode ?? 70003, info: e.message, sdkAppId: app.sdkAppId }
        throw e
      }
    },
  }
}

const UINT = /^[0-9]+$/
/** A canonical decimal: no sign, no leading zero. */
const CANONICAL_UINT = /^(?:0|[1-9][0-9]*)$/
const READ_PARAMS = ["sdkappid", "identifier", "usersig", "random", "contenttype"]

/** The URL and UserSig checks (not the admin check, which depends on the command's area). */
export const authenticate = (
  params: URLSearchParams,
  verifiers: ReadonlyMap<number, AppVerifier>,
  nowMs: number,
  strictQuery: boolean,
): AuthSuccess | AuthFailure => {
  for (const name of READ_PARAMS) {
    const n = params.getAll(name).length
    if (n > 1) return { code: 60002, info: `${name} appears ${n} times in the URL; give it once` }
  }
  const rawAppId = params.get("sdkappid")
  if (rawAppId === null || rawAppId === "") return { code: 60012, info: "sdkappid is missing from the URL" }
  if (!CANONICAL_UINT.test(rawAppId) || rawAppId.length > 10 || Number(rawAppId) > 0xffffffff) {
    return { code: 60002, info: `sdkappid ${JSON.stringify(rawAppId.slice(0, 40))} is not a decimal integer without leading zeros (0..4294967295)` }
  }
  const sdkAppId = Number(rawAppId)
  const identifier = params.get("identifier")
  if (identifier === null || identifier === "") return { code: 60002, info: "identifier is missing from the URL", sdkAppId }
  if (strictQuery) {
    const random = params.get("random")
    if (random === null || !UINT.test(random) || Number(random) > 0xffffffff) {
      return { code: 60002, info: "random must be a 32-bit unsigned decimal integer", sdkAppId }
    }
    const ct = params.get("contenttype")
    if (ct !== "json") return { code: 60002, info: `contenttype must be "json"`, sdkAppId }
  }
  const verifier = verifiers.get(sdkAppId)
  if (verifier === undefined) return { code: 70020, info: `SDKAppID ${sdkAppId} not found`, sdkAppId }
  const usersig = params.get("usersig") ?? ""
  if (usersig === "") return { code: 70002, info: "usersig is empty", sdkAppId }
  const failure = verifier.check(usersig, identifier, Math.floor(nowMs / 1000))
  if (failure) return failure
  return { sdkAppId, identifier }
}
