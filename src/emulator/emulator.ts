/**
 * `createEmulator`: the runtime-neutral fetch handler plus its inspection API.
 *
 * Request flow: inspection prefix (its access rules, guard.ts) → method (OPTIONS 204, non-POST
 * 405) → path (60009) → fault decision (synchronous, so a seed replays) → URL and UserSig checks
 * → the body, read with a cap (413 past it; nothing is read before the URL and UserSig pass) →
 * dispatch → fault effects on the answer. Every application-level answer is HTTP 200 with the
 * envelope.
 *
 * @module
 */
import { endpointOfPath, endpoints, limits } from "../api/mod.ts"
import type { Endpoint, EndpointKey, SchedType } from "../api/mod.ts"
import { AppState } from "./app-state.ts"
import type { PushTask } from "./app-state.ts"
import { CallbackDelivery } from "./callback-delivery.ts"
import type { CallbackCounters, CallbackDeliveryFilter, CallbackDeliveryRecord, PendingCallbacks } from "./callback-delivery.ts"
import { resolveCallbacks } from "./callback-options.ts"
import type { CallbackDrive } from "./callback-options.ts"
import { countsOf } from "./push-stats.ts"
import type { WireCounts } from "./push-stats.ts"
import { statusOf, titleOf } from "./sched-tasks.ts"
import type { SchedStatus, SchedTask } from "./sched-tasks.ts"
import { runSchedule } from "./scheduler.ts"
import { STAGES } from "./task-sim.ts"
import { authenticate, makeVerifier } from "./auth.ts"
import type { AppVerifier } from "./auth.ts"
import { DEFAULT_MAX_BODY_BYTES, readBody } from "./body.ts"
import { dispatch, failAnswer } from "./dispatch.ts"
import { EmulatorInputError } from "./errors.ts"
import type { Answer } from "./dispatch.ts"
import { consoleKeepBodies } from "./console/context.ts"
import type { ConsoleContext } from "./console/context.ts"
import { Recorder } from "./console/recorder.ts"
import { isConsolePath, serveConsole } from "./console/serve.ts"
import type { RequestTrace } from "./console/trace.ts"
import { droppedConnection, FaultPlan } from "./faults.ts"
import type { FaultOptions, FaultStep, ResolvedFault } from "./faults.ts"
import { baseHeaders, failBody, json, requestOf } from "./http.ts"
import type { EmulatorFetch } from "./http.ts"
import { guardInspection } from "./guard.ts"
import type { InspectionOptions } from "./guard.ts"
import { handleInspection, INSPECTION_PREFIX } from "./inspect.ts"
import { resolveSettings } from "./options.ts"
import type { EmulatorOptions, ResolvedSettings } from "./options.ts"
import { RequestLog } from "./request-log.ts"
import type { RequestFilter, RequestLogEntry } from "./request-log.ts"
import { parseState } from "./snapshot.ts"
import type { EmulatorState } from "./snapshot.ts"
import { decodeState, encodeState } from "./state-stream.ts"
import type { StateExportOptions, StateImportOptions, StateImportSummary } from "./state-stream.ts"

/** One account as the inspection API shows it. */
export interface AccountView {
  /** The account's UserID. */
  readonly UserID: string
  /** Attribute name → value. */
  readonly attrs: Record<string, string>
  /** The account's tags. */
  readonly tags: ReadonlyArray<string>
}

/** A scheduled push as the inspection API shows it (the service's `TaskInfo`, plus the emulator's times). */
export interface ScheduledTaskView {
  /** The app. */
  readonly sdkAppId: number
  /** The task's id. */
  readonly TaskID: number
  /** All, Tag or User. */
  readonly Type: SchedType
  /** `pending`, `dispatching` (locked, about to go out) or `dispatched`. */
  readonly status: SchedStatus
  /** When it goes out, UTC `YYYY-MM-DD HH:MM:SS`. */
  readonly SchedAt: string
  /** The same, epoch ms. */
  readonly schedAtMs: number
  /** Creation, UTC `YYYY-MM-DD HH:MM:SS`. */
  readonly CreateAt: string
  /** Creation, epoch ms. */
  readonly createdAt: number
  /** The offline notification's title. */
  readonly Title: string
  /** The offline notification's description. */
  readonly Desc: string
  /** The push it sends (wire names). */
  readonly Content: Record<string, unknown>
  /** When it was dispatched, epoch ms. */
  readonly dispatchedAt?: number
  /** 1 once its push was created. */
  readonly DispatchSuccess: number
  /** Why its push was refused (`"<ErrorCode>: <ErrorInfo>"`), or `""`. */
  readonly DispatchErr: string
  /** The push's `TaskId` once dispatched, or `""`. */
  readonly PushTaskID: string
}

