/**
 * The emulator's push callbacks: `Push.AllMemberPush` events for every push and batch task, sent
 * to the configured callback URL as Tencent sends them (https://trtc.io/document/67551): up to 100
 * events per request, signed with the token (`Sign`, `RequestTime` on the emulator clock), at most
 * `rate` requests per second, retried or not as configured; every attempt is logged, failures
 * (timeouts, non-200 answers, `ErrorCode` ≠ 0, connection failures) included.
 *
 * Bounded memory, whatever the audience: events are generated a batch at a time when a batch is
 * claimed (task-sim.ts), and the only events held are those of requests in flight (at most
 * `concurrency` × `batchSize`), of failed requests waiting for a retry (new batches are not
 * claimed while `concurrency` of them wait), and the delivery log (`logEvents`, oldest dropped).
 * A million-recipient push holds its recipient bitset, not a million events (bench/emulator-callbacks.ts;
 * figures in docs/emulator.md).
 *
 * Order: the earliest due stage first (a task's sent events, then later tasks' sent events, then
 * delivered, then clicked, as their times come), recipients in account order within a stage.
 * Claiming a batch is synchronous, so several pumps (Workers requests) never send the same
 * events; a pump only awaits the requests it started itself.
 *
 * @module
 */
import { buildCallbackRequest, pushPlatformName, pushStageName, readCallbackReply } from "../callbacks/mod.ts"
import type { AllMemberPushEventInit } from "../callbacks/mod.ts"
import type { ResolvedCallbacks } from "./callback-options.ts"
import { SlidingWindow } from "./sliding-window.ts"
import type { Directory, SimEvent, StageNumber, TaskSim } from "./task-sim.ts"
import { STAGES } from "./task-sim.ts"

/** One delivery attempt as the log keeps it. */
export interface CallbackDeliveryRecord {
  /** 1, 2, 3... per attempt, in the order attempts finished. */
  readonly seq: number
  /** The app the callback was for (`SdkAppid`). */
  readonly sdkAppId: number
  /** The push task (`TaskId`), or `""` for a test callback. */
  readonly taskId: string
  /** The stage the events report (`sent`, `delivered`, `clicked`). */
  readonly stage: "sent" | "delivered" | "clicked"
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number
  /** When it was sent, epoch ms (emulator clock). */
  readonly at: number
  /** The signed `RequestTime`, unix seconds (emulator clock). */
  readonly requestTime: number
  /** Events in the request (1–100). */
  readonly eventCount: number
  /** The events sent (friendly names); absent once the log dropped them to stay within `logEvents`. */
  readonly events?: ReadonlyArray<AllMemberPushEventInit>
  /** Whether the receiver accepted it: HTTP 200 with `ErrorCode` 0. */
  readonly ok: boolean
  /** `ok`, `refused` (an answer that is not success), `timeout`, or `network` (no answer). */
  readonly outcome: "ok" | "refused" | "timeout" | "network"
  /** The HTTP status, when there was an answer. */
  readonly status?: number
  /** The receiver's `ErrorInfo`, or what went wrong (at most 200 characters). */
  readonly errorInfo: string
  /** Real milliseconds from sending to the answer. */
  readonly durationMs: number
  /** Whether another attempt follows. */
  readonly willRetry: boolean
  /** A test callback (`sendTest`), not a task's event. */
  readonly test: boolean
}

/** Which deliveries `deliveries()` lists; every given member must match. */
export interface CallbackDeliveryFilter {
  /** Only callbacks for this app. */
  readonly sdkAppId?: number
  /** Only callbacks for this push task (`TaskId`). */
  readonly taskId?: string
  /** Only callbacks of this stage. */
  readonly stage?: "sent" | "delivered" | "clicked"
  /** Only accepted (`true`) or only failed (`false`) attempts. */
  readonly ok?: boolean
  /** Only attempts with `seq` greater than this. */
  readonly afterSeq?: number
}

