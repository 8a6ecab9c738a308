/**
 * The inspection API over HTTP, under the reserved prefix `/__emulator` (no REST path starts
 * with it). Who may call it is decided before any route (guard.ts: loopback or listed Host
 * names, same origin only, JSON writes, an optional token); turn it off with
 * `inspection: false`. Answers are plain JSON (not the Tencent envelope), never cached, and
 * carry no CORS header. Bad input is 400 with `{ error }`, never a 500.
 *
 * | method | path | does |
 * | --- | --- | --- |
 * | GET | /__emulator | apps (no secrets), clock, the route list |
 * | GET | /__emulator/tasks[?sdkappid=N] | push/batch tasks with audience size and sample |
 * | GET | /__emulator/tasks/{TaskId} | one task (404 if unknown) |
 * | GET | /__emulator/accounts/{sdkappid}/{UserID} | one account's attrs and tags (404 if unknown) |
 * | GET | /__emulator/requests[?endpoint=&code=&sdkappid=&fault=&since=] | `{ count, requests }` |
 * | DELETE | /__emulator/requests | empties the request log |
 * | POST | /__emulator/reset | fresh state, log, clock offset and faults |
 * | GET | /__emulator/state[?format=json] | the full state, streamed: NDJSON (default) or the version-1 JSON |
 * | PUT/POST | /__emulator/state | replaces the state from a streamed NDJSON or JSON body (400 if malformed) |
 * | GET | /__emulator/clock | `{ now }` |
 * | POST | /__emulator/clock | body `{ "advanceMs": n }` → `{ now }` |
 * | GET | /__emulator/faults | pending scripted steps |
 * | POST | /__emulator/faults | body `{ "endpoint": "push", "steps": [...] }` appends a script; any other body is `FaultOptions` and replaces the settings |
 * | DELETE | /__emulator/faults | faults off |
 * | GET | /__emulator/scheduled[?sdkappid=N] | scheduled push tasks, with their status and dispatch outcome |
 * | GET | /__emulator/scheduled/{sdkappid}/{TaskID} | one scheduled task (404 if unknown) |
 * | GET | /__emulator/deliveries/{TaskId} | one push task's simulated deliveries: stages, statistics, callback attempts (404 if unknown) |
 * | GET | /__emulator/callbacks | `{ enabled, settings, counters }` (never the token) |
 * | GET | /__emulator/callbacks/deliveries[?taskId=&stage=&ok=&afterSeq=] | `{ count, deliveries }`: callback attempts, oldest first |
 * | GET | /__emulator/callbacks/pending[?peek=N] | `{ pending }`: task stages with callbacks still to send |
 * | POST | /__emulator/callbacks/flush | sends every callback due now and answers what was sent |
 * | POST | /__emulator/callbacks/test | body `{ "sdkAppId"?, "userId"? }`: one signed test callback, answers its record |
 *
 * @module
 */
import { endpointKeys } from "../api/mod.ts"
import type { EndpointKey, Family } from "../api/mod.ts"
import type { Emulator } from "./emulator.ts"
import type { CallbackDeliveryFilter } from "./callback-delivery.ts"
import { readBody } from "./body.ts"
import { EmulatorInputError } from "./errors.ts"
import { checkFaultScript } from "./fault-schema.ts"
import type { FaultKind, FaultOptions, FaultStep } from "./faults.ts"
import { faultKinds } from "./faults.ts"
import type { RequestFilter } from "./request-log.ts"

/** The reserved path prefix of the inspection API. */
export const INSPECTION_PREFIX = "/__emulator"

const routes = [
  "GET /__emulator",
  "GET /__emulator/tasks[?sdkappid=N]",
  "GET /__emulator/tasks/{TaskId}",
  "GET /__emulator/accounts/{sdkappid}/{UserID}",
  "GET /__emulator/requests[?endpoint=&code=&sdkappid=&fault=&since=]",
  "DELETE /__emulator/requests",
  "POST /__emulator/reset",
  "GET /__emulator/state[?format=json]",
  "PUT /__emulator/state (NDJSON or JSON)",
  "GET /__emulator/clock",
  "POST /__emulator/clock {advanceMs}",
  "GET /__emulator/faults",
  "POST /__emulator/faults {endpoint, steps} | FaultOptions",
  "DELETE /__emulator/faults",
  "GET /__emulator/scheduled[?sdkappid=N]",
  "GET /__emulator/scheduled/{sdkappid}/{TaskID}",
  "GET /__emulator/deliveries/{TaskId}",
  "GET /__emulator/callbacks",
  "GET /__emulator/callbacks/deliveries[?taskId=&stage=&ok=&afterSeq=]",
  "GET /__emulator/callbacks/pending[?peek=N]",
  "POST /__emulator/callbacks/flush",
  "POST /__emulator/callbacks/test {sdkAppId?, userId?}",
]

const headers = (type: string): Record<string, string> => ({
  "content-type": type,
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
})