/** One stage of a push task's simulated deliveries. */
export interface TaskStageView {
  /** `sent`, `delivered` or `clicked`. */
  readonly stage: "sent" | "delivered" | "clicked"
  /** When its events go out, epoch ms (emulator clock). */
  readonly dueAt: number
  /** Whether that time has come. */
  readonly due: boolean
  /** False when the task was recalled before the stage was due (it never happens). */
  readonly happens: boolean
  /** Events generated so far (sent as callbacks, or counted). */
  readonly generated: number
  /** Whether every event of the stage has been generated. */
  readonly finished: boolean
}

/** A push task's simulated deliveries: stages, statistics, and the callbacks sent for it. */
export interface TaskDeliveriesView {
  /** The push task. */
  readonly taskId: string
  /** The app. */
  readonly sdkAppId: number
  /** Whether its events go out as callbacks (a callback URL was configured when it was created). */
  readonly callbacks: boolean
  /** Recipients frozen when it was created. */
  readonly recipients: number
  /** Its three stages. */
  readonly stages: ReadonlyArray<TaskStageView>
  /** Its statistics so far, as all_member_push_statistics answers them (wire names). */
  readonly statistics: WireCounts
  /** The callback attempts for it still in the log, oldest first. */
  readonly deliveries: ReadonlyArray<CallbackDeliveryRecord>
}

/** What a `flush()` sent. */
export interface CallbackFlushResult {
  /** Requests made (retries included). */
  readonly attempts: number
  /** Requests the receiver accepted. */
  readonly delivered: number
  /** Requests that failed. */
  readonly failed: number
  /** Events the receiver accepted. */
  readonly eventsDelivered: number
  /** Events given up on (their last attempt failed). */
  readonly eventsLost: number
}

/** The callback settings as shown (never the token). */
export interface CallbackSettingsView {
  /** The callback URL. */
  readonly url: string
  /** Requests per second, at most. */
  readonly rate: number
  /** Events per request. */
  readonly batchSize: number
  /** Requests in flight at once. */
  readonly concurrency: number
  /** How long a receiver may take, ms. */
  readonly timeoutMs: number
  /** Retries of a failed request, or undefined for none. */
  readonly retry: { readonly times: number; readonly delayMs: number } | undefined
  /** Who sends them. */
  readonly drive: CallbackDrive
  /** Events kept in the delivery log. */
  readonly logEvents: number
}

/** The emulator's push callbacks: flush, inspect, and send a test callback. */
export interface EmulatorCallbacks {
  /** Whether a callback URL is configured. */
  readonly enabled: boolean
  /** The settings (no token), or undefined when off. */
  readonly settings: CallbackSettingsView | undefined
  /**
   * Dispatches due scheduled pushes, sends every callback due on the emulator clock, waits for
   * retries, and resolves with what was sent. Resolves at once with zeros when callbacks are off.
   */
  flush(): Promise<CallbackFlushResult>
  /** Logged attempts, oldest first (events kept for the last `logEvents` events). */
  deliveries(filter?: CallbackDeliveryFilter): Array<CallbackDeliveryRecord>
  /** Task stages with callbacks still to send, earliest first, each with its next `peek` events (default 5). */
  pending(peek?: number): Array<PendingCallbacks>
  /** Counters since the start or the last reset. */
  counters(): CallbackCounters
  /**
   * Sends one signed test callback (a `sent` event for `userId`, default `"test-user"`, of app
   * `sdkAppId`, default the first app) to the callback URL now and resolves with its record.
   * Rejects with `EmulatorInputError` when callbacks are off. Not counted in any statistics.
   */
  sendTest(init?: { readonly sdkAppId?: number; readonly userId?: string }): Promise<CallbackDeliveryRecord>
}

/** Runtime control of faults. */
export interface FaultControl {
  /** Appends scripted steps for the next calls to `endpoint` (or `"*"`: any endpoint). */
  script(endpoint: EndpointKey | "*", ...steps: ReadonlyArray<FaultStep>): void
  /** Replaces every fault setting (and reseeds the PRNG). */
  configure(options: FaultOptions<EndpointKey>): void
  /** Turns every fault off. */
  clear(): void
  /** Scripted steps still pending, per endpoint. */
  pending(): Record<string, number>
}

