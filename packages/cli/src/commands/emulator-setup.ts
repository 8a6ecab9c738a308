/**
 * Building the emulator from the flags of `emulator` and `emulator exec`: credentials (a demo
 * app when none are given), limits, faults, and the state file loaded.
 *
 * @module
 */
import * as fs from "node:fs"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { endpointKeys, type EndpointKey } from "tencent-chat-push/wire"
import { createEmulator } from "tencent-chat-push/emulator"
import type { CallbackOptions, Emulator, FaultOptions, RateOverride } from "tencent-chat-push/emulator"
import { parseSdkAppId, resolveCredentials } from "../config.ts"
import type { Credentials, CredentialFlagValues } from "../config.ts"
import { parseDurationSeconds } from "../duration.ts"
import { UsageError } from "../errors.ts"
import { loadStateFile, writeAtomic } from "./emulator-state.ts"

/** Endpoints whose call rate `--rate-limit` sets (push and revoke keep their own spacing). */
const rateLimited: ReadonlyArray<EndpointKey> = endpointKeys.filter((k) => k !== "push" && k !== "revoke")

/** Parsed flags shared by `emulator` and `emulator exec`. */
export interface EmulatorSetupInput extends CredentialFlagValues {
  readonly host: string
  readonly admin: Option.Option<string>
  readonly state: Option.Option<string>
  readonly rateLimit: Option.Option<string>
  readonly dailyQuota: Option.Option<number>
  readonly pushInterval: Option.Option<string>
  readonly faultRate: Option.Option<string>
  readonly faultSeed: Option.Option<string>
  readonly faultDelayMs: Option.Option<string>
  readonly callbackUrl: Option.Option<string>
  readonly callbackToken: Option.Option<Redacted.Redacted<string>>
}

/**
 * `--callback-url` and `--callback-token` (or `TENCENT_CHAT_CALLBACK_TOKEN`): both or neither.
 * The URL must be http(s); the token is handed to the emulator and never printed.
 */
export const callbacksOf = (i: EmulatorSetupInput, env: Readonly<Record<string, string | undefined>> = process.env): CallbackOptions | undefined => {
  const url = Option.getOrUndefined(i.callbackUrl)
  const fromEnv = env.TENCENT_CHAT_CALLBACK_TOKEN?.trim()
  const token = Option.isSome(i.callbackToken) ? Redacted.value(i.callbackToken.value).trim() : fromEnv === "" ? undefined : fromEnv
  if (url === undefined) {
    if (Option.isSome(i.callbackToken)) throw new UsageError("--callback-token needs --callback-url (where to send the callbacks)")
    return undefined
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError(`--callback-url: not an absolute URL: ${url}`)
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UsageError(`--callback-url: must be http(s): ${url}`)
  if (token === undefined || token === "") {
    throw new UsageError("--callback-url needs a token to sign with: --callback-token TOKEN or TENCENT_CHAT_CALLBACK_TOKEN")
  }
  return { url: parsed.href, token }
}

const randomKey = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("")

/**
 * The demo app's key. With `--state`, it is kept beside the state file (FILE.key, owner-only),
 * because the state holds app data only, never a key: without it a restart would mint a new key
 * and every UserSig handed out before (to an app, a test fixture) would stop authenticating.
 */
const demoKey = (stateFile: string | undefined): { key: string; keptIn?: string } => {
  if (stateFile === undefined) return { key: randomKey() }
  const file = `${stateFile}.key`
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, "utf8").trim()
    if (!/^[0-9a-f]{64}$/.test(key)) throw new UsageError(`--state: ${file} does not hold a demo key (64 hex digits); delete it to generate one`)
    return { key, keptIn: file }
  }
  const key = randomKey()
  try {
    writeAtomic(file, `${key}\n`, 0o600)
  } catch (e) {
    throw new UsageError(`--state: cannot write ${file}: ${(e as Error).message}`)
  }
  return { key, keptIn: file }
}

const intFlag = (o: Option.Option<string>, flag: string, max: number): number | undefined => {
  if (Option.isNone(o)) return undefined
  const n = Number(o.value)
  if (!/^[0-9]+$/.test(o.value) || n > max) throw new UsageError(`${flag} must be an integer from 0 to ${max}, got ${o.value}`)
  return n
}

