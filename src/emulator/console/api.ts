/**
 * The console's read routes, under `/__emulator/ui/api/` (plain JSON, never cached, no CORS
 * header). Writes go through the inspection API itself (clock, faults, reset, state, log), so
 * the console can do nothing curl cannot. Every list is paged on the server.
 *
 * | method | path | answers |
 * | --- | --- | --- |
 * | GET | overview | apps (no secrets), clock, per-endpoint counters, today's push quota, faults, log size, catalogue keys, views |
 * | GET | requests[?endpoint=&family=&sdkappid=&code=&fault=&before=&after=&limit=&count=1] | one page of the log, newest first |
 * | GET | requests/{seq} | one call with its redacted query, bodies and duration |
 * | GET | tasks[?sdkappid=&before=&limit=] | push and batch tasks, newest first, with the audience in words |
 * | GET | tasks/{TaskId} | one task with its message, recipient sample and recall state |
 * | GET | accounts?sdkappid=N[&q=&from=&limit=] | accounts in import order, or a search (bounded scan per page) |
 * | GET | accounts/{sdkappid}/{UserID} | one account: profile, attributes, tags |
 *
 * Live updates are polled with a cursor (`requests?after=<last seq>`), not pushed over
 * server-sent events: a stream fed by REST calls would make one request's work resume on
 * another's I/O (which Workers forbid), it would hold a connection per open tab, and a poll
 * costs nothing while no page is open and O(log n + new entries) while one is.
 *
 * @module
 */
import { describeErrorCode, endpointKeys, families } from "../../api/mod.ts"
import type { EndpointKey, Family } from "../../api/mod.ts"
import type { PushTask } from "../app-state.ts"
import type { RequestLogEntry } from "../request-log.ts"
import { faultKinds } from "../faults.ts"
import type { FaultKind } from "../faults.ts"
import type { ConsoleContext } from "./context.ts"
import { taskAudienceInWords } from "./condition-words.ts"
import { pageLog } from "./log-pages.ts"
import type { MonitorFilter } from "./log-pages.ts"
import type { ConsoleView } from "./views/view.ts"
import { BadParam, intParam, oneOfParam } from "./params.ts"

/** The prefix of the console's read routes. */
export const CONSOLE_API = "/__emulator/ui/api"

const DAY_MS = 86_400_000
/** Accounts looked at per page of a search: bounds one request's work on a million accounts. */
const SCAN_BUDGET = 200_000

/** A JSON answer with the inspection API's headers (never cached, no CORS). */
export const reply = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  })

/** A refusal with `{ error }`. */
export const problem = (status: number, error: string): Response => reply({ error }, status)

const attrNamesOf = (ctx: ConsoleContext, sdkAppId: number) => {
  const data = ctx.states.get(sdkAppId)!.data
  const out: Array<{ slot: string; name: string; type?: number }> = []
  data.attrNames.forEach((name, slot) => {
    if (name === undefined) return
    const type = data.attrTypes[slot]
    out.push({ slot: String(slot), name, ...(type !== undefined ? { type } : {}) })
  })
  return out
}

const overview = (ctx: ConsoleContext, views: ReadonlyArray<ConsoleView>) => {
  const now = ctx.emulator.now()
  const { limits } = ctx.settings
  const offsetMs = limits.quotaUtcOffsetMinutes * 60_000
  const today = Math.floor((now + offsetMs) / DAY_MS)
  const apps = ctx.emulator.apps.map(({ sdkAppId, admins }) => {
    const st = ctx.states.get(sdkAppId)!
    return {
      sdkAppId,
      admins,
      pushEnabled: st.app.pushEnabled ?? true,
      accounts: st.data.accountCount,
      distinctTags: st.data.distinctTagCount,
      attrNames: attrNamesOf(ctx, sdkAppId),
      tasks: st.tasks.size,
      push: {
        usedToday: st.pushDay === today ? st.pushesToday : 0,
        dailyQuota: limits.dailyPushQuota,
        resetsAt: (today + 1) * DAY_MS - offsetMs,
        ...(st.lastPushAt !== undefined ? { lastPushAt: st.lastPushAt } : {}),
      },
    }
  })
  const counters = [...ctx.recorder.counters].map(([endpoint, c]) => ({ endpoint, ...c }))
  const { options, scripts } = ctx.faults.settings()
  const { script: _initial, ...random } = options
  const view = ctx.log.view()
  return {
    now,
    apps,
    counters,
    faults: { ...random, scripts },
    log: {
      size: view.entries.length - view.start,
      limit: ctx.log.limit,
      last: view.entries.length > view.start ? view.entries[view.entries.length - 1]!.seq : 0,
      bodies: { ...ctx.recorder.kept, keep: ctx.recorder.keepBodies },
    },
    catalogue: { endpoints: endpointKeys, families, faultKinds, tagsNot: ctx.settings.tagsNot },
    views: views.map((v) => ({ id: v.id, title: v.title })),
  }
}

