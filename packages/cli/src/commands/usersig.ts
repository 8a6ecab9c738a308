/**
 * `usersig gen | private-map-key | inspect | verify`.
 *
 * @module
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Redacted from "effect/Redacted"
import { decodeUserSig, genPrivateMapKey, genUserSig, Privilege, UserSigError, verifyUserSig } from "tencent-chat-push/usersig"
import type { DecodedUserSig } from "tencent-chat-push/usersig"
import { action, out } from "../action.ts"
import { resolveCredentials } from "../config.ts"
import type { CredentialFlagValues } from "../config.ts"
import { formatDuration, formatUnixTime, parseDurationSeconds } from "../duration.ts"
import { ItemsFailedError, UsageError } from "../errors.ts"
import { credentialFlags } from "../flags.ts"
import { readAll } from "../secret.ts"

/** Privilege names on the command line, in bit order. */
export const privilegeNames: ReadonlyArray<readonly [string, number]> = [
  ["create-room", Privilege.CreateRoom],
  ["enter-room", Privilege.EnterRoom],
  ["send-audio", Privilege.SendAudio],
  ["receive-audio", Privilege.ReceiveAudio],
  ["send-video", Privilege.SendVideo],
  ["receive-video", Privilege.ReceiveVideo],
  ["send-sub-stream", Privilege.SendSubStream],
  ["receive-sub-stream", Privilege.ReceiveSubStream],
]

/** `enter-room,receive-audio` / `all` / `42` / `0xff` → bits. */
export const parsePrivileges = (text: string): number => {
  const t = text.trim().toLowerCase()
  if (/^(0x[0-9a-f]+|\d+)$/.test(t)) {
    const n = Number(t)
    if (n > 255) throw new UsageError(`--privileges: ${text} is more than 255`)
    return n
  }
  let bits = 0
  for (const name of t.split(/[,|+\s]+/).filter((s) => s !== "")) {
    if (name === "all") {
      bits |= Privilege.All
      continue
    }
    const hit = privilegeNames.find(([n]) => n === name)
    if (!hit) {
      throw new UsageError(`--privileges: unknown privilege "${name}"; use ${privilegeNames.map(([n]) => n).join(", ")}, all, or a number`)
    }
    bits |= hit[1]
  }
  return bits
}

/** Bits → names (`all` for 255). */
export const privilegeList = (bits: number): string =>
  bits === 255 ? "all" : privilegeNames.filter(([, b]) => (bits & b) !== 0).map(([n]) => n).join(", ") || "none"

const expireFlag = Flag.String("expire").pipe(
  Flag.withMetavar("DURATION"),
  Flag.withDescription("lifetime: seconds, or 30m, 12h, 180d, 2w, 1y"),
  Flag.withDefault("180d"),
)
const jsonFlag = Flag.Boolean("json").pipe(Flag.withDescription("print JSON instead of text"), Flag.withDefault(false))

const expireSeconds = (text: string): number => {
  const s = parseDurationSeconds(text)
  if (s === undefined || s < 1 || !Number.isInteger(s)) throw new UsageError(`--expire: not a whole number of seconds: ${text}`)
  return s
}

/** UserSigError INVALID_INPUT is bad usage (2); anything else about a token is a failed item (1). */
const usersigFailure = (e: unknown): never => {
  if (e instanceof UserSigError) {
    const server = e.serverCode === undefined ? "" : ` (Tencent server code ${e.serverCode})`
    const message = `${e.code}${server}: ${e.message}`
    throw e.code === "INVALID_INPUT" ? new UsageError(message) : new ItemsFailedError(message)
  }
  throw e
}

const readToken = async (token: string): Promise<string> => {
  const t = token === "-" ? await readAll(process.stdin) : token
  return t.trim()
}

const gen = Command.make(
  "gen",
  {
    ...credentialFlags,
    user: Flag.String("user").pipe(Flag.withMetavar("USERID"), Flag.withDescription("the UserID the UserSig is for")),
    expire: expireFlag,
    json: jsonFlag,
  },
  action(async (i: CredentialFlagValues & { user: string; expire: string; json: boolean }) => {
    const creds = await resolveCredentials(i)
    const seconds = expireSeconds(i.expire)
    const now = Math.floor(Date.now() / 1000)
    let usersig: string
    try {
      usersig = genUserSig({ sdkAppId: creds.sdkAppId, secretKey: Redacted.value(creds.secretKey), userId: i.user, expireSeconds: seconds, now })
    } catch (e) {
      return usersigFailure(e)
    }
    if (i.json) {
      out(JSON.stringify({ userId: i.user, sdkAppId: creds.sdkAppId, issuedAt: now, expiresAt: now + seconds, usersig }))
    } else out(usersig)
  }),
).pipe(
  Command.withDescription("Mint a UserSig for a user (prints only the token, so it can be captured)."),
  Command.withExamples([
    { command: "tencent-chat-push usersig gen --user alice", description: "180-day UserSig (key from TENCENT_CHAT_SECRET_KEY)" },
    { command: "tencent-chat-push usersig gen --user administrator --expire 1d --secret-key-file key.txt", description: "key from a file" },
    { command: "pass show chat-key | tencent-chat-push usersig gen --sdkappid 1400000000 --user bob --secret-key-file -", description: "key from stdin" },
  ]),
)

