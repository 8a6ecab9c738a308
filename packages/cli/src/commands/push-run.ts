/**
 * The push commands' implementation (loaded only when one runs).
 *
 * @module
 */
import * as fs from "node:fs"
import * as Option from "effect/Option"
import type { PushCondition, PushInput } from "tencent-chat-push/client"
import { limits } from "tencent-chat-push/wire"
import type { MsgElement, OfflinePushInfo } from "tencent-chat-push/wire"
import { err, out } from "../action.ts"
import { makeClient } from "../client.ts"
import { withClient } from "../client-errors.ts"
import { resolveConnection } from "../config.ts"
import type { Connection, ConnectionFlagValues } from "../config.ts"
import { parseDurationSeconds } from "../duration.ts"
import { ItemsFailedError, UsageError } from "../errors.ts"
import { checkUserId } from "../import/rows.ts"
import { readAll } from "../secret.ts"
import { confirmOrRefuse } from "./push-confirm.ts"
import { dryRunClient, reportRequests } from "./push-dry-run.ts"
import { reporting } from "./push-report.ts"

/** Parsed flags of `push revoke`. */
export type RevokeInput = ConnectionFlagValues & {
  readonly taskId: string
  readonly offlineTitle: Option.Option<string>
  readonly offlineDesc: Option.Option<string>
  readonly idempotencyKey: Option.Option<string>
  readonly yes: boolean
  readonly dryRun: boolean
  readonly json: boolean
}

/**
 * `--idempotency-key`: only a store shared by the processes that use the key can make the push
 * happen once; the default store lives and dies with this one process, where the key would
 * promise a protection it cannot give. So without a shared store it is a usage error.
 */
const idempotencyOf = (i: { readonly idempotencyKey: Option.Option<string> }, conn: Connection): { idempotencyKey?: string } => {
  if (Option.isNone(i.idempotencyKey)) return {}
  if (conn.store === undefined) {
    throw new UsageError("--idempotency-key needs a store shared by every process that may send this push: --redis URL (or TENCENT_CHAT_REDIS_URL)")
  }
  return { idempotencyKey: i.idempotencyKey.value }
}

const list = (values: ReadonlyArray<string>): string[] => values.flatMap((v) => v.split(",")).filter((v) => v !== "")

const offlineOf = (i: { offlineTitle: Option.Option<string>; offlineDesc: Option.Option<string> }): OfflinePushInfo | undefined => {
  if (Option.isNone(i.offlineTitle) && Option.isNone(i.offlineDesc)) return undefined
  return {
    PushFlag: 0,
    ...(Option.isSome(i.offlineTitle) ? { Title: i.offlineTitle.value } : {}),
    ...(Option.isSome(i.offlineDesc) ? { Desc: i.offlineDesc.value } : {}),
  } as OfflinePushInfo
}

/** `--msg-random`: a uint32, or a random one when absent. */
export const parseMsgRandom = (o: Option.Option<string>): number => {
  if (Option.isNone(o)) return crypto.getRandomValues(new Uint32Array(1))[0]!
  const n = Number(o.value)
  if (!/^\d+$/.test(o.value) || n > limits.msgRandomMax) throw new UsageError(`--msg-random: expected a uint32, got ${o.value}`)
  return n
}

const pushHeadline = (conn: Connection, key: "push" | "batch", audience: string) =>
  `This ${key === "push" ? "push" : "batch push"} goes to REAL users of app ${conn.sdkAppId} (${conn.target}), ${audience}:`

const fetchJson = async (url: string): Promise<unknown> => {
  const res = await fetch(url)
  return res.ok ? res.json() : undefined
}

interface EmulatorTask {
  readonly TaskId: string
  readonly audienceSize: number
  readonly recipientSample: ReadonlyArray<string>
}

/** The task's audience, from the emulator's inspection API (undefined when it did not answer). */
const audienceOf = async (conn: Connection, taskId: string): Promise<{ size: number; sample: ReadonlyArray<string> } | undefined> => {
  const task = await fetchJson(`${conn.baseUrl}/__emulator/tasks/${encodeURIComponent(taskId)}`).catch(() => undefined) as EmulatorTask | undefined
  return task === undefined ? undefined : { size: task.audienceSize, sample: task.recipientSample.slice(0, 10) }
}

const audienceLine = (a: { size: number; sample: ReadonlyArray<string> } | undefined): string => {
  if (a === undefined) return "audience: unknown (the emulator's inspection API did not answer)"
  const { size, sample } = a
  return `audience: ${size.toLocaleString("en-US")} accounts${sample.length > 0 ? ` (e.g. ${sample.join(", ")}${size > sample.length ? ", ..." : ""})` : ""}`
}

/** Parsed audience and message flags (push-flags.ts `sendContentFlags`). */
export interface SendContentInput {
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
}

