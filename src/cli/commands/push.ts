/**
 * `push send | revoke | to-users`. Safe by default: against the real service a push prints
 * the exact request and needs `--yes`; `--dry-run` prints the body and sends nothing; a push
 * is never retried (the client's rule), and an unknown outcome is reported as such.
 *
 * @module
 */
import * as fs from "node:fs"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Option from "effect/Option"
import { checkRequest, pathOf } from "../../api/mod.ts"
import type { Family, MsgElement, OfflinePushInfo } from "../../api/mod.ts"
import type { PushCondition, PushInput } from "../../client/types.ts"
import { batchBody, pushBody } from "../../client/wire-map.ts"
import { action, err, out } from "../action.ts"
import { makeClient } from "../client.ts"
import { cliErrorOf } from "../client-errors.ts"
import { resolveConnection } from "../config.ts"
import type { Connection, ConnectionFlagValues } from "../config.ts"
import { parseDurationSeconds } from "../duration.ts"
import { ItemsFailedError, UsageError } from "../errors.ts"
import { connectionFlags } from "../flags.ts"
import { checkUserId } from "../import/rows.ts"
import { readAll } from "../secret.ts"
import { regions } from "../../api/mod.ts"

const list = (values: ReadonlyArray<string>): string[] => values.flatMap((v) => v.split(",")).filter((v) => v !== "")

const offlineFlags = {
  offlineTitle: Flag.String("offline-title").pipe(Flag.withMetavar("TEXT"), Flag.withDescription("offline (vendor) notification title"), Flag.optional),
  offlineDesc: Flag.String("offline-desc").pipe(Flag.withMetavar("TEXT"), Flag.withDescription("offline (vendor) notification text"), Flag.optional),
}

const safetyFlags = {
  yes: Flag.Boolean("yes").pipe(Flag.withDescription("really send to the real service (not needed with --emulator)"), Flag.withDefault(false)),
  dryRun: Flag.Boolean("dry-run").pipe(Flag.withDescription("print the request body only; send nothing (no credentials needed)"), Flag.withDefault(false)),
}

const offlineOf = (i: { offlineTitle: Option.Option<string>; offlineDesc: Option.Option<string> }): OfflinePushInfo | undefined => {
  if (Option.isNone(i.offlineTitle) && Option.isNone(i.offlineDesc)) return undefined
  return {
    PushFlag: 0,
    ...(Option.isSome(i.offlineTitle) ? { Title: i.offlineTitle.value } : {}),
    ...(Option.isSome(i.offlineDesc) ? { Desc: i.offlineDesc.value } : {}),
  } as OfflinePushInfo
}

const parseMsgRandom = (o: Option.Option<string>): number => {
  if (Option.isNone(o)) return crypto.getRandomValues(new Uint32Array(1))[0]!
  const n = Number(o.value)
  if (!/^\d+$/.test(o.value) || n > 4294967295) throw new UsageError(`--msg-random: expected a uint32, got ${o.value}`)
  return n
}

/** The URL that will be called, with the usersig redacted (what `--yes` confirms). */
const requestUrl = (conn: Connection, key: "push" | "batch"): string => {
  const origin = conn.baseUrl ?? `https://${regions[conn.region!].primary}`
  const q = `sdkappid=${conn.sdkAppId}&identifier=${encodeURIComponent(conn.adminId)}&usersig=<redacted>&random=<random>&contenttype=json`
  return `POST ${origin}/${pathOf(key, conn.family)}?${q}`
}

const confirmOrRefuse = (conn: Connection, key: "push" | "batch", bodies: ReadonlyArray<unknown>, yes: boolean, audience: string) => {
  if (conn.emulator) return
  err(`This ${key === "push" ? "push" : "batch push"} goes to REAL users of app ${conn.sdkAppId} (${conn.target}), ${audience}:`)
  for (const b of bodies) {
    err(requestUrl(conn, key))
    err(JSON.stringify(b, null, 2))
  }
  if (!yes) throw new UsageError("not sent: add --yes to send it (or --dry-run to only print the body)")
}

const fetchJson = async (url: string): Promise<unknown> => {
  const res = await fetch(url)
  return res.ok ? res.json() : undefined
}

interface EmulatorTask {
  readonly TaskId: string
  readonly audienceSize: number
  readonly recipientSample: ReadonlyArray<string>
}

