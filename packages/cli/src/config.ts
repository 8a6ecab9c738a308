/**
 * Resolving the app, the secret and the target service from flags and `TENCENT_CHAT_*`
 * environment variables. Flags win over the environment; `--emulator` wins over any region or
 * base URL. The secret key only ever lives in a `Redacted` or a local variable passed to the
 * client; no message here contains it.
 *
 * @module
 */
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { ChatStore } from "tencent-chat-push/client"
import { isRegion, regionNames } from "tencent-chat-push/wire"
import type { Family, Region } from "tencent-chat-push/wire"
import { UsageError } from "./errors.ts"
import { parseDurationSeconds } from "./duration.ts"
import { readSecretFile } from "./secret.ts"

/** The environment, injectable for tests. */
export type Env = Readonly<Record<string, string | undefined>>

/** Parsed credential flags. */
export interface CredentialFlagValues {
  readonly sdkAppId: Option.Option<string>
  readonly secretKey: Option.Option<Redacted.Redacted<string>>
  readonly secretKeyFile: Option.Option<string>
}

/** Parsed connection flags. */
export interface ConnectionFlagValues extends CredentialFlagValues {
  readonly admin: Option.Option<string>
  readonly region: Option.Option<string>
  readonly baseUrl: Option.Option<string>
  readonly emulator: Option.Option<string>
  readonly family: Family
  readonly timeout: string
  readonly redis: Option.Option<Redacted.Redacted<string>>
}

/** An app and its key. */
export interface Credentials {
  readonly sdkAppId: number
  readonly secretKey: Redacted.Redacted<string>
}

/** Where and as whom to call the REST API. */
export interface Connection extends Credentials {
  readonly adminId: string
  readonly region?: Region | undefined
  readonly baseUrl?: string | undefined
  /** True when the target is an emulator (`--emulator`): pushes need no `--yes`. */
  readonly emulator: boolean
  readonly family: Family
  readonly timeoutMillis: number
  /** Human description of the target, for messages (`emulator http://...`, `region singapore`). */
  readonly target: string
  /**
   * The shared store (`--redis` / `TENCENT_CHAT_REDIS_URL`), or undefined for the client's
   * per-process memory store.
   */
  readonly store?: SharedStore | undefined
}

/** A shared store for the client, and how to name it in messages (never with a password). */
export interface SharedStore {
  readonly layer: Layer.Layer<ChatStore>
  /** `redis 127.0.0.1:6379/0`. */
  readonly description: string
}

/**
 * How long one store operation may take before the call fails (the library's default is 500 ms).
 * An import stops on the first store failure, and a busy machine (measured: four imports, an
 * emulator and redis-server on two loaded cores) sometimes answers a Lua call in more than
 * 500 ms; a dead Redis still fails at once (connection refused), a hung one after this.
 */
export const STORE_TIMEOUT = "2 seconds"

/**
 * `--redis URL` / `TENCENT_CHAT_REDIS_URL`: the Redis store, built by `redisStoreFromUrl` (loaded
 * only when asked for: `tencent-chat-push/node` brings the Node bridge with it). A malformed URL
 * is a usage error whose message never holds the URL (it may carry a password).
 */
export const resolveStore = async (flag: Option.Option<Redacted.Redacted<string>>, env: Env): Promise<SharedStore | undefined> => {
  const fromFlag = Option.isSome(flag) ? Redacted.value(flag.value).trim() : undefined
  const url = fromFlag ?? nonEmpty(env.TENCENT_CHAT_REDIS_URL)
  if (url === undefined || url === "") return undefined
  const source = fromFlag !== undefined ? "--redis" : "TENCENT_CHAT_REDIS_URL"
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError(`${source}: not a URL (expected redis://[user:password@]host[:port][/db] or rediss://...)`)
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new UsageError(`${source}: expected a redis:// or rediss:// URL, got ${parsed.protocol}//...`)
  }
  const { redisStoreFromUrl } = await import("tencent-chat-push/node")
  try {
    return { layer: redisStoreFromUrl(url, { timeout: STORE_TIMEOUT }), description: `redis ${parsed.host}${parsed.pathname.length > 1 ? parsed.pathname : ""}` }
  } catch (e) {
    throw new UsageError(`${source}: ${(e as Error).message}`)
  }
}

const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s.trim() === "" ? undefined : s.trim())

/** Parses an SDKAppID (a uint32 > 0). */
export const parseSdkAppId = (text: string, source: string): number => {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 4294967295) {
    throw new UsageError(`${source}: the SDKAppID must be a positive integer, got "${text}"`)
  }
  return Number(text)
}