/** A running emulator: a fetch handler and the inspection API. */
export interface Emulator {
  /**
   * The handler: `Deno.serve(em.fetch)`, `Bun.serve({ fetch: em.fetch })`,
   * `export default { fetch: em.fetch }`. It is also a drop-in `fetch` (`em.fetch(url, init)`),
   * so it can be given to the client as is: `createClient({ ..., fetch: em.fetch })`.
   */
  readonly fetch: EmulatorFetch
  /** The apps served (no secret keys). */
  readonly apps: ReadonlyArray<{ readonly sdkAppId: number; readonly admins: ReadonlyArray<string> }>
  /** The emulator clock, epoch ms. */
  now(): number
  /**
   * Moves the clock by `ms` (may be negative); returns the new time. Throws
   * `EmulatorInputError` unless `ms` is finite and the new time is within 0..year 9999.
   */
  advanceClock(ms: number): number
  /** Push and batch tasks, oldest first (all apps, or one). */
  tasks(sdkAppId?: number): Array<PushTask>
  /** One task by TaskId. */
  task(taskId: string): PushTask | undefined
  /** One account's attributes (by name) and tags, or undefined when not imported. */
  account(sdkAppId: number, userId: string): AccountView | undefined
  /** Number of imported accounts in an app. */
  accountCount(sdkAppId: number): number
  /** Logged requests matching `filter`, oldest first. */
  requests(filter?: RequestFilter): Array<RequestLogEntry>
  /** How many logged requests match `filter`. */
  countRequests(filter?: RequestFilter): number
  /** Empties the request log. */
  clearRequests(): void
  /** Back to a fresh start: every app's state, the log, the clock offset and faults. */
  reset(): void
  /**
   * The full state as JSON-safe data (no secrets): accounts, push tasks, scheduled pushes and
   * each push task's delivery counts (docs/emulator.md, "What a state keeps of the push
   * lifecycle"); scheduled pushes already due go out first. Held in memory whole; to save a large state
   * (past ~3 million accounts one `JSON.stringify` of it exceeds V8's string limit), use
   * `exportStateStream`.
   */
  exportState(): EmulatorState
  /** Replaces the state of the apps in `state` (validated; throws `TypeError` when malformed). */
  importState(state: unknown): void
  /**
   * The full state as a byte stream: NDJSON by default (one record per line, any size), or the
   * `exportState()` JSON document with `{ format: "json" }`; never one string. To save it to a
   * file on Node: `await pipeline(Readable.fromWeb(em.exportStateStream()), createWriteStream(tmp))`,
   * then rename `tmp` over the target. See docs/emulator.md ("State files").
   */
  exportStateStream(options?: StateExportOptions): ReadableStream<Uint8Array>
  /**
   * Replaces the state of the apps in a state stream (NDJSON or a version-1 JSON document, told
   * apart by their first bytes). Memory holds one record besides the state being built; the new
   * state replaces the current one only after the whole stream was read and checked (an NDJSON
   * stream must end with its `end` record, so a cut file changes nothing). Rejects with
   * `EmulatorInputError` naming the line of the first problem. Accepts a `ReadableStream` or
   * any async iterable of bytes (a Node file stream).
   */
  importStateStream(
    stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
    options?: StateImportOptions,
  ): Promise<StateImportSummary>
  /** Fault injection at run time (script, rate, pause). */
  readonly faults: FaultControl
  /** Scheduled pushes, oldest first (all apps, or one). */
  scheduledTasks(sdkAppId?: number): Array<ScheduledTaskView>
  /** One scheduled push, or undefined. */
  scheduledTask(sdkAppId: number, taskId: number): ScheduledTaskView | undefined
  /** A push task's simulated deliveries (stages, statistics, callbacks sent), or undefined when unknown. */
  taskDeliveries(taskId: string): TaskDeliveriesView | undefined
  /** Push callbacks: flush, inspect, test. */
  readonly callbacks: EmulatorCallbacks
}

/** 9999-12-31T23:59:59.999Z: past it (or before 1970) no UserSig time can be compared. */
const MAX_CLOCK_MS = 253_402_300_799_999

const invalidJsonCode = (key: EndpointKey): number => (endpoints[key] as Endpoint).invalidJsonCode