const showTask = async (conn: Connection, taskId: string): Promise<void> => {
  if (!conn.emulator || taskId === "") return
  const task = await fetchJson(`${conn.baseUrl}/__emulator/tasks/${encodeURIComponent(taskId)}`).catch(() => undefined) as EmulatorTask | undefined
  if (task === undefined) {
    out("audience: unknown (the emulator's inspection API did not answer)")
    return
  }
  const sample = task.recipientSample.slice(0, 10)
  out(`audience: ${task.audienceSize.toLocaleString("en-US")} accounts${sample.length > 0 ? ` (e.g. ${sample.join(", ")}${task.audienceSize > sample.length ? ", ..." : ""})` : ""}`)
}

type SendInput = ConnectionFlagValues & {
  readonly tag: Option.Option<string>
  readonly tagsAnd: ReadonlyArray<string>
  readonly tagsOr: ReadonlyArray<string>
  readonly tagsNot: ReadonlyArray<string>
  readonly attr: ReadonlyArray<string>
  readonly attrsOr: boolean
  readonly all: boolean
  readonly text: Option.Option<string>
  readonly message: Option.Option<string>
  readonly offlineTitle: Option.Option<string>
  readonly offlineDesc: Option.Option<string>
  readonly from: Option.Option<string>
  readonly lifetime: Option.Option<string>
  readonly onlineOnly: boolean
  readonly msgRandom: Option.Option<string>
  readonly dataId: Option.Option<string>
  readonly yes: boolean
  readonly dryRun: boolean
}

/** `--message file.json`: a MsgBody array, one element, or `{ "MsgBody": [...], "OfflinePushInfo": {...} }`. */
const readMessage = async (file: string): Promise<{ body: MsgElement[]; offline?: OfflinePushInfo }> => {
  let text: string
  try {
    text = file === "-" ? await readAll(process.stdin) : fs.readFileSync(file, "utf8")
  } catch {
    throw new UsageError(`--message: cannot read ${file}`)
  }
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (e) {
    throw new UsageError(`--message: ${file} is not JSON: ${(e as Error).message}`)
  }
  if (Array.isArray(v)) return { body: v as MsgElement[] }
  if (typeof v === "object" && v !== null) {
    const o = v as Record<string, unknown>
    if ("MsgType" in o) return { body: [o as unknown as MsgElement] }
    if (Array.isArray(o.MsgBody)) {
      return { body: o.MsgBody as MsgElement[], ...(o.OfflinePushInfo ? { offline: o.OfflinePushInfo as OfflinePushInfo } : {}) }
    }
  }
  throw new UsageError(`--message: expected a MsgBody array, a message element, or {"MsgBody": [...]} in ${file}`)
}

/** Builds the friendly push input from the flags (usage errors for contradictions). */
export const pushInputOf = async (i: SendInput): Promise<PushInput> => {
  const condition: { -readonly [K in keyof PushCondition]: PushCondition[K] } = {}
  const tagsAnd = [...(Option.isSome(i.tag) ? [i.tag.value] : []), ...list(i.tagsAnd)]
  if (tagsAnd.length > 0) condition.tagsAnd = tagsAnd
  if (i.tagsOr.length > 0) condition.tagsOr = list(i.tagsOr)
  if (i.tagsNot.length > 0) condition.tagsNot = list(i.tagsNot)
  if (i.attr.length > 0) {
    const attrs: Record<string, string> = {}
    for (const kv of i.attr) {
      const eq = kv.indexOf("=")
      if (eq <= 0) throw new UsageError(`--attr: expected name=value, got ${kv}`)
      attrs[kv.slice(0, eq)] = kv.slice(eq + 1)
    }
    if (i.attrsOr) condition.attrsOr = attrs
    else condition.attrsAnd = attrs
  } else if (i.attrsOr) throw new UsageError("--attrs-or needs --attr name=value")
  const hasCondition = Object.keys(condition).length > 0
  if (i.all && hasCondition) throw new UsageError("--all cannot be combined with a tag or attribute condition")
  if (!i.all && !hasCondition) {
    throw new UsageError("choose the audience: --all, or --tag / --tags-and / --tags-or / --tags-not / --attr")
  }
  if (Option.isSome(i.text) && Option.isSome(i.message)) throw new UsageError("give --text or --message, not both")
  let message: MsgElement[] | undefined
  let offline = offlineOf(i)
  if (Option.isSome(i.text)) message = [{ MsgType: "TIMTextElem", MsgContent: { Text: i.text.value } } as MsgElement]
  if (Option.isSome(i.message)) {
    const m = await readMessage(i.message.value)
    message = m.body
    offline ??= m.offline
  }
  if (message === undefined && offline === undefined) {
    throw new UsageError("nothing to send: give --text, --message, or --offline-title / --offline-desc")
  }
  let lifetimeSeconds: number | undefined
  if (Option.isSome(i.lifetime)) {
    const s = parseDurationSeconds(i.lifetime.value)
    if (s === undefined || !Number.isInteger(s)) throw new UsageError(`--lifetime: not a whole number of seconds: ${i.lifetime.value}`)
    lifetimeSeconds = s
  }
  return {
    ...(Option.isSome(i.from) ? { from: i.from.value } : {}),
    ...(hasCondition ? { condition } : {}),
    ...(message ? { message } : {}),
    ...(offline ? { offlinePush: offline } : {}),
    ...(lifetimeSeconds !== undefined ? { lifetimeSeconds } : {}),
    ...(i.onlineOnly ? { onlineOnly: true } : {}),
    ...(Option.isSome(i.dataId) ? { dataId: i.dataId.value } : {}),
  }
}

