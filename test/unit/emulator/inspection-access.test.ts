/**
 * Who may use the inspection API (issue 9 item 7): a web page of another origin must neither
 * read nor drive it (no wildcard CORS, JSON-only writes, Host allow-list against DNS
 * rebinding, same-origin only), while curl, tests and a same-origin page with the token work.
 * The REST paths keep the CORS headers the documented service sends.
 */
import { request as httpRequest } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createEmulator } from "../../../src/emulator/mod.ts"
import type { Emulator } from "../../../src/emulator/mod.ts"
import { serve } from "../../../src/node/serve.ts"
import type { Served } from "../../../src/node/serve.ts"
import { APP, setup, T0 } from "./helpers.ts"

const at = (h: ReturnType<typeof setup>, path: string, init: RequestInit = {}) =>
  h.em.fetch(new Request(`http://127.0.0.1:5390/__emulator${path}`, init))

const jsonWrite = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
})

describe("inspection API: no cross-origin access", () => {
  it("answers without any Access-Control-Allow-* header, and a preflight fails", async () => {
    const h = setup()
    for (const path of ["", "/state", "/clock", "/requests"]) {
      const res = await at(h, path)
      expect(res.status).toBe(200)
      expect(res.headers.get("access-control-allow-origin")).toBeNull()
      expect(res.headers.get("cache-control")).toBe("no-store")
      await res.body?.cancel()
    }
    const preflight = await at(h, "/clock", {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:5390", "access-control-request-method": "POST" },
    })
    expect(preflight.status).toBeGreaterThanOrEqual(400)
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull()
  })

  it("refuses writes a browser can send without a preflight (text/plain, form, no type): 415, nothing changes", async () => {
    const h = setup()
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await at(h, "/clock", { method: "POST", headers: { "content-type": type }, body: JSON.stringify({ advanceMs: 1e9 }) })
      expect(res.status).toBe(415)
    }
    expect((await at(h, "/reset", { method: "POST" })).status).toBe(415)
    const plain = await at(h, "/faults", { method: "POST", body: JSON.stringify({ rate: 1, kinds: ["drop"] }) })
    expect(plain.status).toBe(415)
    expect(h.em.now()).toBe(T0)
    expect(h.em.faults.pending()).toEqual({})
    expect((await h.call("get_tag", { To_Account: [] })).json.ErrorCode).toBe(0)
    // The same writes as JSON work.
    expect((await at(h, "/clock", jsonWrite({ advanceMs: 5 }))).status).toBe(200)
    expect(h.em.now()).toBe(T0 + 5)
  })

  it("refuses a Host that is not loopback (DNS rebinding) unless listed in inspection.hosts", async () => {
    const h = setup()
    const withHost = (host: string, path = "/state") => at(h, path, { headers: { host } })
    for (const host of ["evil.example:5390", "evil.example", "192.168.1.20:5390", "127.0.0.1.evil.example"]) {
      const res = await withHost(host)
      expect(res.status, host).toBe(403)
      expect(await res.text()).not.toContain("UserID")
    }
    for (const host of ["localhost:5390", "127.0.0.1:5390", "127.5.6.7", "[::1]:5390", "app.localhost:5390", "LOCALHOST"]) {
      const res = await withHost(host)
      expect(res.status, host).toBe(200)
      await res.body?.cancel()
    }
    expect((await withHost("")).status).toBe(400)
    expect((await withHost("a b")).status).toBe(400)
    const listed = setup({ inspection: { hosts: ["emulator.internal"] } })
    expect((await listed.em.fetch(new Request("http://x/__emulator", { headers: { host: "Emulator.Internal:5390" } }))).status).toBe(200)
    expect((await listed.em.fetch(new Request("http://x/__emulator", { headers: { host: "other.internal" } }))).status).toBe(403)
  })

  it("refuses a cross-origin or cross-site browser request, accepts a same-origin one", async () => {
    const h = setup()
    const host = "127.0.0.1:5390"
    const cross: Array<Record<string, string>> = [
      { origin: "http://evil.example" },
      { origin: "http://127.0.0.1:3000" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ]
    for (const headers of cross) {
      const read = await at(h, "/state", { headers: { host, ...headers } })
      expect(read.status, JSON.stringify(headers)).toBe(403)
      const write = await at(h, "/clock", jsonWrite({ advanceMs: 1e9 }, { host, ...headers }))
      expect(write.status, JSON.stringify(headers)).toBe(403)
    }
    expect(h.em.now()).toBe(T0)
    const same = await at(h, "/clock", jsonWrite({ advanceMs: 1 }, { host, origin: `http://${host}`, "sec-fetch-site": "same-origin" }))
    expect(same.status).toBe(200)
    expect(h.em.now()).toBe(T0 + 1)
  })

  it("with a token: every route needs it (Bearer header or the emulator_token cookie); the token is never echoed or logged", async () => {
    const token = "s3cret-inspection-token"
    const h = setup({ inspection: { token } })
    const denied = await at(h, "/state")
    expect(denied.status).toBe(401)
    expect(denied.headers.get("www-authenticate")).toMatch(/^Bearer/)
    expect((await at(h, "/state", { headers: { authorization: "Bearer wrong-token-value" } })).status).toBe(401)
    expect((await at(h, "/clock", jsonWrite({ advanceMs: 1 }))).status).toBe(401)
    expect(h.em.now()).toBe(T0)
    const bearer = await at(h, "", { headers: { authorization: `Bearer ${token}` } })
    expect(bearer.status).toBe(200)
    const text = await bearer.text()
    expect(text).not.toContain(token)
    const cookie = await at(h, "/clock", jsonWrite({ advanceMs: 2 }, { cookie: `theme=dark; emulator_token=${token}`, host: "127.0.0.1:5390", origin: "http://127.0.0.1:5390" }))
    expect(cookie.status).toBe(200)
    expect(h.em.now()).toBe(T0 + 2)
    expect(JSON.stringify(h.em.requests())).not.toContain(token)
    expect(() => createEmulator({ apps: [APP], inspection: { token: "short" } })).toThrow(/at least 8/)
  })

  it("REST paths keep the documented CORS headers (Access-Control-Allow-Origin: *), OPTIONS included", async () => {
    const h = setup()
    const options = await h.em.fetch(new Request("http://127.0.0.1:5390/v4/timpush/get_tag", { method: "OPTIONS" }))
    expect(options.status).toBe(204)
    expect(options.headers.get("access-control-allow-origin")).toBe("*")
    const res = await h.em.fetch(new Request("http://127.0.0.1:5390/v4/timpush/get_tag", { method: "POST", body: "{}" }))
    expect(res.headers.get("access-control-allow-origin")).toBe("*")
  })
})

