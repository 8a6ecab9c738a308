/**
 * One bundle, three roles in test/fleet/workerd/config.capnp:
 * - `store`: the Worker that defines the `ChatStoreObject` Durable Object namespace;
 * - `caller0`..`caller3`: four Workers (four isolates), each making client calls on
 *   `durableObjectStore(env.CHAT_STORE)` (through a client per request, or one client at module
 *   scope shared by the isolate's requests), against the emulator that the Node test serves over
 *   HTTP;
 * - `router`: the one socket, forwarding `/<n>` to caller n.
 * A caller answers a job (JSON) with what each call returned and when each request left.
 */
import { ChatStoreObject, createClient, durableObjectStore } from "../../../src/client/mod.ts"
import type { ClientOptions, DurableObjectNamespaceLike } from "../../../src/client/mod.ts"

export { ChatStoreObject }

interface Env {
  readonly ROLE: "store" | "caller" | "router"
  readonly CHAT_STORE?: DurableObjectNamespaceLike
  readonly [caller: `CALLER${number}`]: { fetch: (r: Request) => Promise<Response> } | undefined
}

/** A job for one request of a caller. */
export interface WorkerdJob {
  readonly scenario: "rate" | "idempotent" | "cost"
  readonly startAt: number
  readonly client: {
    readonly sdkAppId: number
    readonly secretKey: string
    readonly adminId: string
    readonly baseUrl: string
    readonly rateLimits?: ClientOptions["rateLimits"]
  }
  readonly calls?: number
  readonly concurrency?: number
  readonly keys?: ReadonlyArray<string>
  /**
   * The Worker pattern: every request of the isolate uses one client kept at module scope (made
   * by the first request that needs it), instead of a client per request.
   */
  readonly moduleScope?: boolean
}

// Different in every isolate: shows the callers really are separate isolates. (Made on first
// use: Workers allow no random values at module scope.)
let isolateId: string | undefined
const isolateOf = () => (isolateId ??= crypto.randomUUID())

/**
 * bench/fleet.ts: the per-call cost of the Durable Object store against the in-memory store,
 * `calls` sequential calls each to the emulator the bench serves (its get_tag limit off), with
 * the client's bucket raised so nothing waits for the limit: only the store's round trips
 * differ. (Workers' clocks advance only across I/O; every call here does I/O.)
 */
const costJob = async (job: WorkerdJob, env: Env): Promise<unknown> => {
  const timeOf = async (store: "memory" | "durable-object") => {
    const chat = createClient({
      ...job.client,
      coalesce: false,
      retry: false,
      rateLimits: { buckets: { get_tag: { limit: 100_000, window: "1 second" } } },
      // The default store (private to this client) against the Durable Object.
      ...(store === "memory" ? {} : { store: durableObjectStore(env.CHAT_STORE!, { name: `cost-${crypto.randomUUID()}` }) }),
    })
    try {
      for (let i = 0; i < 20; i++) await chat.call("get_tag", { To_Account: ["warm"] })
      const t0 = performance.now()
      for (let i = 0; i < (job.calls ?? 0); i++) await chat.call("get_tag", { To_Account: [`u${i}`] })
      return ((performance.now() - t0) * 1000) / (job.calls ?? 1)
    } finally {
      await chat.dispose()
    }
  }
  const memoryMicros = await timeOf("memory")
  const durableObjectMicros = await timeOf("durable-object")
  return { memoryMicros, durableObjectMicros }
}

// Module-scope clients, one per app (a job names its emulator app), shared by the isolate's
// requests and never disposed, as in a Worker that creates its client at module scope.
const moduleClients = new Map<string, ReturnType<typeof createClient>>()

const runJob = async (job: WorkerdJob, env: Env): Promise<unknown> => {
  if (job.scenario === "cost") return costJob(job, env)
  const isolate = isolateOf()
  const sent: Array<number> = []
  const options: ClientOptions = { ...job.client, coalesce: false, retry: false, store: durableObjectStore(env.CHAT_STORE!) }
  const shared = job.moduleScope === true
  const appKey = JSON.stringify(job.client)
  const chat = shared
    ? moduleClients.get(appKey) ?? moduleClients.set(appKey, createClient(options)).get(appKey)!
    : createClient({
      ...options,
      fetch: (input, init) => {
        sent.push(Date.now())
        return fetch(input, init)
      },
    })
  const outcomes: Array<{ ok: boolean; value?: string; tag?: string; kind?: string; msgRandom?: number }> = []
  const record = (p: Promise<unknown>) =>
    p.then(
      (v) => outcomes.push({ ok: true, ...(typeof (v as { taskId?: unknown })?.taskId === "string" ? { value: (v as { taskId: string }).taskId } : {}) }),
      (e: { _tag?: string; kind?: string; msgRandom?: number; message?: string }) =>
        outcomes.push({ ok: false, tag: e._tag ?? String(e.message), ...(e.kind ? { kind: e.kind } : {}), ...(e.msgRandom === undefined ? {} : { msgRandom: e.msgRandom }) }),
    )
  try {
    const wait = job.startAt - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    if (job.scenario === "rate") {
      let next = 0
      const n = job.calls ?? 0
      await Promise.all(Array.from({ length: job.concurrency ?? 1 }, async () => {
        while (next < n) {
          const i = next++
          await record(chat.call("get_tag", { To_Account: [`u-${isolate.slice(0, 8)}-${i}`] }))
        }
      }))
    } else {
      await Promise.all((job.keys ?? []).map((key) => record(chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }], idempotencyKey: key }))))
    }
  } finally {
    if (!shared) await chat.dispose()
  }
  return { isolate, outcomes, sent }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (env.ROLE === "router") {
      const n = new URL(request.url).pathname.slice(1)
      const caller = env[`CALLER${Number(n)}`]
      return caller === undefined ? new Response("no such caller", { status: 404 }) : caller.fetch(request)
    }
    if (env.ROLE === "caller") {
      try {
        return Response.json(await runJob((await request.json()) as WorkerdJob, env))
      } catch (e) {
        return Response.json({ error: String(e) }, { status: 500 })
      }
    }
    return new Response("the ChatStoreObject namespace lives here")
  },
}
