/**
 * The node:http bridge: serves any `fetch(Request): Promise<Response>` handler (the emulator) on
 * a TCP port. Node-only; nothing in the runtime-neutral library imports it.
 *
 * Besides translating requests and responses it implements what only a socket can do:
 * - the emulator's `drop` fault destroys the connection (the client sees a reset, not a reply);
 * - when the client goes away, the `Request`'s signal aborts, so a `delay` fault stops waiting;
 * - hostile input is answered at the edge, before the handler: a method no `Request` can carry
 *   (`TRACE`, `TRACK`, `CONNECT`) gets 405, an empty or malformed `Host` or request target 400;
 * - a buffered body read (`text()`, `json()`, `arrayBuffer()`...) is capped (`maxBodyBytes`): a
 *   declared `Content-Length` over the cap is refused before a byte is read, a chunked body is
 *   refused as soon as it passes the cap, and the answer is a 413 on a closing connection, so
 *   nothing past the cap is ever held in memory. `request.body` (a stream) is not capped: a
 *   handler that streams (the emulator's state import) reads with bounded memory of its own.
 *
 * Speed: the handler receives a `BridgeRequest`, a `Request` (it passes `instanceof Request`)
 * whose method, URL, headers, signal and body readers are served straight from Node's
 * `IncomingMessage`; a real undici `Request` is built only if the handler touches anything else
 * (`clone()`, `formData()`, `cache`...). Building one per call was most of the bridge's cost.
 * The answer is the other half: unless `fastResponse: false`, `serve()` makes `FastResponse`
 * (fast-response.ts) the global `Response`, so a handler's `new Response(text, init)` is written
 * to the socket from its parts, with no undici `Response`, `Headers` or stream built.
 *
 * @module
 */
import { createServer } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Readable } from "node:stream"
import { isDroppedConnection } from "../emulator/mod.ts"
import { fastAnswer, useFastResponse } from "./fast-response.ts"
import { standInFor } from "./stand-in.ts"

/** Anything with a fetch handler: an `Emulator`, or `{ fetch }`. */
export interface FetchHandler {
  readonly fetch: (request: Request) => Promise<Response>
}

/** Where to listen, and the edge limits. */
export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  readonly host?: string
  /**
   * Largest body a buffered read (`text()`, `json()`, `arrayBuffer()`, `bytes()`, `blob()`)
   * accepts, in bytes; beyond it the bridge answers 413. Default 1 MiB (the emulator's own cap;
   * the largest legitimate REST body is a few hundred KB).
   */
  readonly maxBodyBytes?: number
  /**
   * Where the warning about a non-loopback `host` goes. Default: `console.warn`. The warning
   * is printed once, at start, whenever `host` is not a loopback address.
   */
  readonly warn?: (message: string) => void
  /**
   * Replace the process's global `Response` with `FastResponse` (default `true`), which keeps a
   * string or byte body and its headers as given and builds the platform's `Response` only when
   * one is needed. It passes `instanceof Response` both ways and reads like the platform's; with
   * it, a trivial handler served here runs at about 0.8 times a hand-written `node:http` server
   * instead of about half. `false` leaves the global alone (every answer is then read through
   * its body stream).
   */
  readonly fastResponse?: boolean
}

/** A listening server. */
export interface Served {
  /** Base URL, e.g. `http://127.0.0.1:5390`. */
  readonly url: string
  readonly host: string
  readonly port: number
  /** Stops listening and closes open connections. */
  close(): Promise<void>
}

/** 1 MiB: about three times the largest legitimate REST body (100 profiles of 500-byte fields). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/** Methods the Fetch standard forbids in a `Request`; building one would throw. */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"])

/** A Host header: a reg-name or IPv4 (RFC 3986 characters), or a bracketed IPv6; optional port. */
const HOST = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=%]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{0,5})?$/

/** True when `host` (a bind address or name) is loopback: 127.0.0.0/8, ::1, localhost. */
export const isLoopbackHost = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase()
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

const bodyTooLarge = (limit: number): Error =>
  new RangeError(`request body larger than ${limit} bytes`, { cause: "body-too-large" })

/** Per-exchange state shared by the request object and the server callback. */
interface Exchange {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly limit: number
  controller: AbortController | undefined
  /** The client went away before the answer was written. */
  closed: boolean
  /** The bridge answered itself (413); the handler's answer is dropped. */
  answered: boolean
  bodyTaken: boolean
}

const answerTooLarge = (x: Exchange): void => {
  if (x.answered || x.res.headersSent) return
  x.answered = true
  const text = JSON.stringify({ error: `request body larger than ${x.limit} bytes` })
  x.res.writeHead(413, { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)), connection: "close" })
  x.res.end(text)
  // Discard what the client still sends (never buffered) until the socket closes.
  x.req.resume()
}