describe("inspection API over the node:http bridge", () => {
  let em: Emulator
  let server: Served
  beforeAll(async () => {
    em = createEmulator({ apps: [APP], now: () => T0 })
    server = await serve(em, { port: 0 })
  })
  afterAll(() => server.close())

  const raw = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: server.port, path, headers }, (res) => {
        res.resume()
        resolve({ status: res.statusCode!, headers: res.headers })
      })
      req.on("error", reject)
      req.end()
    })

  it("a rebinding page's Host is refused; loopback Host names are served", async () => {
    expect((await raw("/__emulator/state", { host: `attacker.example:${server.port}` })).status).toBe(403)
    expect((await raw("/__emulator/state", { host: `localhost:${server.port}` })).status).toBe(200)
    const res = await raw("/__emulator", { host: `127.0.0.1:${server.port}`, origin: "http://attacker.example" })
    expect(res.status).toBe(403)
    expect(res.headers["access-control-allow-origin"]).toBeUndefined()
  })

  it("binding a non-loopback address warns loudly; loopback does not", async () => {
    const warnings: Array<string> = []
    const loop = await serve({ fetch: async () => new Response("ok") }, { host: "127.0.0.1", warn: (m) => warnings.push(m) })
    await loop.close()
    expect(warnings).toEqual([])
    const open = await serve({ fetch: async () => new Response("ok") }, { host: "0.0.0.0", warn: (m) => warnings.push(m) })
    await open.close()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/WARNING: serving on 0\.0\.0\.0:\d+, which is not a loopback address/)
    expect(warnings[0]).toContain("inspection.token")
  })
})
