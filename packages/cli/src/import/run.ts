/**
 * The import commands' implementation (loaded only when one runs, so `--help` and the UserSig
 * commands start fast): resolves config, opens the input, wires the engine to the client (or
 * to the dry-run printer) and prints the summary.
 *
 * @module
 */
import * as fs from "node:fs"
import * as path from "node:path"
import * as Option from "effect/Option"
import { limits, regions } from "tencent-chat-push/wire"
import type { EndpointKey, Family } from "tencent-chat-push/wire"
import { err, out } from "../action.ts"
import { makeClient } from "../client.ts"
import type { PromiseClient, RateLimitSetting } from "../client.ts"
import { resolveConnection } from "../config.ts"
import type { Connection, ConnectionFlagValues } from "../config.ts"
import { parseDurationSeconds } from "../duration.ts"
import { ExitCode, ItemsFailedError, UsageError } from "../errors.ts"
import type { Fingerprint, Target } from "./checkpoint.ts"
import type { HeldLock } from "./lock.ts"
import { runImport } from "./engine.ts"
import type { ImportSummary, ItemOutcome, Sender } from "./engine.ts"
import { createProgress } from "./progress.ts"
import { readCsv, readNdjson } from "./records.ts"
import type { InputRecord } from "./records.ts"
import { accountsKind, attrsKind, tagsKind } from "./rows.ts"
import type { AttrItem, RowKind, RowResult } from "./rows.ts"
import { accountsWire, attrsWire, makeSender, rowViolation, tagsWire, wirePath } from "./senders.ts"
import type { WireSpec } from "./senders.ts"
import { openInput } from "./source.ts"
import type { InputFormat } from "./source.ts"

/** Parsed flags of every import command. */
export type ImportInput = ConnectionFlagValues & {
  readonly file: string
  readonly format: Option.Option<InputFormat>
  readonly dryRun: boolean
  readonly checkpoint: Option.Option<string>
  readonly report: Option.Option<string>
  readonly concurrency: number
  readonly rateLimit: Option.Option<string>
  readonly progress: "auto" | "plain" | "none"
  readonly progressInterval: string
  readonly json: boolean
}