interface WaitUntil {
  readonly waitUntil: (promise: Promise<unknown>) => void
}
const hasWaitUntil = (x: unknown): x is WaitUntil =>
  typeof x === "object" && x !== null && typeof (x as { waitUntil?: unknown }).waitUntil === "function"

/** How long a `"request"`-driven delivery may wait for the next stage inside one request's waitUntil. */
const REQUEST_LINGER_MS = 20_000

/** A byte stream over any async iterable of bytes (a Node file stream, a generator). */
const streamOf = (source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> => {
  const it = source[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await it.next()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    async cancel() {
      await it.return?.()
    },
  })
}

const BAD_GATEWAY = "<html><body><h1>502 Bad Gateway</h1></body></html>"

const badGateway = (trace: RequestTrace | undefined): Response => {
  trace?.answered(BAD_GATEWAY, "text/html")
  return new Response(BAD_GATEWAY, { status: 502, headers: { "content-type": "text/html" } })
}

/** The answer of an `error-91000` fault (batch keeps `TaskId: ""`). */
const internalError = (key: EndpointKey): Record<string, unknown> =>
  failAnswer(key, 91000, "internal error, please retry (emulator fault)").body

/** An HTTP 200 whose JSON body is cut in half (a connection that closed mid-body). */
const truncated = (body: unknown, trace: RequestTrace | undefined): Response => {
  const text = JSON.stringify(body)
  const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)))
  trace?.answered(cut, "application/json; charset=utf-8")
  return new Response(cut, { status: 200, headers: baseHeaders() })
}

const sleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(signal!.reason)
    }
    signal?.addEventListener("abort", onAbort, { once: true })
  })

/**
 * Creates an in-memory emulator of the push and account REST APIs.
 *
 * @example
 * ```ts
 * import { createEmulator } from "tencent-chat-push/emulator"
 * const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "k", admins: ["administrator"] }] })
 * Deno.serve(em.fetch)
 * ```
 */
