/**
 * The node:http bridge: serves any `fetch(Request): Promise<Response>` handler (the emulator) on
 * a TCP port. Node-only; nothing in the runtime-neutral library imports it.
 *
 * Besides translating requests and responses it implements two things only a socket can do:
 * - the emulator's `drop` fault destroys the connection (the client sees a reset, not a reply);
 * - when the client goes away, the `Request`'s signal aborts, so a `delay` fault stops waiting.
 *
 * @module
 */
import { createServer } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { isDroppedConnection } from "../emulator/mod.ts"

/** Anything with a fetch handler: an `Emulator`, or `{ fetch }`. */
export interface FetchHandler {
  readonly fetch: (request: Request) => Promise<Response>
}

/** Where to listen. */
export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  readonly host?: string
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

const toRequest = async (req: IncomingMessage, base: string, signal: AbortSignal): Promise<Request> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  const method = req.method ?? "GET"
  const hasBody = method !== "GET" && method !== "HEAD"
  return new Request(new URL(req.url ?? "/", base), {
    method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
    signal,
  })
}

const writeResponse = async (res: ServerResponse, response: Response): Promise<void> => {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = Buffer.from(await response.arrayBuffer())
  res.writeHead(response.status, { ...headers, "content-length": String(body.length) })
  res.end(body)
}

/**
 * Serves `handler` over HTTP/1.1 on `host:port` (default loopback, a free port).
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
  const server = createServer((req, res) => {
    const controller = new AbortController()
    res.on("close", () => {
      if (!res.writableFinished) controller.abort(new Error("the client closed the connection"))
    })
    void (async () => {
      let response: Response
      try {
        const request = await toRequest(req, `http://${req.headers.host ?? urlHost}`, controller.signal)
        response = await handler.fetch(request)
      } catch (e) {
        if (isDroppedConnection(e) || controller.signal.aborted) {
          req.socket.destroy()
          return
        }
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" })
        res.end(`emulator error: ${e instanceof Error ? e.message : String(e)}`)
        return
      }
      if (controller.signal.aborted) return
      await writeResponse(res, response)
    })()
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
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
