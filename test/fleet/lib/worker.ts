/**
 * One process of a test fleet: `node worker.ts <store>` where `<store>` is a `redis://` URL or
 * `memory`. It reads jobs as JSON lines on stdin and answers each with one JSON line on stdout,
 * so a test starts its processes once and runs several scenarios on them. Each job builds a
 * Promise client on the worker's store (connected and its scripts loaded before `startAt`),
 * waits until `startAt` (every process of the fleet gets the same one), runs, and reports what
 * each call returned. The limits themselves are measured by the test at the emulator.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Duration from "effect/Duration"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { createInterface } from "node:readline"
import { ChatStore, createClient, memoryStore } from "../../../src/client/mod.ts"
import type { ChatStoreShape, ClientOptions, PromiseClient } from "../../../src/client/mod.ts"
import { redisStoreFromUrl } from "../../../src/node/redis.ts"

/** A job, as the test sends it. */
export interface Job {
  readonly id: number
  readonly scenario: "rate" | "batch" | "push" | "revoke" | "idempotent" | "loop"
  readonly startAt: number
  readonly client: Pick<ClientOptions, "sdkAppId" | "secretKey" | "adminId" | "baseUrl" | "rateLimits" | "idempotency">
  /** Calls to make (rate, batch, push). */
  readonly calls?: number
  /** Calls in flight at once. */
  readonly concurrency?: number
  /** revoke: the tasks to recall. idempotent: the keys. */
  readonly items?: ReadonlyArray<string>
  /** loop: stop issuing calls at this time. */
  readonly until?: number
}

/** One call's outcome. */
export interface CallOutcome {
  readonly ok: boolean
  readonly start: number
  readonly end: number
  /** Success: the TaskId, if any. Failure: `_tag`, and `kind` when the error has one. */
  readonly value?: string
  readonly tag?: string
  readonly kind?: string
  readonly msgRandom?: number
  readonly code?: number
  readonly detail?: string
}

const storeArg = process.argv[2] ?? "memory"
const storeRuntime = ManagedRuntime.make(storeArg === "memory" ? memoryStore() : redisStoreFromUrl(storeArg))
const store: ChatStoreShape = await storeRuntime.runPromise(Effect.service(ChatStore))
const storeLayer = Layer.succeed(ChatStore, store)

const text = [{ MsgType: "TIMTextElem" as const, MsgContent: { Text: "fleet" } }]

const outcome = async (call: () => Promise<unknown>): Promise<CallOutcome> => {
  const start = Date.now()
  try {
    const v = (await call()) as { taskId?: string } | undefined
    return { ok: true, start, end: Date.now(), ...(typeof v?.taskId === "string" ? { value: v.taskId } : {}) }
  } catch (e) {
    const err = e as { _tag?: string; kind?: string; msgRandom?: number; message?: string; code?: number }
    return {
      ok: false,
      start,
      end: Date.now(),
      tag: err._tag ?? String(err.message ?? e),
      ...(err.kind === undefined ? {} : { kind: err.kind }),
      ...(err.msgRandom === undefined ? {} : { msgRandom: err.msgRandom }),
      ...(err.code === undefined ? {} : { code: err.code }),
      detail: String(err.message ?? e),
    }
  }
}

/** Runs `n` calls with at most `concurrency` in flight. */
const pool = async (n: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<Array<CallOutcome>> => {
  const out: Array<CallOutcome> = new Array(n)
  let next = 0
  const lane = async () => {
    while (next < n) {
      const i = next++
      out[i] = await outcome(() => call(i))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane))
  return out
}

const warmUp = () =>
  storeRuntime.runPromise(Effect.all([
    store.limits.tokenBucket({ key: `warm:${process.pid}`, tokens: 1, limit: 1, refillRate: Duration.millis(1), allowOverflow: false }),
    store.limits.fixedWindow({ key: `warm:${process.pid}:q`, tokens: 1, refillRate: Duration.millis(1), limit: 1 }),
    store.claims.claim(`warm:${process.pid}:c`, "x", 1),
    store.claims.settle(`warm:${process.pid}:c`, "y", undefined, 1),
  ]))

const run = async (job: Job, chat: PromiseClient): Promise<ReadonlyArray<CallOutcome>> => {
  const n = job.calls ?? 0
  const c = job.concurrency ?? 1
  switch (job.scenario) {
    case "rate":
      // `call` is never coalesced: one call, one request.
      return pool(n, c, (i) => chat.call("get_tag", { To_Account: [`u${process.pid}-${i}`] }))
    case "batch":
      return pool(n, c, (i) => chat.pushToUsers({ from: "administrator", userIds: [`u${process.pid}-${i}`], offlinePush: { Title: "t", Desc: "d" } }))
    case "push":
      return pool(n, c, () => chat.push({ message: text }))
    case "revoke": {
      const tasks = job.items ?? []
      return pool(tasks.length, c, (i) => chat.revokePush(tasks[i]!))
    }
    case "idempotent": {
      const keys = job.items ?? []
      return Promise.all(keys.map((key) =>
        outcome(() =>
          key.startsWith("users:")
            ? chat.pushToUsers({ from: "administrator", userIds: ["a", "b", "c"], offlinePush: { Title: "t", Desc: "d" }, idempotencyKey: key }).then((r) => ({
              taskId: r.tasks.map((t) => t.taskId).join(","),
            }))
            : chat.push({ message: text, idempotencyKey: key })
        )
      ))
    }
    case "loop": {
      const until = job.until ?? 0
      const out: Array<CallOutcome> = []
      let i = 0
      await Promise.all(Array.from({ length: c }, async () => {
        while (Date.now() < until) out.push(await outcome(() => chat.call("get_tag", { To_Account: [`u${process.pid}-${i++}`] })))
      }))
      return out
    }
  }
}

const handle = async (job: Job): Promise<unknown> => {
  // Connected, scripts loaded; a store that is down is the job's to report, call by call.
  await warmUp().catch(() => {})
  // When each request left this process, to tell the client's pacing from the server's view.
  const sent: Array<number> = []
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    sent.push(Date.now())
    return globalThis.fetch(input, init)
  }
  const chat = createClient({ ...job.client, coalesce: false, retry: false, store: storeLayer, fetch })
  try {
    const wait = job.startAt - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const calls = await run(job, chat)
    return { id: job.id, pid: process.pid, late: Math.max(0, -wait), calls, sent }
  } finally {
    await chat.dispose()
  }
}

await warmUp()
process.stdout.write(`${JSON.stringify({ ready: process.pid })}\n`)
const lines = createInterface({ input: process.stdin })
for await (const line of lines) {
  if (line.trim() === "") continue
  const job = JSON.parse(line) as Job
  const answer = await handle(job).catch((e: unknown) => ({ id: job.id, error: String(e) }))
  process.stdout.write(`${JSON.stringify(answer)}\n`)
}
await storeRuntime.dispose()
