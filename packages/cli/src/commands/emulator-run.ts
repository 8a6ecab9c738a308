/**
 * The `emulator` command's implementation (loaded only when it runs).
 *
 * @module
 */
import * as fs from "node:fs"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { endpointKeys, type EndpointKey } from "tencent-chat-push/wire"
import { createEmulator } from "tencent-chat-push/emulator"
import type { Emulator, RateOverride } from "tencent-chat-push/emulator"
import { serve, type Served } from "tencent-chat-push/node"
import { genUserSig } from "tencent-chat-push/usersig"
import { out } from "../action.ts"
import { parseSdkAppId, resolveCredentials } from "../config.ts"
import type { CredentialFlagValues } from "../config.ts"
import { parseDurationSeconds } from "../duration.ts"
import { interruptExit, UsageError } from "../errors.ts"

/** Endpoints whose call rate `--rate-limit` sets (push and revoke keep their own spacing). */
const rateLimited: ReadonlyArray<EndpointKey> = endpointKeys.filter((k) => k !== "push" && k !== "revoke")

/** Parsed flags of `emulator`. */
export interface EmulatorInput extends CredentialFlagValues {
  readonly port: number
  readonly host: string
  readonly admin: Option.Option<string>
  readonly state: Option.Option<string>
  readonly rateLimit: Option.Option<string>
  readonly dailyQuota: Option.Option<number>
  readonly pushInterval: Option.Option<string>
}

const randomKey = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("")

const writeAtomic = (file: string, text: string) => {
  fs.writeFileSync(`${file}.tmp`, text)
  fs.renameSync(`${file}.tmp`, file)
}

/** A serving emulator. */
export interface Running {
  readonly em: Emulator
  readonly server: Served
  readonly stateFile: string | undefined
}

/** Loads the state, serves, prints how to use it. */
export const start = async (i: EmulatorInput): Promise<Running> => {
  const env = process.env
  const demo = Option.isNone(i.sdkAppId) && env.TENCENT_CHAT_SDKAPPID === undefined &&
    Option.isNone(i.secretKey) && Option.isNone(i.secretKeyFile) && env.TENCENT_CHAT_SECRET_KEY === undefined
  const creds = demo
    ? { sdkAppId: parseSdkAppId("1400000000", "demo"), secretKey: Redacted.make(randomKey()) }
    : await resolveCredentials(i)
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
  const em = createEmulator({
    apps: [{ sdkAppId: creds.sdkAppId, secretKey: Redacted.value(creds.secretKey), admins }],
    limits: {
      ...(Option.isSome(i.dailyQuota) ? { dailyPushQuota: i.dailyQuota.value } : {}),
      ...(pushIntervalMs !== undefined ? { pushIntervalMs } : {}),
      ...(rate !== undefined ? { rates: Object.fromEntries(rateLimited.map((k) => [k, rate])) } : {}),
    },
  })
  const stateFile = Option.getOrUndefined(i.state)
  if (stateFile !== undefined && fs.existsSync(stateFile)) {
    try {
      em.importState(JSON.parse(fs.readFileSync(stateFile, "utf8")))
    } catch (e) {
      throw new UsageError(`--state: cannot load ${stateFile}: ${(e as Error).message}`)
    }
  }
  let server: Served
  try {
    server = await serve(em, { port: i.port, host: i.host })
  } catch (e) {
    throw new UsageError(`cannot listen on ${i.host}:${i.port}: ${(e as Error).message}`)
  }
  const admin = admins[0]!
  const usersig = genUserSig({ sdkAppId: creds.sdkAppId, secretKey: Redacted.value(creds.secretKey), userId: admin, expireSeconds: 7 * 86400 })
  interruptExit.code = 0
  out(`Tencent Cloud Chat emulator listening on ${server.url}`)
  out(`  sdkAppId : ${creds.sdkAppId}${demo ? " (demo app)" : ""}`)
  out(`  admin    : ${admins.join(", ")}`)
  if (demo) out(`  DEMO secret key (generated for this run only): ${Redacted.value(creds.secretKey)}`)
  out(`  usersig  : ${usersig}`)
  out(`  state    : ${stateFile === undefined ? "in memory only" : `${stateFile} (${fs.existsSync(stateFile) ? "loaded; " : ""}saved on exit)`}`)
  out(`  inspect  : ${server.url}/__emulator`)
  out(`  use it   : tencent-chat-push <command> --emulator ${server.url}`)
  out("Ctrl-C to stop.")
  return { em, server, stateFile }
}

/** Saves the state (atomically) and stops serving. */
export const stop = async (r: Running): Promise<void> => {
  if (r.stateFile !== undefined) {
    writeAtomic(r.stateFile, JSON.stringify(r.em.exportState()))
    process.stderr.write(`state saved to ${r.stateFile}\n`)
  }
  await r.server.close()
  process.stderr.write("emulator stopped\n")
}

