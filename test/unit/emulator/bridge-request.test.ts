/**
 * The Request the node:http bridge hands a handler: a real `Request` to the handler (instanceof,
 * every member works, the undici object built only on demand), with buffered reads capped.
 */
import { afterEach, describe, expect, it } from "vitest"
import { serve } from "../../../src/node/serve.ts"
import type { Served } from "../../../src/node/serve.ts"

let server: Served | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe("the node:http bridge's Request", () => {
  it("is a Request with method, URL, headers and body; other members (clone, formData) work through a real one", async () => {
    const seen: Array<unknown> = []
    server = await serve({
      fetch: async (request) => {
        seen.push(request instanceof Request, request.method, new URL(request.url).pathname, request.headers.get("x-a"))
        if (request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded")) {
          const form = await request.clone().formData()
          seen.push(form.get("k"), request.cache)
          return new Response("form")
        }
        return new Response(JSON.stringify(await request.json()), { headers: { "set-cookie": "a=1", "x-b": "2" } })
      },
    })
    const res = await fetch(`${server.url}/p?q=1`, { method: "POST", headers: { "x-a": "1" }, body: '{"v":1}' })
    expect(await res.text()).toBe('{"v":1}')
    expect(res.headers.get("x-b")).toBe("2")
    expect(res.headers.getSetCookie()).toEqual(["a=1"])
    const form = await fetch(`${server.url}/f`, { method: "POST", body: new URLSearchParams({ k: "v" }) })
    expect(await form.text()).toBe("form")
    expect(seen).toEqual([true, "POST", "/p", "1", true, "POST", "/f", null, "v", "default"])
  })

  it("caps buffered reads at maxBodyBytes with a 413, whatever the handler does", async () => {
    let error: unknown
    server = await serve(
      {
        fetch: async (request) => {
          try {
            await request.text()
          } catch (e) {
            error = e
          }
          return new Response("should not be sent")
        },
      },
      { maxBodyBytes: 1000 },
    )
    const res = await fetch(`${server.url}/`, { method: "POST", body: "x".repeat(5000) })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain("larger than 1000 bytes")
    expect(error).toBeInstanceOf(RangeError)
    const small = await fetch(`${server.url}/`, { method: "POST", body: "x".repeat(1000) })
    expect(small.status).toBe(200)
  })

  it("streams a response body of many chunks", async () => {
    server = await serve({
      fetch: async () => {
        let i = 0
        return new Response(
          new ReadableStream<Uint8Array>({
            pull(c) {
              if (i++ === 100) return c.close()
              c.enqueue(new TextEncoder().encode(`line ${i}\n`))
            },
          }),
        )
      },
    })
    const text = await (await fetch(`${server.url}/`)).text()
    expect(text.split("\n").filter(Boolean)).toHaveLength(100)
  })
})

describe("the node:http bridge's streamed answers", () => {
  it("a long streamed answer to a slow reader leaves no listener behind (no MaxListeners warning)", async () => {
    const warnings: Array<string> = []
    const onWarning = (w: Error) => warnings.push(w.name)
    process.on("warning", onWarning)
    try {
      server = await serve({
        fetch: async () => {
          let i = 0
          return new Response(
            new ReadableStream<Uint8Array>({
              pull(c) {
                if (i++ === 400) return c.close()
                c.enqueue(new Uint8Array(64 * 1024).fill(97))
              },
            }),
          )
        },
      })
      const res = await fetch(`${server.url}/`)
      const reader = res.body!.getReader()
      let total = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        total += value.byteLength
        if (total % (2 * 1024 * 1024) < value.byteLength) await new Promise((r) => setTimeout(r, 5))
      }
      expect(total).toBe(400 * 64 * 1024)
      await new Promise((r) => setTimeout(r, 20))
      expect(warnings).not.toContain("MaxListenersExceededWarning")
    } finally {
      process.off("warning", onWarning)
    }
  })
})
