/**
 * `em.fetch` is a drop-in `fetch`: it takes `(input, init?)` with a URL string, a URL or a
 * Request, as the global `fetch` does, so it can be the client's `fetch` option as is. It stays
 * a server handler: a Request with a server's context object as second argument (Deno's info,
 * Bun's server, Workers' env) is used as is.
 */
import { describe, expect, it } from "vitest"
import { createClient } from "../../../src/client/mod.ts"
import { createEmulator } from "../../../src/emulator/mod.ts"
import { APP, requestFor, setup, urlFor } from "./helpers.ts"

const post = { method: "POST", body: "{}" } as const
const answerOf = async (res: Response) => ({ status: res.status, json: await res.json() })

describe("em.fetch as a drop-in fetch", () => {
  it("takes a URL string or a URL with a RequestInit, like a Request", async () => {
    const { em } = setup()
    const byRequest = await answerOf(await em.fetch(requestFor("get_attr_name", {})))
    expect(byRequest).toMatchObject({ status: 200, json: { ErrorCode: 0 } })
    expect(await answerOf(await em.fetch(urlFor("get_attr_name"), post))).toEqual(byRequest)
    expect(await answerOf(await em.fetch(new URL(urlFor("get_attr_name")), post))).toEqual(byRequest)
  })

  it("applies a RequestInit given with a Request (here: the method)", async () => {
    const { em } = setup()
    const res = await em.fetch(requestFor("get_attr_name", {}), { method: "PUT" })
    expect(res.status).toBe(405)
  })

  it("uses a Request as is when the second argument is a server's context, not a RequestInit", async () => {
    const { em } = setup()
    const denoInfo = { remoteAddr: { hostname: "127.0.0.1", port: 1, transport: "tcp" }, completed: Promise.resolve() }
    const workersEnv = { DB: "binding", SECRET: "x" }
    for (const context of [denoInfo, workersEnv]) {
      const res = await em.fetch(requestFor("get_attr_name", {}), context)
      expect(await answerOf(res)).toMatchObject({ status: 200, json: { ErrorCode: 0 } })
    }
  })

  it("honours the signal of a RequestInit (an aborted delay rejects)", async () => {
    const { em } = setup({ faults: { script: { get_attr_name: ["delay"] }, delayMs: 60_000 } })
    const controller = new AbortController()
    const pending = em.fetch(urlFor("get_attr_name"), { ...post, signal: controller.signal })
    controller.abort(new Error("gave up"))
    await expect(pending).rejects.toThrow("gave up")
  })

  it("can be the client's fetch option as is", async () => {
    const em = createEmulator({ apps: [APP] })
    const chat = createClient({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminId: "administrator", baseUrl: "http://emulator.test", fetch: em.fetch })
    try {
      await chat.setAttrNames({ "0": "city" })
      expect((await chat.getAttrNames()).names).toEqual({ "0": "city" })
      expect(em.countRequests({ endpoint: "set_attr_name" })).toBe(1)
    } finally {
      await chat.dispose()
    }
  })
})
