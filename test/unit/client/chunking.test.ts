/**
 * Bulk calls: any number of accounts, split into requests of at most the documented maximum,
 * results merged in input order; per-account failures (ErrorList, FailAccounts, ResultItem)
 * are results, not exceptions; a request-level failure fails only its own accounts unless no
 * request of the call got an answer.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { ChatApiError } from "../../../src/client/mod.ts"
import { chunksOf, mergeOutcomes } from "../../../src/client/chunking.ts"
import type { Recorded } from "./fake-fetch.ts"
import { fail, OK } from "./fake-fetch.ts"
import { withClient } from "./helpers.ts"

const users = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => `${prefix}${i}`)
const accountsOf = (r: Recorded): Array<string> =>
  r.body.UserTags?.map((u: { To_Account: string }) => u.To_Account) ??
    r.body.UserAttrs?.map((u: { To_Account: string }) => u.To_Account) ??
    r.body.AccountList?.map((u: { UserID: string }) => u.UserID) ??
    r.body.DeleteItem?.map((u: { UserID: string }) => u.UserID) ??
    r.body.CheckItem?.map((u: { UserID: string }) => u.UserID) ??
    r.body.To_Account

describe("chunking", () => {
  it("chunksOf keeps order", () => {
    assert.deepStrictEqual(chunksOf([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]])
    assert.deepStrictEqual(chunksOf([], 2), [])
  })

  it.effect("250 users → requests of 100, 100, 50; results in input order", () =>
    withClient({}, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const ids = users(250)
        const r = yield* chat.setUserAttrs(ids.map((userId) => ({ userId, attrs: { city: userId } })))
        assert.deepStrictEqual(requests.map((q) => accountsOf(q).length), [100, 100, 50])
        assert.deepStrictEqual(requests.flatMap(accountsOf), ids)
        assert.deepStrictEqual(r.results.map((x) => x.userId), ids)
        assert.deepStrictEqual([r.successCount, r.failureCount], [250, 0])
      })))

  it.effect("every bulk method splits at 100", () =>
    withClient({}, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const ids = users(101)
        yield* chat.getUserAttrs(ids)
        yield* chat.removeUserAttrs(ids.map((userId) => ({ userId, attrNames: ["a"] })))
        yield* chat.getUserTags(ids)
        yield* chat.addUserTags(ids.map((userId) => ({ userId, tags: ["a"] })))
        yield* chat.removeUserTags(ids.map((userId) => ({ userId, tags: ["a"] })))
        yield* chat.clearUserTags(ids)
        yield* chat.importAccounts(ids.map((userId) => ({ userId })))
        yield* chat.deleteAccounts(ids)
        yield* chat.checkAccounts(ids).pipe(Effect.ignore)
        assert.strictEqual(requests.length, 18)
        for (const q of requests) assert.include([100, 1], accountsOf(q).length)
      })))

  it.effect("ErrorList entries become per-account failures, not exceptions", () =>
    withClient({}, (req) => ({ ...OK, ErrorList: [{ To_Account: accountsOf(req)[1], ErrorCode: 70107 }] }), (chat) =>
      Effect.gen(function*() {
        const r = yield* chat.addUserTags(users(3).map((userId) => ({ userId, tags: ["t"] })))
        assert.deepStrictEqual([r.successCount, r.failureCount], [2, 1])
        const [a, b, c] = r.results
        assert.deepStrictEqual(a, { userId: "u0", ok: true })
        assert.deepStrictEqual(c, { userId: "u2", ok: true })
        assert.isFalse(b!.ok)
        if (!b!.ok) assert.deepStrictEqual([b!.error.code, b!.error.reason, b!.error.retryable], [70107, "not_found", false])
      })))

  it.effect("getUserAttrs / getUserTags read per-account data; users the service omits get empty values", () =>
    withClient({}, (req) =>
      req.path.endsWith("get_attr")
        ? { ...OK, UserAttrs: [{ To_Account: "b", Attrs: { city: "SZ" } }], ErrorList: [{ To_Account: "c", ErrorCode: 70107 }] }
        : { ...OK, UserTags: [{ To_Account: "a", Tags: ["x", "y"] }] }, (chat) =>
      Effect.gen(function*() {
        const attrs = yield* chat.getUserAttrs(["a", "b", "c"])
        assert.deepStrictEqual(attrs.results.slice(0, 2), [{ userId: "a", ok: true, attrs: {} }, { userId: "b", ok: true, attrs: { city: "SZ" } }])
        assert.isFalse(attrs.results[2]!.ok)
        const tags = yield* chat.getUserTags(["a", "b"])
        assert.deepStrictEqual(tags.results, [{ userId: "a", ok: true, tags: ["x", "y"] }, { userId: "b", ok: true, tags: [] }])
      })))

  it.effect("importAccounts: FailAccounts are failures without a code", () =>
    withClient({}, () => ({ ...OK, FailAccounts: ["b"] }), (chat) =>
      Effect.gen(function*() {
        const r = yield* chat.importAccounts([{ userId: "a", nick: "A" }, { userId: "b" }])
        assert.deepStrictEqual([r.successCount, r.failureCount], [1, 1])
        const b = r.results[1]!
        assert.isFalse(b.ok)
        if (!b.ok) assert.deepStrictEqual([b.error.code, b.error.reason], [undefined, "unknown"])
      })))

  it.effect("deleteAccounts / checkAccounts read ResultItem", () =>
    withClient({}, (req) =>
      req.path.endsWith("account_delete")
        ? { ...OK, ResultItem: [{ UserID: "a", ResultCode: 0, ResultInfo: "" }, { UserID: "b", ResultCode: 70107, ResultInfo: "Err_TLS_PT_Open_Login_Account_Not_Exist" }] }
        : { ...OK, ResultItem: [{ UserID: "a", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" }, { UserID: "b", ResultCode: 0, ResultInfo: "", AccountStatus: "NotImported" }] }, (chat) =>
      Effect.gen(function*() {
        const del = yield* chat.deleteAccounts(["a", "b"])
        assert.deepStrictEqual(del.results[0], { userId: "a", ok: true })
        const b = del.results[1]!
        assert.isFalse(b.ok)
        if (!b.ok) assert.deepStrictEqual([b.error.code, b.error.info], [70107, "Err_TLS_PT_Open_Login_Account_Not_Exist"])
        const check = yield* chat.checkAccounts(["a", "b"])
        assert.deepStrictEqual(check.results, [
          { userId: "a", ok: true, status: "Imported", imported: true },
          { userId: "b", ok: true, status: "NotImported", imported: false },
        ])
      })))

  it.effect("a failed request fails only its own accounts when another request of the call got an answer", () =>
    withClient({}, (_req, i) => (i === 1 ? fail(90009, "admin") : OK), (chat) =>
      Effect.gen(function*() {
        const r = yield* chat.clearUserTags(users(250))
        assert.deepStrictEqual([r.successCount, r.failureCount], [150, 100])
        const failed = r.results.filter((x) => !x.ok)
        assert.deepStrictEqual(failed.map((x) => x.userId), users(200).slice(100))
        const f = failed[0]!
        if (!f.ok) {
          assert.strictEqual(f.error.code, 90009)
          assert.instanceOf(f.error.cause, ChatApiError)
        }
      })))

  it.effect("when no request got an answer, the call fails with the first error", () =>
    withClient({}, () => fail(90009, "admin"), (chat) =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(chat.clearUserTags(users(250)))
        assert.instanceOf(e, ChatApiError)
      })))

  it.effect("a large call with an account twice: never two in one request, requests one after another", () => {
    const log: Array<string> = []
    return withClient({}, async (req) => {
      log.push(`start ${accountsOf(req).length}`)
      await new Promise((r) => setTimeout(r, accountsOf(req).length === 100 ? 20 : 0))
      log.push(`end ${accountsOf(req).length}`)
      return OK
    }, (chat, requests) =>
      Effect.gen(function*() {
        const ids = users(170)
        ids[120] = "u5" // u5 is also at position 5
        ids[90] = "u80" // and u80 twice inside the first hundred
        const r = yield* chat.addUserTags(ids.map((userId, i) => ({ userId, tags: [`t${i}`] })))
        assert.deepStrictEqual(requests.map((q) => accountsOf(q).length), [90, 80])
        for (const q of requests) assert.strictEqual(new Set(accountsOf(q)).size, accountsOf(q).length)
        assert.deepStrictEqual(log, ["start 90", "end 90", "start 80", "end 80"])
        assert.strictEqual(r.results.length, 170)
        assert.strictEqual(r.results[120]!.userId, "u5")
      }))
  })

  it.effect("a small call after a large one on a shared account waits for it", () => {
    const order: Array<string> = []
    return withClient({}, async (req) => {
      order.push(`${req.path.split("/").pop()}:${accountsOf(req).length}`)
      await new Promise((r) => setTimeout(r, accountsOf(req).length === 100 ? 20 : 0))
      return OK
    }, (chat) =>
      Effect.gen(function*() {
        yield* Effect.all([
          chat.clearUserTags(users(100)),
          chat.addUserTags([{ userId: "u42", tags: ["x"] }]),
          chat.addUserTags([{ userId: "other", tags: ["x"] }]),
        ], { concurrency: "unbounded" })
        // "other" is free to go at once; u42's add waits for the clear that includes u42.
        assert.strictEqual(order.indexOf("clear_all_tags:100") < order.lastIndexOf("add_tag:1"), true)
        assert.deepStrictEqual(order.filter((o) => o.startsWith("add_tag")).length, 2)
      }))
  })

  it.effect("an empty list sends nothing", () =>
    withClient({}, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        const r = yield* chat.getUserTags([])
        assert.deepStrictEqual(r, { successCount: 0, failureCount: 0, results: [] })
        assert.strictEqual(requests.length, 0)
      })))

  it.effect("mergeOutcomes keeps input order", () =>
    Effect.gen(function*() {
      const r = yield* mergeOutcomes<{ n: number }>(["a", "b"], [
        { _tag: "Success", success: { ok: true, value: { n: 1 } } } as never,
        { _tag: "Success", success: { ok: true, value: { n: 2 } } } as never,
      ])
      assert.deepStrictEqual(r.results as unknown, [{ userId: "a", ok: true, n: 1 }, { userId: "b", ok: true, n: 2 }])
    }))
})

describe("pushToUsers", () => {
  it.effect("1,200 users → batch requests of 500, 500, 200 with MsgRandom base, base+1, base+2", () =>
    withClient({}, (req) => ({ ...OK, TaskId: `batch_${req.body.MsgRandom}`, ...(req.body.To_Account.includes("u7") ? { ErrorList: [{ To_Account: "u7", ErrorCode: 70107 }] } : {}) }), (chat, requests) =>
      Effect.gen(function*() {
        const ids = users(1200)
        const r = yield* chat.pushToUsers({ from: "admin", userIds: ids, offlinePush: { Title: "t" }, msgRandom: 4294967295 })
        assert.deepStrictEqual(requests.map((q) => q.body.To_Account.length), [500, 500, 200])
        assert.deepStrictEqual(requests.map((q) => q.body.MsgRandom), [4294967295, 0, 1])
        assert.deepStrictEqual(requests.flatMap((q) => q.body.To_Account), ids)
        assert.deepStrictEqual(r.tasks, [
          { taskId: "batch_4294967295", msgRandom: 4294967295, recipients: 500 },
          { taskId: "batch_0", msgRandom: 0, recipients: 500 },
          { taskId: "batch_1", msgRandom: 1, recipients: 200 },
        ])
        assert.deepStrictEqual([r.successCount, r.failureCount], [1199, 1])
        assert.deepStrictEqual(r.results[1000], { userId: "u1000", ok: true, taskId: "batch_1" })
        assert.isFalse(r.results[7]!.ok)
      })))

  it.effect("a user listed twice is sent once and reported at both positions", () =>
    withClient({}, () => ({ ...OK, TaskId: "batch_x" }), (chat, requests) =>
      Effect.gen(function*() {
        const r = yield* chat.pushToUsers({ from: "admin", userIds: ["a", "b", "a"], offlinePush: {} })
        assert.deepStrictEqual(requests[0]!.body.To_Account, ["a", "b"])
        assert.deepStrictEqual(r.results.map((x) => x.userId), ["a", "b", "a"])
        assert.strictEqual(r.successCount, 3)
      })))
})
