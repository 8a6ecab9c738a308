/**
 * Request-body limits (issue 9 item 8): the URL and UserSig are checked before any byte of the
 * body is read, a body over the cap (1 MiB by default) gets HTTP 413, and the rest of it is
 * never read, on the fetch handler (any runtime) and on the node:http bridge. Memory under
 * oversized bodies is measured by bench/emulator-body-limit.ts.
 */
import { connect } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createEmulator } from "../../../src/emulator/mod.ts"
import type { Emulator } from "../../../src/emulator/mod.ts"
import { serve } from "../../../src/node/serve.ts"
import type { Served } from "../../../src/node/serve.ts"
import { APP, setup, T0, urlFor } from "./helpers.ts"

const CHUNK = 64 * 1024

/** A streamed body of `total` bytes that counts how much of it was pulled. */
const counted = (total: number) => {
  const state = { pulled: 0 }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close()
      const n = Math.min(CHUNK, total - state.pulled)
      state.pulled += n
      controller.enqueue(new Uint8Array(n).fill(0x20))
    },
  })
  return { stream, state }
}

const post = (em: Emulator, url: string, body: ReadableStream<Uint8Array>) =>
  em.fetch(new Request(url, { method: "POST", body, duplex: "half" } as RequestInit))

describe("request-body cap on the fetch handler", () => {
  it("a body over the cap gets HTTP 413 and is not read past the cap", async () => {
    const h = setup()
    const { stream, state } = counted(64 * 1024 * 1024)
    const res = await post(h.em, urlFor("get_tag"), stream)
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 90001, ErrorInfo: expect.stringContaining("1048576 bytes") })
    expect(state.pulled).toBeLessThanOrEqual(1024 * 1024 + 2 * CHUNK)
    expect(h.em.requests()).toMatchObject([{ endpoint: "get_tag", status: 413, code: 90001 }])
  })

  it("the URL and UserSig come first: a refused call reads none of the body", async () => {
    const h = setup()
    for (const [o, code] of [[{ sdkappid: null }, 60012], [{ usersig: "" }, 70002], [{ identifier: "x", usersig: "junk" }, 70003]] as const) {
      const { stream, state } = counted(64 * 1024 * 1024)
      const res = await post(h.em, urlFor("get_tag", o), stream)
      expect((await res.json()).ErrorCode).toBe(code)
      expect(state.pulled).toBeLessThanOrEqual(CHUNK)
    }
    const { stream, state } = counted(64 * 1024 * 1024)
    expect((await (await post(h.em, "http://emulator.test/v4/timpush/nope", stream)).json()).ErrorCode).toBe(60009)
    expect(state.pulled).toBeLessThanOrEqual(CHUNK)
  })

  it("the cap is configurable; the account APIs answer 60003 in the 413 envelope; a body at the cap is read", async () => {
    const h = setup({ maxBodyBytes: 1000 })
    const over = await h.call("account_check", { CheckItem: [{ UserID: "x".repeat(1000) }] })
    expect(over).toMatchObject({ status: 413, json: { ErrorCode: 60003 } })
    const at = await h.call("get_tag", { To_Account: ["y".repeat(1000 - 20)] })
    expect(at.status).toBe(200)
    expect(() => createEmulator({ apps: [APP], maxBodyBytes: 0 })).toThrow(/maxBodyBytes/)
  })
})

describe("request-body cap on the node:http bridge", () => {
  let em: Emulator
  let server: Served
  beforeAll(async () => {
    em = createEmulator({ apps: [APP], now: () => T0 })
    server = await serve(em, { port: 0 })
  })
  afterAll(() => server.close())

  /** Sends `head`, then `bodyBytes` of body (stopping when the server answers); resolves the answer's first line. */
  const send = (head: string, bodyBytes: number) =>
    new Promise<{ statusLine: string; sent: number }>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1")
      let sent = 0
      let answer = ""
      let done = false
      const chunk = Buffer.alloc(CHUNK, 0x20)
      const pump = () => {
        while (!done && sent < bodyBytes) {
          sent += CHUNK
          if (!socket.write(chunk)) return socket.once("drain", pump)
        }
      }
      socket.on("data", (d) => {
        answer += d.toString("latin1")
        if (!done && answer.includes("\r\n")) {
          done = true
          resolve({ statusLine: answer.slice(0, answer.indexOf("\r\n")), sent })
          socket.destroy()
        }
      })
      socket.on("error", (e) => (done ? undefined : reject(e)))
      socket.write(head)
      pump()
    })

  it("a declared Content-Length over the cap is answered 413 before the body is read", async () => {
    const url = new URL(urlFor("get_tag", { base: server.url }))
    const head = `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${600 * 1024 * 1024}\r\n\r\n`
    const r = await send(head, 600 * 1024 * 1024)
    expect(r.statusLine).toBe("HTTP/1.1 413 Payload Too Large")
    expect(r.sent).toBeLessThan(200 * 1024 * 1024)
  })

  it("a chunked body is cut off at the cap with 413; the server keeps serving", async () => {
    const url = new URL(urlFor("get_tag", { base: server.url }))
    const head = `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n`
    // A chunked body: one 2 MiB chunk, then nothing.
    const size = 2 * 1024 * 1024
    const r = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1")
      let answer = ""
      socket.on("data", (d) => {
        answer += d.toString("latin1")
        if (answer.includes("\r\n")) {
          resolve(answer.slice(0, answer.indexOf("\r\n")))
          socket.destroy()
        }
      })
      socket.on("error", reject)
      socket.write(head)
      socket.write(`${size.toString(16)}\r\n`)
      socket.write(Buffer.alloc(size, 0x20))
    })
    expect(r).toBe("HTTP/1.1 413 Payload Too Large")
    const ok = await fetch(urlFor("get_tag", { base: server.url }), { method: "POST", body: '{"To_Account":[]}' })
    expect((await ok.json()).ErrorCode).toBe(0)
  })

  it("a call refused on its URL answers at once, without waiting for a large body", async () => {
    const head = `POST /v4/timpush/get_tag HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`
    const r = await send(head, 100 * 1024 * 1024)
    expect(r.statusLine).toBe("HTTP/1.1 200 OK")
    expect(r.sent).toBeLessThan(100 * 1024 * 1024)
  })
})
