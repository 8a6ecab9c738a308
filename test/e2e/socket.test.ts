/**
 * Node-only end-to-end extras: the client over real HTTP (the global fetch) against the emulator
 * served by the node:http bridge. What only a socket shows: a `drop` fault is a destroyed
 * connection, a `delay` ends in the client's timeout and aborts the server side, and a
 * connection failure moves a retry-safe call to the standby origin (never a push).
 */
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { ChatPushOutcomeUnknown, ChatTransportError, createClient } from "../../src/client/mod.ts"
import type { ClientOptions, PromiseClient } from "../../src/client/mod.ts"
import { createEmulator } from "../../src/emulator/mod.ts"
import type { Emulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"
import type { Served } from "../../src/node/serve.ts"

const APP = { sdkAppId: 1400000000, secretKey: "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90", admins: ["administrator"] }

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const served = async (): Promise<{ em: Emulator; server: Served }> => {
  const em = createEmulator({ apps: [APP] })
  const server = await serve(em)
  cleanups.push(() => server.close())
  return { em, server }
}

const client = (options: Partial<ClientOptions>): PromiseClient => {
  const c = createClient({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminId: "administrator", rateLimits: false, retry: false, ...options })
  cleanups.push(() => c.dispose())
  return c
}

/** A loopback port nothing listens on (bound, then released). */
const deadPort = async (): Promise<number> => {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

describe("client ↔ emulator over a loopback socket", () => {
  it("the whole flow works over HTTP", async () => {
    const { em, server } = await served()
    const chat = client({ baseUrl: server.url })
    await chat.setAttrNames({ "0": "city" })
    await chat.importAccounts([{ userId: "a" }, { userId: "b" }])
    await chat.setUserAttrs([{ userId: "a", attrs: { city: "sz" } }])
    await chat.addUserTags([{ userId: "b", tags: ["vip"] }])
    const { taskId } = await chat.push({ condition: { tagsOr: ["vip"] }, message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] })
    expect(em.task(taskId)?.recipientSample).toEqual(["b"])
    expect(em.countRequests({ code: 0 })).toBe(5)
  })

  it("a dropped connection is a connection error (a push: outcome unknown, and its task exists)", async () => {
    const { em, server } = await served()
    const chat = client({ baseUrl: server.url })
    await chat.importAccounts([{ userId: "a" }])
    em.faults.script("get_tag", "drop")
    const e = await chat.getUserTags(["a"]).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ChatTransportError)
    expect((e as ChatTransportError).kind).toBe("connection")
    em.faults.script("push", "drop")
    const p = await chat.push({}).catch((x: unknown) => x)
    expect(p).toBeInstanceOf(ChatPushOutcomeUnknown)
    expect(em.tasks().map((t) => t.MsgRandom)).toEqual([(p as ChatPushOutcomeUnknown).msgRandom])
  })

  it("a delay beyond the client's timeout is a timeout, and the retry succeeds", async () => {
    const { em, server } = await served()
    const chat = client({ baseUrl: server.url, timeout: 100, retry: { times: 1, baseDelay: 1 } })
    await chat.importAccounts([{ userId: "a" }])
    em.faults.script("add_tag", { kind: "delay", delayMs: 2_000 })
    const r = await chat.addUserTags([{ userId: "a", tags: ["x"] }])
    expect(r.successCount).toBe(1)
    expect(em.requests({ endpoint: "add_tag" }).map((x) => x.fault ?? "none")).toEqual(["delay", "none"])
  })

  it("a connection failure moves a retry-safe call to the standby origin; a push is never failed over", async () => {
    const { em, server } = await served()
    const chat = client({ baseUrl: `http://127.0.0.1:${await deadPort()}`, standbyBaseUrl: server.url, retry: { times: 2, baseDelay: 1 } })
    const r = await chat.importAccounts([{ userId: "a" }])
    expect(r.successCount).toBe(1)
    expect(em.accountCount(APP.sdkAppId)).toBe(1)
    // Refused, so provably never sent: a plain transport error that says so, not an unknown outcome.
    const p = await chat.push({}).catch((x: unknown) => x)
    expect(p).toBeInstanceOf(ChatTransportError)
    expect([(p as ChatTransportError).kind, (p as ChatTransportError).notSent]).toEqual(["connection", true])
    expect(em.countRequests({ endpoint: "push" })).toBe(0)
  })
})