const reply = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: headers("application/json; charset=utf-8") })

const problem = (status: number, error: string): Response => reply({ error }, status)

const intParam = (url: URL, name: string): number | undefined | "bad" => {
  const v = url.searchParams.get(name)
  if (v === null || v === "") return undefined
  const n = Number(v)
  return Number.isFinite(n) ? n : "bad"
}

/** Inspection bodies other than state are small settings: 64 KiB is plenty. */
const MAX_SETTINGS_BYTES = 64 * 1024

const readJson = async (request: Request): Promise<unknown> => {
  const body = await readBody(request, MAX_SETTINGS_BYTES)
  if ("tooLarge" in body) throw new EmulatorInputError("body", `the body is larger than ${MAX_SETTINGS_BYTES} bytes`)
  if (body.text.trim() === "") return {}
  try {
    return JSON.parse(body.text)
  } catch {
    throw new EmulatorInputError("body", "the body is not valid JSON")
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

const isEndpoint = (s: string | null): s is EndpointKey => s !== null && (endpointKeys as ReadonlyArray<string>).includes(s)

const pathParts = (pathname: string): Array<string> | undefined => {
  try {
    return pathname
      .slice(INSPECTION_PREFIX.length)
      .split("/")
      .filter((p) => p !== "")
      .map(decodeURIComponent)
  } catch {
    return undefined
  }
}

const stages: ReadonlyArray<string> = ["sent", "delivered", "clicked"]

const callbacksRoute = (url: URL, rest: ReadonlyArray<string>, em: Emulator): Response => {
  if (rest.length === 0) return reply({ enabled: em.callbacks.enabled, settings: em.callbacks.settings ?? null, counters: em.callbacks.counters() })
  if (rest.length === 1 && rest[0] === "pending") {
    const peek = intParam(url, "peek")
    if (peek === "bad" || (peek !== undefined && !(Number.isSafeInteger(peek) && peek >= 0 && peek <= 100))) return problem(400, "peek must be an integer from 0 to 100")
    return reply({ pending: em.callbacks.pending(peek) })
  }
  if (rest.length === 1 && rest[0] === "deliveries") {
    const filter: { -readonly [K in keyof CallbackDeliveryFilter]: CallbackDeliveryFilter[K] } = {}
    const taskId = url.searchParams.get("taskId")
    if (taskId !== null) filter.taskId = taskId
    const stage = url.searchParams.get("stage")
    if (stage !== null) {
      if (!stages.includes(stage)) return problem(400, "stage must be sent, delivered or clicked")
      filter.stage = stage as "sent" | "delivered" | "clicked"
    }
    const ok = url.searchParams.get("ok")
    if (ok !== null) {
      if (ok !== "true" && ok !== "false") return problem(400, "ok must be true or false")
      filter.ok = ok === "true"
    }
    for (const [name, key] of [["sdkappid", "sdkAppId"], ["afterSeq", "afterSeq"]] as const) {
      const n = intParam(url, name)
      if (n === "bad") return problem(400, `${name} must be a number`)
      if (n !== undefined) filter[key] = n
    }
    const deliveries = em.callbacks.deliveries(filter)
    return reply({ count: deliveries.length, deliveries })
  }
  return problem(404, "use /__emulator/callbacks, /__emulator/callbacks/deliveries or /__emulator/callbacks/pending")
}

export const handleInspection = async (request: Request, url: URL, em: Emulator): Promise<Response> => {
  const method = request.method.toUpperCase()
  const parts = pathParts(url.pathname)
  if (parts === undefined) return problem(400, "malformed %-escape in the path")
  const [head, ...rest] = parts
  const route = `${method} ${head ?? ""}`
  try {
    switch (route) {
      case "GET ":
        return reply({ apps: em.apps, now: em.now(), routes })
      case "GET tasks": {
        if (rest.length === 1) {
          const t = em.task(rest[0]!)
          return t ? reply(t) : problem(404, `no task ${rest[0]}`)
        }
        const sdkAppId = intParam(url, "sdkappid")
        if (sdkAppId === "bad") return problem(400, "sdkappid must be a number")
        return reply({ tasks: em.tasks(sdkAppId) })
      }
      case "GET accounts": {
        if (rest.length !== 2) return problem(404, "use /__emulator/accounts/{sdkappid}/{UserID}")
        const a = em.account(Number(rest[0]), rest[1]!)
        return a ? reply(a) : problem(404, `no account ${rest[1]} in app ${rest[0]}`)
      }
      case "GET requests": {
        const filter: { -readonly [K in keyof RequestFilter]: RequestFilter[K] } = {}
        const endpoint = url.searchParams.get("endpoint")
        if (endpoint !== null) {
          if (!isEndpoint(endpoint)) return problem(400, `unknown endpoint ${endpoint}`)
          filter.endpoint = endpoint
        }
        const family = url.searchParams.get("family")
        if (family !== null) filter.family = family as Family
        const fault = url.searchParams.get("fault")
        if (fault !== null) {
          if (!faultKinds.includes(fault as FaultKind)) return problem(400, `unknown fault ${fault}`)
          filter.fault = fault as FaultKind
        }
        for (const [name, key] of [["code", "code"], ["sdkappid", "sdkAppId"], ["since", "since"]] as const) {
          const n = intParam(url, name)
          if (n === "bad") return problem(400, `${name} must be a number`)
          if (n !== undefined) filter[key] = n
        }
        const requests = em.requests(filter)
        return reply({ count: requests.length, requests })
      }
      case "DELETE requests":
        em.clearRequests()
        return reply({ ok: true })
      case "POST reset":
        em.reset()
        return reply({ ok: true, now: em.now() })
      case "GET state": {
        const format = url.searchParams.get("format") ?? "ndjson"
        if (format !== "ndjson" && format !== "json") return problem(400, 'format must be "ndjson" or "json"')
        const type = format === "json" ? "application/json; charset=utf-8" : "application/x-ndjson; charset=utf-8"
        return new Response(em.exportStateStream({ format }), { headers: headers(type) })
      }
      case "PUT state":
      case "POST state": {
        if (request.body === null) return problem(400, "the state body is empty")
        const summary = await em.importStateStream(request.body)
        return reply({ ok: true, ...summary })
      }
      case "GET clock":
        return reply({ now: em.now() })
      case "POST clock": {
        const body = await readJson(request)
        if (!isObject(body) || typeof body["advanceMs"] !== "number" || Object.keys(body).length !== 1) {
          return problem(400, 'body must be {"advanceMs": <number>}')
        }
        return reply({ now: em.advanceClock(body["advanceMs"]) })
      }
      case "GET faults":
        return reply({ pending: em.faults.pending() })
      case "POST faults": {
        const body = await readJson(request)
        if (!isObject(body)) return problem(400, "body must be a JSON object")
        if (body["endpoint"] !== undefined || body["steps"] !== undefined) {
          const extra = Object.keys(body).filter((k) => k !== "endpoint" && k !== "steps")
          if (extra.length > 0) return problem(400, `unknown member ${JSON.stringify(extra[0])}; a script is {"endpoint", "steps"}`)
          checkFaultScript(body["endpoint"], body["steps"])
          em.faults.script(body["endpoint"] as EndpointKey | "*", ...(body["steps"] as Array<FaultStep>))
        } else {
          em.faults.configure(body as FaultOptions<EndpointKey>)
        }
        return reply({ ok: true, pending: em.faults.pending() })
      }
      case "DELETE faults":
        em.faults.clear()
        return reply({ ok: true })
      case "GET scheduled": {
        if (rest.length === 2) {
          const t = em.scheduledTask(Number(rest[0]), Number(rest[1]))
          return t ? reply(t) : problem(404, `no scheduled task ${rest[1]} in app ${rest[0]}`)
        }
        if (rest.length !== 0) return problem(404, "use /__emulator/scheduled/{sdkappid}/{TaskID}")
        const sdkAppId = intParam(url, "sdkappid")
        if (sdkAppId === "bad") return problem(400, "sdkappid must be a number")
        return reply({ tasks: em.scheduledTasks(sdkAppId) })
      }
      case "GET deliveries": {
        if (rest.length !== 1) return problem(404, "use /__emulator/deliveries/{TaskId}")
        const d = em.taskDeliveries(rest[0]!)
        return d ? reply(d) : problem(404, `no deliveries for task ${rest[0]}`)
      }
      case "GET callbacks":
        return callbacksRoute(url, rest, em)
      case "POST callbacks": {
        if (rest.length === 1 && rest[0] === "flush") return reply(await em.callbacks.flush())
        if (rest.length === 1 && rest[0] === "test") {
          const body = await readJson(request)
          if (!isObject(body)) return problem(400, "body must be a JSON object")
          const extra = Object.keys(body).filter((k) => k !== "sdkAppId" && k !== "userId")
          if (extra.length > 0) return problem(400, `unknown member ${JSON.stringify(extra[0])}; use {"sdkAppId", "userId"}`)
          if (body["sdkAppId"] !== undefined && typeof body["sdkAppId"] !== "number") return problem(400, "sdkAppId must be a number")
          if (body["userId"] !== undefined && typeof body["userId"] !== "string") return problem(400, "userId must be a string")
          return reply(await em.callbacks.sendTest(body as { sdkAppId?: number; userId?: string }))
        }
        return problem(404, "use POST /__emulator/callbacks/flush or /__emulator/callbacks/test")
      }
      default:
        return problem(404, `no inspection route ${method} ${url.pathname}; see GET ${INSPECTION_PREFIX}`)
    }
  } catch (e) {
    // Input errors (EmulatorInputError, the state's TypeError/RangeError) are the caller's: 400.
    if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) return problem(400, e.message)
    return problem(500, `inspection failed: ${e instanceof Error ? e.message : String(e)}`)
  }
}