const monitorFilter = (url: URL): MonitorFilter => {
  const code = url.searchParams.get("code")
  let codeFilter: MonitorFilter["code"]
  if (code === "ok" || code === "failed") codeFilter = code
  else codeFilter = intParam(url, "code", 0, 2 ** 31)
  return {
    endpoint: oneOfParam(url, "endpoint", endpointKeys),
    family: oneOfParam(url, "family", families as ReadonlyArray<Family>),
    sdkAppId: intParam(url, "sdkappid", 0, Number.MAX_SAFE_INTEGER),
    code: codeFilter,
    fault: oneOfParam<FaultKind | "any" | "none">(url, "fault", [...faultKinds, "any", "none"]),
  }
}

/** A log entry with the call's duration, when the console recorded it. */
const withDuration = (ctx: ConsoleContext, e: RequestLogEntry) => {
  const durationMs = ctx.recorder.duration(e.seq)
  return durationMs === undefined ? e : { ...e, durationMs }
}

const requestDetail = (ctx: ConsoleContext, seq: number) => {
  const entry = ctx.log.view().entries.find((e) => e.seq === seq)
  if (entry === undefined) return undefined
  const t = ctx.recorder.detail(seq)
  const durationMs = ctx.recorder.duration(seq)
  return {
    entry: durationMs !== undefined ? { ...entry, durationMs } : entry,
    ...(entry.code !== undefined ? { meaning: entry.code === 0 ? "OK" : describeErrorCode(entry.code).meaning } : {}),
    detail:
      t === undefined
        ? null
        : {
            query: t.query,
            // Every answer the emulator builds is recorded; a call logged without a status got
            // none: its connection was dropped (a fault), or its client left during a delay.
            outcome: t.durationMs !== undefined ? "answered" : entry.status !== undefined ? "pending" : entry.fault === "drop" ? "dropped" : "aborted",
            ...(t.requestBody !== undefined ? { requestBody: t.requestBody, requestCut: t.requestCut } : {}),
            ...(t.responseBody !== undefined ? { responseBody: t.responseBody, responseCut: t.responseCut } : {}),
            ...(t.responseType !== undefined ? { responseType: t.responseType } : {}),
          },
  }
}

const recallState = (ctx: ConsoleContext, t: PushTask, now: number) => {
  if (t.recalledAt !== undefined) return { state: "recalled" as const, at: t.recalledAt }
  const until = t.createdAt + ctx.settings.limits.revokeWindowMs
  return now <= until ? { state: "recallable" as const, until } : { state: "expired" as const, since: until }
}

const taskSummary = (ctx: ConsoleContext, t: PushTask, now: number) => ({
  TaskId: t.TaskId,
  sdkAppId: t.sdkAppId,
  endpoint: t.endpoint,
  family: t.family,
  createdAt: t.createdAt,
  ...(t.From_Account !== undefined ? { From_Account: t.From_Account } : {}),
  audience: taskAudienceInWords(t, ctx.settings.tagsNot),
  audienceSize: t.audienceSize,
  recall: recallState(ctx, t, now),
})

const tasksPage = (ctx: ConsoleContext, url: URL) => {
  const sdkAppId = intParam(url, "sdkappid", 0, Number.MAX_SAFE_INTEGER)
  if (sdkAppId !== undefined && !ctx.states.has(sdkAppId)) throw new BadParam(`no app ${sdkAppId}`)
  const limit = intParam(url, "limit", 1, 500) ?? 50
  const apps = sdkAppId === undefined ? [...ctx.states.values()] : [ctx.states.get(sdkAppId)!]
  // Oldest first, so a position stays valid while new tasks arrive at the end.
  const all = apps.flatMap((s) => [...s.tasks.values()])
  if (apps.length > 1) all.sort((a, b) => a.createdAt - b.createdAt)
  const before = Math.min(intParam(url, "before", 0, Number.MAX_SAFE_INTEGER) ?? all.length, all.length)
  const from = Math.max(0, before - limit)
  const now = ctx.emulator.now()
  const tasks = all.slice(from, before).reverse().map((t) => taskSummary(ctx, t, now))
  return { total: all.length, tasks, ...(from > 0 ? { next: from } : {}) }
}

/** A search term: `tag:vip`, `attr:city=Shenzhen`, or text found in the UserID (any case). */
const accountTest = (ctx: ConsoleContext, sdkAppId: number, q: string) => {
  const terms = q.trim().split(/\s+/).filter((t) => t !== "")
  if (terms.length === 0) return undefined
  const data = ctx.states.get(sdkAppId)!.data
  const tests = terms.map((term): ((id: string, tags: ReadonlyArray<string>, attrs: ReadonlyArray<string | undefined>) => boolean) => {
    if (term.startsWith("tag:")) {
      const tag = term.slice(4)
      return (_id, tags) => tags.includes(tag)
    }
    if (term.startsWith("attr:") && term.includes("=")) {
      const [name, ...value] = term.slice(5).split("=")
      const slot = data.slotOf(name!)
      const want = value.join("=")
      return slot < 0 ? () => false : (_id, _tags, attrs) => attrs[slot] === want
    }
    const needle = term.toLowerCase()
    return (id) => id.toLowerCase().includes(needle)
  })
  return (id: string, tags: ReadonlyArray<string>, attrs: ReadonlyArray<string | undefined>) => tests.every((t) => t(id, tags, attrs))
}