const collect = (x: Exchange): Promise<Buffer> => {
  const { req, limit } = x
  const declared = req.headers["content-length"]
  if (declared !== undefined && Number(declared) > limit) {
    answerTooLarge(x)
    return Promise.reject(bodyTooLarge(limit))
  }
  return new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    // A client that disconnects mid-body makes `req` emit an "aborted" error (ECONNRESET).
    const cleanup = () => {
      req.off("data", onData)
      req.off("end", onEnd)
      req.off("error", onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        chunks.length = 0
        answerTooLarge(x)
        reject(bodyTooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))
    }
    const onError = (e: Error) => {
      cleanup()
      reject(e)
    }
    req.on("data", onData)
    req.on("end", onEnd)
    req.on("error", onError)
  })
}

/** The `Request` a handler sees (see the module comment). */
class BridgeRequest {
  readonly #x: Exchange
  readonly #url: string
  #headers: Headers | undefined
  #stream: ReadableStream<Uint8Array> | undefined
  #real: Request | undefined

  constructor(x: Exchange, url: string) {
    this.#x = x
    this.#url = url
  }

  get method(): string {
    return this.#x.req.method!
  }

  get url(): string {
    return this.#url
  }

  get headers(): Headers {
    if (this.#headers === undefined) {
      const h = new Headers()
      const raw = this.#x.req.rawHeaders
      for (let i = 0; i < raw.length; i += 2) h.append(raw[i]!, raw[i + 1]!)
      this.#headers = h
    }
    return this.#headers
  }

  get signal(): AbortSignal {
    const x = this.#x
    if (x.controller === undefined) {
      x.controller = new AbortController()
      if (x.closed) x.controller.abort(new Error("the client closed the connection"))
    }
    return x.controller.signal
  }

  get #hasBody(): boolean {
    const m = this.#x.req.method
    return m !== "GET" && m !== "HEAD"
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (!this.#hasBody) return null
    if (this.#stream === undefined) {
      if (this.#x.bodyTaken) throw new TypeError("Body is unusable: Body has already been read")
      this.#x.bodyTaken = true
      this.#stream = Readable.toWeb(this.#x.req) as unknown as ReadableStream<Uint8Array>
    }
    return this.#stream
  }

  get bodyUsed(): boolean {
    return this.#x.bodyTaken
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (!this.#hasBody) return new Uint8Array(0)
    if (this.#stream !== undefined) {
      // The handler took the stream, then asked for the whole body: still capped.
      const chunks: Array<Uint8Array> = []
      let size = 0
      for await (const c of this.#stream as unknown as AsyncIterable<Uint8Array>) {
        size += c.byteLength
        if (size > this.#x.limit) {
          answerTooLarge(this.#x)
          throw bodyTooLarge(this.#x.limit)
        }
        chunks.push(c)
      }
      const all = Buffer.concat(chunks, size)
      return new Uint8Array(all.buffer as ArrayBuffer, all.byteOffset, all.byteLength)
    }
    if (this.#x.bodyTaken) throw new TypeError("Body is unusable: Body has already been read")
    this.#x.bodyTaken = true
    const buf = await collect(this.#x)
    return new Uint8Array(buf.buffer as ArrayBuffer, buf.byteOffset, buf.byteLength)
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await this.bytes()
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.slice().buffer
  }

  async text(): Promise<string> {
    const b = await this.bytes()
    // UTF-8 decode as the Fetch standard does it (replacement characters, a leading BOM dropped);
    // Buffer's decoder is the fast one.
    const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8")
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }

  async blob(): Promise<Blob> {
    const type = this.#x.req.headers["content-type"] ?? ""
    return new Blob([await this.bytes()], { type })
  }

  /** The undici Request, built on first use of a member served by nothing above. */
  real(): Request {
    if (this.#real === undefined) {
      const body = this.#hasBody && (!this.#x.bodyTaken || this.#stream !== undefined) ? this.body : null
      this.#real = new Request(this.#url, {
        method: this.method,
        headers: this.headers,
        signal: this.signal,
        ...(body !== null ? { body, duplex: "half" } : {}),
      } as RequestInit)
    }
    return this.#real
  }
}

// Pass `instanceof Request`, and serve every other Request member from the real one.
standInFor(BridgeRequest, Request)

const plain = (res: ServerResponse, status: number, message: string, close = false): void => {
  const body = JSON.stringify({ error: message })
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    ...(close ? { connection: "close" } : {}),
  })
  res.end(body)
}

const headersOf = (response: Response, close: boolean): Record<string, string | Array<string>> => {
  const out: Record<string, string | Array<string>> = {}
  response.headers.forEach((value, name) => {
    if (name === "content-length" || name === "transfer-encoding" || name === "connection") return
    // Headers iterates each Set-Cookie on its own; every other name comes combined, once.
    if (name === "set-cookie") out[name] = [...((out[name] as Array<string> | undefined) ?? []), value]
    else out[name] = value
  })
  if (close) out["connection"] = "close"
  return out
}

const writeResponse = async (x: Exchange, response: Response): Promise<void> => {
  const { res } = x
  // A handler that answered without reading a large or unsized body (60009, a refused
  // UserSig...) closes the connection, so a large upload is not drained to keep the socket
  // alive; Node discards a small unread body by itself.
  const close = !x.bodyTaken && !x.req.complete && !(Number(x.req.headers["content-length"] ?? Infinity) <= x.limit)
  const fast = fastAnswer(response)
  if (fast !== undefined) {
    const { headers, body } = fast
    headers["content-length"] = String(body === null ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength)
    if (close) headers["connection"] = "close"
    if (fast.statusText === "") res.writeHead(fast.status, headers)
    else res.writeHead(fast.status, fast.statusText, headers)
    res.end(body ?? undefined)
    return
  }
  const stream = response.body
  if (stream === null) {
    const headers = headersOf(response, close)
    headers["content-length"] = "0"
    res.writeHead(response.status, headers)
    res.end()
    return
  }
  const reader = stream.getReader()
  const first = await reader.read()
  const second = first.done ? first : await reader.read()
  if (second.done) {
    // The whole body in at most one chunk (every string or buffer body): one write, with a length.
    const body = first.done ? undefined : first.value
    const headers = headersOf(response, close)
    headers["content-length"] = String(body?.byteLength ?? 0)
    res.writeHead(response.status, headers)
    res.end(body)
    return
  }
  // A streamed body (the state export): chunked, honouring backpressure, cancelled on disconnect.
  res.writeHead(response.status, headersOf(response, close))
  const write = (chunk: Uint8Array) =>
    res.write(chunk)
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done)
            res.off("close", done)
            resolve()
          }
          res.on("drain", done)
          res.on("close", done)
        })
  await write(first.value!)
  await write(second.value)
  for (;;) {
    if (x.closed) {
      await reader.cancel(new Error("the client closed the connection"))
      return
    }
    const next = await reader.read()
    if (next.done) break
    await write(next.value)
  }
  res.end()
}

