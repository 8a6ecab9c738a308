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
import { endpointOfPath, endpoints } from "../api/mod.ts"
import type { EndpointKey } from "../api/mod.ts"
import { AppState } from "./app-state.ts"
import type { PushTask } from "./app-state.ts"
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
   * The full state as JSON-safe data (no secrets). Held in memory whole; to save a large state
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
}

/** 9999-12-31T23:59:59.999Z: past it (or before 1970) no UserSig time can be compared. */
const MAX_CLOCK_MS = 253_402_300_799_999

const endpointArea = (key: EndpointKey): string => (endpoints[key] as { readonly area: string }).area

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
      const code = endpointArea(key) === "accounts" ? 60003 : 90001
      return { ...failAnswer(key, code, `the request body is larger than ${maxBodyBytes} bytes`), sdkAppId: auth.sdkAppId, status: 413 }
    }
    trace?.setRequestBody(body.text)
    const state = stateOf(auth.sdkAppId)
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
      return refusal ?? handleInspection(request, url, emulator)
    }
    if (method === "OPTIONS") return new Response(null, { status: 204, headers: baseHeaders() })
    if (method !== "POST") {
      log.add({ time, method, path, status: 405, code: 60002 }, trace)
      const headers = baseHeaders()
      headers.set("allow", "POST, OPTIONS")
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

  const handle = (request: Request): Promise<Response> =>
    route(request, recorder?.begin())

  const emulator: Emulator = {
    fetch: (input: Request | string | URL, init?: unknown) => handle(requestOf(input, init)),
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
      return now()
    },
    tasks: (sdkAppId) => {
      const apps = sdkAppId === undefined ? [...states.values()] : [stateOf(sdkAppId)]
      return apps.flatMap((s) => [...s.tasks.values()]).sort((a, b) => a.createdAt - b.createdAt)
    },
    task: (taskId) => {
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
      log.reset()
      offset = 0
      faults.configure(options.faults ?? {})
    },
    exportState: () => ({ version: 1, apps: [...states.values()].map((s) => s.snapshot()) }),
    importState: (input) => {
      const state = parseState(input)
      // Restore into fresh objects first, so a bad snapshot leaves the current state untouched.
      const next = state.apps.map((a) => {
        const s = new AppState(stateOf(a.sdkAppId).app)
        s.restore(a)
        return s
      })
      for (const s of next) states.set(s.sdkAppId, s)
    },
    exportStateStream: (o) => encodeState([...states.values()], o),
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
        },
        o,
      )
      for (const [id, s] of next) states.set(id, s)
      return summary
    },
    faults: {
      script: (endpoint, ...steps) => faults.script(endpoint, steps),
      configure: (o) => faults.configure(o),
      clear: () => faults.clear(),
      pending: () => faults.pending(),
    },
  }
  const consoleContext: ConsoleContext = { emulator, states, settings, faults, log, recorder: recorder! }
  return emulator
}
