/**
 * The fault soak: the client (Promise facade) against the emulator in memory, with random
 * faults of every kind on every command (91000, HTTP 502, a delay longer than the client's
 * timeout, a truncated body, a dropped connection), driving account operations across every
 * attribute and tag command plus a series of pushes. Then it checks:
 *
 * 1. Nothing is silently lost: every account's final state in the emulator equals the state the
 *    issued operations intend (applied in issue order) on every key (attribute name, tag) that
 *    no operation reported as failed has touched since its last success. Only keys the client
 *    declared uncertain may differ (model.ts).
 * 2. Reads are consistent: a successful read (getUserAttrs / getUserTags) returns, on its certain
 *    keys, exactly the state intended when the read was issued (per-account ordering).
 * 3. No duplicate pushes: push tasks = pushes reported successful + outcome-unknown pushes that
 *    landed; each MsgRandom has at most one task; a successful push's TaskId is its task; a push
 *    that failed with an ErrorCode created nothing; every push was sent exactly once.
 * 4. Audiences are right: a successful push reached at least the matching accounts whose state
 *    is certain, and at most that plus the accounts with an uncertain key.
 *
 * Time: the emulator's clock is injected and frozen; it moves 1.1 s before each push (spacing)
 * and never otherwise, so the run does not sleep for rate limits. Call-rate limits are off on
 * both sides (the point here is faults, not rate limiting). Real time is spent only on the
 * injected delays (each one client timeout) and on the work itself.
 *
 * Deterministic under a seed: the operations, push conditions and MsgRandoms come from the
 * seed, and so do the emulator's fault draws; which request meets which fault follows arrival
 * order at the emulator, which a seed fixes up to timer races between concurrent requests (see
 * docs/walkthrough.md for what varies between runs).
 */
import { ChatApiError, ChatPushOutcomeUnknown, createClient } from "../../src/client/mod.ts"
import type { AccountResult, BatchResult, FetchLike, PushCondition } from "../../src/client/mod.ts"
import type { EndpointKey } from "../../src/api/mod.ts"
import { endpointKeys } from "../../src/api/mod.ts"
import { createEmulator, faultKinds } from "../../src/emulator/mod.ts"
import type { FaultKind } from "../../src/emulator/mod.ts"
import { Model, prng } from "./model.ts"
import type { Touched } from "./model.ts"

export interface SoakOptions {
  /** Account operations to issue (one account item of one call = one operation). */
  readonly ops: number
  readonly pushes: number
  readonly accounts: number
  readonly seed: number
  /** Probability of a random fault per request (every endpoint, every kind). */
  readonly faultRate: number
  /** The client's per-request timeout; injected delays are `delayMs` (longer). */
  readonly timeoutMs: number
  readonly delayMs: number
  /** Retries of retry-safe calls after the first attempt. */
  readonly retries: number
  /** Largest bulk call (accounts); calls are 1..maxItems. */
  readonly maxItems: number
  /** Concurrent bulk calls per wave, and single-account calls per wave (coalesced). */
  readonly bigCallsPerWave: number
  readonly smallCallsPerWave: number
  readonly progress?: (line: string) => void
  /** Test hook: wraps the emulator's fetch (e.g. to prove the checks catch a lost write). */
  readonly interpose?: (fetch: FetchLike) => FetchLike
}

export const defaultSoakOptions: SoakOptions = {
  ops: 100_000,
  pushes: 50,
  accounts: 2_000,
  seed: 1,
  faultRate: 0.1,
  timeoutMs: 50,
  delayMs: 200,
  retries: 2,
  maxItems: 250,
  bigCallsPerWave: 3,
  smallCallsPerWave: 12,
}

const APP = { sdkAppId: 1400000000, secretKey: "5f0e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170", admins: ["administrator"] }
const ATTRS = ["a0", "a1", "a2", "a3", "a4"] as const
const VALUES = Array.from({ length: 8 }, (_, i) => `v${i}`)
const TAGS = Array.from({ length: 40 }, (_, i) => `t${i}`)

const kinds = [
  ["setUserAttrs", 24],
  ["removeUserAttrs", 10],
  ["addUserTags", 24],
  ["replaceUserTags", 8],
  ["removeUserTags", 14],
  ["clearUserTags", 6],
  ["getUserAttrs", 7],
  ["getUserTags", 7],
] as const
export type OpKind = (typeof kinds)[number][0]