/** Callback counters since the start (or the last reset). */
export interface CallbackCounters {
  /** Attempts made (retries included). */
  readonly attempts: number
  /** Attempts the receiver accepted. */
  readonly delivered: number
  /** Attempts that failed (refused, timed out, or no answer). */
  readonly failed: number
  /** Retries made. */
  readonly retries: number
  /** Events the receiver accepted. */
  readonly eventsDelivered: number
  /** Events whose last attempt failed (given up). */
  readonly eventsLost: number
  /** Requests in flight now. */
  readonly inFlight: number
  /** Events held in requests in flight or waiting for a retry now. */
  readonly eventsHeld: number
  /** The most events ever held at once (bounded by `concurrency` × `batchSize` × 2). */
  readonly peakEventsHeld: number
}

/** A task stage with events left to send. */
export interface PendingCallbacks {
  /** The app. */
  readonly sdkAppId: number
  /** The push task (`TaskId`). */
  readonly taskId: string
  /** The stage whose events are left. */
  readonly stage: "sent" | "delivered" | "clicked"
  /** When the stage's events go out, epoch ms (emulator clock). */
  readonly dueAt: number
  /** Whether that time has come. */
  readonly due: boolean
  /** Events of the stage already sent (or being sent). */
  readonly sent: number
  /** Events of the stage still to send. */
  readonly remaining: number
  /** The next few of them (friendly names). */
  readonly next: ReadonlyArray<AllMemberPushEventInit>
}

/** What the emulator gives the delivery engine. */
export interface DeliveryHost {
  /** The emulator clock, epoch ms. */
  now(): number
  /** Every task that sends callbacks, with its recall time and its app's account directory. */
  tasks(): Iterable<{ readonly sim: TaskSim; readonly recalledAt: number | undefined; readonly dir: Directory }>
  /** Dispatches scheduled pushes whose time has come (they create tasks). */
  tick(): void
}

interface Batch {
  readonly sdkAppId: number
  readonly taskId: string
  readonly stage: StageNumber
  readonly events: ReadonlyArray<AllMemberPushEventInit>
  readonly attempt: number
  readonly test: boolean
}

const stageName = (s: StageNumber): "sent" | "delivered" | "clicked" => pushStageName(s) as "sent" | "delivered" | "clicked"

/** A simulated event as a callback event (friendly names, as `buildCallbackRequest` takes them). */
export const callbackEvent = (sim: TaskSim, e: SimEvent): AllMemberPushEventInit => ({
  command: "Push.AllMemberPush",
  channel: e.eventType === 1 ? "offline" : "online",
  taskId: sim.taskId,
  ...(sim.dataId !== undefined ? { dataId: sim.dataId } : {}),
  taskTime: sim.taskTime,
  eventTime: e.eventTime,
  userId: e.userId,
  platform: pushPlatformName(e.pushPlatform),
  deviceType: pushPlatformName(e.deviceType),
  stage: stageName(e.stage),
  errorCode: e.errorCode,
  errorInfo: e.errorInfo,
})

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const REPLY_CAP = 64 * 1024
const decoder = new TextDecoder()

/** The reply's text, at most `REPLY_CAP` bytes (a receiver's body is not trusted to be small). */
const replyText = async (res: Response): Promise<string> => {
  const body = res.body
  if (body === null) return ""
  const reader = body.getReader()
  const parts: Array<Uint8Array> = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parts.push(value)
      size += value.byteLength
      if (size > REPLY_CAP) {
        await reader.cancel().catch(() => {})
        break
      }
    }
  } finally {
    reader.releaseLock()
  }
  const all = new Uint8Array(Math.min(size, REPLY_CAP))
  let at = 0
  for (const p of parts) {
    const take = Math.min(p.byteLength, all.byteLength - at)
    all.set(p.subarray(0, take), at)
    at += take
  }
  return decoder.decode(all)
}

