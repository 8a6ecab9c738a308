/**
 * A minimal Redis client over `node:net` / `node:tls` (RESP2), for the Redis store from a URL.
 * It runs on Node, and on Bun and Deno through their `node:net`.
 *
 * Why our own instead of node-redis: the library must not pull a Redis client into every
 * install, and the store needs fail-fast behaviour that node-redis does not have by default
 * (it queues commands while it reconnects, so an outage hangs every call). This client:
 * - connects on first use, and again on the next command after a connection is lost;
 * - has no offline queue: a command on a dead connection fails at once;
 * - bounds connecting and every command (`connectTimeout`, `commandTimeout`); a command that
 *   times out closes its connection, failing everything in flight on it, since a late reply
 *   would otherwise be matched to the wrong command;
 * - after a failed connect, fails commands at once for `retryDelay` instead of dialling again
 *   for each of them.
 * It speaks just what the store needs: commands and their replies (no pub/sub, no RESP3).
 * Errors name `host:port` only, never the URL's password.
 *
 * @module
 */
import { connect as netConnect } from "node:net"
import type { Socket } from "node:net"
import { connect as tlsConnect } from "node:tls"

/** A Redis error reply (`-ERR ...`). */
export class RespError extends Error {
  override readonly name = "RespError"
}

/** Where and how to connect, parsed from a `redis://` or `rediss://` URL. */
export interface RespTarget {
  readonly host: string
  readonly port: number
  readonly tls: boolean
  readonly username: string | undefined
  readonly password: string | undefined
  readonly db: number | undefined
}

/** Parses `redis[s]://[user[:password]@]host[:port][/db]`; throws `TypeError` naming what is wrong. */
export const parseRedisUrl = (url: string): RespTarget => {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new TypeError("redis URL: not an absolute URL (expected redis://host:port)")
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new TypeError("redis URL: the scheme must be redis: or rediss:")
  const path = u.pathname.replace(/^\/+/, "")
  const db = path === "" ? undefined : Number(path)
  if (db !== undefined && !(Number.isSafeInteger(db) && db >= 0)) throw new TypeError("redis URL: the path must be a database number")
  return {
    host: u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
    port: u.port === "" ? 6379 : Number(u.port),
    tls: u.protocol === "rediss:",
    username: u.username === "" ? undefined : decodeURIComponent(u.username),
    password: u.password === "" ? undefined : decodeURIComponent(u.password),
    db,
  }
}

/** Timing of a `RespClient`, in milliseconds. */
export interface RespTimings {
  readonly connectTimeout: number
  readonly commandTimeout: number
  readonly retryDelay: number
}

type Reply = string | number | null | RespError | ReadonlyArray<Reply>

const CRLF = 13

/** Parses one reply starting at `at`; `undefined` when the buffer does not hold all of it yet. */
const parseReply = (buf: Buffer, at: number): { readonly value: Reply; readonly end: number } | undefined => {
  if (at >= buf.length) return undefined
  const eol = buf.indexOf(CRLF, at)
  if (eol < 0 || eol + 1 >= buf.length) return undefined
  const line = buf.toString("utf8", at + 1, eol)
  const next = eol + 2
  switch (buf[at]) {
    case 0x2b: // +
      return { value: line, end: next }
    case 0x2d: // -
      return { value: new RespError(line), end: next }
    case 0x3a: // :
      return { value: Number(line), end: next }
    case 0x24: { // $
      const len = Number(line)
      if (len < 0) return { value: null, end: next }
      if (next + len + 2 > buf.length) return undefined
      return { value: buf.toString("utf8", next, next + len), end: next + len + 2 }
    }
    case 0x2a: { // *
      const len = Number(line)
      if (len < 0) return { value: null, end: next }
      const items: Array<Reply> = []
      let pos = next
      for (let i = 0; i < len; i++) {
        const item = parseReply(buf, pos)
        if (item === undefined) return undefined
        items.push(item.value)
        pos = item.end
      }
      return { value: items, end: pos }
    }
    default:
      throw new RespError(`unexpected reply type ${JSON.stringify(String.fromCharCode(buf[at]!))}`)
  }
}

