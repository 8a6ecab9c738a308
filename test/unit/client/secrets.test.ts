/**
 * Secrets never leak: neither the secret key nor any admin usersig appears in an error (its
 * message, String(), JSON.stringify, util.inspect), a log line, or the printed config — even
 * when a proxy echoes the request URL back in a body, an ErrorInfo or a fetch exception.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import { inspect } from "node:util"
import { vi } from "vitest"
import { ChatConfigError, configFromEnv, createClient, TencentChat } from "../../../src/client/mod.ts"
import { resolveConfigUnsafe } from "../../../src/client/config.ts"
import type { Handler, Recorded } from "./fake-fetch.ts"
import { hang, recordingFetch } from "./fake-fetch.ts"
import { baseOptions, driveClock, SECRET, withClient } from "./helpers.ts"

/** Every rendering of a value a user or a log might see. */
const renderings = (v: unknown): Array<string> => [String(v), JSON.stringify(v) ?? "", inspect(v, { depth: 10 }), (v as Error)?.message ?? ""]

const assertClean = (texts: ReadonlyArray<string>, requests: ReadonlyArray<Recorded>) => {
  const secrets = [SECRET, ...requests.map((r) => r.query.usersig!)]
  assert.isAbove(requests.length === 0 ? 1 : requests[0]!.query.usersig!.length, 0)
  for (const t of texts) for (const s of secrets) assert.notInclude(t, s)
}

// A misbehaving proxy that puts the full request URL (with the usersig) into what it returns.
const echoes: Array<[string, Handler]> = [
  ["a 500 body", (r) => new Response(`upstream error for ${r.url}`, { status: 500 })],
  ["a non-JSON 200 body", (r) => new Response(`<html>${r.url}</html>`, { status: 200 })],
  ["an ErrorInfo", (r) => ({ ActionStatus: "FAIL", ErrorCode: 70001, ErrorInfo: `bad sig in ${r.url}` })],
  ["a fetch exception", (r) => Promise.reject(new TypeError(`fetch failed for ${r.url} (key ${SECRET})`))],
  ["a malformed JSON body", (r) => ({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", UserTags: r.url })],
]

describe("errors carry no secret", () => {
  for (const [name, handler] of echoes) {
    it.effect(`when a proxy echoes the URL into ${name}`, () =>
      withClient({ retry: false }, handler, (chat, requests) =>
        Effect.gen(function*() {
          const e = yield* Effect.flip(chat.getUserTags(["a"]))
          const p = yield* Effect.result(chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "x" } }] }))
          assert.isAbove(requests.length, 0)
          assertClean([...renderings(e), ...renderings(p)], requests)
          // The redacted URL is still useful: path and the other parameters survive.
          if ("url" in e) assert.match(String(e.url), /\/v4\/timpush\/get_tag\?sdkappid=1400000000&identifier=administrator&usersig=<redacted>&random=\d+&contenttype=json/)
        })))
  }

  it.live("timeouts and per-account failures in results", () =>
    withClient({ retry: false, timeout: 30 }, hang, (chat, requests) =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(chat.getUserTags(["a"]))
        assertClean(renderings(exit), requests)
      })))
})

describe("config and logs carry no secret", () => {
  it("String / JSON.stringify / inspect of the resolved config", () => {
    const config = resolveConfigUnsafe({ ...baseOptions })
    for (const t of renderings(config)) assert.notInclude(t, SECRET)
    assert.strictEqual(Redacted.value(config.secretKey), SECRET)
  })

  it.effect("configFromEnv reads the secret as Redacted", () =>
    Effect.gen(function*() {
      const options = yield* configFromEnv().pipe(
        Effect.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({
          TENCENT_CHAT_SDKAPPID: "1400000000",
          TENCENT_CHAT_SECRET_KEY: SECRET,
          TENCENT_CHAT_ADMIN: "administrator",
          TENCENT_CHAT_REGION: "singapore",
        }))),
      )
      assert.isTrue(Redacted.isRedacted(options.secretKey))
      for (const t of renderings(options)) assert.notInclude(t, SECRET)
      assert.strictEqual(options.region, "singapore")
    }))

  it.effect("config errors name the option, not its value", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flip(TencentChat.use(() => Effect.void).pipe(
        Effect.provide(TencentChat.layer({ ...baseOptions, adminId: `${SECRET}${SECRET}` })),
      ))
      assert.instanceOf(e, ChatConfigError)
      for (const t of renderings(e)) assert.notInclude(t, SECRET)
    }))

  it.effect("no log line of a failing run contains a secret", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const capture = Logger.make((o) => {
        lines.push(inspect(o.message, { depth: 10 }), String(o.cause))
      })
      const { requests } = yield* Effect.gen(function*() {
        const r = yield* withClient({ retry: { times: 1, baseDelay: 1 } }, (q) => new Response(q.url, { status: 503 }), (chat, requests) =>
          Effect.gen(function*() {
            yield* driveClock(Effect.tapCause(chat.getAttrNames(), (cause) => Effect.logError("call failed", cause)))
            return { requests }
          }))
        return r
      }).pipe(Effect.provide(Logger.layer([capture])))
      assert.isAbove(lines.length, 0)
      assertClean(lines, requests)
    }))

  it("the Promise facade: rejections and console output", async () => {
    const spies = (["log", "error", "warn", "info", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}))
    try {
      const rec = recordingFetch((r) => new Response(r.url, { status: 500 }))
      const chat = createClient({ ...baseOptions, secretKey: Redacted.make(SECRET), retry: false, rateLimits: false, fetch: rec.fetch })
      const e = await chat.getAttrNames().catch((x: unknown) => x)
      await chat.dispose()
      const printed = spies.flatMap((s) => s.mock.calls.map((c) => inspect(c, { depth: 10 })))
      assertClean([...renderings(e), ...printed, ...renderings(chat)], rec.requests)
    } finally {
      for (const s of spies) s.mockRestore()
    }
  })
})