export interface PushRecord {
  readonly msgRandom: number
  readonly condition: string
  readonly outcome: "ok" | "unknown" | "api-error" | "other-error"
  readonly taskId?: string
  readonly detail?: string
  /** Audience bounds from the model when the push was issued. */
  readonly min: number
  readonly max: number
}

export interface SoakReport {
  readonly options: Omit<SoakOptions, "progress" | "interpose">
  readonly opsByKind: Record<string, number>
  readonly ops: number
  readonly calls: number
  readonly requests: number
  readonly requestsByEndpoint: Record<string, number>
  readonly faults: Record<FaultKind, number>
  readonly retries: number
  /** Attempts the client gave up on (timeouts) beyond the injected delays. */
  readonly spuriousTimeouts: number
  /** Account operations the client reported failed, by reason. */
  readonly failedOps: Record<string, number>
  readonly failedOpsTotal: number
  /** Calls that rejected as a whole (no request of theirs got an answer). */
  readonly rejectedCalls: number
  /** Accounts with a key whose state is uncertain (an operation on it was reported failed). */
  readonly uncertainAccounts: number
  /** Of those, how many really differ from the intended state. */
  readonly uncertainAndDifferent: number
  readonly readsChecked: number
  readonly pushes: ReadonlyArray<PushRecord>
  readonly tasks: number
  readonly unknownLanded: number
  readonly unknownNotLanded: number
  readonly ms: number
  /** Every broken invariant; empty when the soak passed. */
  readonly violations: ReadonlyArray<string>
}

const DAY_MS = 86_400_000

