/**
 * The console's read routes for the push lifecycle: scheduled pushes (paged, newest first, with
 * counts per status), one push task's deliveries summarised per stage (attempts, events, a
 * sample of events, the failed attempts), and the callback log (paged, newest first, events only
 * when one attempt is opened). Pages never carry a task's whole event log: a stage sends up to
 * a million events, so the answer gives counts and a bounded sample.
 *
 * Nothing here runs unless a page asks: the REST path is untouched.
 *
 * @module
 */
import type { CallbackDeliveryRecord } from "../callback-delivery.ts"
import type { ScheduledTaskView } from "../emulator.ts"
import type { ConsoleContext } from "./context.ts"
import { BadParam, intParam, oneOfParam } from "./params.ts"

const STATUSES = ["pending", "dispatching", "dispatched"] as const
const STAGES = ["sent", "delivered", "clicked"] as const
/** Events shown per stage of a task, and failed attempts listed. */
const SAMPLE = 5
const FAULTS_SHOWN = 20

const appParam = (ctx: ConsoleContext, url: URL): number | undefined => {
  const sdkAppId = intParam(url, "sdkappid", 0, Number.MAX_SAFE_INTEGER)
  if (sdkAppId !== undefined && !ctx.states.has(sdkAppId)) throw new BadParam(`no app ${sdkAppId}`)
  return sdkAppId
}

/** `GET scheduled[?sdkappid=&status=&before=&limit=]`: newest first, counts per status over the whole list. */
export const scheduledPage = (ctx: ConsoleContext, url: URL) => {
  const sdkAppId = appParam(ctx, url)
  const status = oneOfParam(url, "status", STATUSES)
  const limit = intParam(url, "limit", 1, 500) ?? 50
  // Oldest first (creation order), so a position stays valid while new tasks arrive at the end.
  const all = ctx.emulator.scheduledTasks(sdkAppId)
  const counts = { pending: 0, dispatching: 0, dispatched: 0 }
  for (const t of all) counts[t.status]++
  const list = status === undefined ? all : all.filter((t) => t.status === status)
  const before = Math.min(intParam(url, "before", 0, Number.MAX_SAFE_INTEGER) ?? list.length, list.length)
  const from = Math.max(0, before - limit)
  return {
    total: list.length,
    counts,
    tasks: list.slice(from, before).reverse().map(scheduledRow),
    ...(from > 0 ? { next: from } : {}),
  }
}

/** A row of the list: the task without its message content. */
const scheduledRow = (t: ScheduledTaskView) => {
  const { Content: _content, ...row } = t
  return row
}

/** `GET scheduled/{sdkappid}/{TaskID}`: one task with its content, or undefined. */
export const scheduledDetail = (ctx: ConsoleContext, rest: ReadonlyArray<string>): ScheduledTaskView | undefined => {
  if (rest.length !== 2 || !/^[0-9]{1,15}$/.test(rest[0]!) || !/^[0-9]{1,15}$/.test(rest[1]!)) {
    throw new BadParam("use scheduled/{sdkappid}/{TaskID} (two integers)")
  }
  const sdkAppId = Number(rest[0])
  if (!ctx.states.has(sdkAppId)) return undefined
  return ctx.emulator.scheduledTask(sdkAppId, Number(rest[1]))
}

/** One attempt without its events (lists stay small whatever the batch size). */
const attemptRow = (r: CallbackDeliveryRecord) => {
  const { events: _events, ...meta } = r
  return meta
}

/**
 * `GET deliveries/{TaskId}`: the task's stages (due time, whether they happen, events generated),
 * its statistics, and per stage the callback attempts, events delivered and lost, and a sample of
 * the events sent; then the failed attempts (newest first). Its cost is the task's share of the
 * callback log, whatever the audience.
 */