const encode = (args: ReadonlyArray<string>): string => {
  let out = `*${args.length}\r\n`
  for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`
  return out
}

interface Waiter {
  readonly resolve: (value: Reply) => void
  readonly reject: (error: Error) => void
  timer: ReturnType<typeof setTimeout> | undefined
}

/** One connection: commands are pipelined and answered in order. */
class Connection {
  readonly #socket: Socket
  readonly #where: string
  readonly #waiters: Array<Waiter> = []
  #buffer: Buffer = Buffer.alloc(0)
  #closed: Error | undefined

  constructor(socket: Socket, where: string) {
    this.#socket = socket
    this.#where = where
    socket.on("data", (chunk: Buffer) => this.#onData(chunk))
    socket.on("error", (e) => this.close(new Error(`redis ${where}: ${e.message}`)))
    socket.on("close", () => this.close(new Error(`redis ${where}: connection closed`)))
  }

  get closed(): boolean {
    return this.#closed !== undefined
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    let at = 0
    for (;;) {
      let parsed: ReturnType<typeof parseReply>
      try {
        parsed = parseReply(this.#buffer, at)
      } catch (e) {
        this.close(e as Error)
        return
      }
      if (parsed === undefined) break
      at = parsed.end
      const waiter = this.#waiters.shift()
      if (waiter === undefined) {
        this.close(new Error(`redis ${this.#where}: a reply came that no command waits for`))
        return
      }
      if (waiter.timer !== undefined) clearTimeout(waiter.timer)
      if (parsed.value instanceof RespError) waiter.reject(parsed.value)
      else waiter.resolve(parsed.value)
    }
    this.#buffer = at === 0 ? this.#buffer : this.#buffer.subarray(at)
  }

  send(args: ReadonlyArray<string>, timeoutMillis: number): Promise<Reply> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed)
    return new Promise<Reply>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined }
      waiter.timer = setTimeout(
        () => this.close(new Error(`redis ${this.#where}: no reply to ${args[0]} within ${timeoutMillis} ms`)),
        timeoutMillis,
      )
      this.#waiters.push(waiter)
      this.#socket.write(encode(args))
    })
  }

  close(error: Error): void {
    if (this.#closed !== undefined) return
    this.#closed = error
    this.#socket.destroy()
    for (const w of this.#waiters.splice(0)) {
      if (w.timer !== undefined) clearTimeout(w.timer)
      w.reject(error)
    }
  }
}

/** A lazily connected client: `command` connects when needed. */
export interface RespClient {
  readonly command: (args: ReadonlyArray<string>) => Promise<Reply>
  readonly close: () => void
}

/** Makes a client for `target`; nothing connects until the first command. */
export const makeRespClient = (target: RespTarget, timings: RespTimings): RespClient => {
  const where = `${target.host}:${target.port}`
  let current: Connection | undefined
  let connecting: Promise<Connection> | undefined
  let failed: { readonly at: number; readonly error: Error } | undefined
  let shut = false

  const open = (): Promise<Connection> =>
    new Promise<Connection>((resolve, reject) => {
      const socket = target.tls
        ? tlsConnect({ host: target.host, port: target.port, servername: target.host })
        : netConnect({ host: target.host, port: target.port })
      socket.setNoDelay(true)
      const timer = setTimeout(() => {
        socket.destroy()
        reject(new Error(`redis ${where}: no connection within ${timings.connectTimeout} ms`))
      }, timings.connectTimeout)
      const early = (e: Error) => {
        clearTimeout(timer)
        reject(new Error(`redis ${where}: ${e.message}`))
      }
      socket.once("error", early)
      socket.once(target.tls ? "secureConnect" : "connect", () => {
        clearTimeout(timer)
        socket.off("error", early)
        const conn = new Connection(socket, where)
        const setup: Array<Promise<Reply>> = []
        if (target.password !== undefined) {
          setup.push(conn.send(target.username === undefined ? ["AUTH", target.password] : ["AUTH", target.username, target.password], timings.connectTimeout))
        }
        if (target.db !== undefined) setup.push(conn.send(["SELECT", String(target.db)], timings.connectTimeout))
        Promise.all(setup).then(
          () => resolve(conn),
          (e: Error) => {
            conn.close(e)
            reject(e)
          },
        )
      })
    })

  const connection = (): Promise<Connection> => {
    if (shut) return Promise.reject(new Error(`redis ${where}: client closed`))
    if (current !== undefined && !current.closed) return Promise.resolve(current)
    if (connecting !== undefined) return connecting
    if (failed !== undefined && performance.now() - failed.at < timings.retryDelay) return Promise.reject(failed.error)
    connecting = open().then(
      (conn) => {
        connecting = undefined
        failed = undefined
        if (shut) conn.close(new Error(`redis ${where}: client closed`))
        current = conn
        return conn
      },
      (error: Error) => {
        connecting = undefined
        failed = { at: performance.now(), error }
        throw error
      },
    )
    return connecting
  }

  return {
    command: (args) => connection().then((conn) => conn.send(args, timings.commandTimeout)),
    close: () => {
      shut = true
      current?.close(new Error(`redis ${where}: client closed`))
    },
  }
}
