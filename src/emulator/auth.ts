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

export const makeVerifier = (app: EmulatorApp): AppVerifier => {
  const signer = createSigner({ sdkAppId: app.sdkAppId, secretKey: app.secretKey })
  return {
    app,
    check: (token, identifier, nowSeconds) => {
      try {
        signer.verify(token, { userId: identifier, now: nowSeconds })
        return undefined
      } catch (e) {
        if (e instanceof UserSigError) return { code: e.serverCode ?? 70003, info: e.message, sdkAppId: app.sdkAppId }
        throw e
      }
    },
  }
}

const UINT = /^[0-9]+$/

/** The URL and UserSig checks (not the admin check, which depends on the command's area). */
export const authenticate = (
  params: URLSearchParams,
  verifiers: ReadonlyMap<number, AppVerifier>,
  nowMs: number,
  strictQuery: boolean,
): AuthSuccess | AuthFailure => {
  const rawAppId = params.get("sdkappid")
  if (rawAppId === null || rawAppId === "") return { code: 60012, info: "sdkappid is missing from the URL" }
  if (!UINT.test(rawAppId)) return { code: 60002, info: `sdkappid ${JSON.stringify(rawAppId)} is not a decimal integer` }
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
