/**
 * Faults between client and emulator, end to end: what each fault kind looks like to a
 * retry-safe call without retries, and that with retries the call succeeds and the write lands
 * once. Plus the Effect API (`TencentChat` layer, `catchTag`), coalescing and per-account order
 * through the facade.
 */
import * as Effect from "effect/Effect"
import { TencentChat } from "../../../src/client/mod.ts"
import type { Harness } from "../harness.ts"
import { allOk, apiError, decodeError, resultOf, transportError } from "./expect.ts"
import { ADMIN, APP, ids, ORIGIN, setup, withE2E } from "./fixture.ts"

export const registerTransport = (t: Harness): void => {
  t.test("faults without retries: 91000 → ChatApiError, 502 → transport http-status, drop → connection, delay → timeout, truncated → decode", () =>
    withE2E({ client: { timeout: 100 }, emulator: { faults: { delayMs: 2_000 } } }, async ({ chat, em }) => {
      await chat.importAccounts([{ userId: "u0" }])
      em.faults.script("get_tag", "error-91000", "http-502", "drop", "delay", "truncated-json")
      const e = await apiError(t, () => chat.getUserTags(["u0"]), 91000, "get_tag")
      t.ok(e.retryable)
      await transportError(t, () => chat.getUserTags(["u0"]), { endpoint: "get_tag", kind: "http-status", status: 502, retryable: true })
      await transportError(t, () => chat.getUserTags(["u0"]), { endpoint: "get_tag", kind: "connection", retryable: true })
      await transportError(t, () => chat.getUserTags(["u0"]), { endpoint: "get_tag", kind: "timeout", retryable: true })
      await decodeError(t, () => chat.getUserTags(["u0"]), "get_tag")
      t.equal(em.requests({ endpoint: "get_tag" }).map((r) => r.fault), ["error-91000", "http-502", "drop", "delay", "truncated-json"])
    }))

  t.test("faults with retries: 91000, 502, drop and timeout are retried and the write is applied once", () =>
    withE2E({ client: { timeout: 100, retry: { times: 5, baseDelay: 1, maxDelay: 2 } }, emulator: { faults: { delayMs: 2_000 } } }, async ({ chat, em }) => {
      await chat.importAccounts([{ userId: "u0" }])
      em.faults.script("add_tag", "error-91000", "http-502", "drop", "delay")
      allOk(t, await chat.addUserTags([{ userId: "u0", tags: ["vip"] }]), 1)
      t.equal(em.requests({ endpoint: "add_tag" }).map((r) => r.fault ?? "none"), ["error-91000", "http-502", "drop", "delay", "none"])
      t.equal(em.account(APP.sdkAppId, "u0")?.tags, ["vip"])
    }))

  t.test("a truncated body is retried like a transport failure: the call succeeds and the write lands once", () =>
    withE2E({ client: { retry: { times: 5, baseDelay: 1 } } }, async ({ chat, em }) => {
      await chat.importAccounts([{ userId: "u0" }])
      em.faults.script("add_tag", "truncated-json")
      allOk(t, await chat.addUserTags([{ userId: "u0", tags: ["vip"] }]), 1)
      t.equal(em.requests({ endpoint: "add_tag" }).map((r) => r.fault ?? "none"), ["truncated-json", "none"])
      t.equal(em.account(APP.sdkAppId, "u0")?.tags, ["vip"])
    }))

  t.test("a retry-safe call whose retries run out fails its accounts with the request's error, not the whole call", () =>
    withE2E({ client: { retry: { times: 1, baseDelay: 1 } } }, async ({ chat, em }) => {
      await chat.importAccounts(ids(150).map((userId) => ({ userId })))
      // Two chunks (100 + 50) go out together; three 502s in a row make exactly one of them
      // fail twice (its first try and its one retry), whichever the emulator saw first.
      em.faults.script("add_tag", "http-502", "http-502", "http-502")
      const r = await chat.addUserTags(ids(150).map((userId) => ({ userId, tags: ["t"] })))
      t.ok(r.failureCount === 50 || r.failureCount === 100, `one chunk failed (${r.failureCount})`)
      t.equal(r.successCount + r.failureCount, 150)
      for (const x of r.results) {
        t.equal(em.account(APP.sdkAppId, x.userId)?.tags, x.ok ? ["t"] : [], `${x.userId}: state matches its result`)
        if (!x.ok) t.ok(x.error.reason === "transport" && x.error.cause?._tag === "ChatTransportError" && x.error.retryable)
      }
    }))

  t.test("the Effect API: TencentChat.layer on the emulator's fetch, ChatApiError caught by tag", () =>
    withE2E({}, async ({ em }) => {
      const layer = TencentChat.layer({
        sdkAppId: APP.sdkAppId,
        secretKey: APP.secretKey,
        adminId: ADMIN,
        baseUrl: ORIGIN,
        rateLimits: false,
        retry: false,
        fetch: em.fetch,
      })
      const program = Effect.gen(function*() {
        const chat = yield* TencentChat
        yield* chat.importAccounts([{ userId: "alice" }])
        yield* chat.addUserTags([{ userId: "alice", tags: ["vip"] }])
        const tags = yield* chat.getUserTags(["alice"])
        const undefinedAttr = yield* chat.setUserAttrs([{ userId: "alice", attrs: { nope: "x" } }]).pipe(
          Effect.map(() => 0),
          Effect.catchTag("ChatApiError", (e) => Effect.succeed(e.code)),
        )
        return { tags: tags.results.map((r) => (r.ok ? r.tags : [])), undefinedAttr }
      })
      t.equal(await Effect.runPromise(Effect.provide(program, layer)), { tags: [["vip"]], undefinedAttr: 90033 })
    }))

  t.test("coalescing: 250 concurrent single-user calls through the facade go out as 3 requests", async () => {
    const e = setup({ client: { coalesce: { window: 20 } } })
    try {
      await e.chat.importAccounts(ids(250).map((userId) => ({ userId })))
      e.em.clearRequests()
      const results = await Promise.all(ids(250).map((userId) => e.chat.addUserTags([{ userId, tags: ["login"] }])))
      t.equal(results.every((r) => r.successCount === 1), true)
      t.equal(e.em.countRequests({ endpoint: "add_tag" }), 3)
    } finally {
      await e.dispose()
    }
  })

  t.test("per-account order: operations issued in order on one account reach the service in order", () =>
    withE2E({ client: { coalesce: { window: 5 } } }, async ({ chat, em }) => {
      await chat.setAttrNames({ "0": "step" })
      await chat.importAccounts([{ userId: "u0" }, { userId: "u1" }])
      const calls: Array<Promise<unknown>> = []
      for (let i = 0; i < 20; i++) {
        calls.push(chat.setUserAttrs([{ userId: "u0", attrs: { step: String(i) } }, { userId: "u1", attrs: { step: String(i) } }]))
        calls.push(i % 2 === 0 ? chat.addUserTags([{ userId: "u0", tags: [`s${i}`] }]) : chat.clearUserTags(["u0"]))
      }
      await Promise.all(calls)
      t.equal(em.account(APP.sdkAppId, "u0"), { UserID: "u0", attrs: { step: "19" }, tags: [] })
      t.equal(em.account(APP.sdkAppId, "u1")?.attrs, { step: "19" })
      t.equal(resultOf(await chat.getUserAttrs(["u1"]), "u1"), { userId: "u1", ok: true, attrs: { step: "19" } })
    }))
}
