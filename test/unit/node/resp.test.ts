/**
 * The built-in Redis client (src/node/resp.ts) against a scripted TCP server, no redis-server
 * needed: replies split at every byte, nested and null replies, error replies, pipelining order,
 * AUTH and SELECT from the URL, a command that times out closing its connection, a refused
 * connection failing fast, reconnecting afterwards, and no password in any error.
 */
import { createServer } from "node:net"
import type { AddressInfo, Server, Socket } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { makeRespClient, parseRedisUrl, RespError } from "../../../src/node/resp.ts"
import type { RespClient } from "../../../src/node/resp.ts"

const servers: Array<Server> = []
const clients: Array<RespClient> = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()))
})

/** A server that hands every received chunk to `onData` with its socket. */
const scripted = async (onData: (socket: Socket, text: string) => void): Promise<number> => {
  const sockets: Array<Socket> = []
  const server = createServer((socket) => {
    sockets.push(socket)
    socket.on("data", (d) => onData(socket, d.toString()))
  })
  server.on("close", () => sockets.forEach((s) => s.destroy()))
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  servers.push(server)
  const close = server.close.bind(server)
  server.close = ((cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy()
    return close(cb)
  }) as typeof server.close
  return (server.address() as AddressInfo).port
}

const client = (port: number, url = `redis://127.0.0.1:${port}`, commandTimeout = 1000) => {
  const c = makeRespClient(parseRedisUrl(url), { connectTimeout: 500, commandTimeout, retryDelay: 50 })
  clients.push(c)
  return c
}

/** Commands in a chunk of RESP arrays, e.g. [["AUTH", "pw"], ["PING"]]. */
const commandsIn = (text: string): Array<Array<string>> => {
  const out: Array<Array<string>> = []
  const lines = text.split("\r\n")
  for (let i = 0; i < lines.length;) {
    const n = Number(lines[i]!.slice(1))
    if (!lines[i]!.startsWith("*")) break
    const args: Array<string> = []
    i++
    for (let k = 0; k < n; k++) {
      args.push(lines[i + 1]!)
      i += 2
    }
    out.push(args)
  }
  return out
}

describe("parseRedisUrl", () => {
  it("reads host, port, TLS, user, password and database", () => {
    expect(parseRedisUrl("rediss://app:p%40ss@cache.internal:6380/3")).toEqual({
      host: "cache.internal",
      port: 6380,
      tls: true,
      username: "app",
      password: "p@ss",
      db: 3,
    })
    expect(parseRedisUrl("redis://[::1]")).toMatchObject({ host: "::1", port: 6379, tls: false, db: undefined })
  })

  it("refuses what is not a Redis URL, without echoing it", () => {
    for (const bad of ["localhost:6379", "http://h:1", "redis://h:1/x", "redis://h:1/-1"]) {
      expect(() => parseRedisUrl(bad)).toThrow(TypeError)
    }
    expect(() => parseRedisUrl("redis://u:secret-pw@h:1/x")).toThrow(/^(?!.*secret-pw)/)
  })
})

describe("the RESP client", () => {
  it("parses every reply type, split at every byte, in pipeline order", async () => {
    const reply = "+OK\r\n:42\r\n$4\r\nhé?\r\n$-1\r\n*3\r\n$1\r\na\r\n*1\r\n:7\r\n*-1\r\n-ERR wrong\r\n"
    let sent = false
    const port = await scripted((socket) => {
      if (sent) return
      sent = true
      // One byte per write, each flushed separately.
      const bytes = Buffer.from(reply)
      let i = 0
      const next = () => {
        if (i < bytes.length) socket.write(bytes.subarray(i, ++i), next)
      }
      next()
    })
    const c = client(port)
    const replies = await Promise.all([
      c.command(["SET", "k", "v"]),
      c.command(["INCR", "n"]),
      c.command(["GET", "s"]),
      c.command(["GET", "none"]),
      c.command(["EVAL", "x", "0"]),
      c.command(["BOOM"]).catch((e: unknown) => e),
    ])
    expect(replies.slice(0, 5)).toEqual(["OK", 42, "hé?", null, ["a", [7], null]])
    expect(replies[5]).toBeInstanceOf(RespError)
    expect((replies[5] as RespError).message).toBe("ERR wrong")
  })

  it("sends AUTH and SELECT from the URL before the first command", async () => {
    const seen: Array<Array<string>> = []
    const port = await scripted((socket, text) => {
      for (const cmd of commandsIn(text)) {
        seen.push(cmd)
        socket.write(cmd[0] === "GET" ? "$1\r\nv\r\n" : "+OK\r\n")
      }
    })
    const c = client(port, `redis://app:pw@127.0.0.1:${port}/2`)
    expect(await c.command(["GET", "k"])).toBe("v")
    expect(seen).toEqual([["AUTH", "app", "pw"], ["SELECT", "2"], ["GET", "k"]])
  })

  it("a command without a reply fails after commandTimeout and closes its connection; the next command reconnects", async () => {
    let connections = 0
    const port = await scripted((socket, text) => {
      for (const cmd of commandsIn(text)) if (cmd[0] === "PING") socket.write("+PONG\r\n")
    })
    servers[0]!.on("connection", () => connections++)
    const c = client(port, undefined, 150)
    const t0 = performance.now()
    const stuck = await c.command(["BLPOP", "q", "0"]).catch((e: Error) => e)
    expect(stuck).toBeInstanceOf(Error)
    expect((stuck as Error).message).toContain("no reply to BLPOP within 150 ms")
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(await c.command(["PING"])).toBe("PONG")
    expect(connections).toBe(2)
  })

  it("a refused connection fails fast, names host:port only, and later commands connect again", async () => {
    const port = await scripted(() => {})
    await new Promise<void>((r) => servers.pop()!.close(() => r()))
    const c = client(port, `redis://user:hunter2@127.0.0.1:${port}`)
    const e = (await c.command(["PING"]).catch((x: Error) => x)) as Error
    expect(e.message).toContain(`127.0.0.1:${port}`)
    expect(e.message).not.toContain("hunter2")
    // Within retryDelay: the same failure at once, no new dial.
    expect(await c.command(["PING"]).catch((x: Error) => x)).toBe(e)
    const server = createServer((s) => s.on("data", () => s.write("+OK\r\n")))
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r))
    servers.push(server)
    await new Promise((r) => setTimeout(r, 60))
    expect(await c.command(["AUTH", "x"]).catch((x: Error) => x.message)).toBe("OK")
  })

  it("a connection the server drops fails what was in flight, and the next command reconnects", async () => {
    let first = true
    const port = await scripted((socket, text) => {
      for (const cmd of commandsIn(text)) {
        if (first) {
          first = false
          socket.destroy()
          return
        }
        socket.write(`$${cmd[1]!.length}\r\n${cmd[1]}\r\n`)
      }
    })
    const c = client(port)
    expect(await c.command(["ECHO", "lost"]).catch((e: Error) => e.message)).toMatch(/closed|reset/)
    expect(await c.command(["ECHO", "back"])).toBe("back")
  })
})