const describeAudience = (input: PushInput): string => (input.condition ? `matching ${JSON.stringify(input.condition)}` : "EVERY user of the app")

const checkOrUsage = (key: "push" | "batch", body: unknown, family: Family) => {
  const v = checkRequest(key, body, family)
  if (v !== undefined) throw new UsageError(`${v.field}: ${v.message} [${v.rule}, service code ${v.code}]`)
}

const send = Command.make(
  "send",
  {
    ...connectionFlags,
    tag: Flag.String("tag").pipe(Flag.withMetavar("TAG"), Flag.withDescription("users with this tag"), Flag.optional),
    tagsAnd: Flag.String("tags-and").pipe(Flag.withMetavar("A,B"), Flag.withDescription("users with all of these tags (TagsAnd)"), Flag.atLeast(0)),
    tagsOr: Flag.String("tags-or").pipe(Flag.withMetavar("A,B"), Flag.withDescription("users with any of these tags (TagsOr)"), Flag.atLeast(0)),
    tagsNot: Flag.String("tags-not").pipe(Flag.withMetavar("A,B"), Flag.withDescription("exclude users with these tags (TagsNot, timpush)"), Flag.atLeast(0)),
    attr: Flag.String("attr").pipe(Flag.withMetavar("NAME=VALUE"), Flag.withDescription("attribute condition, repeatable (AttrsAnd; AttrsOr with --attrs-or)"), Flag.atLeast(0)),
    attrsOr: Flag.Boolean("attrs-or").pipe(Flag.withDescription("match any --attr instead of all"), Flag.withDefault(false)),
    all: Flag.Boolean("all").pipe(Flag.withDescription("push to every user (must be explicit)"), Flag.withDefault(false)),
    text: Flag.String("text").pipe(Flag.withMetavar("TEXT"), Flag.withDescription("a text message (TIMTextElem)"), Flag.optional),
    message: Flag.String("message").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("message JSON: a MsgBody array, one element, or {\"MsgBody\":[...],\"OfflinePushInfo\":{...}}; - for stdin"),
      Flag.optional,
    ),
    ...offlineFlags,
    from: Flag.String("from").pipe(Flag.withMetavar("USERID"), Flag.withDescription("sender shown to users (From_Account)"), Flag.optional),
    lifetime: Flag.String("lifetime").pipe(Flag.withMetavar("DURATION"), Flag.withDescription("offline retention, up to 7d (MsgLifeTime)"), Flag.optional),
    onlineOnly: Flag.Boolean("online-only").pipe(Flag.withDescription("online users only, no roaming/unread"), Flag.withDefault(false)),
    msgRandom: Flag.String("msg-random").pipe(Flag.withMetavar("N"), Flag.withDescription("the uint32 MsgRandom (default random)"), Flag.optional),
    dataId: Flag.String("data-id").pipe(Flag.withMetavar("ID"), Flag.withDescription("DataId passed to callbacks"), Flag.optional),
    ...safetyFlags,
  },
  action(async (i: SendInput) => {
    const input = await pushInputOf(i)
    const msgRandom = parseMsgRandom(i.msgRandom)
    if (i.dryRun) {
      const body = pushBody(input, msgRandom, i.family)
      checkOrUsage("push", body, i.family)
      out(JSON.stringify(body, null, 2))
      return
    }
    const conn = await resolveConnection(i, process.env, i.message._tag === "Some" && i.message.value === "-")
    const body = pushBody(input, msgRandom, conn.family)
    checkOrUsage("push", body, conn.family)
    confirmOrRefuse(conn, "push", [body], i.yes, describeAudience(input))
    const client = makeClient(conn)
    try {
      const r = await client.push({ ...input, msgRandom })
      out(`pushed: task ${r.taskId} (MsgRandom ${r.msgRandom})`)
      await showTask(conn, r.taskId)
    } catch (e) {
      throw cliErrorOf(e, "push")
    } finally {
      await client.dispose()
    }
  }),
).pipe(
  Command.withDescription(
    "Push to everyone (--all) or by tag / attribute. Against the emulator prints the task and its audience size; against the real service prints the exact request and needs --yes. Never retried automatically.",
  ),
  Command.withExamples([
    { command: "tencent-chat-push push send --tag vip --text \"Sale today\" --emulator http://127.0.0.1:5390", description: "push to tag vip on the emulator" },
    { command: "tencent-chat-push push send --tags-or gold,silver --tags-not churned --offline-title Hi --offline-desc \"New level\" --dry-run", description: "print the body only" },
    { command: "tencent-chat-push push send --attr city=Shenzhen --attr level=3 --attrs-or --text hi --region singapore --yes", description: "real service: users in Shenzhen OR level 3" },
    { command: "tencent-chat-push push send --all --message msg.json --region singapore", description: "prints the request and stops (no --yes)" },
  ]),
)