/** `--fault-*`: random faults, or none when no fault flag is given. */
const faultsOf = (i: EmulatorSetupInput): FaultOptions | undefined => {
  let rate: number | undefined
  if (Option.isSome(i.faultRate)) {
    rate = Number(i.faultRate.value)
    if (i.faultRate.value.trim() === "" || !(rate >= 0 && rate <= 1)) throw new UsageError(`--fault-rate must be a number from 0 to 1, got ${i.faultRate.value}`)
  }
  const seed = intFlag(i.faultSeed, "--fault-seed", 0xffffffff)
  const delayMs = intFlag(i.faultDelayMs, "--fault-delay-ms", 3_600_000)
  if (rate === undefined && seed === undefined && delayMs === undefined) return undefined
  return { ...(rate !== undefined ? { rate } : {}), ...(seed !== undefined ? { seed } : {}), ...(delayMs !== undefined ? { delayMs } : {}) }
}

/** An emulator built from the flags, its state loaded. */
export interface EmulatorSetup {
  readonly em: Emulator
  readonly creds: Credentials
  readonly admins: ReadonlyArray<string>
  /** The demo app's generated key and where it is kept, when no credentials were given. */
  readonly demo: { readonly key: string; readonly keptIn?: string } | undefined
  readonly faults: FaultOptions | undefined
  /** Where callbacks go, when `--callback-url` was given (the URL only; the token stays inside the emulator). */
  readonly callbackUrl: string | undefined
  readonly stateFile: string | undefined
  /** True when the state was loaded from `stateFile`. */
  readonly loaded: boolean
}

/** Builds the emulator from the flags and loads `--state FILE` when it exists. */
export const setupEmulator = async (i: EmulatorSetupInput): Promise<EmulatorSetup> => {
  const env = process.env
  const demo = Option.isNone(i.sdkAppId) && env.TENCENT_CHAT_SDKAPPID === undefined &&
    Option.isNone(i.secretKey) && Option.isNone(i.secretKeyFile) && env.TENCENT_CHAT_SECRET_KEY === undefined
  const admins = (Option.getOrUndefined(i.admin) ?? env.TENCENT_CHAT_ADMIN ?? "administrator").split(",").map((a) => a.trim()).filter((a) => a)
  if (admins.length === 0) throw new UsageError("--admin needs at least one UserID")

  let rate: RateOverride | undefined
  if (Option.isSome(i.rateLimit)) {
    if (i.rateLimit.value === "off") rate = false
    else {
      const n = Number(i.rateLimit.value)
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--rate-limit: expected a positive integer or off, got ${i.rateLimit.value}`)
      rate = { limit: n, windowMs: 1000 }
    }
  }
  let pushIntervalMs: number | undefined
  if (Option.isSome(i.pushInterval)) {
    const s = parseDurationSeconds(i.pushInterval.value)
    if (s === undefined) throw new UsageError(`--push-interval: not a duration: ${i.pushInterval.value}`)
    pushIntervalMs = Math.round(s * 1000)
  }
  const faults = faultsOf(i)
  const callbacks = callbacksOf(i)
  // Credentials last: every flag is valid by now, so a demo key file is never left behind by a
  // command that then fails on a bad flag.
  const stateFile = Option.getOrUndefined(i.state)
  const demoSecret = demo ? demoKey(stateFile) : undefined
  const creds = demoSecret !== undefined
    ? { sdkAppId: parseSdkAppId("1400000000", "demo"), secretKey: Redacted.make(demoSecret.key) }
    : await resolveCredentials(i)
  const em = createEmulator({
    apps: [{ sdkAppId: creds.sdkAppId, secretKey: Redacted.value(creds.secretKey), admins }],
    limits: {
      ...(Option.isSome(i.dailyQuota) ? { dailyPushQuota: i.dailyQuota.value } : {}),
      ...(pushIntervalMs !== undefined ? { pushIntervalMs } : {}),
      ...(rate !== undefined ? { rates: Object.fromEntries(rateLimited.map((k) => [k, rate])) } : {}),
    },
    ...(faults !== undefined ? { faults } : {}),
    ...(callbacks !== undefined ? { callbacks } : {}),
  })
  let loaded = false
  if (stateFile !== undefined) {
    try {
      loaded = (await loadStateFile(em, stateFile)) !== undefined
    } catch (e) {
      throw new UsageError(`--state: cannot load ${stateFile}: ${(e as Error).message}`)
    }
  }
  return { em, creds, admins, demo: demoSecret, faults, callbackUrl: callbacks === undefined ? undefined : String(callbacks.url), stateFile, loaded }
}
