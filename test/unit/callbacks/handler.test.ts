/**
 * The handler beyond the conformance suite: served on a real loopback socket through the Node
 * bridge, the de-duplication store contract (keys, expiry, async stores, a failing store), error
 * reporting (default console.error, throwing reporters, an internal failure), option checks and
 * untrusted keys such as `__proto__`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import {
  type AllMemberPushEventInit,
  buildCallbackRequest,
  CallbackError,
  type CallbackHandlerOptions,
  createCallbackHandler,
  type DeliveryDedupe,
  parseCallbackBody,
  type PushCallbackEvent,
} from "../../../src/callbacks/mod.ts"
import { serve, type Served } from "../../../src/node/serve.ts"

const APP = 1400000000
const TOKEN = "unit-token-d41d8cd9"
const T = 1_700_000_000
const ev = (i: number): AllMemberPushEventInit => ({
  command: "Push.AllMemberPush", channel: "offline", taskId: `t${i}`, taskTime: T - 9, eventTime: T - 3,
  userId: `u${i}`, platform: "huawei", stage: "sent",
})
const signed = (n = 1, requestTime = T, url = "http://receiver.test/cb") =>
  buildCallbackRequest({ url, sdkAppId: APP, token: TOKEN, requestTime, events: Array.from({ length: n }, (_, i) => ev(i)) })
const toRequest = (s: ReturnType<typeof signed>) => new Request(s.url, s)
const base = (o: Partial<CallbackHandlerOptions> = {}): CallbackHandlerOptions => ({
  sdkAppId: APP, token: TOKEN, now: () => T, onEvents: () => undefined, onError: () => undefined, ...o,
})

describe("served on a real socket (src/node/serve.ts)", () => {
  const received: Array<ReadonlyArray<PushCallbackEvent>> = []
  let server: Served
  beforeAll(async () => {
    server = await serve({ fetch: createCallbackHandler(base({ now: () => Date.now() / 1000, onEvents: (e) => void received.push(e) })) })
  })
  afterAll(async () => {
    await server.close()
  })

  it("verifies, answers and hands on a delivery sent over HTTP", async () => {
    const s = signed(100, Math.floor(Date.now() / 1000), `${server.url}/tencent/cb`)
    const res = await fetch(s.url, s)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 })
    expect(received.at(-1)?.map((e) => e.userId)).toEqual(Array.from({ length: 100 }, (_, i) => `u${i}`))
  })

  it("refuses a stale one with 401 over HTTP", async () => {
    const s = signed(1, Math.floor(Date.now() / 1000) - 3600, `${server.url}/tencent/cb`)
    const res = await fetch(s.url, s)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 1 })
  })
})

describe("de-duplication store contract", () => {
  it("gets one 128-bit hex key per delivery, expiring when the window closes", async () => {
    const calls: Array<[string, number, number]> = []
    const dedupe: DeliveryDedupe = {
      firstSeen: async (key, expiresAt, now) => {
        calls.push([key, expiresAt, now])
        return calls.filter((c) => c[0] === key).length === 1
      },
    }
    const batches: Array<unknown> = []
    const h = createCallbackHandler(base({ dedupe, maxSkewSeconds: 120, onEvents: (e) => void batches.push(e) }))
    await h(toRequest(signed(2)))
    await h(toRequest(signed(2)))
    await h(toRequest(signed(2, T - 1)))
    expect(batches).toHaveLength(2)
    expect(calls.map((c) => c[1])).toEqual([T + 120, T + 120, T - 1 + 120])
    expect(calls.map((c) => c[2])).toEqual([T, T, T])
    expect(calls[0]![0]).toMatch(/^[0-9a-f]{32}$/)
    expect(calls[1]![0]).toBe(calls[0]![0])
    expect(calls[2]![0]).not.toBe(calls[0]![0])
  })

  it("fails open when the store fails: the delivery is handed on and the failure reported", async () => {
    const errors: Array<unknown> = []
    const batches: Array<unknown> = []
    const h = createCallbackHandler(base({
      dedupe: { firstSeen: () => Promise.reject(new Error("store down")) },
      onError: (e) => void errors.push(e),
      onEvents: (e) => void batches.push(e),
    }))
    expect((await h(toRequest(signed()))).status).toBe(200)
    expect(batches).toHaveLength(1)
    expect((errors[0] as Error).message).toBe("store down")
  })

  it("is not consulted for refused requests", async () => {
    const firstSeen = vi.fn(() => true)
    const h = createCallbackHandler(base({ dedupe: { firstSeen } }))
    const s = signed()
    await h(new Request(s.url.replace("SdkAppid=1400000000", "SdkAppid=1"), s))
    await h(new Request(s.url, { ...s, body: "junk" }))
    expect(firstSeen).not.toHaveBeenCalled()
  })
})

describe("error reporting", () => {
  it("logs onEvents failures with console.error by default, without the token", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined)
    try {
      const kept: Array<Promise<unknown>> = []
      const h = createCallbackHandler({ sdkAppId: APP, token: TOKEN, now: () => T, onEvents: () => Promise.reject(new Error("boom")) })
      await h(toRequest(signed()), {}, { waitUntil: (p: Promise<unknown>) => void kept.push(p) })
      await Promise.all(kept)
      expect(spy).toHaveBeenCalledTimes(1)
      expect(String(spy.mock.calls[0]![0])).toContain("tencent-chat-push/callbacks")
      expect((spy.mock.calls[0]![1] as Error).message).toBe("boom")
      expect(JSON.stringify(spy.mock.calls.map((c) => c.map(String)))).not.toContain(TOKEN)
    } finally {
      spy.mockRestore()
    }
  })

  it("a throwing onError or onRejected does not break the answer or leak a rejection", async () => {
    const unhandled = vi.fn()
    process.on("unhandledRejection", unhandled)
    try {
      const kept: Array<Promise<unknown>> = []
      const h = createCallbackHandler(base({
        onEvents: () => Promise.reject(new Error("a")),
        onError: () => {
          throw new Error("reporter down")
        },
        onRejected: () => {
          throw new Error("rejection reporter down")
        },
      }))
      const ctx = { waitUntil: (p: Promise<unknown>) => void kept.push(p) }
      expect((await h(toRequest(signed()), {}, ctx)).status).toBe(200)
      const s = signed()
      expect((await h(new Request(s.url.replace("Sign=", "Sign=f"), s))).status).toBe(401)
      await Promise.all(kept)
      await new Promise((r) => setTimeout(r, 0))
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off("unhandledRejection", unhandled)
    }
  })

  it("an unexpected internal failure answers 500 with a generic reason and is reported", async () => {
    const errors: Array<unknown> = []
    const h = createCallbackHandler(base({
      now: () => {
        throw new Error("clock broke")
      },
      onError: (e) => void errors.push(e),
    }))
    const res = await h(toRequest(signed()))
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ ActionStatus: "FAIL", ErrorInfo: "internal error", ErrorCode: 1 })
    expect((errors[0] as Error).message).toBe("clock broke")
  })
})

describe("options", () => {
  it("refuses unusable options at creation with INVALID_INPUT", () => {
    const bad: Array<Partial<CallbackHandlerOptions>> = [
      { sdkAppId: 0 }, { sdkAppId: "1400000000" as unknown as number }, { token: "" }, { maxSkewSeconds: Number.NaN },
      { maxBodyBytes: 0 }, { maxPending: 1.5 }, { onEvents: undefined as unknown as CallbackHandlerOptions["onEvents"] },
    ]
    for (const o of bad) {
      expect(() => createCallbackHandler(base(o)), JSON.stringify(o)).toThrow(CallbackError)
    }
  })

  it("type-checks event names and inputs", () => {
    // @ts-expect-error stages are sent | delivered | clicked (or a number)
    const wrongStage: AllMemberPushEventInit = { ...ev(1), stage: "opened" }
    // @ts-expect-error the recipient is userId, not the wire name
    const wireName: AllMemberPushEventInit = { ...ev(1), To_Account: "x" }
    expect([wrongStage, wireName]).toHaveLength(2)
  })
})

describe("untrusted keys", () => {
  it("keeps a __proto__ field as data, without changing any prototype", () => {
    const body = `{"Events":[{"CallbackCommand":"Push.AllMemberPush","EventType":1,"TaskId":"t","TaskTime":1,"EventTime":2,"To_Account":"u","PushPlatform":1,"PushStage":1,"ErrCode":0,"ErrInfo":"","__proto__":{"polluted":true}}]}`
    const p = parseCallbackBody(body, "Push.AllMemberPush")
    if (p.kind !== "push") throw new Error("expected push")
    const extra = p.events[0]!.extra
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype)
    expect(Object.keys(extra)).toEqual(["__proto__"])
    expect((extra as Record<string, unknown>)["polluted"]).toBeUndefined()
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined()
    // And it survives being sent again.
    const again = buildCallbackRequest({ url: "http://x.test/", sdkAppId: APP, token: TOKEN, requestTime: T, events: p.events })
    expect(again.body).toContain('"__proto__":{"polluted":true}')
  })
})
