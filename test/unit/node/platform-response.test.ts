/**
 * `serve(handler, { fastResponse: false })` leaves the process's global `Response` alone (a
 * file of its own: the replacement is process-wide) and still answers through the platform's
 * Response, streamed bodies included.
 */
import { describe, expect, it } from "vitest"
import { FastResponse } from "../../../src/node/fast-response.ts"
import { serve } from "../../../src/node/serve.ts"

describe("the bridge with fastResponse: false", () => {
  it("keeps the platform's Response and answers with it", async () => {
    const platform = globalThis.Response
    const server = await serve(
      {
        fetch: async (request) => {
          if (new URL(request.url).pathname === "/stream") return new Response(new Blob(["a", "b".repeat(70_000)]).stream())
          return Response.json({ method: request.method }, { status: 202, headers: { "set-cookie": "a=1" } })
        },
      },
      { fastResponse: false },
    )
    try {
      expect(globalThis.Response).toBe(platform)
      expect(globalThis.Response).not.toBe(FastResponse)
      const res = await fetch(`${server.url}/json`, { method: "POST", body: "{}" })
      expect([res.status, res.headers.getSetCookie(), await res.json()]).toEqual([202, ["a=1"], { method: "POST" }])
      const streamed = await fetch(`${server.url}/stream`)
      expect((await streamed.text()).length).toBe(70_001)
    } finally {
      await server.close()
    }
  })
})
