/**
 * Push callback conformance: the same assertions on Node, Deno, Bun and workerd (with and without
 * nodejs_compat). Signing, verifying, parsing and the fetch-style handler must behave identically
 * everywhere, including the bounded body read and the answer-first ordering.
 * Runtime-neutral: Web globals only, the public entry module, vectors as data, explicit `now`.
 */
import {
  type AllMemberPushEventInit,
  buildCallbackRequest,
  CallbackError,
  type CallbackErrorCode,
  callbackFailure,
  callbackResponse,
  callbackSuccess,
  createCallbackHandler,
  type CallbackHandlerOptions,
  type PushCallbackEvent,
  type PushCallbackEventInit,
  parseCallbackBody,
  readCallbackReply,
  type SignedCallbackRequest,
  signCallbackQuery,
  verifyCallbackQuery,
} from "../../src/callbacks/mod.ts"
import {
  allMemberPushExpected,
  allMemberPushSample,
  allMemberWithOptionals,
  docSignature,
  offlinePushExpected,
  offlinePushSample,
  successReply,
} from "../vectors/callbacks.ts"
import type { Harness, Suite } from "./harness.ts"

const APP = 1400000000
const TOKEN = "conformance-token-7f3a"
const T = 1700000000
const URL_BASE = "https://receiver.example/tencent/callbacks?route=push"

const event = (i: number, over: Partial<AllMemberPushEventInit> = {}): AllMemberPushEventInit => ({
  command: "Push.AllMemberPush",
  channel: "offline",
  taskId: `task-${i}`,
  taskTime: T - 10,
  eventTime: T - 5,
  userId: `user-${i}`,
  platform: "fcm",
  stage: "delivered",
  ...over,
})
const events = (n: number): Array<AllMemberPushEventInit> => Array.from({ length: n }, (_, i) => event(i))

const sign = (evs: ReadonlyArray<PushCallbackEventInit>, o: { requestTime?: number; token?: string; sdkAppId?: number } = {}) =>
  buildCallbackRequest({ url: URL_BASE, sdkAppId: o.sdkAppId ?? APP, token: o.token ?? TOKEN, requestTime: o.requestTime ?? T, events: evs })

/** The signed request with its URL or body replaced (a raw body skips building). */
const request = (s: SignedCallbackRequest, o: { url?: string; body?: BodyInit; method?: string; headers?: Record<string, string> } = {}) =>
  new Request(o.url ?? s.url, {
    method: o.method ?? "POST",
    headers: { ...s.headers, ...o.headers },
    ...((o.method ?? "POST") === "POST" ? { body: o.body ?? s.body } : {}),
  })

/** The URL of `s` with one query parameter set (or removed, for undefined). */
const withParam = (s: SignedCallbackRequest, name: string, value: string | undefined): string => {
  const u = new URL(s.url)
  if (value === undefined) u.searchParams.delete(name)
  else u.searchParams.set(name, value)
  return u.href
}

interface Recorder {
  readonly handler: ReturnType<typeof createCallbackHandler>
  readonly batches: Array<ReadonlyArray<PushCallbackEvent>>
  readonly rejected: Array<CallbackErrorCode>
  readonly errors: Array<unknown>
}

const recorder = (o: Partial<CallbackHandlerOptions> = {}): Recorder => {
  const r: Recorder = {
    batches: [],
    rejected: [],
    errors: [],
    handler: createCallbackHandler({
      sdkAppId: APP,
      token: TOKEN,
      now: () => T,
      onEvents: (evs) => {
        r.batches.push(evs)
      },
      onRejected: (e) => {
        r.rejected.push(e.code)
      },
      onError: (e) => {
        r.errors.push(e)
      },
      ...o,
    }),
  }
  return r
}

const json = async (res: Response): Promise<unknown> => JSON.parse(await res.text())

/** Sends `req`, expects `status` and code `code`, and that nothing was handed on. */
const refused = async (t: Harness, r: Recorder, req: Request, status: number, code: CallbackErrorCode, what: string) => {
  const before = r.batches.length
  const res = await r.handler(req)
  t.equal(res.status, status, `${what}: status`)
  const body = (await json(res)) as { ActionStatus: string; ErrorCode: number; ErrorInfo: string }
  t.equal([body.ActionStatus, body.ErrorCode], ["FAIL", 1], `${what}: envelope`)
  t.equal(r.rejected.at(-1), code, `${what}: code`)
  t.equal(r.batches.length, before, `${what}: onEvents must not run`)
  t.ok(!body.ErrorInfo.includes(TOKEN), `${what}: no token in the answer`)
}