const parseRate = (o: Option.Option<string>): RateLimitSetting => {
  if (Option.isNone(o)) return "default"
  if (o.value === "off") return "off"
  const n = Number(o.value)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--rate-limit: expected a positive number or off, got ${o.value}`)
  return { callsPerSecond: n }
}

/** A kind plus the same one-row checks the client applies (so one bad row never sinks a request). */
const withRowChecks = <K extends EndpointKey, T>(kind: RowKind<T>, spec: WireSpec<K, T>, family: Family): RowKind<T> => {
  const check = (r: RowResult<T>): RowResult<T> => {
    if (!r.ok) return r
    const v = rowViolation(spec, r.item, family)
    return v === undefined ? r : { ok: false, code: v.code, reason: v.reason, userId: r.userId }
  }
  return { ...kind, fromCsv: (v) => check(kind.fromCsv(v)), fromJson: (v) => check(kind.fromJson(v)) }
}

const fmt = (n: number): string => n.toLocaleString("en-US")

/**
 * The checkpoint's target. A region is recorded as its primary origin, so `--region singapore`
 * and `--base-url https://adminapisgp.im.qcloud.com` are the same target; an emulator is its URL.
 */
export const targetOf = (conn: Connection): Target => ({
  sdkAppId: conn.sdkAppId,
  service: conn.baseUrl ?? `https://${regions[conn.region!].primary}`,
  family: conn.family,
})

/** What the kind-specific part of an import provides. */
interface ImportPlan<K extends EndpointKey, T> {
  readonly command: string
  readonly kind: RowKind<T>
  readonly spec: WireSpec<K, T>
  readonly options: Readonly<Record<string, string | number | boolean>>
  /** Runs once a client exists (not in dry-run): checks / sets up what rows need. */
  readonly prepare?: (client: PromiseClient) => {
    beforeRow: (item: T) => Promise<{ code: string; reason: string } | undefined>
  }
  /** Extra lines for the dry-run summary. */
  readonly dryRunNotes?: () => string[]
}

const runPlan = async <K extends EndpointKey, T>(i: ImportInput, plan: ImportPlan<K, T>, signal: AbortSignal): Promise<void> => {
  if (i.concurrency < 1 || i.concurrency > 64) throw new UsageError("--concurrency must be from 1 to 64")
  const interval = parseDurationSeconds(i.progressInterval)
  if (interval === undefined || interval <= 0) throw new UsageError(`--progress-interval: not a duration: ${i.progressInterval}`)
  const rate = parseRate(i.rateLimit)
  const stdin = i.file === "-"
  // Dry-run needs no credentials: nothing is sent.
  const conn = i.dryRun ? undefined : await resolveConnection(i, process.env, stdin)
  const family = conn?.family ?? i.family
  const input = await openInput(i.file, Option.getOrUndefined(i.format))
  const kind = withRowChecks(plan.kind, plan.spec, family)

  const named = (flag: Option.Option<string>, fallback: string | undefined) => {
    const v = Option.getOrUndefined(flag)
    return v === "none" ? undefined : v !== undefined ? path.resolve(v) : fallback
  }
  const checkpointPath = i.dryRun ? undefined : named(i.checkpoint, stdin ? undefined : `${input.name}.checkpoint.json`)
  const reportPath = i.dryRun ? undefined : named(i.report, stdin ? path.resolve("import-failures.csv") : `${input.name}.failures.csv`)
  for (const p of [checkpointPath, reportPath]) {
    if (p === undefined) continue
    try {
      fs.accessSync(path.dirname(p), fs.constants.W_OK)
    } catch {
      throw new UsageError(`cannot write ${p}: the directory is not writable (use --checkpoint / --report)`)
    }
  }
  const fingerprint: Fingerprint = {
    command: plan.command,
    input: input.name,
    format: input.format,
    size: input.size,
    mtimeMs: input.mtimeMs,
    options: plan.options,
    target: conn === undefined ? undefined : targetOf(conn),
  }

  const records: AsyncIterable<InputRecord> = input.format === "csv"
    ? readCsv(input.stream, (names) => kind.csvHeader(names))
    : readNdjson(input.stream)

  let client: PromiseClient | undefined
  let lock: HeldLock | undefined
  let sender: Sender<T>
  let beforeRow: ((item: T) => Promise<{ code: string; reason: string } | undefined>) | undefined
  const requestsPrinted = { n: 0 }
  if (i.dryRun) {
    const p = wirePath(plan.spec.key, family)
    sender = {
      maxBatch: limits.accountsPerRequest,
      send: async (items) => {
        requestsPrinted.n++
        out(JSON.stringify({ path: p, body: plan.spec.body(items) }))
        return items.map((): ItemOutcome => ({ ok: true }))
      },
    }
  } else {
    client = makeClient(conn!, rate, [plan.spec.key], Math.max(i.concurrency, 1), () => lock?.touch())
    sender = makeSender(plan.spec, client, limits.accountsPerRequest)
    beforeRow = plan.prepare?.(client).beforeRow
  }
  const onAbort = () => input.stream.destroy()
  signal.addEventListener("abort", onAbort, { once: true })

  let summary: ImportSummary
  try {
    summary = await runImport({
      kind,
      records,
      sender,
      concurrency: i.dryRun ? 1 : i.concurrency,
      checkpointPath,
      fingerprint,
      reportPath,
      onFailure: i.dryRun ? (f) => err(`line ${f.line}: ${f.userId ?? "-"}: ${f.code}: ${f.reason}`) : undefined,
      beforeRow,
      requestTimeoutMs: conn?.timeoutMillis,
      onLocked: (l) => (lock = l),
      notice: err,
      progress: (initialDone) =>
        createProgress({
          stream: process.stderr,
          totalBytes: input.size,
          intervalSeconds: interval,
          initialDone,
          mode: i.dryRun ? "none" : i.progress,
        }),
    })
  } finally {
    input.stream.destroy()
    await client?.dispose()
  }
  report(plan.command, i, summary, checkpointPath, requestsPrinted.n, plan.dryRunNotes?.() ?? [])
}

const report = (
  command: string,
  i: ImportInput,
  s: ImportSummary,
  checkpointPath: string | undefined,
  dryRequests: number,
  notes: string[],
): void => {
  const c = s.counts
  const problems = c.failed + c.bad
  if (i.json) {
    const usage = process.resourceUsage()
    const line = {
      command,
      dryRun: i.dryRun,
      rows: c.rows,
      ok: c.ok,
      failed: c.failed,
      bad: c.bad,
      requests: i.dryRun ? dryRequests : c.requests,
      resumedRows: s.resumed,
      alreadyComplete: s.alreadyComplete,
      replacedTarget: s.replacedTarget ?? null,
      waitedForKilledRunSeconds: s.waitedForStaleMs / 1000,
      seconds: s.seconds,
      waitSeconds: s.waitSeconds,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      maxRssBytes: usage.maxRSS * 1024,
      report: s.reportWritten ? s.reportPath : null,
      checkpoint: checkpointPath ?? null,
      stopped: s.abort?.message ?? null,
    }
    ;(i.dryRun ? err : out)(JSON.stringify(line))
  } else {
    const say = i.dryRun ? err : out
    if (s.alreadyComplete) say(`${command}: already complete according to ${checkpointPath}; nothing sent (delete the checkpoint to import again)`)
    const rate = s.seconds > 0 ? ` (${fmt(Math.round((c.rows - s.resumed) / s.seconds))} rows/s)` : ""
    if (i.dryRun) {
      say(`${command} --dry-run: ${fmt(c.rows)} rows: ${fmt(c.ok)} valid, ${fmt(c.bad)} bad; would send ${fmt(dryRequests)} requests`)
      for (const n of notes) say(`  ${n}`)
    } else {
      say(`${command}: ${fmt(c.rows)} rows in ${s.seconds.toFixed(1)} s${rate}: ${fmt(c.ok)} ok, ${fmt(c.failed)} failed, ${fmt(c.bad)} bad rows skipped; ${fmt(c.requests)} requests`)
      if (s.resumed > 0 && !s.alreadyComplete) say(`  resumed: ${fmt(s.resumed)} rows were already done`)
      if (s.reportWritten) say(`  failure report: ${s.reportPath}`)
      if (checkpointPath) say(`  checkpoint: ${checkpointPath}${s.abort ? "" : " (complete)"}`)
    }
  }
  if (s.abort) {
    const where = checkpointPath ? `; rerun the same command to resume from ${checkpointPath}` : ""
    const e = s.abort.exitCode === ExitCode.usage ? new UsageError(`stopped: ${s.abort.message}${where}`) : new ItemsFailedError(`stopped: ${s.abort.message}${where}`)
    throw e
  }
  if (problems > 0) {
    throw new ItemsFailedError(`${fmt(problems)} rows did not import${s.reportWritten ? ` (see ${s.reportPath})` : ""}`)
  }
}

/**
 * attrs: names must exist on the service before values can be set. CSV names come from the
 * header and are checked (or set, with --set-names) before the first row; NDJSON names appear
 * row by row and are checked (or set) as they come.
 */
const attrsPlan = (setNames: boolean): ImportPlan<"set_attr", AttrItem> => {
  const known = new Set<string>()
  let header: readonly string[] | undefined
  const kind = attrsKind((name) => setNames || known.has(name))
  const base: RowKind<AttrItem> = {
    ...kind,
    csvHeader: (names) => {
      kind.csvHeader(names)
      header = names.slice(1)
    },
  }
  return {
    command: "attrs import",
    kind: base,
    spec: attrsWire,
    options: { setNames },
    dryRunNotes: () => (setNames && header ? [`would first define attribute names: ${header.join(", ")}`] : []),
    prepare: (client) => {
      let slots: Record<string, string> | undefined
      let headerChecked = false
      const load = async () => {
        if (slots === undefined) {
          const got = await client.getAttrNames()
          slots = Object.fromEntries(Object.entries(got.names).filter(([, n]) => n !== undefined)) as Record<string, string>
          for (const n of Object.values(slots)) known.add(n)
        }
        return slots
      }
      // Sends every name, old and new: correct whether set_attr_name merges or replaces (the
      // docs do not say).
      const define = async (names: readonly string[]): Promise<string | undefined> => {
        const current = await load()
        const missing = names.filter((n) => !known.has(n))
        if (missing.length === 0) return undefined
        if (!setNames) return `attribute names not defined on the service: ${missing.join(", ")} (pass --set-names)`
        const free = limits.attrSlots.filter((s) => current[s] === undefined)
        if (free.length < missing.length) {
          return `no free attribute slot for ${missing.join(", ")} (the app has ${Object.keys(current).length} of ${limits.attrSlots.length})`
        }
        const next = { ...current }
        missing.forEach((n, k) => (next[free[k]!] = n))
        await client.setAttrNames(next)
        slots = next
        for (const n of missing) known.add(n)
        err(`defined attribute names: ${missing.map((n, k) => `${n} (slot ${free[k]})`).join(", ")}`)
        return undefined
      }
      return {
        beforeRow: async (item) => {
          if (header !== undefined && !headerChecked) {
            headerChecked = true
            const problem = await define(header)
            if (problem !== undefined) throw new UsageError(problem)
          }
          const names = Object.keys(item.attrs)
          if (names.every((n) => known.has(n))) return undefined
          const problem = await define(names)
          return problem === undefined ? undefined : { code: "unknown-attribute", reason: problem }
        },
      }
    },
  }
}


/** `accounts import`. */
export const runAccountsImport = (i: ImportInput, signal: AbortSignal): Promise<void> =>
  runPlan(i, { command: "accounts import", kind: accountsKind(), spec: accountsWire, options: {} }, signal)

/** `attrs import`. */
export const runAttrsImport = (i: ImportInput & { readonly setNames: boolean }, signal: AbortSignal): Promise<void> =>
  runPlan(i, attrsPlan(i.setNames), signal)

/** `tags import`. */
export const runTagsImport = (
  i: ImportInput & { readonly replace: boolean; readonly tagSeparator: string },
  signal: AbortSignal,
): Promise<void> => {
  if (i.tagSeparator === "") throw new UsageError("--tag-separator cannot be empty")
  if (i.replace && i.family === "all_member_push") {
    throw new UsageError("--replace needs the timpush family (the legacy add_tag has no Replace)")
  }
  return runPlan(
    i,
    {
      command: "tags import",
      kind: tagsKind({ replace: i.replace, separator: i.tagSeparator }),
      spec: tagsWire(i.replace),
      options: { replace: i.replace, tagSeparator: i.tagSeparator },
    },
    signal,
  )
}
