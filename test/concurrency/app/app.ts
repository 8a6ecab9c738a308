/**
 * The app of the concurrency tests, written as a user writes one: clients created ONCE (at
 * module scope of the entry that calls `makeApp`) and shared by every request. Served by a
 * Worker (../workerd/app-worker.ts), `Deno.serve` (deno-server.ts) and `Bun.serve`
 * (bun-server.ts).
 *
 *   GET /tag?client=C&user=U     addUserTags([{ userId: U, tags: ["seen"] }])   (coalescing path)
 *   GET /push?client=C&text=T    push to everyone
 *
 * `clients` is a JSON object of name → extra client options; `client=lazy` is the other usual
 * pattern, a client created by the first request that needs it. Each request answers 200 with
 * `{ ok: true, result }` or `{ ok: false, tag, code, kind }` for an error. With
 * `&leaveAfter=MS` the request stops waiting after MS ms and answers `{ ok: false, tag: "left" }`:
 * Workers then cancels what its call still had pending (timers, fetches), as it does for any
 * request that ends, which is how a shared client meets requests that vanish mid-call.
 */
import { createClient } from "../../../src/client/mod.ts"
import type { PromiseClient } from "../../../src/client/mod.ts"

/** The app: a fetch handler. */
export interface App {
  readonly fetch: (request: Request) => Promise<Response>
}

const left = Symbol("left")

const answer = async (f: () => Promise<unknown>, leaveAfter: string | null): Promise<Response> => {
  try {
    const call = f()
    const result = leaveAfter === null
      ? await call
      : await Promise.race([call, new Promise((r) => setTimeout(() => r(left), Number(leaveAfter)))])
    if (result === left) return Response.json({ ok: false, tag: "left" })
    return Response.json({ ok: true, result })
  } catch (e) {
    const err = e as { _tag?: string; code?: number; kind?: string; message?: string }
    return Response.json({ ok: false, tag: err._tag ?? "defect", code: err.code, kind: err.kind, message: err._tag ? undefined : String(err.message) })
  }
}

/** Creates the app's clients now (call it at module scope) and returns its handler. */
export const makeApp = (emulatorUrl: string, clientsJson: string): App => {
  const make = (options: object): PromiseClient =>
    createClient({
      sdkAppId: 1400000000,
      secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
      adminId: "administrator",
      baseUrl: emulatorUrl,
      ...options,
    })
  const clients = new Map<string, PromiseClient>()
  for (const [name, options] of Object.entries(JSON.parse(clientsJson) as Record<string, object>)) clients.set(name, make(options))
  let lazy: PromiseClient | undefined

  return {
    fetch(request) {
      const url = new URL(request.url)
      const name = url.searchParams.get("client") ?? "main"
      const chat = name === "lazy" ? (lazy ??= make({})) : clients.get(name)
      if (chat === undefined) return Promise.resolve(new Response("no such client", { status: 404 }))
      const leaveAfter = url.searchParams.get("leaveAfter")
      switch (url.pathname) {
        case "/tag":
          return answer(() => chat.addUserTags([{ userId: url.searchParams.get("user") ?? "u", tags: ["seen"] }]), leaveAfter)
        case "/push":
          return answer(
            () => chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: url.searchParams.get("text") ?? "hi" } }] }),
            leaveAfter,
          )
        default:
          return Promise.resolve(new Response("not found", { status: 404 }))
      }
    },
  }
}
