/**
 * Bad input at the edge gets a 4xx, never a 500 (issue 9 item 14): malformed %-escapes under
 * /__emulator/, methods no Request can carry (TRACE), an empty or malformed Host.
 */
import { connect } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createEmulator } from "../../../src/emulator/mod.ts"
import { serve } from "../../../src/node/serve.ts"
import type { Served } from "../../../src/node/serve.ts"
import { APP, setup, T0 } from "./helpers.ts"

describe("edge errors", () => {
  let server: Served
  beforeAll(async () => {
    server = await serve(createEmulator({ apps: [APP], now: () => T0 }), { port: 0 })
  })
  afterAll(() => server.close())

  /** One raw HTTP/1.1 exchange; resolves the status line. */
  const raw = (text: string) =>
    new Promise<string>((resolve, reject) => {
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
      socket.write(text)
    })

  it("malformed %-escapes under /__emulator/ → 400", async () => {
    for (const path of ["/__emulator/tasks/%E0%A4%A", "/__emulator/accounts/1400000000/%zz", "/__emulator/%"]) {
      expect(await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`), path).toBe("HTTP/1.1 400 Bad Request")
    }
    const h = setup()
    const res = await h.em.fetch(new Request("http://127.0.0.1/__emulator/tasks/%E0%A4%A"))
    expect(res.status).toBe(400)
  })

  it("TRACE, TRACK and CONNECT → 405", async () => {
    expect(await raw("TRACE /v4/timpush/get_tag HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).toBe("HTTP/1.1 405 Method Not Allowed")
    expect(await raw("TRACE /__emulator HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).toBe("HTTP/1.1 405 Method Not Allowed")
  })

  it("an empty or malformed Host → 400, on REST and inspection paths", async () => {
    for (const host of ["", "a b", "exa mple:80", "[zz]:1", "x:port"]) {
      for (const path of ["/v4/timpush/get_tag", "/__emulator"]) {
        expect(await raw(`POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 2\r\n\r\n{}`), `${host} ${path}`).toBe("HTTP/1.1 400 Bad Request")
      }
    }
    // The server is still serving.
    expect(await raw("GET /__emulator HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).toBe("HTTP/1.1 200 OK")
  })
})
