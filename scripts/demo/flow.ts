/**
 * The demo's main job, the same against the emulator and the real service: define attribute
 * names, import sample accounts, set their attributes and tags with the bulk methods, read a few
 * back, push by tag, by attribute and to everyone, and provoke one rejected request of each
 * kind (refused locally, refused by the service). Returns a report; printing is report.ts's job.
 */
import { describeErrorCode } from "../../src/api/mod.ts"
import { ChatApiError, ChatRequestError } from "../../src/client/mod.ts"
import type { AttrSlot, BatchResult, PushCondition } from "../../src/client/mod.ts"
import { expectedAudience, sampleUsers } from "./sample.ts"
import type { SampleUser } from "./sample.ts"
import { runLifecycle } from "./lifecycle.ts"
import type { LifecycleReport } from "./lifecycle.ts"
import type { Target } from "./target.ts"

export interface StepReport {
  readonly title: string
  readonly detail: string
  readonly calls: number
  readonly ms: number
}

export interface PushReport {
  readonly label: string
  readonly condition: string
  readonly expected: number
  readonly taskId?: string
  /** As the target resolved it (emulator only). */
  readonly audience?: number
  readonly skipped?: string
  readonly error?: string
}

export interface RejectionReport {
  readonly call: string
  readonly lines: ReadonlyArray<string>
}

export interface ReadBack {
  readonly userId: string
  readonly attrs: string
  readonly tags: string
  readonly matches: boolean
}

export interface DemoReport {
  readonly users: number
  readonly seed: number
  readonly steps: ReadonlyArray<StepReport>
  readonly readBack: ReadonlyArray<ReadBack>
  readonly pushes: ReadonlyArray<PushReport>
  readonly rejections: ReadonlyArray<RejectionReport>
  /** The scheduled push, its callbacks and statistics (embedded emulator only). */
  readonly lifecycle?: LifecycleReport
  /** Anything that did not go as expected; the demo exits 1 when non-empty. */
  readonly problems: ReadonlyArray<string>
  readonly totalMs: number
}

export interface DemoOptions {
  readonly users: number
  readonly seed: number
  /** Progress lines while the demo runs. */
  readonly progress?: (line: string) => void
}

const message = [{ MsgType: "TIMTextElem" as const, MsgContent: { Text: "Hello from the tencent-chat-push demo" } }]
const offlinePush = { Title: "tencent-chat-push", Desc: "Hello from the demo" }

/** A condition as one readable line. */
export const describeCondition = (c: PushCondition | undefined): string => {
  if (c === undefined) return "everyone"
  const parts: Array<string> = []
  if (c.tagsAnd?.length) parts.push(c.tagsAnd.join(" AND "))
  if (c.tagsOr?.length) parts.push(c.tagsOr.length > 1 ? `(${c.tagsOr.join(" OR ")})` : c.tagsOr[0]!)
  if (c.tagsNot?.length) parts.push(`NOT (${c.tagsNot.join(" OR ")})`)
  const tags = parts.length > 0 ? `tags: ${parts.join(" AND ")}` : ""
  const attrs = [
    ...(c.attrsAnd ? [Object.entries(c.attrsAnd).map(([k, v]) => `${k}=${v}`).join(" AND ")] : []),
    ...(c.attrsOr ? [Object.entries(c.attrsOr).map(([k, v]) => `${k}=${v}`).join(" OR ")] : []),
  ].filter((s) => s !== "")
  return [tags, ...(attrs.length ? [`attrs: ${attrs.join(" AND ")}`] : [])].filter((s) => s !== "").join("; ")
}

const errorLines = (e: unknown): Array<string> => {
  if (e instanceof ChatApiError) {
    const documented = describeErrorCode(e.code)
    return [
      `ChatApiError: endpoint ${e.endpoint}, code ${e.code}, reason ${e.reason}, retryable ${e.retryable}`,
      `info: ${e.info}`,
      `documented: ${e.code} ${documented.meaning}`,
    ]
  }
  if (e instanceof ChatRequestError) {
    return [
      `ChatRequestError: endpoint ${e.endpoint}, field ${e.field}, rule ${e.rule}${e.code === undefined ? "" : `, code ${e.code}`}`,
      `refused locally, nothing was sent: ${e.detail}`,
      ...(e.code === undefined ? [] : [`documented: ${e.code} ${describeErrorCode(e.code).meaning}`]),
    ]
  }
  return [`unexpected: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`]
}

const totalCalls = (target: Target): number => target.calls().reduce((s, c) => s + c.calls, 0)