export const taskDeliveries = (ctx: ConsoleContext, taskId: string) => {
  const d = ctx.emulator.taskDeliveries(taskId)
  if (d === undefined) return undefined
  const byStage = STAGES.map((stage) => {
    let attempts = 0, ok = 0, failed = 0, retries = 0, eventsDelivered = 0, eventsLost = 0
    const sample: Array<unknown> = []
    for (const r of d.deliveries) {
      if (r.stage !== stage) continue
      attempts++
      if (r.attempt > 1) retries++
      if (r.ok) {
        ok++
        eventsDelivered += r.eventCount
      } else {
        failed++
        if (!r.willRetry) eventsLost += r.eventCount
      }
      for (const e of r.events ?? []) {
        if (sample.length >= SAMPLE) break
        sample.push(e)
      }
    }
    const s = d.stages.find((x) => x.stage === stage)!
    return { ...s, attempts, ok, failed, retries, eventsDelivered, eventsLost, sample }
  })
  const faults: Array<ReturnType<typeof attemptRow>> = []
  for (let i = d.deliveries.length - 1; i >= 0 && faults.length < FAULTS_SHOWN; i--) {
    const r = d.deliveries[i]!
    if (!r.ok) faults.push(attemptRow(r))
  }
  // Not `callbacks.pending()`: it walks every task's remaining recipients (a million for a large
  // push), on each poll of an open page. The stages' `generated` of `recipients` says the same.
  return {
    taskId: d.taskId,
    sdkAppId: d.sdkAppId,
    callbacks: d.callbacks,
    configured: ctx.emulator.callbacks.enabled,
    recipients: d.recipients,
    statistics: d.statistics,
    attempts: d.deliveries.length,
    stages: byStage,
    faults,
  }
}

/** `GET callbacks[?taskId=&stage=&ok=&test=&sdkappid=&before=&limit=]`: settings, counters, attempts newest first. */
export const callbacksPage = (ctx: ConsoleContext, url: URL) => {
  const cb = ctx.emulator.callbacks
  const sdkAppId = appParam(ctx, url)
  const stage = oneOfParam(url, "stage", STAGES)
  const ok = oneOfParam(url, "ok", ["true", "false"] as const)
  const test = oneOfParam(url, "test", ["true", "false"] as const)
  const taskId = url.searchParams.get("taskId") ?? ""
  const limit = intParam(url, "limit", 1, 500) ?? 50
  const before = intParam(url, "before", 0, Number.MAX_SAFE_INTEGER)
  const all = cb.deliveries({
    ...(sdkAppId !== undefined ? { sdkAppId } : {}),
    ...(taskId !== "" ? { taskId } : {}),
    ...(stage !== undefined ? { stage } : {}),
    ...(ok !== undefined ? { ok: ok === "true" } : {}),
  })
  const list = test === undefined ? all : all.filter((r) => r.test === (test === "true"))
  // Records are in seq order: the page is the `limit` newest below `before`.
  let end = list.length
  if (before !== undefined) {
    let lo = 0, hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (list[mid]!.seq < before) lo = mid + 1
      else hi = mid
    }
    end = lo
  }
  const start = Math.max(0, end - limit)
  const page = list.slice(start, end).reverse().map(attemptRow)
  return {
    enabled: cb.enabled,
    settings: cb.settings ?? null,
    counters: cb.counters(),
    total: list.length,
    last: all.length > 0 ? all[all.length - 1]!.seq : 0,
    attempts: page,
    ...(start > 0 ? { next: list[start]!.seq } : {}),
  }
}

/** `GET callbacks/{seq}`: one attempt with its events (when the log still holds them). */
export const callbackAttempt = (ctx: ConsoleContext, seqText: string) => {
  if (!/^[0-9]{1,15}$/.test(seqText)) throw new BadParam("seq must be an integer")
  const seq = Number(seqText)
  const r = ctx.emulator.callbacks.deliveries({ afterSeq: seq - 1 })[0]
  if (r === undefined || r.seq !== seq) return undefined
  return { ...r, eventsKept: r.events !== undefined }
}