const privateMapKey = Command.make(
  "private-map-key",
  {
    ...credentialFlags,
    user: Flag.String("user").pipe(Flag.withMetavar("USERID"), Flag.withDescription("the UserID")),
    room: Flag.String("room").pipe(
      Flag.withMetavar("ROOM"),
      Flag.withDescription("the TRTC room: a number (1..4294967294) is a numeric room, anything else a string room"),
    ),
    stringRoom: Flag.Boolean("string-room").pipe(Flag.withDescription("treat a numeric-looking --room as a string room id"), Flag.withDefault(false)),
    privileges: Flag.String("privileges").pipe(
      Flag.withMetavar("LIST"),
      Flag.withDescription(
        "comma-separated: create-room, enter-room, send-audio, receive-audio, send-video, receive-video, send-sub-stream, receive-sub-stream, all; or a number (42, 0xff)",
      ),
      Flag.withDefault("all"),
    ),
    expire: expireFlag,
    json: jsonFlag,
  },
  action(async (i: CredentialFlagValues & { user: string; room: string; stringRoom: boolean; privileges: string; expire: string; json: boolean }) => {
    const creds = await resolveCredentials(i)
    const privileges = parsePrivileges(i.privileges)
    const roomId = !i.stringRoom && /^\d+$/.test(i.room) ? Number(i.room) : i.room
    const seconds = expireSeconds(i.expire)
    const now = Math.floor(Date.now() / 1000)
    let key: string
    try {
      key = genPrivateMapKey({
        sdkAppId: creds.sdkAppId,
        secretKey: Redacted.value(creds.secretKey),
        userId: i.user,
        roomId,
        privileges,
        expireSeconds: seconds,
        now,
      })
    } catch (e) {
      return usersigFailure(e)
    }
    if (i.json) {
      out(JSON.stringify({ userId: i.user, sdkAppId: creds.sdkAppId, roomId, privileges, issuedAt: now, expiresAt: now + seconds, privateMapKey: key }))
    } else out(key)
  }),
).pipe(
  Command.withDescription("Mint a PrivateMapKey (TRTC room permission ticket)."),
  Command.withExamples([
    { command: "tencent-chat-push usersig private-map-key --user alice --room 1234 --privileges enter-room,receive-audio,receive-video", description: "audience in numeric room 1234" },
    { command: "tencent-chat-push usersig private-map-key --user host --room live-42 --privileges all --expire 12h", description: "host of string room live-42" },
  ]),
)

/** The human-readable view of a decoded token (also used by the tests). */
export const describeToken = (d: DecodedUserSig, nowSeconds: number): string[] => {
  const rel = (t: number) => (t >= nowSeconds ? `in ${formatDuration(t - nowSeconds)}` : `${formatDuration(nowSeconds - t)} ago`)
  const left = d.expiresAt - nowSeconds
  const lines = [
    ["version", d.version],
    ["user", d.userId],
    ["sdkappid", String(d.sdkAppId)],
    ["issued", `${formatUnixTime(d.issuedAt)} (${rel(d.issuedAt)})`],
    ["expires", `${formatUnixTime(d.expiresAt)} (${rel(d.expiresAt)})`],
    ["lifetime", `${formatDuration(d.expireSeconds)} (${d.expireSeconds} s)`],
    ["status", left >= 0 ? `not expired: ${formatDuration(left)} left` : `EXPIRED ${formatDuration(-left)} ago`],
  ]
  if (d.privateMap) {
    const pm = d.privateMap
    lines.push(
      ["room", `${pm.roomId} (${typeof pm.roomId === "number" ? "numeric" : "string"} room)`],
      ["privileges", `${pm.privileges} = ${privilegeList(pm.privileges)}`],
      ["room expiry", `${formatUnixTime(pm.expiresAt)} (${rel(pm.expiresAt)})`],
    )
  } else if (d.userBuf) {
    lines.push(["userbuf", `${d.userBuf.length} bytes (not a PrivateMapKey layout)`])
  }
  lines.push(["signature", "present; not checked (use `usersig verify` with the secret key)"])
  return lines.map(([k, v]) => `${k!.padEnd(12)} ${v}`)
}

