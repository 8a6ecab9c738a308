/**
 * Serving the emulator (or any `fetch(Request)` handler) from Node with `node:http`, for code
 * that is not JavaScript, or for tests that want a real socket. Other runtimes need no bridge:
 * `Deno.serve(em.fetch)`, `Bun.serve({ fetch: em.fetch })`, or a Worker's
 * `export default { fetch: em.fetch }`. Deno can use this module too (it runs `node:http`).
 *
 * No dependency beyond the library's own. From a shell, `npx @tencent-chat-push/cli emulator`
 * serves it with every option (state file, faults, rate limits).
 *
 * Also the client's shared store in Redis from a URL (`redisStoreFromUrl`), on a built-in client
 * over `node:net` / `node:tls` that runs on Node, Bun and Deno: nothing to install.
 *
 * @example
 * ```ts
 * import { createEmulator } from "tencent-chat-push/emulator"
 * import { serve } from "tencent-chat-push/node"
 *
 * const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "local-key", admins: ["administrator"] }] })
 * const server = await serve(em, { port: 5390 })
 * console.log(server.url) // http://127.0.0.1:5390
 * await server.close()
 * ```
 *
 * @module
 */
// Documented here, at the entry, so the bridge (serve.ts) stays free to change inside.
import * as fast from "./fast-response.ts"
import * as bridge from "./serve.ts"

/**
 * Anything with a `fetch(Request)` handler: an `Emulator`, or `{ fetch }`.
 *
 * @example
 * ```ts
 * import type { FetchHandler } from "tencent-chat-push/node"
 *
 * const hello: FetchHandler = { fetch: async () => new Response("hello") }
 * ```
 */
export type FetchHandler = bridge.FetchHandler

/**
 * Where to listen: `port` (0, the default, picks a free one) and `host` (default `127.0.0.1`,
 * loopback only; pass `0.0.0.0` or `::` deliberately to expose it, which prints a warning to
 * `warn`, default `console.warn`); `maxBodyBytes` caps a buffered body read (default 1 MiB,
 * HTTP 413 past it); `fastResponse: false` keeps the platform's global `Response` (see
 * `serve`).
 *
 * @example
 * ```ts
 * import type { ServeOptions } from "tencent-chat-push/node"
 *
 * const options: ServeOptions = { port: 5390, host: "127.0.0.1" }
 * ```
 */
export type ServeOptions = bridge.ServeOptions

/**
 * A listening server: its base `url`, `host` and `port`, and `close()`, which stops listening
 * and closes open connections.
 *
 * @example
 * ```ts
 * import { createEmulator } from "tencent-chat-push/emulator"
 * import { serve, type Served } from "tencent-chat-push/node"
 *
 * const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "local-key", admins: ["administrator"] }] })
 * const server: Served = await serve(em)
 * console.log(server.port) // a free port
 * await server.close()
 * ```
 */
export type Served = bridge.Served

/**
 * Serves `handler` over HTTP/1.1 on `host:port` (default: loopback, a free port). The emulator's
 * `drop` fault destroys the connection, and a client that goes away aborts the `Request`'s
 * signal (so a `delay` fault stops waiting). At the edge: `TRACE`/`TRACK`/`CONNECT` get 405, an
 * empty or malformed `Host` 400, and a buffered body read past `maxBodyBytes` 413 without the
 * rest being read (docs/emulator.md, "Serving it").
 *
 * Rejects when the port cannot be bound (for example `EADDRINUSE`); a handler that throws
 * answers HTTP 500 with the error's message.
 *
 * Unless `fastResponse: false`, the first call makes `FastResponse` this process's global
 * `Response`: a string or byte answer is then written from its parts, with no undici `Response`
 * or body stream built, which is what brings a fetch handler served here close to a hand-written
 * `node:http` server (docs/emulator.md, "Serving it"). It reads exactly like the platform's and
 * passes `instanceof Response` both ways; Hono's Node adapter makes the same replacement.
 *
 * @example
 * ```ts
 * import { createEmulator } from "tencent-chat-push/emulator"
 * import { serve } from "tencent-chat-push/node"
 *
 * const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "local-key", admins: ["administrator"] }] })
 * const server = await serve(em, { port: 5390 })
 * console.log(server.url) // http://127.0.0.1:5390
 * await server.close()
 * ```
 */
export const serve: (handler: FetchHandler, options?: ServeOptions) => Promise<Served> = bridge.serve

/**
 * A `Response` that keeps a string or byte body, its status and its headers as given, and builds
 * the platform's (undici's) `Response` only when something needs one (the body as a stream,
 * `formData()`...). `serve()` writes it to the socket from its parts. It is the global `Response`
 * once `serve()` has run (unless `fastResponse: false`); a handler can also use it by name.
 *
 * @example
 * ```ts
 * import { FastResponse, serve } from "tencent-chat-push/node"
 *
 * const server = await serve({ fetch: async () => new FastResponse("ok") }, { fastResponse: false })
 * console.log(await (await fetch(server.url)).text()) // ok
 * await server.close()
 * ```
 */
export const FastResponse: typeof Response = fast.FastResponse

// The Redis store from a URL; documented where it is defined (redis.ts).
export { redisFromUrl, redisStoreFromUrl } from "./redis.ts"
export type { RedisUrlOptions } from "./redis.ts"
