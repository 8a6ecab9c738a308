/**
 * Client options from `TENCENT_CHAT_*` variables, without Effect in sight: what `createClient()`
 * reads when it is given no options, and what a Worker passes its `env` binding to.
 *
 * The variables are read through Effect's default `ConfigProvider` (`process.env`, where the
 * runtime has one, and `import.meta.env`), so this module never touches `process` itself and
 * stays runtime-neutral. Cloudflare Workers have no process environment: their variables and
 * secrets arrive as the `env` argument of `fetch`, which is why `optionsFromEnv(env)` takes a
 * record. Every failure is a `ChatConfigError` whose `field` names the variable at fault; our
 * own checks quote no value, and no error carries the secret key.
 *
 * @module
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { Family, Region } from "../api/mod.ts"
import type { ClientOptions } from "./config.ts"
import { resolveConfigUnsafe } from "./config.ts"
import { ChatConfigError } from "./errors.ts"
import { adminSignerUnsafe } from "./make.ts"

/**
 * The variable behind each option `optionsFromEnv` reads. `TENCENT_CHAT_REGION` or
 * `TENCENT_CHAT_BASE_URL` (one of them) and `TENCENT_CHAT_FAMILY` (optional) complete the set.
 *
 * @example
 * ```ts
 * import { envVariables } from "tencent-chat-push/client"
 *
 * console.log(`set ${envVariables.secretKey}`) // "set TENCENT_CHAT_SECRET_KEY"
 * ```
 */
export const envVariables: {
  readonly sdkAppId: "TENCENT_CHAT_SDKAPPID"
  readonly secretKey: "TENCENT_CHAT_SECRET_KEY"
  readonly adminId: "TENCENT_CHAT_ADMIN"
  readonly region: "TENCENT_CHAT_REGION"
  readonly baseUrl: "TENCENT_CHAT_BASE_URL"
  readonly family: "TENCENT_CHAT_FAMILY"
} = {
  sdkAppId: "TENCENT_CHAT_SDKAPPID",
  secretKey: "TENCENT_CHAT_SECRET_KEY",
  adminId: "TENCENT_CHAT_ADMIN",
  region: "TENCENT_CHAT_REGION",
  baseUrl: "TENCENT_CHAT_BASE_URL",
  family: "TENCENT_CHAT_FAMILY",
}

/** The options that do not come from the environment (timeouts, retries, rate limits, `fetch`...). */
export type ClientTuning = Omit<ClientOptions, "sdkAppId" | "secretKey" | "adminId" | "region" | "baseUrl" | "family">

/** A record of environment variables, such as a Worker's `env` (non-string bindings are ignored). */
export type EnvRecord = { readonly [name: string]: unknown }

const variableOf = (field: string): string | undefined =>
  (envVariables as { readonly [option: string]: string | undefined })[field]

const providerOf = (env: EnvRecord | undefined): ConfigProvider.ConfigProvider => {
  if (env !== undefined) {
    const strings: Record<string, string> = {}
    for (const name of Object.values(envVariables)) {
      const value = env[name]
      if (typeof value === "string") strings[name] = value
    }
    return ConfigProvider.fromEnv({ env: strings })
  }
  try {
    return ConfigProvider.fromEnv()
  } catch (e) {
    // Deno without --allow-env refuses to list the environment.
    throw new ChatConfigError({
      field: envVariables.sdkAppId,
      detail: `the environment cannot be read (${e instanceof Error ? e.name : "error"}); grant access to it (Deno: --allow-env) or pass the variables: optionsFromEnv(record)`,
    })
  }
}

const read = (provider: ConfigProvider.ConfigProvider, name: string): string | undefined => {
  const exit = Effect.runSyncExit(Config.option(Config.String(name)).parse(provider))
  return Exit.isSuccess(exit) ? Option.getOrUndefined(exit.value) : undefined
}

const required = (provider: ConfigProvider.ConfigProvider, name: string): string => {
  const value = read(provider, name)
  if (value === undefined) throw new ChatConfigError({ field: name, detail: "is not set" })
  return value
}

/**
 * Client options from `TENCENT_CHAT_SDKAPPID`, `TENCENT_CHAT_SECRET_KEY` (kept as a `Redacted`),
 * `TENCENT_CHAT_ADMIN`, and `TENCENT_CHAT_REGION` or `TENCENT_CHAT_BASE_URL` (optionally
 * `TENCENT_CHAT_FAMILY`), read from `env` when given (a Worker's `env`, a test's record), else
 * from the runtime's environment; `tuning` adds the other options. The result is checked as
 * `createClient` would check it.
 *
 * Throws `ChatConfigError` whose `field` names the variable that is missing or unusable (never
 * its value), or names the tuning option at fault.
 *
 * @example
 * ```ts
 * // Cloudflare Workers: variables and secrets arrive as `env`; build one client per isolate.
 * import { createClient, optionsFromEnv } from "tencent-chat-push/client"
 * import type { PromiseClient } from "tencent-chat-push/client"
 *
 * let chat: PromiseClient | undefined
 * export default {
 *   async fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
 *     chat ??= createClient(optionsFromEnv(env, { timeout: "5 seconds" }))
 *     const { results } = await chat.checkAccounts(["alice"])
 *     return Response.json(results)
 *   },
 * }
 * ```
 */
export const optionsFromEnv = (env?: EnvRecord, tuning: ClientTuning = {}): ClientOptions => {
  const provider = providerOf(env)
  const sdkAppIdText = required(provider, envVariables.sdkAppId)
  if (!/^[1-9]\d*$/.test(sdkAppIdText) || !Number.isSafeInteger(Number(sdkAppIdText))) {
    throw new ChatConfigError({ field: envVariables.sdkAppId, detail: "must be a positive integer" })
  }
  const secretKey = Redacted.make(required(provider, envVariables.secretKey))
  const adminId = required(provider, envVariables.adminId)
  const region = read(provider, envVariables.region)
  const baseUrl = read(provider, envVariables.baseUrl)
  if (region === undefined && baseUrl === undefined) {
    throw new ChatConfigError({ field: envVariables.region, detail: `is not set (nor ${envVariables.baseUrl}); set one of them` })
  }
  const family = read(provider, envVariables.family)
  const options: ClientOptions = {
    ...tuning,
    sdkAppId: Number(sdkAppIdText),
    secretKey,
    adminId,
    region: region as Region | undefined,
    baseUrl,
    family: family as Family | undefined,
  }
  try {
    adminSignerUnsafe(resolveConfigUnsafe(options))
  } catch (e) {
    if (e instanceof ChatConfigError) {
      const variable = variableOf(e.field)
      throw variable === undefined ? e : new ChatConfigError({ field: variable, detail: e.detail })
    }
    throw e
  }
  return options
}