const revoke = Command.make(
  "revoke",
  {
    ...connectionFlags,
    taskId: Argument.String("task-id").pipe(Argument.withDescription("the TaskId a push returned")),
    ...offlineFlags,
  },
  action(async (i: ConnectionFlagValues & { taskId: string; offlineTitle: Option.Option<string>; offlineDesc: Option.Option<string> }) => {
    const conn = await resolveConnection(i)
    const client = makeClient(conn)
    try {
      const offline = offlineOf(i)
      await client.revokePush(i.taskId, offline ? { offlinePush: offline } : undefined)
      out(`revoked: task ${i.taskId}`)
    } catch (e) {
      throw cliErrorOf(e, "revoke")
    } finally {
      await client.dispose()
    }
  }),
).pipe(
  Command.withDescription("Recall / terminate a push task (within 24 h; timpush). --offline-* overwrites the delivered notification."),
  Command.withExamples([
    { command: "tencent-chat-push push revoke 660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e --emulator http://127.0.0.1:5390", description: "recall a task" },
    { command: "tencent-chat-push push revoke $TASK --offline-title Sorry --offline-desc \"Ignore the last message\" --region singapore", description: "recall and overwrite the notification" },
  ]),
)

/** Reads user ids, one per line (a `userId` header line, blank lines and `#` comments are skipped). */
export const readUserList = (text: string): { ids: string[]; bad: Array<{ line: number; id: string; reason: string }> } => {
  const ids: string[] = []
  const bad: Array<{ line: number; id: string; reason: string }> = []
  text.split(/\r?\n/).forEach((raw, k) => {
    const id = raw.trim()
    if (id === "" || id.startsWith("#")) return
    if (k === 0 && /^(user_?id|userid|to_account)$/i.test(id)) return
    const why = checkUserId(id)
    if (why !== undefined) bad.push({ line: k + 1, id, reason: why })
    else ids.push(id)
  })
  return { ids, bad }
}

type ToUsersInput = ConnectionFlagValues & {
  readonly users: string
  readonly from: Option.Option<string>
  readonly offlineTitle: Option.Option<string>
  readonly offlineDesc: Option.Option<string>
  readonly msgRandom: Option.Option<string>
  readonly dataId: Option.Option<string>
  readonly yes: boolean
  readonly dryRun: boolean
}