const decodedJson = (d: DecodedUserSig, now: number) => ({
  version: d.version,
  userId: d.userId,
  sdkAppId: d.sdkAppId,
  issuedAt: d.issuedAt,
  expireSeconds: d.expireSeconds,
  expiresAt: d.expiresAt,
  secondsLeft: d.expiresAt - now,
  expired: d.expiresAt < now,
  ...(d.privateMap
    ? {
      privateMap: {
        roomId: d.privateMap.roomId,
        privileges: d.privateMap.privileges,
        privilegeNames: privilegeList(d.privateMap.privileges).split(", "),
        expiresAt: d.privateMap.expiresAt,
        account: d.privateMap.account,
      },
    }
    : {}),
})

const inspect = Command.make(
  "inspect",
  {
    token: Argument.String("token").pipe(Argument.withDescription("the UserSig or PrivateMapKey (`-` reads it from stdin)")),
    json: jsonFlag,
  },
  action(async (i: { token: string; json: boolean }) => {
    const token = await readToken(i.token)
    const now = Math.floor(Date.now() / 1000)
    let d: DecodedUserSig
    try {
      d = decodeUserSig(token)
    } catch (e) {
      return usersigFailure(e)
    }
    if (i.json) out(JSON.stringify(decodedJson(d, now)))
    else for (const l of describeToken(d, now)) out(l)
  }),
).pipe(
  Command.withDescription("Decode a UserSig or PrivateMapKey without the key: fields, issue/expiry times, time left, room and privileges."),
  Command.withExamples([
    { command: "tencent-chat-push usersig inspect eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZ...", description: "decode a token" },
    { command: "tencent-chat-push usersig gen --user alice | tencent-chat-push usersig inspect - --json", description: "read it from stdin, print JSON" },
  ]),
)

const verify = Command.make(
  "verify",
  {
    ...credentialFlags,
    token: Argument.String("token").pipe(Argument.withDescription("the UserSig or PrivateMapKey (`-` reads it from stdin)")),
    user: Flag.String("user").pipe(Flag.withMetavar("USERID"), Flag.withDescription("the UserID the token must be for"), Flag.optional),
    leeway: Flag.String("leeway").pipe(Flag.withMetavar("DURATION"), Flag.withDescription("grace after expiry, for clock skew"), Flag.withDefault("0")),
  },
  action(async (i: CredentialFlagValues & { token: string; user: import("effect/Option").Option<string>; leeway: string }) => {
    if (i.token === "-" && i.secretKeyFile._tag === "Some" && i.secretKeyFile.value === "-") {
      throw new UsageError("the token and the secret key cannot both come from stdin")
    }
    const creds = await resolveCredentials(i, process.env, i.token === "-")
    const token = await readToken(i.token)
    const leeway = parseDurationSeconds(i.leeway)
    if (leeway === undefined) throw new UsageError(`--leeway: not a duration: ${i.leeway}`)
    let d: DecodedUserSig
    try {
      d = verifyUserSig(token, {
        sdkAppId: creds.sdkAppId,
        secretKey: Redacted.value(creds.secretKey),
        ...(i.user._tag === "Some" ? { userId: i.user.value } : {}),
        leewaySeconds: Math.floor(leeway),
      })
    } catch (e) {
      return usersigFailure(e)
    }
    const now = Math.floor(Date.now() / 1000)
    out(`valid: user ${d.userId}, sdkappid ${d.sdkAppId}, expires ${formatUnixTime(d.expiresAt)} (${formatDuration(d.expiresAt - now)} left)`)
  }),
).pipe(
  Command.withDescription(
    "Verify a token with the secret key. Exits 1 and prints the error code and its Tencent server code (70001 expired, 70003 malformed, 70009 wrong key, 70013 user, 70014 app) when it fails.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push usersig verify \"$SIG\" --user alice", description: "check a token for alice" },
    { command: "tencent-chat-push usersig verify - --user alice --leeway 5m < sig.txt", description: "token from stdin, 5 minutes of clock skew" },
  ]),
)

/** `usersig`. */
export const usersigCommand = Command.make("usersig").pipe(
  Command.withDescription("Mint, decode and verify UserSigs and PrivateMapKeys."),
  Command.withExamples([
    { command: "tencent-chat-push usersig gen --user alice --expire 30d", description: "mint" },
    { command: "tencent-chat-push usersig inspect \"$SIG\"", description: "decode without the key" },
  ]),
  Command.withSubcommands([gen, privateMapKey, inspect, verify]),
)