/** Runs one soak and returns its figures and any invariant violations. */
export const runSoak = async (o: SoakOptions): Promise<SoakReport> => {
  const progress = o.progress ?? (() => {})
  const random = prng(o.seed)
  const pick = <T>(xs: ReadonlyArray<T>): T => xs[Math.floor(random() * xs.length)]!
  const some = <T>(xs: ReadonlyArray<T>, min: number, max: number): Array<T> => {
    const k = min + Math.floor(random() * (max - min + 1))
    const out = new Set<T>()
    while (out.size < Math.min(k, xs.length)) out.add(pick(xs))
    return [...out]
  }
  const totalWeight = kinds.reduce((s, [, w]) => s + w, 0)
  const pickKind = (): OpKind => {
    let r = random() * totalWeight
    for (const [k, w] of kinds) if ((r -= w) < 0) return k
    return kinds[0][0]
  }

  // The emulator: frozen clock (its quota day boundary 12 h away), no call-rate limits.
  const start = Date.now()
  const minuteOfDay = Math.floor((start % DAY_MS) / 60_000)
  const rates: Partial<Record<EndpointKey, false>> = {}
  for (const k of endpointKeys) rates[k] = false
  const em = createEmulator({
    apps: [APP],
    now: () => start,
    requestLogLimit: 10_000_000,
    limits: {
      rates,
      dailyPushQuota: Math.max(100, o.pushes + 10),
      quotaUtcOffsetMinutes: (((12 * 60 - minuteOfDay) % 1440) + 1440) % 1440,
    },
  })

  // Attempts seen on the wire: a retry repeats a failed attempt's exact endpoint and body.
  const failedBodies = new Set<string>()
  let retries = 0
  let aborted = 0
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init)
    const body = await request.clone().text()
    const key = `${new URL(request.url).pathname} ${body}`
    if (failedBodies.delete(key)) retries++
    try {
      const res = await em.fetch(request)
      const text = await res.clone().text()
      let code: unknown
      try {
        code = (JSON.parse(text) as { ErrorCode?: unknown }).ErrorCode
      } catch {
        code = "undecodable"
      }
      if (res.status !== 200 || code !== 0) failedBodies.add(key)
      return res
    } catch (e) {
      if (request.signal.aborted) aborted++
      failedBodies.add(key)
      throw e
    }
  }
  const chat = createClient({
    sdkAppId: APP.sdkAppId,
    secretKey: APP.secretKey,
    adminId: "administrator",
    baseUrl: "http://emulator.soak",
    fetch: o.interpose ? o.interpose(fetch) : fetch,
    timeout: o.timeoutMs,
    retry: { times: o.retries, baseDelay: 1, maxDelay: 4 },
    rateLimits: false,
    coalesce: { window: 2 },
  })

  const violations: Array<string> = []
  const userIds = Array.from({ length: o.accounts }, (_, i) => `s${i}`)
  const model = new Model(userIds, TAGS)
  const opsByKind: Record<string, number> = {}
  const failedOps: Record<string, number> = {}
  let ops = 0
  let calls = 0
  let rejectedCalls = 0
  let readsChecked = 0
  const pushes: Array<PushRecord> = []
  const usedRandoms = new Set<number>()

  /** One issued call: its items (account + what it touches, or a read's intended snapshot). */
  interface Issued {
    readonly kind: OpKind
    readonly items: ReadonlyArray<{ readonly userId: string; readonly touched?: Touched; readonly snapshot?: ReturnType<Model["view"]> }>
    readonly outcome: Promise<{ results?: ReadonlyArray<AccountResult<object>> }>
  }

  try {
    // Set-up without faults: attribute names and the accounts.
    await chat.setAttrNames({ "0": ATTRS[0], "1": ATTRS[1], "2": ATTRS[2], "3": ATTRS[3], "4": ATTRS[4] })
    const imported = await chat.importAccounts(userIds.map((userId) => ({ userId })))
    if (imported.failureCount > 0) throw new Error(`set-up: ${imported.failureCount} accounts failed to import`)
    em.clearRequests()
    em.faults.configure({ seed: o.seed, rate: o.faultRate, delayMs: o.delayMs })
    const t0 = performance.now()

    /** Issues one call, updating the intended state in issue order. */
    const issue = (size: number): Issued => {
      const kind = pickKind()
      const accounts = some(userIds, size, size)
      opsByKind[kind] = (opsByKind[kind] ?? 0) + accounts.length
      ops += accounts.length
      calls++
      let call: Promise<BatchResult<object>>
      let items: Issued["items"]
      switch (kind) {
        case "setUserAttrs": {
          const input = accounts.map((userId) => ({ userId, attrs: Object.fromEntries(some(ATTRS, 1, 3).map((a) => [a, pick(VALUES)])) }))
          for (const i of input) model.setAttrs(i.userId, i.attrs)
          items = input.map((i) => ({ userId: i.userId, touched: { attrs: Object.keys(i.attrs) } }))
          call = chat.setUserAttrs(input)
          break
        }
        case "removeUserAttrs": {
          const input = accounts.map((userId) => ({ userId, attrNames: some(ATTRS, 1, 2) }))
          for (const i of input) model.removeAttrs(i.userId, i.attrNames)
          items = input.map((i) => ({ userId: i.userId, touched: { attrs: i.attrNames } }))
          call = chat.removeUserAttrs(input)
          break
        }
        case "addUserTags":
        case "replaceUserTags": {
          const replace = kind === "replaceUserTags"
          const input = accounts.map((userId) => ({ userId, tags: some(TAGS, 1, replace ? 8 : 5) }))
          for (const i of input) model.addTags(i.userId, i.tags, replace)
          items = input.map((i) => ({ userId: i.userId, touched: replace ? { allTags: true as const } : { tags: i.tags } }))
          call = chat.addUserTags(input, { replace })
          break
        }
        case "removeUserTags": {
          const input = accounts.map((userId) => ({ userId, tags: some(TAGS, 1, 4) }))
          for (const i of input) model.removeTags(i.userId, i.tags)
          items = input.map((i) => ({ userId: i.userId, touched: { tags: i.tags } }))
          call = chat.removeUserTags(input)
          break
        }
        case "clearUserTags":
          for (const u of accounts) model.clearTags(u)
          items = accounts.map((userId) => ({ userId, touched: { allTags: true as const } }))
          call = chat.clearUserTags(accounts)
          break
        case "getUserAttrs":
        case "getUserTags":
          items = accounts.map((userId) => ({ userId, snapshot: model.view(userId) }))
          call = kind === "getUserAttrs" ? chat.getUserAttrs(accounts) : chat.getUserTags(accounts)
          break
      }
      return {
        kind,
        items,
        outcome: call.then(
          (r) => ({ results: r.results }),
          (e: unknown) => {
            rejectedCalls++
            const reason = `whole call: ${typeof e === "object" && e !== null && "_tag" in e ? String(e._tag) : "exception"}`
            failedOps[reason] = (failedOps[reason] ?? 0) + accounts.length
            return {}
          },
        ),
      }
    }

    /**
     * Replays a wave's outcomes in issue order: failures make touched keys uncertain, successes
     * make them certain again, and each successful read is compared, on the keys certain at
     * that point, with the state intended when it was issued.
     */
    const replay = async (wave: ReadonlyArray<Issued>) => {
      for (const issued of wave) {
        const { results } = await issued.outcome
        issued.items.forEach((item, i) => {
          const r = results?.[i]
          if (r !== undefined && r.userId !== item.userId) violations.push(`${issued.kind}: result ${i} is for ${r.userId}, not ${item.userId}`)
          if (r !== undefined && !r.ok) failedOps[r.error.reason] = (failedOps[r.error.reason] ?? 0) + 1
          const ok = r?.ok === true
          if (item.touched !== undefined) {
            model.settle(item.userId, item.touched, ok)
            return
          }
          if (!ok) return
          readsChecked++
          const read = r as AccountResult<{ attrs?: Record<string, string>; tags?: ReadonlyArray<string> }> & { ok: true }
          const intended = item.snapshot!
          const actual = issued.kind === "getUserAttrs" ? { attrs: read.attrs ?? {}, tags: intended.tags } : { attrs: intended.attrs, tags: read.tags ?? [] }
          for (const d of model.diff(item.userId, actual, ATTRS, intended)) violations.push(`read ${issued.kind} ${item.userId}: ${d}`)
        })
      }
    }

    const conditionFor = (): PushCondition | undefined => {
      const r = random()
      if (r < 0.2) return undefined
      if (r < 0.45) return { tagsOr: some(TAGS, 1, 3) }
      if (r < 0.6) return { tagsAnd: some(TAGS, 1, 2) }
      if (r < 0.7) return { tagsOr: some(TAGS, 1, 2), tagsNot: some(TAGS, 1, 2) }
      if (r < 0.9) return { attrsAnd: { [pick(ATTRS)]: pick(VALUES) } }
      return { attrsOr: { [ATTRS[0]]: pick(VALUES), [ATTRS[1]]: pick(VALUES) } }
    }
    const push = async () => {
      const condition = conditionFor()
      let msgRandom: number
      do msgRandom = Math.floor(random() * 0x1_0000_0000)
      while (usedRandoms.has(msgRandom))
      usedRandoms.add(msgRandom)
      let min = 0
      let uncertain = 0
      for (const u of userIds) {
        if (model.uncertain(u)) uncertain++
        else if (model.matches(u, condition)) min++
      }
      const base = { msgRandom, condition: JSON.stringify(condition ?? "everyone"), min, max: min + uncertain }
      em.advanceClock(1_100)
      try {
        const r = await chat.push({ ...(condition ? { condition } : {}), message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "soak" } }], msgRandom })
        pushes.push({ ...base, outcome: "ok", taskId: r.taskId })
      } catch (e) {
        if (e instanceof ChatPushOutcomeUnknown) pushes.push({ ...base, outcome: "unknown", detail: e.kind })
        else if (e instanceof ChatApiError) pushes.push({ ...base, outcome: "api-error", detail: String(e.code) })
        else pushes.push({ ...base, outcome: "other-error", detail: e instanceof Error ? e.message : String(e) })
      }
    }

    // Waves of concurrent calls (big bulk calls plus single-account calls that coalesce), with
    // the pushes spread evenly between waves.
    const opsPerPush = o.pushes > 0 ? o.ops / (o.pushes + 1) : Infinity
    let nextPushAt = opsPerPush
    let nextReport = o.ops / 10
    while (ops < o.ops) {
      const wave: Array<Issued> = []
      for (let i = 0; i < o.bigCallsPerWave && ops < o.ops; i++) {
        wave.push(issue(1 + Math.floor(random() * Math.min(o.maxItems, o.ops - ops))))
      }
      for (let i = 0; i < o.smallCallsPerWave && ops < o.ops; i++) wave.push(issue(1))
      await replay(wave)
      while (pushes.length < o.pushes && ops >= nextPushAt) {
        await push()
        nextPushAt += opsPerPush
      }
      if (ops >= nextReport) {
        progress(`${ops.toLocaleString("en-US")} ops, ${pushes.length} pushes, ${em.countRequests().toLocaleString("en-US")} requests`)
        nextReport += o.ops / 10
      }
    }
    while (pushes.length < o.pushes) await push()
    const ms = performance.now() - t0

    // 1. Final state.
    em.faults.clear()
    let uncertainAccounts = 0
    let uncertainAndDifferent = 0
    for (const u of userIds) {
      const got = em.account(APP.sdkAppId, u)
      if (got === undefined) {
        violations.push(`account ${u}: missing from the emulator`)
        continue
      }
      for (const d of model.diff(u, got, ATTRS)) violations.push(`account ${u}: ${d}, and no failure was reported for it`)
      if (model.uncertain(u)) {
        uncertainAccounts++
        if (JSON.stringify({ attrs: Object.fromEntries(Object.entries(got.attrs).sort()), tags: [...got.tags].sort() }) !== JSON.stringify(model.view(u))) {
          uncertainAndDifferent++
        }
      }
    }

    // 3. Pushes against tasks.
    const tasks = em.tasks(APP.sdkAppId)
    const byRandom = new Map<number, number>()
    for (const task of tasks) byRandom.set(task.MsgRandom, (byRandom.get(task.MsgRandom) ?? 0) + 1)
    for (const [r, count] of byRandom) if (count > 1) violations.push(`MsgRandom ${r}: ${count} tasks (duplicate push)`)
    let unknownLanded = 0
    let unknownNotLanded = 0
    for (const p of pushes) {
      const mine = tasks.filter((x) => x.MsgRandom === p.msgRandom)
      if (p.outcome === "ok") {
        if (mine.length !== 1 || mine[0]!.TaskId !== p.taskId) violations.push(`push ${p.msgRandom}: reported ok (${p.taskId}) but tasks are ${JSON.stringify(mine.map((x) => x.TaskId))}`)
        else if (mine[0]!.audienceSize < p.min || mine[0]!.audienceSize > p.max) {
          violations.push(`push ${p.msgRandom} ${p.condition}: audience ${mine[0]!.audienceSize} outside [${p.min}, ${p.max}]`)
        }
      } else if (p.outcome === "unknown") {
        if (mine.length === 1) unknownLanded++
        else unknownNotLanded++
      } else if (mine.length > 0) {
        violations.push(`push ${p.msgRandom}: failed (${p.outcome} ${p.detail}) but created ${mine.length} task(s)`)
      }
      if (p.outcome === "other-error") violations.push(`push ${p.msgRandom}: unexpected error ${p.detail}`)
    }
    const okPushes = pushes.filter((p) => p.outcome === "ok").length
    if (tasks.length !== okPushes + unknownLanded) {
      violations.push(`${tasks.length} tasks, but ${okPushes} successful pushes + ${unknownLanded} unknown that landed`)
    }
    const pushRequests = em.countRequests({ endpoint: "push" })
    if (pushRequests !== pushes.length) violations.push(`${pushRequests} push requests for ${pushes.length} push calls (a push was retried)`)

    const log = em.requests()
    const faults = Object.fromEntries(faultKinds.map((k) => [k, 0])) as Record<FaultKind, number>
    const requestsByEndpoint: Record<string, number> = {}
    for (const r of log) {
      if (r.fault !== undefined) faults[r.fault]++
      const k = r.endpoint ?? r.path
      requestsByEndpoint[k] = (requestsByEndpoint[k] ?? 0) + 1
    }
    const { progress: _p, interpose: _i, ...options } = o
    return {
      options,
      opsByKind,
      ops,
      calls,
      requests: log.length,
      requestsByEndpoint,
      faults,
      retries,
      spuriousTimeouts: Math.max(0, aborted - faults.delay),
      failedOps,
      failedOpsTotal: Object.values(failedOps).reduce((s, n) => s + n, 0),
      rejectedCalls,
      uncertainAccounts,
      uncertainAndDifferent,
      readsChecked,
      pushes,
      tasks: tasks.length,
      unknownLanded,
      unknownNotLanded,
      ms,
      violations,
    }
  } finally {
    await chat.dispose()
  }
}
