/**
 * The client through its Promise facade, against an in-memory `fetch` handler: request shape,
 * typed errors, local validation, push safety, bulk splitting, coalescing, secrets. Runtime-
 * neutral (no node:*, no test framework): the same cases run on Node, Deno, Bun and workerd.
 * Rate limits are off here (they are timing, tested in virtual time under vitest).
 */
import type { ClientOptions, PromiseClient } from "../../src/client/mod.ts"
import {
  ChatApiError,
  ChatDecodeError,
  ChatPushOutcomeUnknown,
  ChatRequestError,
  ChatConfigError,
  ChatTransportError,
  createClient,
  optionsFromEnv,
} from "../../src/client/mod.ts"
import { createSigner } from "../../src/usersig/mod.ts"
import type { Harness, Suite } from "./harness.ts"

const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" }
const OK = { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }

interface Seen {
  readonly url: URL
  readonly body: any
}

type Answer = Record<string, unknown> | Response

/** A client on an in-memory fetch that records requests and answers with `answer`. */
const fixture = (answer: (req: Seen, i: number) => Answer | Promise<Answer> = () => OK, options: Partial<ClientOptions> = {}) => {
  const seen: Array<Seen> = []
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url)
    // Whatever BodyInit the client used (string, bytes, stream), read it back as text.
    const text = init?.body != null ? await new Response(init.body).text() : input instanceof Request ? await input.text() : ""
    const req = { url, body: text ? JSON.parse(text) : undefined }
    seen.push(req)
    const a = await answer(req, seen.length - 1)
    return a instanceof Response ? a : new Response(JSON.stringify(a), { headers: { "content-type": "application/json" } })
  }
  const chat: PromiseClient = createClient({
    ...APP,
    adminId: "administrator",
    baseUrl: "http://chat.test",
    rateLimits: false,
    retry: false,
    coalesce: { window: 5 },
    fetch,
    ...options,
  })
  return { chat, seen }
}

const errorOf = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error("expected a rejection")
}

const text = [{ MsgType: "TIMTextElem" as const, MsgContent: { Text: "hi" } }]