export const createEmulator = (options: EmulatorOptions): Emulator => {
  if (options.apps.length === 0) throw new TypeError("createEmulator: at least one app is required")
  const settings: ResolvedSettings = resolveSettings(options)
  const strictQuery = options.strictQuery ?? true
  const inspection: InspectionOptions | undefined =
    options.inspection === false ? undefined : options.inspection === true || options.inspection === undefined ? {} : options.inspection
  if (inspection?.token !== undefined && (typeof inspection.token !== "string" || inspection.token.length < 8)) {
    throw new EmulatorInputError("inspection.token", "inspection.token must be a string of at least 8 characters")
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new EmulatorInputError("maxBodyBytes", "maxBodyBytes must be a positive integer")
  }
  const skew = options.userSigClockSkewSeconds ?? 300
  if (!Number.isSafeInteger(skew) || skew < 0) {
    throw new EmulatorInputError("userSigClockSkewSeconds", "userSigClockSkewSeconds must be a non-negative integer")
  }
  const baseNow = options.now ?? Date.now
  let offset = 0
  const now = () => baseNow() + offset

  const verifiers = new Map<number, AppVerifier>()
  const states = new Map<number, AppState>()
  for (const app of options.apps) {
    if (states.has(app.sdkAppId)) throw new TypeError(`createEmulator: duplicate sdkAppId ${app.sdkAppId}`)
    verifiers.set(app.sdkAppId, makeVerifier(app, skew))
    states.set(app.sdkAppId, new AppState(app))
  }
  const log = new RequestLog(options.requestLogLimit ?? 100_000)
  const faults = new FaultPlan<EndpointKey>(options.faults)
  if (!Number.isSafeInteger(settings.limits.schedLockMs) || settings.limits.schedLockMs < 0) {
    throw new EmulatorInputError("limits.schedLockMs", "limits.schedLockMs must be a non-negative integer")
  }

  /** Dispatches the scheduled pushes whose time has come, in every app. */
  const tick = (): void => {
    const at = now()
    for (const s of states.values()) if (s.sched.size > 0) runSchedule(s, at, settings)
  }

  const delivery = options.callbacks === undefined
    ? undefined
    : new CallbackDelivery(resolveCallbacks(options.callbacks), {
      now,
      tick,
      tasks: function*() {
        for (const s of states.values()) {
          for (const sim of s.sims.values()) if (sim.deliver) yield { sim, recalledAt: s.tasks.get(sim.taskId)?.recalledAt, dir: s.data }
        }
      },
    })
  const drive: CallbackDrive | undefined = delivery?.options.drive

  // ---- who sends due callbacks: background timers, a request's waitUntil, or flush() ----
  let background: Promise<void> | undefined
  let again = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let lingering = false

  /** The next moment something is due, as a real-time delay (the emulator clock is assumed to run). */
  const nextWakeMs = (): number | undefined => {
    const at = now()
    let next = delivery?.nextWakeMs()
    for (const s of states.values()) {
      const change = s.sched.nextChange(at, 0)
      if (change !== undefined && (next === undefined || change - at < next)) next = change - at
    }
    return next
  }

  const armTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const delay = nextWakeMs()
    if (delay === undefined || delay > 2_147_483_647) return
    const armedAt = now()
    timer = setTimeout(() => {
      timer = undefined
      // A frozen emulator clock never reaches a future due time: stop until it is moved.
      if (now() === armedAt && delay > 0 && !(delivery?.busy() ?? false)) return
      wake()
    }, Math.max(1, delay))
    // Never keep a process alive just to send callbacks (Node, Bun, Deno timers have unref).
    ;(timer as { unref?: () => void }).unref?.()
  }

  /** Timers drive: run the background pump now (or again once the current run ends). */
  const wake = (): void => {
    if (drive !== "timers" || delivery === undefined) return
    if (background !== undefined) {
      again = true
      return
    }
    background = delivery.pump().finally(() => {
      background = undefined
      if (again) {
        again = false
        wake()
      } else armTimer()
    })
  }

  /** After a request: timers wake the pump; a Workers request keeps what is due alive with its waitUntil. */
  const afterRequest = (context: ReadonlyArray<unknown>): void => {
    if (delivery === undefined) return
    if (drive === "timers") {
      setTimeout(wake, 0)
      return
    }
    if (drive !== "request") return
    const keepAlive = context.find(hasWaitUntil)
    if (keepAlive === undefined) return
    tick()
    const next = nextWakeMs()
    if (!delivery.busy() && (lingering || next === undefined || next > REQUEST_LINGER_MS)) return
    const linger = !lingering
    if (linger) lingering = true
    keepAlive.waitUntil((async () => {
      const until = Date.now() + (linger ? REQUEST_LINGER_MS : 0)
      try {
        for (;;) {
          await delivery.pump()
          const wait = nextWakeMs()
          if (wait === undefined || Date.now() + wait > until) break
          const before = now()
          await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait)))
          // A frozen emulator clock never reaches a future due time: end the request's wait
          // instead of holding it for the whole linger (a later request or flush() sends).
          if (now() === before && wait > 0 && !delivery.busy()) break
          tick()
        }
      } finally {
        if (linger) lingering = false
      }
    })())
  }

  /**
   * After an import: a restored task whose time passed while the state was saved goes out on the
   * next tick (the next request, clock move or flush); on timers, the timer is armed for the
   * restored tasks' times.
   */
  const restored = (): void => {
    if (drive === "timers") wake()
  }

  // The console's bookkeeping (durations, counters, recent bodies); off with the inspection API.
  const recorder = inspection && options.console !== false ? new Recorder(log.limit, consoleKeepBodies(options.console)) : undefined
  log.observer = recorder

  const stateOf = (sdkAppId: number): AppState => {
    const s = states.get(sdkAppId)
    if (s === undefined) throw new RangeError(`no app with sdkAppId ${sdkAppId}`)
    return s
  }

  /** Auth + dispatch for a routed request; never throws for client mistakes. */
  const answer = async (
    request: Request,
    url: URL,
    key: EndpointKey,
    family: "timpush" | "all_member_push",
    trace: RequestTrace | undefined,
  ): Promise<Answer & { sdkAppId?: number; status?: number }> => {
    const at = now()
    const auth = authenticate(url.searchParams, verifiers, at, strictQuery)
    if ("code" in auth) {
      return { ...failAnswer(key, auth.code, auth.info), ...(auth.sdkAppId !== undefined ? { sdkAppId: auth.sdkAppId } : {}) }
    }
    const body = await readBody(request, maxBodyBytes)
    if ("tooLarge" in body) {
      // An HTTP-level refusal (like 405), with the envelope of an unusable body.
      const code = invalidJsonCode(key)
      return { ...failAnswer(key, code, `the request body is larger than ${maxBodyBytes} bytes`), sdkAppId: auth.sdkAppId, status: 413 }
    }
    trace?.setRequestBody(body.text)
    const state = stateOf(auth.sdkAppId)
    // Scheduled pushes whose time has come go out before this request is answered.
    tick()
    return {
      ...dispatch({ key, family, auth, state, bodyText: body.text, bodyBytes: body.bytes, now: now(), settings }),
      sdkAppId: auth.sdkAppId,
    }
  }

  const route = async (request: Request, trace: RequestTrace | undefined): Promise<Response> => {
    const url = new URL(request.url)
    if (trace !== undefined) trace.search = url.search
    const time = now()
    const method = request.method.toUpperCase()
    const path = url.pathname
    if (inspection !== undefined && (path === INSPECTION_PREFIX || path.startsWith(`${INSPECTION_PREFIX}/`))) {
      const refusal = guardInspection(request, url, inspection)
      if (recorder !== undefined && isConsolePath(path)) return serveConsole(request, url, refusal, consoleContext)
      if (refusal !== undefined) return refusal
      tick()
      return handleInspection(request, url, emulator)
    }
    if (method === "OPTIONS") return new Response(null, { status: 204, headers: baseHeaders() })
    if (method !== "POST") {
      log.add({ time, method, path, status: 405, code: 60002 }, trace)
      const headers = { ...baseHeaders(), allow: "POST, OPTIONS" }
      return json(failBody(60002, `method ${method} is not allowed: the REST APIs are POST only`), 405, headers, trace)
    }
    const match = endpointOfPath(path)
    if (match === undefined) {
      log.add({ time, method, path, status: 200, code: 60009 }, trace)
      return json(failBody(60009, `unknown path ${path}`), 200, undefined, trace)
    }
    const { key, family } = match
    // Decided synchronously, before any await, so a seed replays the same faults.
    const fault: ResolvedFault | undefined = faults.next(key)
    const claimedApp = url.searchParams.get("sdkappid")
    const entry = {
      time,
      method,
      path,
      endpoint: key,
      family,
      // Logged before auth so faulted calls can be filtered by app; auth may still reject it.
      ...(claimedApp !== null && /^[0-9]+$/.test(claimedApp) ? { sdkAppId: Number(claimedApp) } : {}),
      ...(fault ? { fault: fault.kind } : {}),
    }
    if (fault !== undefined && !fault.executed) {
      // The request never reaches the service (or, for a delay, only after the wait).
      if (fault.kind === "error-91000") {
        log.add({ ...entry, status: 200, code: 91000 }, trace)
        return json(internalError(key), 200, undefined, trace)
      }
      if (fault.kind === "http-502") {
        log.add({ ...entry, status: 502 }, trace)
        return badGateway(trace)
      }
      if (fault.kind === "drop") {
        log.add(entry, trace)
        throw droppedConnection()
      }
      if (fault.kind === "truncated-json") {
        log.add({ ...entry, status: 200, code: 91000 }, trace)
        return truncated(internalError(key), trace)
      }
      try {
        await sleep(fault.delayMs, request.signal)
      } catch (e) {
        log.add(entry, trace)
        throw e
      }
    }
    const result = await answer(request, url, key, family, trace)
    const logged = { ...entry, ...(result.sdkAppId !== undefined ? { sdkAppId: result.sdkAppId } : {}), code: result.code }
    if (fault === undefined || !fault.executed || result.status !== undefined) {
      log.add({ ...logged, status: result.status ?? 200 }, trace)
      return json(result.body, result.status ?? 200, undefined, trace)
    }
    // The request was executed; the fault hits the answer.
    switch (fault.kind) {
      case "delay":
        log.add({ ...logged, status: 200 }, trace)
        await sleep(fault.delayMs, request.signal)
        return json(result.body, 200, undefined, trace)
      case "truncated-json":
        log.add({ ...logged, status: 200 }, trace)
        return truncated(result.body, trace)
      case "drop":
        log.add(logged, trace)
        throw droppedConnection()
      case "http-502":
        log.add({ ...logged, status: 502 }, trace)
        return badGateway(trace)
      case "error-91000":
        log.add({ ...logged, status: 200 }, trace)
        return json(internalError(key), 200, undefined, trace)
    }
  }

  const scheduledView = (t: SchedTask): ScheduledTaskView => ({
    sdkAppId: t.sdkAppId,
    TaskID: t.TaskID,
    Type: t.Type,
    status: statusOf(t, now(), settings.limits.schedLockMs),
    SchedAt: t.SchedAt,
    schedAtMs: t.schedAtMs,
    CreateAt: t.CreateAt,
    createdAt: t.createdAt,
    ...titleOf(t),
    Content: t.Content,
    ...(t.dispatchedAt !== undefined ? { dispatchedAt: t.dispatchedAt } : {}),
    DispatchSuccess: t.DispatchSuccess,
    DispatchErr: t.DispatchErr,
    PushTaskID: t.PushTaskID,
  })

  const flush = async (): Promise<CallbackFlushResult> => {
    tick()
    if (delivery === undefined) return { attempts: 0, delivered: 0, failed: 0, eventsDelivered: 0, eventsLost: 0 }
    const before = delivery.counters()
    // Another pump (the timers' own) may hold some requests: wait for it as well, then re-check.
    for (let round = 0; round < 1000; round++) {
      await delivery.pump({ waitForRetries: true })
      if (background !== undefined) await background
      if (!delivery.busy()) break
    }
    const after = delivery.counters()
    return {
      attempts: after.attempts - before.attempts,
      delivered: after.delivered - before.delivered,
      failed: after.failed - before.failed,
      eventsDelivered: after.eventsDelivered - before.eventsDelivered,
      eventsLost: after.eventsLost - before.eventsLost,
    }
  }

  const callbacks: EmulatorCallbacks = {
    enabled: delivery !== undefined,
    settings: delivery === undefined ? undefined : (() => {
      const o = delivery.options
      return { url: o.url, rate: o.rate, batchSize: o.batchSize, concurrency: o.concurrency, timeoutMs: o.timeoutMs, retry: o.retry, drive: o.drive, logEvents: o.logEvents }
    })(),
    flush,
    deliveries: (filter) => delivery?.deliveries(filter) ?? [],
    pending: (peek) => {
      tick()
      return delivery?.pending(peek) ?? []
    },
    counters: () => delivery?.counters() ?? { attempts: 0, delivered: 0, failed: 0, retries: 0, eventsDelivered: 0, eventsLost: 0, inFlight: 0, eventsHeld: 0, peakEventsHeld: 0 },
    sendTest: async (init = {}) => {
      if (delivery === undefined) throw new EmulatorInputError("callbacks", "no callback URL is configured (createEmulator({ callbacks: { url, token } }))")
      const sdkAppId = init.sdkAppId ?? options.apps[0]!.sdkAppId
      stateOf(sdkAppId)
      if (init.userId !== undefined && (typeof init.userId !== "string" || init.userId.length === 0 || init.userId.length > 128)) {
        throw new EmulatorInputError("userId", "userId must be a non-empty string of at most 128 characters")
      }
      return delivery.sendTest({ sdkAppId, ...(init.userId !== undefined ? { userId: init.userId } : {}) })
    },
  }

  const handle = (request: Request): Promise<Response> =>
    route(request, recorder?.begin())

  const emulator: Emulator = {
    fetch: (input: Request | string | URL, init?: unknown, ...rest: ReadonlyArray<unknown>) => {
      const answer = handle(requestOf(input, init))
      if (delivery === undefined) return answer
      return answer.finally(() => afterRequest([init, ...rest]))
    },
    apps: options.apps.map((a) => ({ sdkAppId: a.sdkAppId, admins: [...a.admins] })),
    now,
    advanceClock: (ms) => {
      if (typeof ms !== "number" || !Number.isFinite(ms)) {
        throw new EmulatorInputError("advanceMs", `advanceClock: ${String(ms).slice(0, 40)} is not a finite number of ms`)
      }
      const next = now() + ms
      if (!(next >= 0 && next <= MAX_CLOCK_MS)) {
        throw new EmulatorInputError("advanceMs", `advanceClock: moving by ${ms} ms would put the clock outside 1970..9999 (it is ${now()})`)
      }
      offset += ms
      tick()
      if (drive === "timers") wake()
      return now()
    },
    tasks: (sdkAppId) => {
      tick()
      const apps = sdkAppId === undefined ? [...states.values()] : [stateOf(sdkAppId)]
      return apps.flatMap((s) => [...s.tasks.values()]).sort((a, b) => a.createdAt - b.createdAt)
    },
    task: (taskId) => {
      tick()
      for (const s of states.values()) {
        const t = s.tasks.get(taskId)
        if (t) return t
      }
      return undefined
    },
    account: (sdkAppId, userId) => {
      const data = stateOf(sdkAppId).data
      if (!data.hasAccount(userId)) return undefined
      return { UserID: userId, attrs: data.getAttrs(userId), tags: [...data.getTags(userId)] }
    },
    accountCount: (sdkAppId) => stateOf(sdkAppId).data.accountCount,
    requests: (filter) => log.list(filter),
    countRequests: (filter) => log.list(filter).length,
    clearRequests: () => log.clear(),
    reset: () => {
      for (const s of states.values()) s.reset()
      delivery?.reset()
      log.reset()
      offset = 0
      faults.configure(options.faults ?? {})
    },
    exportState: () => {
      // Scheduled pushes whose time has come go out first, so the state holds what they did.
      tick()
      return { version: 1, apps: [...states.values()].map((s) => s.snapshot()) }
    },
    importState: (input) => {
      const state = parseState(input)
      // Restore into fresh objects first, so a bad snapshot leaves the current state untouched.
      const next = state.apps.map((a) => {
        const s = new AppState(stateOf(a.sdkAppId).app)
        s.restore(a, settings.simulation)
        return s
      })
      for (const s of next) states.set(s.sdkAppId, s)
      restored()
    },
    exportStateStream: (o) => {
      tick()
      return encodeState([...states.values()], o)
    },
    importStateStream: async (input, o) => {
      const stream = input instanceof ReadableStream ? input : streamOf(input)
      const next = new Map<number, AppState>()
      let current: AppState | undefined
      const summary = await decodeState(
        stream,
        {
          app: (header) => {
            const configured = states.get(header.sdkAppId)
            if (configured === undefined) {
              throw new EmulatorInputError("sdkAppId", `the state has app ${header.sdkAppId}, which this emulator does not serve`)
            }
            if (next.has(header.sdkAppId)) throw new EmulatorInputError("sdkAppId", `the state has app ${header.sdkAppId} twice`)
            current = new AppState(configured.app)
            current.restoreHeader(header)
            next.set(header.sdkAppId, current)
          },
          account: (a) => {
            try {
              current!.data.importAccountSnapshot(a)
            } catch (e) {
              throw new EmulatorInputError("account", `invalid emulator state: ${e instanceof Error ? e.message : String(e)}`)
            }
          },
          task: (t) => current!.restoreTask(t),
          sched: (t, where) => current!.restoreSched(t, where),
          delivery: (d, where) => current!.restoreDelivery(d, where, settings.simulation),
        },
        o,
      )
      for (const [id, s] of next) states.set(id, s)
      restored()
      return summary
    },
    scheduledTasks: (sdkAppId) => {
      tick()
      const apps = sdkAppId === undefined ? [...states.values()] : [stateOf(sdkAppId)]
      return apps.flatMap((s) => s.sched.all().map(scheduledView)).sort((a, b) => a.createdAt - b.createdAt || a.TaskID - b.TaskID)
    },
    scheduledTask: (sdkAppId, taskId) => {
      tick()
      const t = stateOf(sdkAppId).sched.get(taskId)
      return t === undefined ? undefined : scheduledView(t)
    },
    taskDeliveries: (taskId) => {
      tick()
      for (const s of states.values()) {
        const sim = s.sims.get(taskId)
        if (sim === undefined) continue
        const at = now()
        s.settle(at, limits.lossRangeSeconds * 1000)
        const recalledAt = s.tasks.get(taskId)?.recalledAt
        return {
          taskId,
          sdkAppId: s.sdkAppId,
          callbacks: sim.deliver,
          recipients: sim.recipientCount,
          stages: STAGES.map((stage) => ({
            stage: (["sent", "delivered", "clicked"] as const)[stage - 1]!,
            dueAt: sim.dueAt(stage),
            due: at >= sim.dueAt(stage),
            happens: sim.happens(stage, recalledAt),
            generated: sim.generated(stage),
            finished: sim.finished(stage),
          })),
          statistics: countsOf([sim]),
          deliveries: delivery?.deliveries({ taskId }) ?? [],
        }
      }
      return undefined
    },
    callbacks,
    faults: {
      script: (endpoint, ...steps) => faults.script(endpoint, steps),
      configure: (o) => faults.configure(o),
      clear: () => faults.clear(),
      pending: () => faults.pending(),
    },
  }
  const consoleContext: ConsoleContext = { emulator, states, settings, faults, log, recorder: recorder!, callbacks: delivery?.options }
  return emulator
}
