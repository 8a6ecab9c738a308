import { describe, expect, it } from "vitest"
import { isDroppedConnection } from "../../../src/emulator/mod.ts"
import type { FaultKind } from "../../../src/emulator/mod.ts"
import { APP, importAccounts, requestFor, setup } from "./helpers.ts"

const addTag = (tag: string) => ({ UserTags: [{ To_Account: "alice", Tags: [tag] }] })

const ready = async (options: Parameters<typeof setup>[0] = {}) => {
  const h = setup(options)
  await importAccounts(h, ["alice"])
  h.em.clearRequests()
  return h
}

const tagsOfAlice = (h: Awaited<ReturnType<typeof ready>>) => h.em.account(APP.sdkAppId, "alice")!.tags

describe("emulator faults", () => {
  it("are off by default", async () => {
    const h = await ready()
    for (let i = 0; i < 100; i++) expect(await h.code("get_tag", { To_Account: ["alice"] })).toBe(0)
    expect(h.em.requests().filter((r) => r.fault !== undefined)).toEqual([])
  })

  it("error-91000: HTTP 200, ErrorCode 91000, nothing executed (batch keeps TaskId: \"\")", async () => {
    const h = await ready()
    h.em.faults.script("add_tag", "error-91000")
    const r = await h.call("add_tag", addTag("x"))
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 91000 })
    expect(tagsOfAlice(h)).toEqual([])
    h.em.faults.script("batch", "error-91000")
    const b = await h.call("batch", { From_Account: "a", To_Account: ["alice"], MsgRandom: 1, OfflinePushInfo: {} })
    expect(b.json).toMatchObject({ ErrorCode: 91000, TaskId: "" })
    expect(h.em.tasks()).toEqual([])
    expect(h.em.requests({ fault: "error-91000" })).toHaveLength(2)
  })

  it("http-502: an HTML 502, nothing executed", async () => {
    const h = await ready()
    h.em.faults.script("add_tag", "http-502")
    const res = await h.em.fetch(requestFor("add_tag", addTag("x")))
    expect(res.status).toBe(502)
    expect(res.headers.get("content-type")).toBe("text/html")
    await expect(res.json()).rejects.toThrow(SyntaxError)
    expect(tagsOfAlice(h)).toEqual([])
    expect(h.em.requests()).toMatchObject([{ endpoint: "add_tag", status: 502, fault: "http-502" }])
  })

  it("truncated-json: HTTP 200 with half a JSON body; the request WAS executed", async () => {
    const h = await ready()
    h.em.faults.script("add_tag", "truncated-json")
    const res = await h.em.fetch(requestFor("add_tag", addTag("x")))
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body.startsWith('{"ActionStatus":"OK"')).toBe(true)
    expect(() => JSON.parse(body)).toThrow(SyntaxError)
    expect(tagsOfAlice(h)).toEqual(["x"])
    expect(h.em.requests()).toMatchObject([{ endpoint: "add_tag", code: 0, fault: "truncated-json" }])
  })

  it("drop: fetch rejects with a TypeError like a network failure; executed unless executed: false", async () => {
    const h = await ready()
    h.em.faults.script("add_tag", "drop", { kind: "drop", executed: false })
    const first = await h.em.fetch(requestFor("add_tag", addTag("x"))).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(first).toBeInstanceOf(TypeError)
    expect(isDroppedConnection(first)).toBe(true)
    expect(tagsOfAlice(h)).toEqual(["x"])
    await expect(h.em.fetch(requestFor("add_tag", addTag("y")))).rejects.toThrow(TypeError)
    expect(tagsOfAlice(h)).toEqual(["x"])
    expect(h.em.requests().map((r) => [r.fault, r.code, r.status])).toEqual([
      ["drop", 0, undefined],
      ["drop", undefined, undefined],
    ])
    expect(isDroppedConnection(new TypeError("fetch failed"))).toBe(false)
  })

  it("delay: answers late (normal body); an abort while waiting rejects like fetch does", async () => {
    const h = await ready()
    h.em.faults.script("add_tag", { kind: "delay", delayMs: 5 })
    expect(await h.code("add_tag", addTag("x"))).toBe(0)
    expect(tagsOfAlice(h)).toEqual(["x"])

    // Executed first, then the answer waits: a client that times out never learns it worked.
    h.em.faults.script("add_tag", { kind: "delay", delayMs: 60_000 })
    const controller = new AbortController()
    const pending = h.em.fetch(requestFor("add_tag", addTag("y"), { signal: controller.signal }))
    await new Promise((r) => setTimeout(r, 10))
    controller.abort(new DOMException("client timeout", "TimeoutError"))
    await expect(pending).rejects.toMatchObject({ name: "TimeoutError" })
    expect(tagsOfAlice(h)).toEqual(["x", "y"])

    // executed: false waits first; aborted, it never runs.
    h.em.faults.script("add_tag", { kind: "delay", delayMs: 60_000, executed: false })
    const c2 = new AbortController()
    const p2 = h.em.fetch(requestFor("add_tag", addTag("z"), { signal: c2.signal }))
    await new Promise((r) => setTimeout(r, 10))
    c2.abort(new DOMException("client timeout", "TimeoutError"))
    await expect(p2).rejects.toMatchObject({ name: "TimeoutError" })
    expect(tagsOfAlice(h)).toEqual(["x", "y"])
  })

  it("executed overrides: 91000/502 after the write, a truncated 91000 without it", async () => {
    const h = await ready()
    h.em.faults.script("add_tag", { kind: "error-91000", executed: true }, { kind: "http-502", executed: true }, { kind: "truncated-json", executed: false })
    expect(await h.code("add_tag", addTag("a"))).toBe(91000)
    expect((await h.call("add_tag", addTag("b"))).status).toBe(502)
    const res = await h.em.fetch(requestFor("add_tag", addTag("c")))
    const body = await res.text()
    expect(body.startsWith('{"ActionStatus":"FAIL"')).toBe(true)
    expect(() => JSON.parse(body)).toThrow(SyntaxError)
    expect(tagsOfAlice(h)).toEqual(["a", "b"])
    expect(h.em.requests().map((r) => [r.fault, r.code, r.sdkAppId])).toEqual([
      ["error-91000", 0, APP.sdkAppId],
      ["http-502", 0, APP.sdkAppId],
      ["truncated-json", 91000, APP.sdkAppId],
    ])
  })

  it("scripts run in order per endpoint, 'none' lets a call through, '*' applies to any endpoint", async () => {
    const h = await ready()
    h.em.faults.configure({ script: { get_tag: ["none", "error-91000"], "*": ["http-502"] } })
    expect(h.em.faults.pending()).toEqual({ get_tag: 2, "*": 1 })
    expect((await h.call("get_tag", { To_Account: [] })).json.ErrorCode).toBe(0)
    expect((await h.call("get_tag", { To_Account: [] })).json.ErrorCode).toBe(91000)
    expect((await h.call("get_tag", { To_Account: [] })).status).toBe(502)
    expect((await h.call("get_attr", { To_Account: [] })).json.ErrorCode).toBe(0)
    expect(h.em.faults.pending()).toEqual({})
  })

  const run = async (seed: number, options: Record<string, unknown> = {}): Promise<Array<FaultKind | undefined>> => {
    const h = await ready()
    h.em.faults.configure({ seed, rate: 0.2, delayMs: 0, ...options })
    for (let i = 0; i < 300; i++) {
      const key = i % 3 === 0 ? "get_tag" : "add_tag"
      const body = key === "get_tag" ? { To_Account: ["alice"] } : addTag(`t${i % 7}`)
      await h.em.fetch(requestFor(key, body)).catch(() => undefined)
    }
    return h.em.requests().map((r) => r.fault)
  }

  it("random faults are deterministic under a seed", async () => {
    const a = await run(42)
    const b = await run(42)
    const c = await run(43)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    const count = a.filter((f) => f !== undefined).length
    expect(count).toBeGreaterThan(30)
    expect(count).toBeLessThan(100)
    expect(new Set(a.filter((f) => f !== undefined))).toEqual(new Set(["error-91000", "http-502", "delay", "truncated-json", "drop"]))
  })

  it("random faults can be limited to endpoints and kinds", async () => {
    const faults = await run(1, { rate: { add_tag: 0.5 }, kinds: ["http-502"] })
    expect(new Set(faults.filter((f) => f !== undefined))).toEqual(new Set(["http-502"]))
    const again = await ready()
    again.em.faults.configure({ seed: 1, rate: { add_tag: 0.5 }, kinds: ["http-502"] })
    for (let i = 0; i < 60; i++) await again.call("get_tag", { To_Account: [] })
    expect(again.em.countRequests({ fault: "http-502" })).toBe(0)
  })

  it("configure/clear at runtime", async () => {
    const h = await ready()
    h.em.faults.configure({ rate: 1, kinds: ["error-91000"] })
    expect(await h.code("get_tag", { To_Account: [] })).toBe(91000)
    h.em.faults.clear()
    expect(await h.code("get_tag", { To_Account: [] })).toBe(0)
  })
})
