/**
 * FastResponse against the platform's Response: for each way of building one, every observable
 * member reads the same, the same inputs are refused with the same error class, and a body reads
 * once. The bridge's use of it (the global replaced, answers written from their parts) is tested
 * over a socket at the end.
 */
import { afterEach, describe, expect, it } from "vitest"
import { FastResponse, fastAnswer, useFastResponse } from "../../../src/node/fast-response.ts"
import { serve } from "../../../src/node/serve.ts"
import type { Served } from "../../../src/node/serve.ts"

const Platform = globalThis.Response

type Case = readonly [name: string, body: () => BodyInit | null | undefined, init?: ResponseInit]
const cases: ReadonlyArray<Case> = [
  ["no body", () => undefined],
  ["null body, 204", () => null, { status: 204 }],
  ["a string", () => "hello"],
  ["JSON text with a content type", () => '{"a":1}', { headers: { "content-type": "application/json" } }],
  ["a status and reason", () => "gone", { status: 410, statusText: "Gone Away" }],
  ["UTF-8 text", () => "héllo 世界 🎉"],
  ["a lone surrogate and a leading BOM", () => "\uFEFFa\uD800b"],
  ["bytes", () => new Uint8Array([104, 105, 0, 255])],
  ["a Buffer", () => Buffer.from("buffer body")],
  ["an ArrayBuffer", () => new Uint8Array([1, 2, 3]).buffer],
  ["invalid UTF-8 bytes", () => new Uint8Array([0x61, 0xff, 0xfe, 0x62])],
  ["headers as pairs", () => "x", { headers: [["X-A", "1"], ["x-a", "2"], ["Set-Cookie", "a=1"], ["set-cookie", "b=2"]] }],
  ["headers as Headers", () => "x", { headers: new Headers({ "X-B": "2", "content-type": "text/html" }) }],
  ["headers in mixed case", () => "x", { headers: { "Content-Type": "text/csv", "X-Trace": " padded " } }],
  ["a non-string header value", () => "x", { headers: { "x-n": 5 } as unknown as Record<string, string> }],
  ["URLSearchParams (delegated)", () => new URLSearchParams({ k: "v" })],
  ["a Blob (delegated)", () => new Blob(["blob"], { type: "text/x-blob" })],
  ["a stream (delegated)", () => new Blob(["streamed"]).stream()],
  ["status 599", () => "edge", { status: 599 }],
]

const observe = async (r: Response, read: "text" | "bytes" | "arrayBuffer" | "json" | "stream") => {
  const head = {
    instance: r instanceof Platform,
    status: r.status,
    statusText: r.statusText,
    ok: r.ok,
    type: r.type,
    url: r.url,
    redirected: r.redirected,
    headers: [...r.headers],
    usedBefore: r.bodyUsed,
  }
  let body: unknown
  if (read === "text") body = await r.text()
  else if (read === "bytes") body = [...(await r.bytes())]
  else if (read === "arrayBuffer") body = [...new Uint8Array(await r.arrayBuffer())]
  else if (read === "json") body = await r.json().catch((e: unknown) => (e as Error).constructor.name)
  else body = r.body === null ? null : await new Platform(r.body).text()
  const again = await r.text().then(
    (t) => ["read again", t],
    (e: unknown) => (e as Error).constructor.name,
  )
  return { ...head, body, usedAfter: r.bodyUsed, again }
}