const CURRENT = Symbol("exchange in flight")

const abortExchange = (x: Exchange | undefined): void => {
  if (x === undefined || x.res.writableFinished) return
  x.closed = true
  x.controller?.abort(new Error("the client closed the connection"))
}

const fail500 = (res: ServerResponse, e: unknown): void => {
  if (res.headersSent) {
    res.destroy()
    return
  }
  plain(res, 500, `emulator error: ${e instanceof Error ? e.message : String(e)}`)
}

/**
 * Serves `handler` over HTTP/1.1 on `host:port` (default loopback, a free port). Binding
 * anything but a loopback address prints a warning (see `warn`).
 *
 * @example
 * ```ts
 * import { createEmulator } from "tencent-chat-push/emulator"
 * import { serve } from "./src/node/serve.ts"
 * const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "key", admins: ["administrator"] }] })
 * const server = await serve(em, { port: 5390 })
 * console.log(server.url) // http://127.0.0.1:5390
 * await server.close()
 * ```
 */
export const serve = async (handler: FetchHandler, options: ServeOptions = {}): Promise<Served> => {
  const host = options.host ?? "127.0.0.1"
  const urlHost = host.includes(":") ? `[${host}]` : host
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  if (options.fastResponse !== false) useFastResponse()
  const server = createServer((req, res) => {
    const method = req.method ?? "GET"
    if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
      res.setHeader("allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS")
      plain(res, 405, `method ${method} is not served`, !req.complete)
      return
    }
    const hostHeader = req.headers.host ?? (req.httpVersion === "1.0" ? `${urlHost}:${(server.address() as AddressInfo).port}` : "")
    if (!HOST.test(hostHeader)) {
      plain(res, 400, "the Host header is missing, empty or malformed", !req.complete)
      return
    }
    const target = req.url ?? ""
    let url: string
    if (target.startsWith("/")) url = `http://${hostHeader}${target}`
    else {
      // absolute-form (a proxy request); anything else is not a request target for this server
      try {
        url = new URL(target).href
      } catch {
        plain(res, 400, "malformed request target", !req.complete)
        return
      }
    }
    const x: Exchange = { req, res, limit, controller: undefined, closed: false, answered: false, bodyTaken: false }
    // One "close" listener per connection (not per request): it aborts the exchange in flight.
    const socket = req.socket as typeof req.socket & { [CURRENT]?: Exchange }
    if (!(CURRENT in socket)) socket.once("close", () => abortExchange(socket[CURRENT]))
    socket[CURRENT] = x
    let request: Request
    try {
      request = new BridgeRequest(x, url) as unknown as Request
    } catch (e) {
      plain(res, 400, e instanceof Error ? e.message : String(e))
      return
    }
    handler.fetch(request).then(
      (response) => {
        if (x.answered || x.closed) return
        return writeResponse(x, response).catch((e) => fail500(res, e))
      },
      (e) => {
        if (x.answered) return
        if (isDroppedConnection(e) || x.closed) {
          req.socket.destroy()
          return
        }
        fail500(res, e)
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  if (!isLoopbackHost(host)) {
    ;(options.warn ?? console.warn)(
      `WARNING: serving on ${urlHost}:${port}, which is not a loopback address: anyone who can reach it can call ` +
        `this server. The emulator's inspection API (/__emulator) answers only Host names that are loopback or ` +
        `listed in its inspection.hosts option; give it an inspection.token, or inspection: false, before exposing it.`,
    )
  }
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()))
        server.closeAllConnections()
      }),
  }
}
