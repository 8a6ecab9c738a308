/**
 * What a hostile or broken server can do to the client, and what it must get instead: redirects
 * to another origin are never followed (real sockets on loopback, both transports), bodies are
 * read up to a limit and the stream is cancelled there, `Retry-After` is honoured within the
 * retry budget, and nothing echoed in a body shows any part of a usersig.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll } from "vitest"
import type { ChatError, ClientOptions } from "../../../src/client/mod.ts"
import { ChatDecodeError, ChatPushOutcomeUnknown, ChatTransportError, createClient, memoryStore, TencentChat } from "../../../src/client/mod.ts"
import { MAX_ANSWER_BYTES } from "../../../src/client/internal/read-body.ts"
import type { Handler } from "./fake-fetch.ts"
import { OK, recordingFetch } from "./fake-fetch.ts"
import { baseOptions, driveClock, untimed, withClient } from "./helpers.ts"

const message = [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] as const

const listen = (handler: (req: IncomingMessage, body: string, res: import("node:http").ServerResponse) => void) =>
  new Promise<{ server: Server; origin: string; hits: Array<string> }>((resolve) => {
    const hits: Array<string> = []
    const server = createServer((req, res) => {
      let body = ""
      req.on("data", (c) => (body += c))
      req.on("end", () => {
        hits.push(`${req.method} ${req.url}`)
        handler(req, body, res)
      })
    })
    server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits }))
  })

const failureOf = <A>(exit: Exit.Exit<A, unknown>): unknown =>
  Exit.isFailure(exit) ? exit.cause.reasons.map((r) => (r._tag === "Fail" ? r.error : r))[0] : undefined

describe("redirects are never followed", () => {
  // The "API host" answers every call with a redirect to another origin, which answers OK with a
  // TaskId of its own: what the client used to return.
  let evil: Awaited<ReturnType<typeof listen>>
  let api: Awaited<ReturnType<typeof listen>>
  beforeAll(async () => {
    evil = await listen((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify({ ...OK, TaskId: "evil-task", AttrNames: {} }))
    })
    api = await listen((req, _body, res) => {
      const status = Number(new URL(req.url!, "http://x").searchParams.get("random")) % 2 === 0 ? 307 : 308
      res.writeHead(req.url!.includes("get_attr_name") ? 302 : status, { location: `${evil.origin}/steal${req.url}` })
      res.end("moved")
    })
  })
  afterAll(() => {
    evil.server.close()
    api.server.close()
  })

  const options = (): ClientOptions => ({ ...baseOptions, ...untimed, baseUrl: api.origin })

  it("direct fetch: a 307/308 push is outcome unknown, a 302 elsewhere a transport error; the other origin gets nothing", async () => {
    const chat = createClient(options())
    try {
      const push = await chat.push({ message, msgRandom: 7 }).then(() => undefined, (e: unknown) => e)
      assert.instanceOf(push, ChatPushOutcomeUnknown)
      assert.deepStrictEqual([(push as ChatPushOutcomeUnknown).kind, (push as ChatPushOutcomeUnknown).msgRandom], ["http-status", 7])
      assert.include([307, 308], (push as ChatPushOutcomeUnknown).status)
      const get = await chat.getAttrNames().then(() => undefined, (e: unknown) => e)
      assert.instanceOf(get, ChatTransportError)
      assert.deepStrictEqual([(get as ChatTransportError).kind, (get as ChatTransportError).status, (get as ChatTransportError).retryable], ["http-status", 302, false])
      assert.match((get as ChatTransportError).detail, /redirect/)
      assert.notInclude(String(get), evil.origin) // the Location (which may carry the usersig) is not shown
      assert.deepStrictEqual(evil.hits, [])
      assert.strictEqual(api.hits.length, 2)
    } finally {
      await chat.dispose()
    }
  })

  it("a custom fetch that follows anyway is caught by `redirected`", async () => {
    const follow = (url: string | URL | Request, init?: RequestInit) => fetch(url, { ...init, redirect: "follow" })
    const chat = createClient({ ...options(), fetch: follow })
    try {
      const push = await chat.push({ message, msgRandom: 8 }).then(() => undefined, (e: unknown) => e)
      assert.instanceOf(push, ChatPushOutcomeUnknown)
      // It did reach the other origin (the custom fetch's doing), but its answer is not returned.
      assert.notInclude(JSON.stringify(push), "evil-task")
    } finally {
      await chat.dispose()
    }
  })

  it.effect("injected HttpClient (FetchHttpClient): not followed either, and the caller's RequestInit is kept", () =>
    Effect.gen(function*() {
      const before = evil.hits.length
      let seen: RequestInit | undefined
      const spy = (url: string | URL | Request, init?: RequestInit) => {
        seen = init
        return fetch(url, init)
      }
      const layer = TencentChat.layerWithoutDependencies({ ...options(), fetch: spy }).pipe(
        Layer.provide(FetchHttpClient.layer),
        Layer.provide(memoryStore()),
      )
      const exit = yield* TencentChat.use((c) => c.push({ message, msgRandom: 9 })).pipe(
        Effect.provideService(FetchHttpClient.RequestInit, { credentials: "omit" }),
        Effect.provide(layer),
        Effect.exit,
      )
      const e = failureOf(exit)
      assert.instanceOf(e, ChatPushOutcomeUnknown)
      assert.strictEqual(evil.hits.length, before)
      assert.deepStrictEqual([seen?.redirect, seen?.credentials], ["manual", "omit"])
    }))

  it.effect("an in-memory 3xx (no real fetch involved) is a failure too; a push is outcome unknown", () =>
    withClient({}, () => new Response("", { status: 302, headers: { location: "https://elsewhere.example/" } }), (chat) =>
      Effect.gen(function*() {
        const push = yield* Effect.flip(chat.push({ message, msgRandom: 1 }))
        assert.instanceOf(push, ChatPushOutcomeUnknown)
        const get = yield* Effect.flip(chat.getAttrNames())
        assert.deepStrictEqual([get._tag, (get as ChatTransportError).status, (get as ChatTransportError).retryable], ["ChatTransportError", 302, false])
      })))
})

describe("answers are read up to a limit", () => {
  // A body that never ends, counting what the client pulled and whether it cancelled.
  const endless = (status = 200) => {
    const seen = { pulled: 0, cancelled: false }
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    const handler: Handler = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull: async (c) => {
            await new Promise((r) => setTimeout(r, 0))
            seen.pulled += chunk.length
            c.enqueue(chunk)
          },
          cancel: () => {
            seen.cancelled = true
          },
        }),
        { status },
      )
    return { handler, seen }
  }

  it.live("an endless 200 body fails with ChatDecodeError at the limit and the stream is cancelled", () => {
    const { handler, seen } = endless()
    return withClient({ timeout: 8000 }, handler, (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.getAttrNames())
        assert.instanceOf(e, ChatDecodeError)
        assert.match((e as ChatDecodeError).detail, new RegExp(`over ${MAX_ANSWER_BYTES} bytes`))
        assert.isTrue(seen.cancelled)
        assert.isAtMost(seen.pulled, MAX_ANSWER_BYTES + 2 * 64 * 1024)
        const p = yield* Effect.flip(chat.push({ message, msgRandom: 5 }))
        assert.deepStrictEqual([p._tag, (p as ChatPushOutcomeUnknown).kind], ["ChatPushOutcomeUnknown", "undecodable"])
      }))
  })

  it.live("an endless 502 body: a transport error at the limit", () => {
    const { handler, seen } = endless(502)
    return withClient({ timeout: 8000 }, handler, (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.getAttrNames())
        assert.deepStrictEqual([e._tag, (e as ChatTransportError).status], ["ChatTransportError", 502])
        assert.match((e as ChatTransportError).detail, /reading stopped/)
        assert.isTrue(seen.cancelled)
      }))
  })

  it.live("a Content-Length over the limit is refused without reading the body", () => {
    let pulled = 0
    const handler: Handler = () =>
      new Response(new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(10))) }), {
        headers: { "content-length": String(MAX_ANSWER_BYTES + 1) },
      })
    return withClient({}, handler, (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.getAttrNames())
        assert.instanceOf(e, ChatDecodeError)
        assert.isAtMost(pulled, 1) // a stream may pre-pull one chunk on creation; nothing is read
      }))
  })

  it.live("injected HttpClient: the same limit", () => {
    const { handler, seen } = endless()
    const rec = recordingFetch(handler)
    const layer = TencentChat.layerWithoutDependencies({ ...baseOptions, ...untimed, timeout: "8 seconds", fetch: rec.fetch }).pipe(
      Layer.provide(FetchHttpClient.layer),
      Layer.provide(memoryStore()),
    )
    return Effect.gen(function*() {
      const e = failureOf(yield* Effect.exit(TencentChat.use((c) => c.getAttrNames()).pipe(Effect.provide(layer))))
      assert.instanceOf(e, ChatDecodeError)
      assert.isTrue(seen.cancelled)
      assert.isAtMost(seen.pulled, MAX_ANSWER_BYTES + 2 * 64 * 1024)
    })
  })

  it.live("injected HttpClient that is not fetch-based (a stream body): the same limit, and a 3xx is refused", () => {
    let pulled = 0
    const chunk = new Uint8Array(64 * 1024)
    // A minimal non-web HttpClientResponse: status, headers and a stream, as node:http clients give.
    const responseOf = (status: number, headers: Record<string, string>) =>
      ({
        status,
        headers,
        stream: Stream.fromEffectRepeat(Effect.sync(() => {
          pulled += chunk.length
          return chunk
        })),
      }) as unknown as HttpClientResponse.HttpClientResponse
    const clientOf = (status: number, headers: Record<string, string> = {}) =>
      HttpClient.make(() => Effect.succeed(responseOf(status, headers)))
    const layerOf = (status: number, headers?: Record<string, string>) =>
      TencentChat.layerWithoutDependencies({ ...baseOptions, ...untimed, timeout: "8 seconds" }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, clientOf(status, headers))),
        Layer.provide(memoryStore()),
      )
    return Effect.gen(function*() {
      const big = failureOf(yield* Effect.exit(TencentChat.use((c) => c.getAttrNames()).pipe(Effect.provide(layerOf(200)))))
      assert.instanceOf(big, ChatDecodeError)
      assert.isAtMost(pulled, MAX_ANSWER_BYTES + 2 * chunk.length)
      pulled = 0
      const moved = failureOf(yield* Effect.exit(TencentChat.use((c) => c.push({ message, msgRandom: 1 })).pipe(Effect.provide(layerOf(307, { location: "https://elsewhere.example/" })))))
      assert.instanceOf(moved, ChatPushOutcomeUnknown)
      assert.strictEqual(pulled, 0)
    })
  })

  it.live("a body that trickles past the timeout is cancelled, not left to fill memory", () => {
    let cancelled = false
    let timer: ReturnType<typeof setInterval> | undefined
    const handler: Handler = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          // Pushes on its own clock and ignores the request's signal.
          start: (c) => void (timer = setInterval(() => c.enqueue(new Uint8Array(1024)), 5)),
          cancel: () => {
            cancelled = true
            clearInterval(timer)
          },
        }),
      )
    return withClient({ timeout: 200 }, handler, (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.getAttrNames())
        assert.deepStrictEqual([e._tag, (e as ChatTransportError).kind], ["ChatTransportError", "timeout"])
        assert.isTrue(cancelled)
      })).pipe(Effect.ensuring(Effect.sync(() => clearInterval(timer))))
  })

  it.live("a body just under the limit is read whole", () => {
    const filler = "x".repeat(MAX_ANSWER_BYTES - 200)
    return withClient({}, () => ({ ...OK, AttrNames: { "0": "city" }, Filler: filler }), (chat) =>
      Effect.gen(function*() {
        assert.deepStrictEqual((yield* chat.getAttrNames()).names, { "0": "city" })
      }))
  })
})

describe("Retry-After is honoured within the retry budget (retry.maxDelay)", () => {
  const tooMany = (retryAfter: string): Handler => (_r, i) =>
    i === 0 ? new Response("slow down", { status: 429, headers: { "retry-after": retryAfter } }) : { ...OK, AttrNames: {} }

  it.effect("seconds: the retry waits at least that long", () =>
    Effect.gen(function*() {
      const { layer, requests } = (() => {
        const rec = recordingFetch(tooMany("3"))
        return { layer: TencentChat.layer({ ...baseOptions, coalesce: false, rateLimits: false, fetch: rec.fetch }), requests: rec.requests }
      })()
      const { exit, elapsed } = yield* driveClock(TencentChat.use((c) => c.getAttrNames()).pipe(Effect.provide(layer)), 50)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 2)
      assert.isAtLeast(elapsed, 3000)
    }))

  it.effect("an HTTP date: the retry waits until then", () =>
    Effect.gen(function*() {
      const rec = recordingFetch((r, i) => {
        if (i > 0) return { ...OK, AttrNames: {} }
        // Virtual now (TestClock starts at 0) + 4 s, in the RFC 9110 date form.
        return new Response("", { status: 503, headers: { "retry-after": new Date(4000).toUTCString() } })
      })
      const layer = TencentChat.layer({ ...baseOptions, coalesce: false, rateLimits: false, fetch: rec.fetch })
      const { exit, elapsed } = yield* driveClock(TencentChat.use((c) => c.getAttrNames()).pipe(Effect.provide(layer)), 50)
      assert.isTrue(Exit.isSuccess(exit))
      assert.isAtLeast(elapsed, 4000)
    }))

  it.effect("past the budget: fails at once, with the wait in the error", () =>
    Effect.gen(function*() {
      const rec = recordingFetch(tooMany("3600"))
      const layer = TencentChat.layer({ ...baseOptions, coalesce: false, rateLimits: false, fetch: rec.fetch })
      const { exit, elapsed } = yield* driveClock(TencentChat.use((c) => c.getAttrNames()).pipe(Effect.provide(layer)), 50)
      const e = failureOf(exit) as ChatTransportError
      assert.instanceOf(e, ChatTransportError)
      assert.deepStrictEqual([e.status, e.retryAfterMillis, rec.requests.length], [429, 3_600_000, 1])
      assert.match(e.message, /Retry-After asks for 3600000 ms, over the retry budget of 5000 ms/)
      assert.isBelow(elapsed, 1000)
    }))

  it.effect("a push (never retried) still reports the wait", () =>
    withClient({}, tooMany("120"), (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.push({ message, msgRandom: 1 }))
        assert.deepStrictEqual([e._tag, (e as ChatTransportError).retryAfterMillis], ["ChatTransportError", 120_000])
      })))
})

describe("no part of a usersig is shown from a body", () => {
  // A 5xx / non-JSON body that echoes the usersig so that a cut at 200 characters splits it.
  const echo = (status: number, prefix: number): Handler => (r) => new Response(`${"e".repeat(prefix)} ${r.query.usersig} tail`, { status })
  const texts = (e: ChatError): string => [String(e), JSON.stringify(e), e.message].join("\n")
  const fragments = (sig: string, n = 24): Array<string> => Array.from({ length: sig.length - n + 1 }, (_, i) => sig.slice(i, i + n))

  for (const [status, prefix] of [[500, 150], [200, 150], [500, 60], [200, 199]] as const) {
    it.effect(`HTTP ${status}, usersig at character ${prefix + 1}`, () =>
      withClient({}, echo(status, prefix), (chat, requests) =>
        Effect.gen(function*() {
          const e = yield* Effect.flip(chat.getAttrNames())
          const sig = requests[0]!.query.usersig!
          const all = texts(e)
          for (const f of fragments(sig)) assert.notInclude(all, f)
          if (prefix < 190) assert.include(all, "<redacted>")
        })))
  }

  it.effect("a usersig-like run that is not ours (another admin's token) is hidden too", () => {
    const foreign = "eJw1jV0LgjAYRv-Kda6FTbdD6WWf2K2A7iNmryVsmsypBP57Z3b7nJfznBc6Ppd4v1YVmZ"
    return withClient({}, () => new Response(`upstream said: ${foreign} (end)`, { status: 502 }), (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.getAttrNames())
        assert.notInclude(texts(e), foreign.slice(0, 32))
        assert.include(texts(e), "upstream said:")
      }))
  })
})