describe("FastResponse reads like the platform's Response", () => {
  for (const [name, body, init] of cases) {
    for (const read of ["text", "bytes", "arrayBuffer", "json", "stream"] as const) {
      it(`${name}: ${read}()`, async () => {
        const expected = await observe(new Platform(body(), init), read)
        expect(await observe(new FastResponse(body(), init), read)).toEqual(expected)
      })
    }
    it(`${name}: clone() gives two readable copies`, async () => {
      const platform = new Platform(body(), init)
      const fast = new FastResponse(body(), init)
      const [p1, p2] = [platform.clone(), platform]
      const [f1, f2] = [fast.clone(), fast]
      expect(f1 instanceof Platform).toBe(true)
      expect([await f1.text(), await f2.text(), [...f1.headers]]).toEqual([await p1.text(), await p2.text(), [...p1.headers]])
    })
  }

  it("accepts what the platform accepts and refuses what it refuses, with the same error class", async () => {
    const inits: ReadonlyArray<readonly [BodyInit | null, ResponseInit]> = [
      ["x", { status: 199 }],
      ["x", { status: 600 }],
      ["x", { status: -1 }],
      ["x", { status: 200.5 }], // WebIDL truncates: 200
      ["x", { status: "201" as unknown as number }],
      ["x", { status: 204 }],
      [null, { status: 204 }],
      ["x", { status: 304 }],
      ["x", { statusText: "bad\nreason" }],
      ["x", { statusText: "caf\u00e9" }],
      ["x", { headers: { "bad name": "v" } }],
      ["x", { headers: { "x-a": "line\r\nbreak" } }],
      ["x", { headers: { "x-a": "nul\0" } }],
      ["x", { headers: { "x-a": "\u4e2d" } }],
      ["x", { headers: [["only-name"]] as unknown as Array<[string, string]> }],
    ]
    const outcome = async (build: () => Response) => {
      try {
        const r = build()
        return { status: r.status, statusText: r.statusText, headers: [...r.headers], text: await r.text() }
      } catch (e) {
        return (e as Error).constructor.name
      }
    }
    const refused: Array<string> = []
    for (const [body, init] of inits) {
      const platform = await outcome(() => new Platform(body, init))
      if (typeof platform === "string") refused.push(platform)
      expect(await outcome(() => new FastResponse(body, init))).toEqual(platform)
    }
    // The cases above do exercise refusals of both kinds.
    expect(refused).toContain("RangeError")
    expect(refused).toContain("TypeError")
  })

  it("copies bytes at construction, as the platform does", async () => {
    const bytes = new Uint8Array([1, 2, 3])
    const fast = new FastResponse(bytes)
    bytes[0] = 9
    expect([...(await fast.bytes())]).toEqual([1, 2, 3])
  })

  it("keeps header changes made after construction", async () => {
    const fast = new FastResponse("x", { headers: { "x-a": "1" } })
    fast.headers.set("x-b", "2")
    fast.headers.append("set-cookie", "c=3")
    expect(fastAnswer(fast)?.headers).toEqual({ "x-a": "1", "x-b": "2", "set-cookie": ["c=3"], "content-type": "text/plain;charset=UTF-8" })
    expect([...fast.clone().headers]).toEqual([...fast.headers])
  })

  it("Response.json, error and redirect match the platform's", async () => {
    const fast = (FastResponse as unknown as typeof Platform).json({ a: [1, "é"] }, { status: 201, headers: { "x-a": "1" } })
    const platform = Platform.json({ a: [1, "é"] }, { status: 201, headers: { "x-a": "1" } })
    expect([fast.status, [...fast.headers], await fast.json()]).toEqual([platform.status, [...platform.headers], await platform.json()])
    expect(fastAnswer(FastResponse.json({}, { headers: { "Content-Type": "application/problem+json" } }))?.headers["content-type"]).toBe(
      "application/problem+json",
    )
    expect(() => FastResponse.json(undefined)).toThrow(TypeError)
    expect(FastResponse.error().type).toBe("error")
    expect(FastResponse.redirect("https://example.com/", 301).headers.get("location")).toBe("https://example.com/")
  })

  it("is a Response, and a platform Response is a FastResponse, so instanceof checks keep working", () => {
    expect(new FastResponse("x") instanceof Platform).toBe(true)
    expect(new Platform("x") instanceof FastResponse).toBe(true)
    expect(Object.prototype.toString.call(new FastResponse("x"))).toBe("[object Response]")
    expect({} instanceof FastResponse).toBe(false)
  })

  it("can be extended, like the platform's Response", async () => {
    class Tagged extends FastResponse {
      tag(): string {
        return `tagged ${this.status}`
      }
    }
    const t = new Tagged("body", { status: 202 })
    expect([t.tag(), await t.text(), t instanceof Platform]).toEqual(["tagged 202", "body", true])
  })

  it("offers the bridge its parts only while it is simple and unread", async () => {
    expect(fastAnswer(new FastResponse("x", { status: 201, statusText: "Made", headers: { "Content-Length": "99", Connection: "x", "X-A": "1" } }))).toEqual({
      status: 201,
      statusText: "Made",
      headers: { "x-a": "1", "content-type": "text/plain;charset=UTF-8" },
      body: "x",
    })
    const read = new FastResponse("x")
    await read.text()
    expect(fastAnswer(read)).toBeUndefined()
    const streamed = new FastResponse("x")
    void streamed.body
    expect(fastAnswer(streamed)).toBeUndefined()
    expect(fastAnswer(new FastResponse(new Blob(["x"])))).toBeUndefined()
    expect(fastAnswer(new Platform("x"))).toBeUndefined()
    // A body read through the stream stays read: the same answer as the platform's.
    const viaStream = new FastResponse("abc")
    expect(await new Platform(viaStream.body).text()).toBe("abc")
    expect(viaStream.bodyUsed).toBe(true)
    await expect(viaStream.text()).rejects.toThrow(TypeError)
  })
})

describe("the bridge with FastResponse", () => {
  let server: Served | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it("makes it the global Response (once), and writes status, reason, headers and body from its parts", async () => {
    server = await serve({
      fetch: async (request) => {
        const path = new URL(request.url).pathname
        if (path === "/json") return Response.json({ ok: true, path }, { status: 201, headers: { "X-A": "1", "Set-Cookie": "a=1" } })
        if (path === "/bytes") return new Response(new Uint8Array([0, 1, 2, 255]), { statusText: "Fine" })
        if (path === "/empty") return new Response(null, { status: 204, headers: { "x-e": "1" } })
        const r = new Response("héllo")
        r.headers.append("set-cookie", "b=2")
        r.headers.append("set-cookie", "c=3")
        return r
      },
    })
    expect(globalThis.Response).toBe(FastResponse)
    expect(useFastResponse()).toBe(true)
    const json = await fetch(`${server.url}/json`)
    expect([json.status, json.headers.get("x-a"), json.headers.getSetCookie(), json.headers.get("content-type"), await json.json()]).toEqual([
      201,
      "1",
      ["a=1"],
      "application/json",
      { ok: true, path: "/json" },
    ])
    const bytes = await fetch(`${server.url}/bytes`)
    expect([bytes.statusText, bytes.headers.get("content-length"), [...(await bytes.bytes())]]).toEqual(["Fine", "4", [0, 1, 2, 255]])
    const empty = await fetch(`${server.url}/empty`)
    expect([empty.status, empty.headers.get("x-e"), await empty.text()]).toEqual([204, "1", ""])
    const text = await fetch(`${server.url}/text`)
    expect([text.headers.get("content-type"), text.headers.get("content-length"), text.headers.getSetCookie(), await text.text()]).toEqual([
      "text/plain;charset=UTF-8",
      "6",
      ["b=2", "c=3"],
      "héllo",
    ])
  })
})