export const clientSuite: Suite = {
  name: "client",
  register: (t: Harness) => {
    t.test("a call is a POST of JSON with the documented query string and a valid admin UserSig", async () => {
      const { chat, seen } = fixture(() => ({ ...OK, AttrNames: { "0": "city" } }))
      t.equal(await chat.getAttrNames(), { names: { "0": "city" } })
      await chat.dispose()
      t.equal(seen.length, 1)
      const { url, body } = seen[0]!
      t.equal(url.origin + url.pathname, "http://chat.test/v4/timpush/get_attr_name")
      t.equal([...url.searchParams.keys()].sort(), ["contenttype", "identifier", "random", "sdkappid", "usersig"])
      t.equal(url.searchParams.get("sdkappid"), "1400000000")
      t.equal(url.searchParams.get("identifier"), "administrator")
      t.equal(url.searchParams.get("contenttype"), "json")
      const random = Number(url.searchParams.get("random"))
      t.ok(Number.isInteger(random) && random >= 0 && random <= 4294967295)
      t.equal(body, {})
      const sig = url.searchParams.get("usersig")!
      t.equal(createSigner(APP).verify(sig, { userId: "administrator" }).userId, "administrator")
    })

    t.test("friendly names map to wire names; the legacy family uses its own paths", async () => {
      const { chat, seen } = fixture(() => OK, { family: "all_member_push" })
      await chat.addUserTags([{ userId: "alice", tags: ["vip"] }])
      await chat.clearUserTags(["alice"])
      await chat.dispose()
      t.equal(seen.map((s) => s.url.pathname), ["/v4/all_member_push/im_add_tag", "/v4/all_member_push/im_remove_all_tags"])
      t.equal(seen[0]!.body, { UserTags: [{ To_Account: "alice", Tags: ["vip"] }] })
    })

    t.test("ErrorCode ≠ 0 rejects with ChatApiError (code, reason, retryable)", async () => {
      const { chat } = fixture(() => ({ ActionStatus: "FAIL", ErrorInfo: "admin required", ErrorCode: 90009 }))
      const e = await errorOf(chat.getUserTags(["a"]))
      await chat.dispose()
      t.ok(e instanceof ChatApiError)
      const api = e as ChatApiError
      t.equal([api._tag, api.endpoint, api.code, api.info, api.reason, api.retryable], ["ChatApiError", "get_tag", 90009, "admin required", "permission", false])
    })

    t.test("non-200 and non-JSON answers reject with their own tags", async () => {
      const { chat } = fixture((_r, i) => (i === 0 ? new Response("bad gateway", { status: 502 }) : new Response("<html>", { status: 200 })))
      const a = await errorOf(chat.getAttrNames())
      const b = await errorOf(chat.getAttrNames())
      await chat.dispose()
      t.ok(a instanceof ChatTransportError && a.status === 502 && a.retryable)
      t.ok(b instanceof ChatDecodeError)
    })

    t.test("a documented limit fails locally before anything is sent", async () => {
      const { chat, seen } = fixture()
      const e = await errorOf(chat.addUserTags([{ userId: "a", tags: ["é".repeat(26)] }]))
      const f = await errorOf(chat.push({ condition: { tagsOr: ["a"], attrsOr: { city: "x" } }, message: text }))
      await chat.dispose()
      t.ok(e instanceof ChatRequestError)
      t.equal([(e as ChatRequestError).field, (e as ChatRequestError).rule], ["UserTags[0].Tags[0]", "tag_bytes"])
      t.equal((f as ChatRequestError).rule, "condition_mixed")
      t.equal(seen.length, 0)
    })

    t.test("a push whose connection drops is sent once and rejects with ChatPushOutcomeUnknown", async () => {
      const { chat, seen } = fixture(() => Promise.reject(new TypeError("connection reset")), { retry: { times: 3, baseDelay: 1 } })
      const e = await errorOf(chat.push({ message: text, msgRandom: 4242 }))
      await chat.dispose()
      t.ok(e instanceof ChatPushOutcomeUnknown)
      t.equal([(e as ChatPushOutcomeUnknown).msgRandom, (e as ChatPushOutcomeUnknown).kind], [4242, "connection"])
      t.equal(seen.length, 1)
    })

    t.test("pushes with one idempotencyKey are sent once; an unknown first outcome is replayed, never resent", async () => {
      const { chat, seen } = fixture((req) =>
        req.body.MsgRandom === 7 ? Promise.reject(new TypeError("connection reset")) : { ...OK, TaskId: `task-${req.body.MsgRandom}` }
      )
      const results = await Promise.all(Array.from({ length: 5 }, () => chat.push({ message: text, idempotencyKey: "launch" })))
      t.equal(new Set(results.map((r) => r.taskId)).size, 1)
      t.equal(seen.length, 1)
      const first = await errorOf(chat.push({ message: text, msgRandom: 7, idempotencyKey: "lost" }))
      const later = await errorOf(chat.push({ message: text, msgRandom: 8, idempotencyKey: "lost" }))
      await chat.dispose()
      t.ok(first instanceof ChatPushOutcomeUnknown && later instanceof ChatPushOutcomeUnknown)
      t.equal((later as ChatPushOutcomeUnknown).msgRandom, 7)
      t.equal(seen.length, 2)
    })

    t.test("a retry-safe call is retried after a connection failure", async () => {
      const { chat, seen } = fixture((_r, i) => (i === 0 ? Promise.reject(new TypeError("reset")) : OK), { retry: { times: 2, baseDelay: 1 } })
      await chat.getUserTags(["a"])
      await chat.dispose()
      t.equal(seen.length, 2)
    })

    t.test("bulk calls split at 100 and report per-account results in input order", async () => {
      const ids = Array.from({ length: 230 }, (_, i) => `u${i}`)
      const { chat, seen } = fixture((req) => ({ ...OK, ErrorList: req.body.UserAttrs.some((u: { To_Account: string }) => u.To_Account === "u150") ? [{ To_Account: "u150", ErrorCode: 70107 }] : [] }))
      const r = await chat.setUserAttrs(ids.map((userId) => ({ userId, attrs: { city: "x" } })))
      await chat.dispose()
      t.equal(seen.map((s) => s.body.UserAttrs.length), [100, 100, 30])
      t.equal(r.results.map((x) => x.userId), ids)
      t.equal([r.successCount, r.failureCount], [229, 1])
      const f = r.results[150]!
      t.ok(!f.ok && f.error.code === 70107 && f.error.reason === "not_found")
    })

    t.test("concurrent single-user calls coalesce into requests of 100", async () => {
      const { chat, seen } = fixture()
      await Promise.all(Array.from({ length: 300 }, (_, i) => chat.addUserTags([{ userId: `u${i}`, tags: ["login"] }])))
      await chat.dispose()
      t.equal(seen.map((s) => s.body.UserTags.length), [100, 100, 100])
    })

    t.test("operations on one account reach the service in issue order", async () => {
      const order: Array<string> = []
      const { chat } = fixture(async (req) => {
        order.push(req.url.pathname.split("/").pop()!)
        await new Promise((r) => setTimeout(r, order.length === 1 ? 20 : 0))
        return OK
      })
      await Promise.all([
        chat.addUserTags([{ userId: "alice", tags: ["x"] }]),
        chat.removeUserTags([{ userId: "alice", tags: ["x"] }]),
        chat.clearUserTags(["alice"]),
      ])
      await chat.dispose()
      t.equal(order, ["add_tag", "remove_tag", "clear_all_tags"])
    })

    t.test("pushToUsers splits into batch requests of 500 with distinct MsgRandom values", async () => {
      const { chat, seen } = fixture((req) => ({ ...OK, TaskId: `batch_${req.body.MsgRandom}` }))
      const ids = Array.from({ length: 1001 }, (_, i) => `u${i}`)
      const r = await chat.pushToUsers({ from: "admin", userIds: ids, offlinePush: { Title: "t", Desc: "d" }, msgRandom: 10 })
      await chat.dispose()
      t.equal(seen.map((s) => [s.url.pathname, s.body.To_Account.length, s.body.MsgRandom]), [
        ["/v4/timpush/batch", 500, 10],
        ["/v4/timpush/batch", 500, 11],
        ["/v4/timpush/batch", 1, 12],
      ])
      t.equal(r.tasks.map((x) => x.taskId), ["batch_10", "batch_11", "batch_12"])
      t.equal(r.successCount, 1001)
    })

    t.test("no error rendering contains the secret key or the usersig", async () => {
      const { chat, seen } = fixture((req) => new Response(`proxy error for ${req.url.href}`, { status: 500 }))
      const e = await errorOf(chat.getAttrNames())
      await chat.dispose()
      const sig = seen[0]!.url.searchParams.get("usersig")!
      for (const s of [String(e), JSON.stringify(e), (e as Error).message]) {
        t.ok(!s.includes(sig) && !s.includes(APP.secretKey), s)
      }
      t.ok(String((e as ChatTransportError).url).includes("usersig=<redacted>"))
    })

    t.test("options from an env record (a Worker's env): a client without Effect; a missing variable is named", async () => {
      const env = {
        TENCENT_CHAT_SDKAPPID: String(APP.sdkAppId),
        TENCENT_CHAT_SECRET_KEY: APP.secretKey,
        TENCENT_CHAT_ADMIN: "administrator",
        TENCENT_CHAT_BASE_URL: "http://chat.test",
        KV: { get: () => null }, // a Worker's other bindings are ignored
      }
      const seen: Array<string> = []
      const fetch = async (input: string | URL | Request): Promise<Response> => {
        seen.push(String(input instanceof Request ? input.url : input))
        return new Response(JSON.stringify({ ...OK, AttrNames: {} }))
      }
      const chat = createClient(optionsFromEnv(env, { fetch, rateLimits: false, retry: false }))
      t.equal(await chat.getAttrNames(), { names: {} })
      await chat.dispose()
      t.ok(new URL(seen[0]!).searchParams.get("sdkappid") === String(APP.sdkAppId), seen[0])
      const { TENCENT_CHAT_ADMIN: _admin, ...withoutAdmin } = env
      const e = await errorOf(Promise.resolve().then(() => optionsFromEnv(withoutAdmin)))
      t.ok(e instanceof ChatConfigError && e.field === "TENCENT_CHAT_ADMIN", String(e))
      t.ok(!String(e).includes(APP.secretKey) && !JSON.stringify(e).includes(APP.secretKey), String(e))
    })
  },
}