// A connection error's text may quote the URL; its Sign must not reach the log.
const scrub = (text: string): string => text.replace(/([?&]Sign=)[^&#\s"']*/gi, "$1<redacted>").slice(0, 200)

/** The delivery engine: claims due batches, sends them paced, logs every attempt. */
export class CallbackDelivery {
  readonly options: ResolvedCallbacks
  readonly #host: DeliveryHost
  #window: SlidingWindow
  #inFlight = 0
  #held = 0
  #peakHeld = 0
  readonly #retries: Array<{ readonly batch: Batch; readonly notBefore: number }> = []
  #log: Array<CallbackDeliveryRecord & { events?: ReadonlyArray<AllMemberPushEventInit> }> = []
  #logHeld = 0
  /** Records before this index hold no events. */
  #logDropped = 0
  #seq = 0
  #counters = { attempts: 0, delivered: 0, failed: 0, retries: 0, eventsDelivered: 0, eventsLost: 0 }

  constructor(options: ResolvedCallbacks, host: DeliveryHost) {
    this.options = options
    this.#host = host
    this.#window = new SlidingWindow(options.rate, 1000)
  }

  /** Forgets the log, counters, retries and pacing (in-flight requests finish unlogged). */
  reset(): void {
    this.#retries.length = 0
    this.#log = []
    this.#logHeld = 0
    this.#logDropped = 0
    this.#seq = 0
    this.#counters = { attempts: 0, delivered: 0, failed: 0, retries: 0, eventsDelivered: 0, eventsLost: 0 }
    this.#window = new SlidingWindow(this.options.rate, 1000)
    this.#held = this.#inFlight = 0
  }

  counters(): CallbackCounters {
    return { ...this.#counters, inFlight: this.#inFlight, eventsHeld: this.#held, peakEventsHeld: this.#peakHeld }
  }

  /** Logged attempts matching `filter`, oldest first. */
  deliveries(filter: CallbackDeliveryFilter = {}): Array<CallbackDeliveryRecord> {
    return this.#log.filter((r) =>
      (filter.sdkAppId === undefined || r.sdkAppId === filter.sdkAppId) &&
      (filter.taskId === undefined || r.taskId === filter.taskId) &&
      (filter.stage === undefined || r.stage === filter.stage) &&
      (filter.ok === undefined || r.ok === filter.ok) &&
      (filter.afterSeq === undefined || r.seq > filter.afterSeq)
    )
  }

  /** Task stages with events still to send, earliest first; `next` shows up to `peek` of them. */
  pending(peek = 5): Array<PendingCallbacks> {
    const now = this.#host.now()
    const out: Array<PendingCallbacks> = []
    for (const { sim, recalledAt, dir } of this.#host.tasks()) {
      for (const stage of STAGES) {
        if (sim.finished(stage) || !sim.happens(stage, recalledAt)) continue
        out.push({
          sdkAppId: sim.sdkAppId,
          taskId: sim.taskId,
          stage: stageName(stage),
          dueAt: sim.dueAt(stage),
          due: now >= sim.dueAt(stage),
          sent: sim.generated(stage),
          remaining: sim.remaining(stage, dir),
          next: sim.peek(stage, peek, dir).map((e) => callbackEvent(sim, e)),
        })
      }
    }
    return out.sort((a, b) => a.dueAt - b.dueAt)
  }

  /** Claims the next batch to send: a retry whose wait is over, else the earliest due stage's next events. */
  #claim(): Batch | undefined {
    const realNow = Date.now()
    const r = this.#retries.findIndex((x) => x.notBefore <= realNow)
    if (r >= 0) return this.#retries.splice(r, 1)[0]!.batch
    // Back-pressure: while many failed batches wait, claim nothing new.
    if (this.#retries.length >= this.options.concurrency) return undefined
    const now = this.#host.now()
    let best: { sim: TaskSim; stage: StageNumber; dir: Directory; dueAt: number } | undefined
    for (const { sim, recalledAt, dir } of this.#host.tasks()) {
      if (sim.complete) continue
      for (const stage of STAGES) {
        if (sim.finished(stage)) continue
        const dueAt = sim.dueAt(stage)
        if (now < dueAt) break
        if (!sim.happens(stage, recalledAt)) {
          sim.cancel(stage)
          continue
        }
        if (best === undefined || dueAt < best.dueAt) best = { sim, stage, dir, dueAt }
        break
      }
    }
    if (best === undefined) return undefined
    const { sim, stage } = best
    const events = sim.take(stage, this.options.batchSize, best.dir)
    // A stage can end with nobody left (accounts deleted since the push): look again.
    if (events.length === 0) return this.#claim()
    return { sdkAppId: sim.sdkAppId, taskId: sim.taskId, stage, events: events.map((e) => callbackEvent(sim, e)), attempt: 1, test: false }
  }

  /** Whether anything can be sent now, or a retry is waiting. */
  busy(): boolean {
    return this.#inFlight > 0 || this.#retries.length > 0 || this.#dueNow()
  }

  #dueNow(): boolean {
    const now = this.#host.now()
    for (const { sim } of this.#host.tasks()) {
      if (sim.complete) continue
      for (const stage of STAGES) if (!sim.finished(stage) && now >= sim.dueAt(stage)) return true
    }
    return false
  }

  /**
   * When something next becomes sendable, as a real-time delay in ms: the earliest stage due on
   * the emulator clock, or a retry's wait. Undefined when nothing is scheduled.
   */
  nextWakeMs(): number | undefined {
    const now = this.#host.now()
    let best: number | undefined
    for (const { sim } of this.#host.tasks()) {
      if (sim.complete) continue
      for (const stage of STAGES) {
        if (sim.finished(stage)) continue
        const d = sim.dueAt(stage) - now
        if (best === undefined || d < best) best = d
        break
      }
    }
    const realNow = Date.now()
    for (const r of this.#retries) {
      const d = r.notBefore - realNow
      if (best === undefined || d < best) best = d
    }
    return best === undefined ? undefined : Math.max(0, best)
  }

  /**
   * Sends everything due now, paced and `concurrency` at a time, and resolves when the requests
   * it started have been answered (with `waitForRetries`, also once failed ones were retried or
   * given up). Scheduled pushes whose time has come are dispatched first. Never rejects.
   */
  async pump(options: { readonly waitForRetries?: boolean } = {}): Promise<void> {
    this.#host.tick()
    const mine = new Set<Promise<void>>()
    for (;;) {
      if (this.#inFlight >= this.options.concurrency) {
        if (mine.size === 0) break // another pump's requests fill every slot; it carries on
        await Promise.race(mine)
        continue
      }
      const realNow = Date.now()
      if (!this.#window.canAcquire(realNow)) {
        await sleep(Math.max(1, this.#window.nextFreeAt(realNow) - realNow))
        continue
      }
      const batch = this.#claim()
      if (batch === undefined) {
        if (mine.size > 0) {
          await Promise.race(mine)
          continue
        }
        const waiting = this.#retries.length > 0 ? Math.min(...this.#retries.map((r) => r.notBefore)) - Date.now() : undefined
        if (options.waitForRetries === true && waiting !== undefined) {
          await sleep(Math.max(1, waiting))
          continue
        }
        break
      }
      this.#window.tryAcquire(realNow)
      const p: Promise<void> = this.#send(batch).then(() => {
        mine.delete(p)
      })
      mine.add(p)
    }
    await Promise.all(mine)
  }

  /** Sends one signed test callback (one `sent` event) to the callback URL now, and returns its record. */
  async sendTest(init: { readonly sdkAppId: number; readonly userId?: string; readonly events?: ReadonlyArray<AllMemberPushEventInit> }): Promise<CallbackDeliveryRecord> {
    const now = this.#host.now()
    const t = Math.floor(now / 1000)
    const events = init.events ?? [{
      command: "Push.AllMemberPush",
      channel: "offline",
      taskId: `test_${t.toString(16)}`,
      taskTime: t,
      eventTime: t,
      userId: init.userId ?? "test-user",
      platform: "apns",
      deviceType: "unknown",
      stage: "sent",
      errorCode: 0,
      errorInfo: "",
    }]
    return this.#send({ sdkAppId: init.sdkAppId, taskId: "", stage: 1, events, attempt: 1, test: true })
  }

  #hold(n: number): void {
    this.#held += n
    if (this.#held > this.#peakHeld) this.#peakHeld = this.#held
  }

  async #send(batch: Batch): Promise<CallbackDeliveryRecord> {
    this.#inFlight++
    this.#hold(batch.events.length)
    const at = this.#host.now()
    const requestTime = Math.floor(at / 1000)
    const started = Date.now()
    let outcome: CallbackDeliveryRecord["outcome"]
    let status: number | undefined
    let errorInfo = ""
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs)
    try {
      const r = buildCallbackRequest({ url: this.options.url, sdkAppId: batch.sdkAppId, token: this.options.token(), events: batch.events, requestTime })
      const res = await this.options.fetch(new Request(r.url, { method: r.method, headers: r.headers, body: r.body, signal: controller.signal }))
      status = res.status
      const reply = readCallbackReply(res.status, await replyText(res))
      outcome = reply.ok ? "ok" : "refused"
      errorInfo = reply.errorInfo
    } catch (e) {
      outcome = controller.signal.aborted ? "timeout" : "network"
      errorInfo = outcome === "timeout" ? `no answer within ${this.options.timeoutMs} ms` : scrub(e instanceof Error ? `${e.name}: ${e.message}` : String(e))
    } finally {
      clearTimeout(timer)
    }
    const ok = outcome === "ok"
    const retry = this.options.retry
    const willRetry = !ok && !batch.test && retry !== undefined && batch.attempt <= retry.times
    this.#inFlight--
    if (!willRetry) this.#held -= batch.events.length
    const c = this.#counters
    c.attempts++
    if (batch.attempt > 1) c.retries++
    if (ok) {
      c.delivered++
      c.eventsDelivered += batch.events.length
    } else {
      c.failed++
      if (!willRetry && !batch.test) c.eventsLost += batch.events.length
    }
    if (willRetry) this.#retries.push({ batch: { ...batch, attempt: batch.attempt + 1 }, notBefore: Date.now() + retry!.delayMs })
    const record: CallbackDeliveryRecord = {
      seq: ++this.#seq,
      sdkAppId: batch.sdkAppId,
      taskId: batch.taskId,
      stage: stageName(batch.stage),
      attempt: batch.attempt,
      at,
      requestTime,
      eventCount: batch.events.length,
      events: batch.events,
      ok,
      outcome,
      ...(status !== undefined ? { status } : {}),
      errorInfo,
      durationMs: Date.now() - started,
      willRetry,
      test: batch.test,
    }
    this.#record(record)
    return record
  }

  #record(r: CallbackDeliveryRecord): void {
    this.#log.push(r)
    this.#logHeld += r.eventCount
    // Past `logEvents`, the oldest records lose their events (their metadata stays); past 100,000
    // records the oldest go altogether.
    for (let i = this.#logDropped; this.#logHeld > this.options.logEvents && i < this.#log.length; i++) {
      const { events, ...meta } = this.#log[i]!
      if (events === undefined) continue
      this.#logHeld -= events.length
      this.#log[i] = meta
      this.#logDropped = i + 1
    }
    if (this.#log.length > 100_000) {
      const cut = this.#log.length - 100_000
      this.#log.splice(0, cut)
      this.#logDropped = Math.max(0, this.#logDropped - cut)
    }
  }
}