/** Parsed flags of `push send`. */
export type SendInput = ConnectionFlagValues & SendContentInput & {
  readonly idempotencyKey: Option.Option<string>
  readonly yes: boolean
  readonly dryRun: boolean
  readonly json: boolean
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
export const pushInputOf = async (i: SendContentInput): Promise<PushInput> => {
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

/** Parsed flags of `push to-users`. */
export type ToUsersInput = ConnectionFlagValues & {
  readonly users: string
  readonly from: Option.Option<string>
  readonly offlineTitle: Option.Option<string>
  readonly offlineDesc: Option.Option<string>
  readonly msgRandom: Option.Option<string>
  readonly dataId: Option.Option<string>
  readonly idempotencyKey: Option.Option<string>
  readonly yes: boolean
  readonly dryRun: boolean
  readonly json: boolean
}

export const runSend = (i: SendInput): Promise<void> =>
  reporting("push send", i.json, async () => {
    const say = i.json ? () => {} : out
    const input = { ...(await pushInputOf(i)), msgRandom: parseMsgRandom(i.msgRandom) }
    if (i.dryRun) {
      const { client } = dryRunClient(i, false)
      return await withClient(client, "push", async () => {
        const plan = await client.push({ ...input, dryRun: true })
        for (const r of plan.requests) say(JSON.stringify(r.body, null, 2))
        return { report: { ok: true, outcome: "dry_run", requests: reportRequests(plan.requests, i.family) } }
      })
    }
    const conn = await resolveConnection(i, process.env, i.message._tag === "Some" && i.message.value === "-")
    const idempotency = idempotencyOf(i, conn)
    const client = makeClient(conn)
    return await withClient(client, "push", async () => {
      // What --yes confirms is the client's own dry run of the call that follows.
      if (!conn.emulator) confirmOrRefuse(conn, pushHeadline(conn, "push", describeAudience(input)), (await client.push({ ...input, dryRun: true })).requests, i.yes)
      const r = await client.push({ ...input, ...idempotency })
      say(`pushed: task ${r.taskId} (MsgRandom ${r.msgRandom})`)
      const audience = conn.emulator && r.taskId !== "" ? await audienceOf(conn, r.taskId) : undefined
      if (conn.emulator && r.taskId !== "") say(audienceLine(audience))
      return { report: { ok: true, outcome: "sent", taskId: r.taskId, msgRandom: r.msgRandom, ...idempotency, ...(audience !== undefined ? { audience } : {}) } }
    })
  })

export const runRevoke = (i: RevokeInput): Promise<void> =>
  reporting("push revoke", i.json, async () => {
    const offline = offlineOf(i)
    const options = offline ? { offlinePush: offline } : {}
    if (i.dryRun) {
      const { client } = dryRunClient(i, false)
      return await withClient(client, "revoke", async () => {
        const plan = await client.revokePush(i.taskId, { ...options, dryRun: true })
        if (!i.json) for (const r of plan.requests) out(JSON.stringify(r.body, null, 2))
        return { report: { ok: true, outcome: "dry_run", requests: reportRequests(plan.requests, i.family) } }
      })
    }
    const conn = await resolveConnection(i)
    const idempotency = idempotencyOf(i, conn)
    const client = makeClient(conn)
    return await withClient(client, "revoke", async () => {
      if (!conn.emulator) {
        const headline = `This recall changes what REAL users of app ${conn.sdkAppId} (${conn.target}) see: task ${i.taskId}`
        confirmOrRefuse(conn, headline, (await client.revokePush(i.taskId, { ...options, dryRun: true })).requests, i.yes)
      }
      await client.revokePush(i.taskId, { ...options, ...idempotency })
      if (!i.json) out(`revoked: task ${i.taskId}`)
      return { report: { ok: true, outcome: "revoked", taskId: i.taskId, ...idempotency } }
    })
  })

export const runToUsers = (i: ToUsersInput): Promise<void> =>
  reporting("push to-users", i.json, async () => {
    const say = i.json ? () => {} : out
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
    const invalid = bad.map((b) => ({ line: b.line, userId: b.id, reason: b.reason }))
    const inputFrom = (from: string) => ({ from, userIds: unique, offlinePush: offline, msgRandom, ...(dataId ? { dataId } : {}) })
    if (i.dryRun) {
      const { client, adminId } = dryRunClient(i, false)
      return await withClient(client, "to-users", async () => {
        const plan = await client.pushToUsers({ ...inputFrom(Option.getOrUndefined(i.from) ?? adminId), dryRun: true })
        for (const r of plan.requests) say(JSON.stringify(r.body))
        return { report: { ok: true, outcome: "dry_run", requests: reportRequests(plan.requests, i.family), invalid } }
      })
    }
    const conn = await resolveConnection(i, process.env, i.users === "-")
    const input = inputFrom(Option.getOrUndefined(i.from) ?? conn.adminId)
    const idempotency = idempotencyOf(i, conn)
    const client = makeClient(conn)
    return await withClient(client, "to-users", async () => {
      // What --yes confirms is the client's own dry run: the same cut, the same MsgRandom each.
      if (!conn.emulator) {
        confirmOrRefuse(conn, pushHeadline(conn, "batch", `${unique.length} listed users`), (await client.pushToUsers({ ...input, dryRun: true })).requests, i.yes)
      }
      const r = await client.pushToUsers({ ...input, ...idempotency })
      for (const t of r.tasks) say(`pushed: task ${t.taskId} to ${t.recipients} users (MsgRandom ${t.msgRandom})`)
      const failed: Array<{ userId: string; code: number | string | undefined; info: string }> = []
      for (const res of r.results) {
        if (!res.ok) {
          failed.push({ userId: res.userId, code: res.error.code ?? res.error.reason, info: res.error.info })
          err(`${res.userId}: ${res.error.code ?? res.error.reason}: ${res.error.info}`)
        }
      }
      say(`to-users: ${r.successCount} reached, ${r.failureCount} failed, ${bad.length} invalid ids skipped`)
      const problems = failed.length + bad.length
      return {
        report: {
          ok: problems === 0,
          outcome: problems === 0 ? "sent" : "partial",
          taskIds: r.tasks.map((t) => t.taskId),
          tasks: r.tasks.map((t) => ({ taskId: t.taskId, recipients: t.recipients, msgRandom: t.msgRandom })),
          reached: r.successCount,
          ...idempotency,
          failed,
          invalid,
        },
        ...(problems > 0 ? { error: new ItemsFailedError(`${problems} users were not pushed to`, { outcome: "partial" }) } : {}),
      }
    })
  })