const withoutWire = (e: PushCallbackEvent): Record<string, unknown> => {
  const { wire: _wire, ...rest } = e
  return rest
}

const isCode = (code: CallbackErrorCode) => (e: unknown): boolean =>
  e instanceof CallbackError && e.code === code && !e.message.includes(TOKEN)

const register = (t: Harness): void => {
  t.test("Tencent's worked example signs to the documented digest", () => {
    t.equal(signCallbackQuery({ token: docSignature.token, requestTime: docSignature.requestTime }), docSignature.sign)
    t.equal(signCallbackQuery({ token: docSignature.token, requestTime: String(docSignature.requestTime) }), docSignature.sign)
    const q = verifyCallbackQuery(
      `https://www.example.com/?SdkAppid=${APP}&CallbackCommand=Push.AllMemberPush&contenttype=json&Sign=${docSignature.sign}&RequestTime=${docSignature.requestTime}`,
      { sdkAppId: APP, token: docSignature.token, now: docSignature.requestTime },
    )
    t.equal(q, { sdkAppId: APP, command: "Push.AllMemberPush", requestTime: docSignature.requestTime, clientIp: undefined, optPlatform: undefined })
  })

  t.test("the docs' sample bodies parse into typed events, wire kept as received", () => {
    const a = parseCallbackBody(JSON.stringify(allMemberPushSample), "Push.AllMemberPush")
    t.equal(a.kind, "push")
    if (a.kind !== "push") return
    t.equal(a.events.map(withoutWire), allMemberPushExpected)
    t.equal(a.events.map((e) => e.wire), allMemberPushSample.Events)
    const o = parseCallbackBody(JSON.stringify(offlinePushSample), "Push.OfflinePush")
    t.equal(o.kind === "push" ? o.events.map(withoutWire) : o, offlinePushExpected)
  })

  t.test("every documented field and unknown ones survive build → handler → onEvents", async () => {
    const r = recorder()
    const wire = { ...allMemberWithOptionals, NewField: { nested: [1, 2] } }
    const parsed = parseCallbackBody(JSON.stringify({ Events: [wire] }), "Push.AllMemberPush")
    if (parsed.kind !== "push") throw new Error("expected push")
    t.equal(withoutWire(parsed.events[0]!), {
      command: "Push.AllMemberPush", channel: "online", taskId: allMemberWithOptionals.TaskId, dataId: "campaign-42",
      taskTime: 1557481127, eventTime: 1557481140, userId: "user9", platform: "unknown", deviceType: "honor",
      stage: "clicked", errorCode: 0, errorInfo: "", extra: { NewField: { nested: [1, 2] } },
    })
    // A parsed event is a valid input to the builder: the receiver gets the same wire back.
    const res = await r.handler(request(sign(parsed.events, { requestTime: T })))
    t.equal(res.status, 200)
    t.equal(r.batches.length, 1)
    t.equal(r.batches[0]![0]!.wire, wire)
    const off = parseCallbackBody(JSON.stringify(offlinePushSample), "Push.OfflinePush")
    if (off.kind !== "push") throw new Error("expected push")
    const res2 = await r.handler(request(sign(off.events)))
    t.equal(res2.status, 200)
    t.equal(r.batches[1]!.map((e) => e.wire), offlinePushSample.Events)
  })

  t.test("a signed delivery is answered with the documented envelope and handed on with its query", async () => {
    const seen: Array<unknown> = []
    const h = createCallbackHandler({ sdkAppId: APP, token: TOKEN, now: () => T, onEvents: (evs, info) => void seen.push([evs.length, info]) })
    const s = buildCallbackRequest({ url: URL_BASE, sdkAppId: APP, token: TOKEN, requestTime: T, events: events(3), clientIp: "10.0.0.1", optPlatform: "RESTAPI" })
    const res = await h(request(s))
    t.equal(res.status, 200)
    t.equal(res.headers.get("content-type"), "application/json; charset=utf-8")
    t.equal(await json(res), successReply)
    t.equal(seen, [[3, { sdkAppId: APP, command: "Push.AllMemberPush", requestTime: T, clientIp: "10.0.0.1", optPlatform: "RESTAPI" }]])
    t.equal(new URL(s.url).searchParams.get("route"), "push", "the receiver's own query parameters are kept")
  })

  t.test("the answer resolves while onEvents is still pending (no context)", async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let finished = false
    let work: Promise<void> | undefined
    const h = createCallbackHandler({
      sdkAppId: APP, token: TOKEN, now: () => T,
      onEvents: () => (work = gate.then(() => void (finished = true))),
    })
    const res = await h(request(sign(events(1))))
    t.equal(res.status, 200)
    t.ok(work !== undefined, "onEvents was started")
    t.equal(finished, false, "the answer came before onEvents finished")
    release()
    await work
    t.equal(finished, true)
  })

  t.test("with a Workers context (env, ctx) the pending work is handed to ctx.waitUntil", async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let finished = false
    const kept: Array<Promise<unknown>> = []
    const ctx = { waitUntil: (p: Promise<unknown>) => void kept.push(p) }
    const h = createCallbackHandler({ sdkAppId: APP, token: TOKEN, now: () => T, onEvents: () => gate.then(() => void (finished = true)) })
    const res = await h(request(sign(events(1))), { SOME_BINDING: "x" }, ctx)
    t.equal([res.status, kept.length, finished], [200, 1, false])
    release()
    await kept[0]
    t.equal(finished, true)
    // (request, ctx) works too.
    const res2 = await h(request(sign(events(2))), ctx)
    t.equal([res2.status, kept.length], [200, 2])
  })

  t.test("a failing onEvents is reported to onError; the answer was already OK", async () => {
    const errors: Array<unknown> = []
    const kept: Array<Promise<unknown>> = []
    const h = createCallbackHandler({
      sdkAppId: APP, token: TOKEN, now: () => T, onError: (e) => void errors.push(e),
      onEvents: (evs) => {
        if (evs.length === 1) throw new Error("sync failure")
        return Promise.reject(new Error("async failure"))
      },
    })
    const ctx = { waitUntil: (p: Promise<unknown>) => void kept.push(p) }
    t.equal((await h(request(sign(events(1))), {}, ctx)).status, 200)
    t.equal((await h(request(sign(events(2))), {}, ctx)).status, 200)
    await Promise.all(kept)
    t.equal(errors.map((e) => (e as Error).message), ["sync failure", "async failure"])
  })

  t.test("a Sign mutated at any of its 64 hex positions is refused (401) and never handed on", async () => {
    const r = recorder({ dedupe: false })
    const s = sign(events(1))
    const good = new URL(s.url).searchParams.get("Sign")!
    t.equal(good.length, 64)
    for (let i = 0; i < 64; i++) {
      const c = good[i]!
      const mutated = good.slice(0, i) + (c === "0" ? "1" : "0") + good.slice(i + 1)
      await refused(t, r, request(s, { url: withParam(s, "Sign", mutated) }), 401, "BAD_SIGNATURE", `position ${i}`)
    }
    await refused(t, r, request(s, { url: withParam(s, "Sign", good.slice(0, 63)) }), 401, "BAD_SIGNATURE", "63 characters")
    await refused(t, r, request(s, { url: withParam(s, "Sign", `${good}0`) }), 401, "BAD_SIGNATURE", "65 characters")
    await refused(t, r, request(s, { url: withParam(s, "Sign", "g".repeat(64)) }), 401, "BAD_SIGNATURE", "not hex")
    await refused(t, r, request(s, { url: withParam(s, "Sign", signCallbackQuery({ token: "other", requestTime: T })) }), 401, "BAD_SIGNATURE", "another token")
    // The signature covers RequestTime: moving the time without re-signing fails.
    await refused(t, r, request(s, { url: withParam(s, "RequestTime", String(T + 1)) }), 401, "BAD_SIGNATURE", "time moved")
    t.equal((await r.handler(request(s, { url: withParam(s, "Sign", good.toUpperCase()) }))).status, 200, "hex is case-insensitive")
    t.equal(r.batches.length, 1)
  })

  t.test("a missing Sign or RequestTime is refused with 401 MISSING_SIGNATURE", async () => {
    const r = recorder()
    const s = sign(events(1))
    await refused(t, r, request(s, { url: withParam(s, "Sign", undefined) }), 401, "MISSING_SIGNATURE", "no Sign")
    await refused(t, r, request(s, { url: withParam(s, "RequestTime", undefined) }), 401, "MISSING_SIGNATURE", "no RequestTime")
    await refused(t, r, request(s, { url: withParam(s, "RequestTime", "soon") }), 401, "BAD_SIGNATURE", "RequestTime not digits")
    const res = await r.handler(request(s, { url: withParam(s, "Sign", undefined) }))
    t.ok((res.headers.get("www-authenticate") ?? "").length > 0, "a 401 names its scheme")
  })

  t.test("RequestTime at the window's edges: ±300 s accepted, ±301 s refused as stale", async () => {
    for (const [skew, status] of [[300, 200], [-300, 200], [301, 401], [-301, 401], [86400, 401]] as const) {
      const r = recorder()
      const s = sign(events(1), { requestTime: T - skew }) // signed `skew` seconds before now
      if (status === 200) {
        const res = await r.handler(request(s))
        t.equal([res.status, r.batches.length], [200, 1], `skew ${skew}`)
      } else await refused(t, r, request(s), 401, "STALE_REQUEST", `skew ${skew}`)
    }
    const strict = recorder({ maxSkewSeconds: 0 })
    t.equal((await strict.handler(request(sign(events(1))))).status, 200, "window 0: the same second passes")
    await refused(t, strict, request(sign(events(1), { requestTime: T + 1 })), 401, "STALE_REQUEST", "window 0, 1 s ahead")
    const fractional = recorder({ now: () => T + 300.999 })
    t.equal((await fractional.handler(request(sign(events(1))))).status, 200, "now is floored to whole seconds")
    t.throws(() => verifyCallbackQuery(sign(events(1)).url, { sdkAppId: APP, token: TOKEN, now: T + 301 }), isCode("STALE_REQUEST"))
  })

  t.test("a foreign app is refused with 403; a missing or repeated SdkAppid with 400", async () => {
    const r = recorder()
    const s = sign(events(1))
    await refused(t, r, request(s, { url: withParam(s, "SdkAppid", String(APP + 1)) }), 403, "FOREIGN_APP", "other app")
    // Signed with the right token for another app id: still not ours.
    await refused(t, r, request(sign(events(1), { sdkAppId: 1400000001 })), 403, "FOREIGN_APP", "signed for another app")
    await refused(t, r, request(s, { url: withParam(s, "SdkAppid", undefined) }), 400, "BAD_QUERY", "no SdkAppid")
    await refused(t, r, request(s, { url: withParam(s, "SdkAppid", "14e8") }), 400, "BAD_QUERY", "not digits")
    await refused(t, r, request(s, { url: `${s.url}&SdkAppid=${APP}` }), 400, "BAD_QUERY", "repeated")
    await refused(t, r, request(s, { url: withParam(s, "CallbackCommand", undefined) }), 400, "BAD_QUERY", "no CallbackCommand")
  })

  t.test("bodies of 0, 1, 100 and 101 events", async () => {
    const r = recorder()
    const body = (n: number) => JSON.stringify({ Events: Array.from({ length: n }, (_, i) => JSON.parse(sign([event(i)]).body).Events[0]) })
    const s = sign(events(1))
    await refused(t, r, request(s, { body: body(0) }), 400, "BAD_EVENT_COUNT", "0 events")
    await refused(t, r, request(s, { body: body(101) }), 400, "BAD_EVENT_COUNT", "101 events")
    t.equal((await r.handler(request(s, { body: body(1) }))).status, 200)
    t.equal((await r.handler(request(s, { body: body(100) }))).status, 200)
    t.equal(r.batches.map((b) => b.length), [1, 100])
    t.equal(r.batches[1]!.map((e) => e.userId), Array.from({ length: 100 }, (_, i) => `user-${i}`), "in order")
    t.throws(() => sign(events(101)), isCode("INVALID_INPUT"))
    t.throws(() => sign([]), isCode("INVALID_INPUT"))
  })

  t.test("junk bodies are refused with 400 and never handed on", async () => {
    const r = recorder({ dedupe: false })
    const s = sign(events(1))
    const one = JSON.parse(s.body).Events[0] as Record<string, unknown>
    const withEvent = (patch: Record<string, unknown>, drop?: string) => {
      const e: Record<string, unknown> = { ...one, ...patch }
      if (drop) delete e[drop]
      return JSON.stringify({ Events: [e] })
    }
    const cases: Array<[string, BodyInit]> = [
      ["not JSON", "Events=1"],
      ["empty", ""],
      ["truncated", s.body.slice(0, -5)],
      ["an array", "[]"],
      ["a string", '"Events"'],
      ["no Events", "{}"],
      ["Events an object", '{"Events":{}}'],
      ["an event that is not an object", '{"Events":[1]}'],
      ["an event that is null", '{"Events":[null]}'],
      ["PushStage a word", withEvent({ PushStage: "clicked" })],
      ["PushStage a fraction", withEvent({ PushStage: 1.5 })],
      ["To_Account an object", withEvent({ To_Account: { id: "x" } })],
      ["ErrCode a boolean", withEvent({ ErrCode: false })],
      ["EventTime an array", withEvent({ EventTime: [T] })],
      ["TaskId missing", withEvent({}, "TaskId")],
      ["To_Account null", withEvent({ To_Account: null })],
      ["another command in an event", withEvent({ CallbackCommand: "Push.OfflinePush" })],
      ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ["33 levels deep", `{"Events":[${"[".repeat(31)}${"]".repeat(31)}]}`],
      ["100,000 levels deep", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ]
    for (const [what, body] of cases) await refused(t, r, request(s, { body }), 400, "MALFORMED_BODY", what)
    // 32 levels is the limit: it parses (here as an unknown command's body); 33 does not.
    const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`
    t.equal(parseCallbackBody(nested(32), "X.Y").kind, "unknown")
    t.throws(() => parseCallbackBody(nested(33), "X.Y"), isCode("MALFORMED_BODY"))
    t.throws(() => parseCallbackBody(`["[[[[", ${nested(32)}]`, "X.Y"), isCode("MALFORMED_BODY"), "brackets inside strings do not count, real ones do")
    t.equal(parseCallbackBody(`["[[[[\\\"[[", ${nested(31)}]`, "X.Y").kind, "unknown", "escaped quotes keep the string open")
  })

  t.test("huge bodies are refused with 413 without being read whole", async () => {
    const r = recorder({ maxBodyBytes: 64 * 1024 })
    const s = sign(events(1))
    const big = `{"Events":[],"pad":"${"x".repeat(70 * 1024)}"}`
    await refused(t, r, request(s, { body: big }), 413, "BODY_TOO_LARGE", "over the cap")
    await refused(t, r, request(s, { body: "{}", headers: { "content-length": String(10 * 1024 * 1024) } }), 413, "BODY_TOO_LARGE", "declared over the cap")
    // An endless stream: the handler stops reading just past the cap.
    let pulls = 0
    const endless = new ReadableStream<Uint8Array>({
      pull: (c) => {
        pulls++
        c.enqueue(new Uint8Array(16 * 1024).fill(0x20))
      },
    })
    const streamed = new Request(s.url, { method: "POST", body: endless, duplex: "half" } as RequestInit)
    const res = await r.handler(streamed)
    t.equal(res.status, 413)
    t.ok(pulls <= 64 / 16 + 3, `read ${pulls} chunks of 16 KiB for a 64 KiB cap`)
    t.equal(r.batches.length, 0)
    const exact = recorder({ maxBodyBytes: s.body.length })
    t.equal((await exact.handler(request(s))).status, 200, "a body of exactly the cap passes")
  })

  t.test("integers as digit strings, user ids as numbers and undocumented codes are kept, not refused", () => {
    const body = JSON.stringify({
      Events: [{ ...allMemberWithOptionals, EventType: "2", PushStage: 7, PushPlatform: 9, DeviceType: "", To_Account: 12345, TaskTime: "1557481127" }],
    })
    const p = parseCallbackBody(body, "Push.AllMemberPush")
    if (p.kind !== "push") throw new Error("expected push")
    const e = p.events[0]!
    t.equal(e.command === "Push.AllMemberPush" ? [e.channel, e.stage, e.platform, e.deviceType, e.userId, e.taskTime] : e, [
      "online", 7, 9, undefined, "12345", 1557481127,
    ])
    const group = parseCallbackBody(JSON.stringify({ Events: [{ ...offlinePushSample.Events[1], MsgRandom: "", MsgKey: "" }] }), "Push.OfflinePush")
    if (group.kind !== "push") throw new Error("expected push")
    const g = group.events[0]!
    t.equal(g.command === "Push.OfflinePush" ? [g.msgRandom, g.msgKey, g.groupId] : g, [undefined, "", "@TGS#12DEVUDHQ"])
  })

  t.test("unknown commands are a typed result, not a crash", async () => {
    const body = JSON.stringify({ CallbackCommand: "State.StateChange", Info: { Action: "Login", To_Account: "u" } })
    t.equal(parseCallbackBody(body, "State.StateChange"), { kind: "unknown", command: "State.StateChange", body: JSON.parse(body) })
    const s = sign(events(1))
    const url = withParam(s, "CallbackCommand", "Push.SomethingNew")
    // The signature does not cover the command, so re-signing is not needed.
    const r = recorder()
    const res = await r.handler(request(s, { url, body }))
    t.equal([res.status, await json(res), r.rejected.at(-1), r.batches.length], [
      200, { ActionStatus: "FAIL", ErrorInfo: "this CallbackCommand is not handled here", ErrorCode: 1 }, "UNKNOWN_COMMAND", 0,
    ])
    const unknown: Array<unknown> = []
    const r2 = recorder({ onUnknownCommand: (c, info) => void unknown.push([c.command, c.body, info.command]) })
    t.equal((await r2.handler(request(s, { url, body }))).status, 200)
    t.equal(unknown, [["Push.SomethingNew", JSON.parse(body), "Push.SomethingNew"]])
    await refused(t, r2, request(s, { url, body: "not json" }), 400, "MALFORMED_BODY", "unknown command, junk body")
  })

  t.test("only POST: other methods get 405 with Allow: POST", async () => {
    const r = recorder()
    const s = sign(events(1))
    for (const method of ["GET", "HEAD", "PUT", "OPTIONS"]) {
      const res = await r.handler(request(s, { method }))
      t.equal([res.status, res.headers.get("allow"), r.rejected.at(-1)], [405, "POST", "METHOD_NOT_ALLOWED"], method)
    }
    t.equal(r.batches.length, 0)
  })

  t.test("a replayed delivery is answered OK once more but not handed on again", async () => {
    const r = recorder()
    const s = sign(events(2))
    t.equal((await r.handler(request(s))).status, 200)
    const again = await r.handler(request(s))
    t.equal([again.status, await json(again), r.rejected.at(-1), r.batches.length], [200, successReply, "DUPLICATE_DELIVERY", 1])
    // Not a replay: the same events signed at another second are another delivery.
    t.equal((await r.handler(request(sign(events(2), { requestTime: T - 1 })))).status, 200)
    t.equal(r.batches.length, 2)
    // The body is not signed: a captured URL with another body passes the signature check.
    // This is Tencent's scheme; the freshness window and TLS limit it (docs/callbacks.md).
    t.equal((await r.handler(request(s, { body: sign(events(3)).body }))).status, 200)
    t.equal(r.batches.length, 3)
    const off = recorder({ dedupe: false })
    await off.handler(request(s))
    await off.handler(request(s))
    t.equal(off.batches.length, 2, "dedupe: false hands every copy on")
  })

  t.test("too many deliveries in progress get 503 and are not recorded as seen", async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const kept: Array<Promise<unknown>> = []
    const ctx = { waitUntil: (p: Promise<unknown>) => void kept.push(p) }
    const r = recorder({ maxPending: 1, onEvents: () => gate })
    t.equal((await r.handler(request(sign(events(1))), {}, ctx)).status, 200)
    const s = sign(events(2))
    await refused(t, r, request(s), 503, "OVERLOADED", "second while the first is pending")
    release()
    await kept[0]
    t.equal((await r.handler(request(s))).status, 200, "the refused delivery is accepted when retried")
    t.equal(r.rejected.at(-1), "OVERLOADED", "and was not a duplicate")
  })

  t.test("the token and Sign never appear in answers, errors or reports", async () => {
    const secretToken = "S3CRET-token-value-91f2"
    const reports: Array<string> = []
    const h = createCallbackHandler({
      sdkAppId: APP, token: secretToken, now: () => T, onEvents: () => undefined,
      onRejected: (e) => void reports.push(`${e.message} ${String(e)} ${JSON.stringify(e)} ${e.stack ?? ""}`),
    })
    const s = buildCallbackRequest({ url: URL_BASE, sdkAppId: APP, token: secretToken, requestTime: T - 1000, events: events(1) })
    const goodSign = new URL(s.url).searchParams.get("Sign")!
    const wrong = buildCallbackRequest({ url: URL_BASE, sdkAppId: APP, token: "x", requestTime: T, events: events(1) })
    const answers: Array<string> = []
    for (const req of [request(s), request(wrong), request(s, { url: withParam(s, "SdkAppid", "1") })]) answers.push(await (await h(req)).text())
    t.equal(reports.length, 3)
    for (const text of [...answers, ...reports]) {
      t.ok(!text.includes(secretToken), "no token")
      t.ok(!text.includes(goodSign) && !text.includes(goodSign.slice(0, 16)), "no Sign")
    }
    t.throws(() => buildCallbackRequest({ url: "not a url", sdkAppId: APP, token: secretToken, events: events(1) }), (e) => e instanceof CallbackError && !e.message.includes(secretToken))
    t.throws(() => createCallbackHandler({ sdkAppId: 0, token: secretToken, onEvents: () => undefined }), (e) => isCode("INVALID_INPUT")(e) && !String(e).includes(secretToken))
  })

  t.test("reply helpers and reading a receiver's answer", async () => {
    t.equal(callbackSuccess(), successReply)
    t.equal(callbackFailure("db down"), { ActionStatus: "FAIL", ErrorInfo: "db down", ErrorCode: 1 })
    const res = callbackResponse(callbackFailure(), 503)
    t.equal([res.status, await json(res)], [503, { ActionStatus: "FAIL", ErrorInfo: "callback error", ErrorCode: 1 }])
    t.equal(readCallbackReply(200, JSON.stringify(successReply)), { ok: true, status: 200, errorCode: 0, errorInfo: "" })
    t.equal(readCallbackReply(200, '{"ActionStatus":"FAILURE","ErrorCode":1,"ErrorInfo":"no"}').ok, false)
    t.equal(readCallbackReply(500, JSON.stringify(successReply)).ok, false, "non-200 is a failure")
    t.equal(readCallbackReply(200, "OK"), { ok: false, status: 200, errorCode: undefined, errorInfo: "the answer is not JSON" })
    t.equal(readCallbackReply(200, "[]").ok, false)
  })

  t.test("verifyCallbackQuery takes a URL, a URL string, URLSearchParams or a query string", () => {
    const s = sign(events(1))
    const u = new URL(s.url)
    const o = { sdkAppId: APP, token: TOKEN, now: T }
    const want = verifyCallbackQuery(u, o)
    t.equal(verifyCallbackQuery(s.url, o), want)
    t.equal(verifyCallbackQuery(u.searchParams, o), want)
    t.equal(verifyCallbackQuery(u.search, o), want)
    t.equal(verifyCallbackQuery(u.search.slice(1), o), want)
    t.throws(() => verifyCallbackQuery(u, { ...o, token: "" }), isCode("INVALID_INPUT"))
    t.throws(() => verifyCallbackQuery(u, { ...o, maxSkewSeconds: -1 }), isCode("INVALID_INPUT"))
  })

  t.test("buildCallbackRequest refuses what Tencent would never send", () => {
    const bad: Array<[string, () => unknown]> = [
      ["mixed commands", () => sign([event(1), { ...offlinePushExpected[0], command: "Push.OfflinePush" }])],
      ["unknown stage name", () => sign([event(1, { stage: "opened" as "sent" })])],
      ["fractional time", () => sign([event(1, { eventTime: 1.5 })])],
      ["user id not a string", () => sign([event(1, { userId: 7 as unknown as string })])],
      ["extra shadows a documented field", () => sign([event(1, { extra: { PushStage: 9 } })])],
      ["negative requestTime", () => sign(events(1), { requestTime: -1 })],
      ["sdkAppId 0", () => sign(events(1), { sdkAppId: 0 })],
      ["empty token", () => sign(events(1), { token: "" })],
    ]
    for (const [what, fn] of bad) t.throws(fn, isCode("INVALID_INPUT"), what)
    const withExtra = JSON.parse(sign([event(1, { extra: { Future: true } })]).body).Events[0]
    t.equal(Object.keys(withExtra), ["CallbackCommand", "EventType", "TaskId", "TaskTime", "EventTime", "To_Account", "PushPlatform", "PushStage", "ErrCode", "ErrInfo", "Future"])
  })
}

export const callbacksSuite: Suite = { name: "callbacks", register }