/** Runs the demo against `target`. Never throws for an expected rejection; other failures are problems. */
export const runDemo = async (target: Target, options: DemoOptions): Promise<DemoReport> => {
  const { chat } = target
  const progress = options.progress ?? (() => {})
  const problems: Array<string> = []
  const steps: Array<StepReport> = []
  const started = performance.now()
  const users = sampleUsers(options.users, options.seed, target.names)
  const names = target.attrNames

  const step = async <A>(title: string, f: () => Promise<A>, detail: (a: A) => string): Promise<A> => {
    progress(`${title}...`)
    const calls = totalCalls(target)
    const t0 = performance.now()
    const a = await f()
    steps.push({ title, detail: detail(a), calls: totalCalls(target) - calls, ms: performance.now() - t0 })
    return a
  }
  const failures = (what: string, r: BatchResult<object>): string => {
    if (r.failureCount > 0) {
      const first = r.results.find((x) => !x.ok)
      problems.push(`${what}: ${r.failureCount} accounts failed (first: ${first && !first.ok ? `${first.userId} ${first.error.info}` : "?"})`)
    }
    return `${r.successCount.toLocaleString("en-US")} ok, ${r.failureCount} failed`
  }

  // 1. Attribute names: reuse a slot that already has the name, take free slots otherwise (a
  // live app's existing attributes are never renamed).
  await step("define attribute names", async () => {
    const current = (await chat.getAttrNames()).names as Record<string, string | undefined>
    const wanted = [names.city, names.plan, names.lang]
    const free = (["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] as const).filter((s) => current[s] === undefined)
    const assign: Partial<Record<AttrSlot, string>> = {}
    for (const name of wanted) {
      if (Object.values(current).includes(name)) continue
      const slot = free.shift()
      if (slot === undefined) throw new Error(`the app has no free attribute slot for ${name} (an app has 10)`)
      assign[slot] = name
    }
    if (Object.keys(assign).length > 0) await chat.setAttrNames(assign)
    const after = (await chat.getAttrNames()).names as Record<string, string | undefined>
    return wanted.map((w) => `${w} → slot ${Object.entries(after).find(([, v]) => v === w)?.[0] ?? "?"}`).join(", ")
  }, (s) => s)

  await step("import accounts", () => chat.importAccounts(users.map((u) => ({ userId: u.userId, nick: u.nick }))), (r) =>
    `${failures("import", r)} (importAccounts, 100 per request)`)

  await step("set attributes", () =>
    chat.setUserAttrs(users.map((u) => ({
      userId: u.userId,
      attrs: { [names.city]: u.attrs.city, [names.plan]: u.attrs.plan, [names.lang]: u.attrs.lang },
    }))), (r) => `${failures("setUserAttrs", r)} (3 attributes each, setUserAttrs)`)

  const tagCount = users.reduce((s, u) => s + u.tags.length, 0)
  await step("add tags", () => chat.addUserTags(users.map((u) => ({ userId: u.userId, tags: u.tags }))), (r) =>
    `${failures("addUserTags", r)} (${tagCount.toLocaleString("en-US")} tags, addUserTags)`)

  const firstFew = users.slice(0, 3)
  const readBack = await step("read back 3 users", async () => {
    const [attrs, tags] = await Promise.all([chat.getUserAttrs(firstFew.map((u) => u.userId)), chat.getUserTags(firstFew.map((u) => u.userId))])
    return firstFew.map((u, i): ReadBack => {
      const a = attrs.results[i]!
      const t = tags.results[i]!
      const gotAttrs = a.ok ? a.attrs : {}
      const gotTags = t.ok ? [...t.tags].sort() : []
      const matches = a.ok && t.ok &&
        gotAttrs[names.city] === u.attrs.city && gotAttrs[names.plan] === u.attrs.plan && gotAttrs[names.lang] === u.attrs.lang &&
        JSON.stringify(gotTags) === JSON.stringify([...u.tags].sort())
      if (!matches) problems.push(`read back ${u.userId}: not what was written`)
      return { userId: u.userId, attrs: Object.entries(gotAttrs).map(([k, v]) => `${k}=${v}`).join(" "), tags: gotTags.join(", "), matches }
    })
  }, (r) => `${r.filter((x) => x.matches).length} of ${r.length} match what was written (getUserAttrs, getUserTags)`)

  // Pushes.
  const tag = (t: string) => target.names.tagPrefix + t
  const plans: Array<{ label: string; condition: PushCondition | undefined }> = [
    { label: "by tag", condition: { tagsAnd: [tag("ios"), tag("sports")], tagsNot: [tag("beta")] } },
    { label: "by attribute", condition: { attrsAnd: { [names.city]: "shenzhen", [names.plan]: "pro" } } },
    { label: "everyone", condition: undefined },
  ]
  const attrName = (k: keyof SampleUser["attrs"]) => names[k]
  const pushes: Array<PushReport> = []
  await step("push", async () => {
    for (const plan of plans) {
      const base = { label: plan.label, condition: describeCondition(plan.condition), expected: expectedAudience(users, plan.condition, attrName) }
      const blocked = target.pushBlocked ?? (plan.condition === undefined ? target.everyoneBlocked : undefined)
      if (blocked !== undefined) {
        pushes.push({ ...base, skipped: blocked })
        continue
      }
      target.beforePush()
      try {
        const r = await chat.push({ ...(plan.condition ? { condition: plan.condition } : {}), message: [...message], offlinePush })
        const resolved = target.audienceOf(r.taskId)
        if (resolved !== undefined && resolved.size !== base.expected) {
          problems.push(`push ${plan.label}: audience ${resolved.size}, expected ${base.expected}`)
        }
        pushes.push({ ...base, taskId: r.taskId, ...(resolved ? { audience: resolved.size } : {}) })
      } catch (e) {
        problems.push(`push ${plan.label}: ${errorLines(e)[0]}`)
        pushes.push({ ...base, error: errorLines(e)[0]! })
      }
    }
    return pushes
  }, (p) => {
    const sent = p.filter((x) => x.taskId !== undefined).length
    return `${sent} task${sent === 1 ? "" : "s"} created${p.some((x) => x.skipped) ? `, ${p.filter((x) => x.skipped).length} skipped` : ""}`
  })

  // The lifecycle: a scheduled push, its callbacks and its statistics (embedded emulator only).
  let lifecycle: LifecycleReport | undefined
  if (target.lifecycle !== undefined) {
    const hooks = target.lifecycle
    lifecycle = await step("scheduled push → callbacks → statistics", () => runLifecycle(chat, target.sdkAppId, tag("sports"), hooks), (l) =>
      `task ${l.schedTaskId} ${l.statusBefore} → ${l.statusAfter}; ${l.received.sent} sent / ${l.received.deliveredOk} delivered / ${l.received.clicked} clicked callbacks; statistics ${l.agree ? "agree" : "DISAGREE"}`)
    if (lifecycle.statusAfter !== "dispatched" || lifecycle.pushTaskId === "") problems.push(`scheduled push: ${lifecycle.statusAfter}, not dispatched`)
    if (lifecycle.audience !== expectedAudience(users, { tagsAnd: [tag("sports")] }, attrName)) problems.push(`scheduled push: audience ${lifecycle.audience}`)
    if (lifecycle.received.sent !== lifecycle.audience) problems.push(`scheduled push: ${lifecycle.received.sent} sent callbacks for ${lifecycle.audience} recipients`)
    if (lifecycle.received.rejected > 0) problems.push(`callbacks: the receiver refused ${lifecycle.received.rejected}`)
    if (!lifecycle.agree) problems.push("scheduled push: statistics and callbacks disagree")
  }

  // Rejections: one the service refuses (an attribute name never defined) and one the client
  // refuses before sending (a condition mixing tags and attributes).
  const rejections: Array<RejectionReport> = []
  const reject = async (call: string, f: () => Promise<unknown>, expect: (e: unknown) => boolean) => {
    try {
      await f()
      problems.push(`${call} was expected to be rejected but succeeded`)
      rejections.push({ call, lines: ["(unexpectedly succeeded)"] })
    } catch (e) {
      if (!expect(e)) problems.push(`${call}: ${errorLines(e)[0]}`)
      rejections.push({ call, lines: errorLines(e) })
    }
  }
  const who = users[0]!.userId
  const birthday = `${target.names.tagPrefix.replace(/-$/, "_")}birthday`
  await step("rejected requests", async () => {
    await reject(
      `setUserAttrs([{ userId: "${who}", attrs: { ${birthday}: "1990-01-01" } }])`,
      () => chat.setUserAttrs([{ userId: who, attrs: { [birthday]: "1990-01-01" } }]),
      (e) => e instanceof ChatApiError && e.code === 90033,
    )
    await reject(
      `push({ condition: { tagsOr: ["${tag("ios")}"], attrsAnd: { ${names.city}: "beijing" } } })`,
      () => chat.push({ condition: { tagsOr: [tag("ios")], attrsAnd: { [names.city]: "beijing" } }, message: [...message] }),
      (e) => e instanceof ChatRequestError && e.code === 90039,
    )
    return rejections
  }, () => "1 refused by the service, 1 refused locally")

  return { users: users.length, seed: options.seed, steps, readBack, pushes, rejections, ...(lifecycle ? { lifecycle } : {}), problems, totalMs: performance.now() - started }
}