const toUsers = Command.make(
  "to-users",
  {
    ...connectionFlags,
    users: Flag.String("users").pipe(Flag.withMetavar("FILE"), Flag.withDescription("user ids, one per line (- for stdin)")),
    from: Flag.String("from").pipe(Flag.withMetavar("USERID"), Flag.withDescription("sender (From_Account; default: the admin)"), Flag.optional),
    ...offlineFlags,
    msgRandom: Flag.String("msg-random").pipe(Flag.withMetavar("N"), Flag.withDescription("MsgRandom of the first request (default random)"), Flag.optional),
    dataId: Flag.String("data-id").pipe(Flag.withMetavar("ID"), Flag.withDescription("DataId passed to callbacks"), Flag.optional),
    ...safetyFlags,
  },
  action(async (i: ToUsersInput) => {
    let text: string
    try {
      text = i.users === "-" ? await readAll(process.stdin) : fs.readFileSync(i.users, "utf8")
    } catch {
      throw new UsageError(`--users: cannot read ${i.users}`)
    }
    const { ids, bad } = readUserList(text)
    for (const b of bad) err(`line ${b.line}: ${b.id}: invalid-user-id: ${b.reason} (skipped)`)
    if (ids.length === 0) throw new UsageError(`--users: no valid user id in ${i.users}`)
    const offline = offlineOf(i)
    if (offline === undefined) throw new UsageError("a batch push needs --offline-title and/or --offline-desc (OfflinePushInfo is required)")
    const msgRandom = parseMsgRandom(i.msgRandom)
    const unique = Array.from(new Set(ids))
    const dataId = Option.getOrUndefined(i.dataId)
    const bodiesFor = (from: string) => {
      const out: unknown[] = []
      for (let k = 0; k * 500 < unique.length; k++) {
        out.push(batchBody(from, unique.slice(k * 500, k * 500 + 500), offline, (msgRandom + k) % 4294967296, dataId))
      }
      return out
    }
    if (i.dryRun) {
      const bodies = bodiesFor(Option.getOrUndefined(i.from) ?? "administrator")
      for (const b of bodies) {
        checkOrUsage("batch", b, i.family)
        out(JSON.stringify(b))
      }
      return
    }
    const conn = await resolveConnection(i, process.env, i.users === "-")
    const from = Option.getOrUndefined(i.from) ?? conn.adminId
    const bodies = bodiesFor(from)
    for (const b of bodies) checkOrUsage("batch", b, conn.family)
    confirmOrRefuse(conn, "batch", bodies, i.yes, `${unique.length} listed users`)
    const client = makeClient(conn)
    let failures = 0
    try {
      const r = await client.pushToUsers({ from, userIds: unique, offlinePush: offline, msgRandom, ...(dataId ? { dataId } : {}) })
      for (const t of r.tasks) out(`pushed: task ${t.taskId} to ${t.recipients} users (MsgRandom ${t.msgRandom})`)
      for (const res of r.results) {
        if (!res.ok) {
          failures++
          err(`${res.userId}: ${res.error.code ?? res.error.reason}: ${res.error.info}`)
        }
      }
      out(`to-users: ${r.successCount} reached, ${r.failureCount} failed, ${bad.length} invalid ids skipped`)
    } catch (e) {
      throw cliErrorOf(e, "to-users")
    } finally {
      await client.dispose()
    }
    if (failures + bad.length > 0) throw new ItemsFailedError(`${failures + bad.length} users were not pushed to`)
  }),
).pipe(
  Command.withDescription("Push to a list of users (timpush batch, 500 per request). Unknown accounts are listed as failures."),
  Command.withExamples([
    { command: "tencent-chat-push push to-users --users winners.txt --offline-title \"You won\" --offline-desc \"Open the app\" --emulator http://127.0.0.1:5390", description: "batch push on the emulator" },
    { command: "tencent-chat-push push to-users --users winners.txt --offline-desc hi --dry-run", description: "print the request bodies" },
  ]),
)

/** `push`. */
export const pushCommand = Command.make("push").pipe(
  Command.withDescription("Send, recall and batch pushes."),
  Command.withExamples([
    { command: "tencent-chat-push push send --tag vip --text hi --dry-run", description: "see the body" },
    { command: "tencent-chat-push push revoke TASK_ID --emulator http://127.0.0.1:5390", description: "recall" },
  ]),
  Command.withSubcommands([send, revoke, toUsers]),
)