const accountRow = (ctx: ConsoleContext, sdkAppId: number, userId: string) => {
  const data = ctx.states.get(sdkAppId)!.data
  const p = data.profile(userId)!
  return {
    UserID: userId,
    ...(p.nick !== undefined ? { Nick: p.nick } : {}),
    importedAt: p.importedAt,
    tags: data.getTags(userId),
  }
}

const accountsPage = (ctx: ConsoleContext, url: URL) => {
  const sdkAppId = intParam(url, "sdkappid", 0, Number.MAX_SAFE_INTEGER) ?? ctx.emulator.apps[0]!.sdkAppId
  const st = ctx.states.get(sdkAppId)
  if (st === undefined) throw new BadParam(`no app ${sdkAppId}`)
  const q = url.searchParams.get("q") ?? ""
  const limit = intParam(url, "limit", 1, 500) ?? 50
  const from = intParam(url, "from", 0, Number.MAX_SAFE_INTEGER) ?? 0
  const page = st.data.scanAccounts(from, limit, SCAN_BUDGET, accountTest(ctx, sdkAppId, q))
  const exact = from === 0 && q.trim() !== "" && st.data.hasAccount(q.trim()) ? q.trim() : undefined
  return {
    sdkAppId,
    total: st.data.accountCount,
    attrNames: attrNamesOf(ctx, sdkAppId),
    ...(exact !== undefined ? { exact: accountRow(ctx, sdkAppId, exact) } : {}),
    accounts: page.found.map((a) => accountRow(ctx, sdkAppId, a.userId)),
    ...(page.next !== undefined ? { next: page.next } : {}),
    scannedTo: page.next ?? null,
  }
}

const accountDetail = (ctx: ConsoleContext, sdkAppId: number, userId: string) => {
  const data = ctx.states.get(sdkAppId)?.data
  const p = data?.profile(userId)
  if (data === undefined || p === undefined) return undefined
  return {
    sdkAppId,
    UserID: userId,
    ...(p.nick !== undefined ? { Nick: p.nick } : {}),
    ...(p.faceUrl !== undefined ? { FaceUrl: p.faceUrl } : {}),
    importedAt: p.importedAt,
    attrs: data.getAttrs(userId),
    tags: data.getTags(userId),
  }
}

/** Answers `GET /__emulator/ui/api/...` (`parts`: the path after `api/`, decoded). */
export const handleConsoleApi = (
  request: Request,
  url: URL,
  parts: ReadonlyArray<string>,
  ctx: ConsoleContext,
  views: ReadonlyArray<ConsoleView>,
): Response | Promise<Response> => {
  const method = request.method.toUpperCase()
  const [head = "", ...rest] = parts
  try {
    for (const v of views) {
      const route = v.routes?.[`${method} ${head}`]
      if (route !== undefined) return route({ request, url, rest, ctx })
    }
    if (method !== "GET" && method !== "HEAD") {
      return problem(405, "the console's own routes only read; writes go to the inspection API (/__emulator/...)")
    }
    switch (head) {
      case "overview":
        if (rest.length === 0) return reply(overview(ctx, views))
        break
      case "requests": {
        if (rest.length === 1) {
          if (!/^[0-9]+$/.test(rest[0]!)) return problem(400, "seq must be an integer")
          const d = requestDetail(ctx, Number(rest[0]))
          return d === undefined ? problem(404, `request ${rest[0]} is no longer in the log`) : reply(d)
        }
        if (rest.length > 0) break
        const before = intParam(url, "before", 0, Number.MAX_SAFE_INTEGER)
        const after = intParam(url, "after", 0, Number.MAX_SAFE_INTEGER)
        const limit = intParam(url, "limit", 1, 1000) ?? 100
        const page = pageLog(ctx.log, { filter: monitorFilter(url), before, after, limit, count: url.searchParams.get("count") === "1" })
        return reply({ ...page, entries: page.entries.map((e) => withDuration(ctx, e)) })
      }
      case "tasks": {
        if (rest.length === 1) {
          const t = ctx.emulator.task(rest[0]!)
          if (t === undefined) return problem(404, `no task ${rest[0]}`)
          return reply({ ...t, ...taskSummary(ctx, t, ctx.emulator.now()) })
        }
        if (rest.length === 0) return reply(tasksPage(ctx, url))
        break
      }
      case "accounts": {
        if (rest.length === 2) {
          if (!/^[0-9]+$/.test(rest[0]!)) return problem(400, "sdkappid must be an integer")
          const a = accountDetail(ctx, Number(rest[0]), rest[1]!)
          return a === undefined ? problem(404, `no account ${rest[1]} in app ${rest[0]}`) : reply(a)
        }
        if (rest.length === 0) return reply(accountsPage(ctx, url))
        break
      }
    }
    return problem(404, `no console route ${method} ${url.pathname}`)
  } catch (e) {
    if (e instanceof BadParam) return problem(400, e.message)
    throw e
  }
}