/**
 * The app id and secret key. `stdinTaken` says stdin already carries other input (an import
 * file `-`), so `--secret-key-file -` cannot use it.
 */
export const resolveCredentials = async (
  flags: CredentialFlagValues,
  env: Env = process.env,
  stdinTaken = false,
): Promise<Credentials> => {
  const idText = Option.getOrUndefined(flags.sdkAppId) ?? nonEmpty(env.TENCENT_CHAT_SDKAPPID)
  if (idText === undefined) {
    throw new UsageError("no app: pass --sdkappid or set TENCENT_CHAT_SDKAPPID")
  }
  const sdkAppId = parseSdkAppId(idText, Option.isSome(flags.sdkAppId) ? "--sdkappid" : "TENCENT_CHAT_SDKAPPID")
  if (Option.isSome(flags.secretKey) && Option.isSome(flags.secretKeyFile)) {
    throw new UsageError("give --secret-key or --secret-key-file, not both")
  }
  let secret: string | undefined
  if (Option.isSome(flags.secretKey)) secret = Redacted.value(flags.secretKey.value)
  else if (Option.isSome(flags.secretKeyFile)) {
    if (flags.secretKeyFile.value === "-" && stdinTaken) {
      throw new UsageError("--secret-key-file -: stdin already carries the input file; read the key from a file")
    }
    secret = await readSecretFile(flags.secretKeyFile.value)
  } else secret = nonEmpty(env.TENCENT_CHAT_SECRET_KEY)
  if (secret === undefined || secret.trim() === "") {
    throw new UsageError("no secret key: set TENCENT_CHAT_SECRET_KEY, or pass --secret-key-file FILE (or - for stdin)")
  }
  return { sdkAppId, secretKey: Redacted.make(secret.trim()) }
}

const checkUrl = (text: string, source: string): string => {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`${source}: not an absolute URL: ${text}`)
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`${source}: must be http(s): ${text}`)
  return url.origin
}

/** Everything needed to build a client. */
export const resolveConnection = async (
  flags: ConnectionFlagValues,
  env: Env = process.env,
  stdinTaken = false,
): Promise<Connection> => {
  const creds = await resolveCredentials(flags, env, stdinTaken)
  const adminId = Option.getOrUndefined(flags.admin) ?? nonEmpty(env.TENCENT_CHAT_ADMIN) ?? "administrator"
  const timeoutSeconds = parseDurationSeconds(flags.timeout)
  if (timeoutSeconds === undefined || timeoutSeconds <= 0) throw new UsageError(`--timeout: not a duration: ${flags.timeout}`)
  const store = await resolveStore(flags.redis ?? Option.none(), env)
  const common = { ...creds, adminId, family: flags.family, timeoutMillis: Math.round(timeoutSeconds * 1000), ...(store !== undefined ? { store } : {}) }

  if (Option.isSome(flags.emulator)) {
    const baseUrl = checkUrl(flags.emulator.value, "--emulator")
    return { ...common, baseUrl, emulator: true, target: `emulator ${baseUrl}` }
  }
  const flagBase = Option.getOrUndefined(flags.baseUrl)
  const flagRegion = Option.getOrUndefined(flags.region)
  if (flagBase !== undefined && flagRegion !== undefined) throw new UsageError("give --region or --base-url, not both")
  let base = flagBase
  let region = flagRegion
  let regionSource = "--region"
  if (base === undefined && region === undefined) {
    base = nonEmpty(env.TENCENT_CHAT_BASE_URL)
    region = nonEmpty(env.TENCENT_CHAT_REGION)
    regionSource = "TENCENT_CHAT_REGION"
    if (base !== undefined && region !== undefined) {
      throw new UsageError("both TENCENT_CHAT_REGION and TENCENT_CHAT_BASE_URL are set; unset one, or pass --region / --base-url")
    }
  }
  if (base !== undefined) {
    const baseUrl = checkUrl(base, flagBase !== undefined ? "--base-url" : "TENCENT_CHAT_BASE_URL")
    return { ...common, baseUrl, emulator: false, target: baseUrl }
  }
  if (region !== undefined) {
    if (!isRegion(region)) throw new UsageError(`${regionSource}: unknown region "${region}"; one of ${regionNames.join(", ")}`)
    return { ...common, region, emulator: false, target: `region ${region}` }
  }
  throw new UsageError("no service: pass --emulator URL, --region or --base-url (or set TENCENT_CHAT_REGION / TENCENT_CHAT_BASE_URL)")
}
