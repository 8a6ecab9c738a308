/**
 * `npm run emulator -- --port 5390 --sdkappid 1400000000 --secret-key KEY --admin administrator`
 *
 * Serves the emulator on loopback so code in any language can call it. Settings come from flags,
 * else from TENCENT_CHAT_SDKAPPID / TENCENT_CHAT_SECRET_KEY / TENCENT_CHAT_ADMIN; with neither,
 * a demo app is generated and printed (its key is printed once, labelled as generated). A real
 * secret key is never printed. Exits cleanly on SIGINT / SIGTERM.
 *
 * @module
 */
import { parseArgs } from "node:util"
import { createEmulator } from "../emulator/mod.ts"
import type { EmulatorApp } from "../emulator/mod.ts"
import { genUserSig } from "../usersig/mod.ts"
import { serve } from "./serve.ts"

const HELP = `Usage: npm run emulator -- [options]

Serves the Tencent Cloud Chat push/account REST emulator over HTTP.

  --port <n>            TCP port (default 5390; 0 = any free port)
  --host <addr>         interface to bind (default 127.0.0.1, loopback only)
  --sdkappid <n>        app SDKAppID          (env TENCENT_CHAT_SDKAPPID)
  --secret-key <key>    app secret key        (env TENCENT_CHAT_SECRET_KEY)
  --admin <id[,id]>     admin UserID(s)       (env TENCENT_CHAT_ADMIN; default administrator)
  --daily-quota <n>     pushes per day (default 100)
  --fault-rate <0..1>   random fault probability per request (default 0: off)
  --fault-seed <n>      seed for random faults (default 1)
  --fault-delay-ms <n>  how long a "delay" fault waits (default 15000)
  --help                this text

Without --sdkappid/--secret-key (and the env variables) a demo app with a generated key is used.
Inspection API: GET http://<host>:<port>/__emulator
`

interface Parsed {
  readonly port: number
  readonly host: string
  readonly app: EmulatorApp
  readonly demo: boolean
  readonly dailyQuota?: number
  readonly faultRate: number
  readonly faultSeed: number
  readonly faultDelayMs?: number
}

class UsageError extends Error {}

const int = (raw: string, name: string, min: number, max: number): number => {
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`)
  }
  return Number(raw)
}

const randomKey = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("")

const parse = (argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Parsed | "help" => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string" },
      host: { type: "string" },
      sdkappid: { type: "string" },
      "secret-key": { type: "string" },
      admin: { type: "string" },
      "daily-quota": { type: "string" },
      "fault-rate": { type: "string" },
      "fault-seed": { type: "string" },
      "fault-delay-ms": { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.help) return "help"
  const rawAppId = values.sdkappid ?? env["TENCENT_CHAT_SDKAPPID"]
  const secretKey = values["secret-key"] ?? env["TENCENT_CHAT_SECRET_KEY"]
  const admins = (values.admin ?? env["TENCENT_CHAT_ADMIN"] ?? "administrator")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "")
  if (admins.length === 0) throw new UsageError("--admin needs at least one UserID")
  const demo = rawAppId === undefined && secretKey === undefined
  if (!demo && (rawAppId === undefined || secretKey === undefined || secretKey === "")) {
    throw new UsageError("give both --sdkappid and --secret-key (or TENCENT_CHAT_SDKAPPID and TENCENT_CHAT_SECRET_KEY), or neither for a demo app")
  }
  const faultRate = values["fault-rate"] === undefined ? 0 : Number(values["fault-rate"])
  if (!(faultRate >= 0 && faultRate <= 1)) throw new UsageError("--fault-rate must be a number from 0 to 1")
  return {
    port: int(values.port ?? "5390", "--port", 0, 65535),
    host: values.host ?? "127.0.0.1",
    app: {
      sdkAppId: demo ? 1400000000 : int(rawAppId!, "--sdkappid", 1, 0xffffffff),
      secretKey: demo ? randomKey() : secretKey!,
      admins,
    },
    demo,
    ...(values["daily-quota"] !== undefined ? { dailyQuota: int(values["daily-quota"], "--daily-quota", 0, 1e9) } : {}),
    faultRate,
    faultSeed: values["fault-seed"] === undefined ? 1 : int(values["fault-seed"], "--fault-seed", 0, 0xffffffff),
    ...(values["fault-delay-ms"] !== undefined
      ? { faultDelayMs: int(values["fault-delay-ms"], "--fault-delay-ms", 0, 3_600_000) }
      : {}),
  }
}

const main = async (): Promise<number> => {
  let parsed: Parsed | "help"
  try {
    parsed = parse(process.argv.slice(2), process.env)
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n\n${HELP}`)
    return 2
  }
  if (parsed === "help") {
    process.stdout.write(HELP)
    return 0
  }
  const { app } = parsed
  const em = createEmulator({
    apps: [app],
    ...(parsed.dailyQuota !== undefined ? { limits: { dailyPushQuota: parsed.dailyQuota } } : {}),
    faults: {
      rate: parsed.faultRate,
      seed: parsed.faultSeed,
      ...(parsed.faultDelayMs !== undefined ? { delayMs: parsed.faultDelayMs } : {}),
    },
  })
  const server = await serve(em, { port: parsed.port, host: parsed.host })
  const admin = app.admins[0]!
  const usersig = genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId: admin, expireSeconds: 7 * 86400 })
  const lines = [
    `Tencent Cloud Chat emulator listening on ${server.url}`,
    `  sdkAppId : ${app.sdkAppId}${parsed.demo ? " (demo app)" : ""}`,
    `  admin    : ${app.admins.join(", ")}`,
    ...(parsed.demo ? [`  DEMO secret key (generated for this run only): ${app.secretKey}`] : []),
    `  usersig  : ${usersig}`,
    `             (admin UserSig for ${JSON.stringify(admin)}, valid 7 days)`,
    ...(parsed.faultRate > 0 ? [`  faults   : ${parsed.faultRate * 100}% of requests, seed ${parsed.faultSeed}`] : []),
    `  inspect  : ${server.url}/__emulator`,
    "",
    "Try:",
    `  curl -s -X POST '${server.url}/v4/timpush/get_attr_name?sdkappid=${app.sdkAppId}&identifier=${encodeURIComponent(admin)}&usersig=${usersig}&random=1&contenttype=json' -d '{}'`,
    "",
    "Ctrl-C to stop.",
  ]
  process.stdout.write(`${lines.join("\n")}\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once("SIGINT", stop)
    process.once("SIGTERM", stop)
  })
  await server.close()
  process.stdout.write("emulator stopped\n")
  return 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  },
)
