/**
 * URL and admin-UserSig failures, end to end: what the client sees for each documented code
 * (docs/protocol/error-codes.md#public-codes). Some need a wrong client (wrong key, unknown app, non-admin); the rest
 * rewrite the URL or body on the way, since our client never sends such a request.
 */
import { ChatTransportError } from "../../../src/client/mod.ts"
import type { Harness } from "../harness.ts"
import { apiError, transportError } from "./expect.ts"
import { APP, OTHER_APP, withE2E } from "./fixture.ts"

const DAY_MS = 86_400_000

export const registerAuth = (t: Harness): void => {
  t.test("auth: a wrong secret key gets 70009 on every area, and the bulk call fails as a whole", () =>
    withE2E({}, async ({ em, client }) => {
      const wrong = client({ secretKey: "f".repeat(64) })
      await apiError(t, () => wrong.getAttrNames(), 70009, "get_attr_name")
      await apiError(t, () => wrong.getUserTags(["a", "b"]), 70009, "get_tag")
      await apiError(t, () => wrong.push({}), 70009, "push")
      await apiError(t, () => wrong.importAccounts([{ userId: "a" }]), 70009, "multiaccount_import")
      t.equal(em.accountCount(APP.sdkAppId), 0)
    }))

  t.test("auth: an unknown SDKAppID gets 70020", () =>
    withE2E({}, async ({ client }) => {
      await apiError(t, () => client({ sdkAppId: 1400009999 }).getAttrNames(), 70020, "get_attr_name")
    }))

  t.test("auth: a non-admin identifier gets 90009 on push APIs and 70403 on account APIs", () =>
    withE2E({}, async ({ client }) => {
      const alice = client({ adminId: "alice" })
      await apiError(t, () => alice.getAttrNames(), 90009, "get_attr_name")
      await apiError(t, () => alice.addUserTags([{ userId: "a", tags: ["x"] }]), 90009, "add_tag")
      await apiError(t, () => alice.push({}), 90009, "push")
      await apiError(t, () => alice.checkAccounts(["a"]), 70403, "account_check")
      // A second admin of the app is accepted.
      await client({ adminId: "ops" }).getAttrNames()
    }))

  t.test("auth: a UserSig past its validity gets 70001 (and a fresh mint cannot fix a server clock 2 days ahead)", () =>
    withE2E({}, async ({ em, client }) => {
      em.advanceClock(2 * DAY_MS)
      await apiError(t, () => client().getAttrNames(), 70001, "get_attr_name")
      // 70001 makes the client drop its cached sig and mint again on retry.
      const retrying = client({ retry: { times: 1, baseDelay: 1 } })
      em.clearRequests()
      await apiError(t, () => retrying.getAttrNames(), 70001, "get_attr_name")
      t.equal(em.countRequests({ endpoint: "get_attr_name", code: 70001 }), 2)
    }))

  t.test("auth: identifier differing from the sig's user gets 70013", () =>
    withE2E({}, async ({ chat, tamperNext }) => {
      tamperNext({ url: (u) => u.searchParams.set("identifier", "ops") })
      await apiError(t, () => chat.getAttrNames(), 70013, "get_attr_name")
    }))

  t.test("auth: sdkappid differing from the sig's app gets 70014", () =>
    withE2E({}, async ({ chat, tamperNext }) => {
      tamperNext({ url: (u) => u.searchParams.set("sdkappid", String(OTHER_APP.sdkAppId)) })
      await apiError(t, () => chat.getAttrNames(), 70014, "get_attr_name")
    }))

  t.test("auth: an empty usersig gets 70002, an undecodable one 70003", () =>
    withE2E({}, async ({ chat, tamperNext }) => {
      tamperNext({ url: (u) => u.searchParams.set("usersig", "") })
      await apiError(t, () => chat.getAttrNames(), 70002, "get_attr_name")
      tamperNext({ url: (u) => u.searchParams.set("usersig", "not-a-usersig") })
      await apiError(t, () => chat.getAttrNames(), 70003, "get_attr_name")
    }))

  t.test("auth: a missing sdkappid gets 60012; a malformed query 60002", () =>
    withE2E({}, async ({ chat, tamperNext }) => {
      tamperNext({ url: (u) => u.searchParams.delete("sdkappid") })
      await apiError(t, () => chat.getAttrNames(), 60012, "get_attr_name")
      tamperNext({ url: (u) => u.searchParams.set("random", "not-a-number") })
      await apiError(t, () => chat.getAttrNames(), 60002, "get_attr_name")
      tamperNext({ url: (u) => u.searchParams.delete("identifier") })
      await apiError(t, () => chat.getAttrNames(), 60002, "get_attr_name")
    }))

  t.test("auth: an unknown path gets 60009; a non-POST method is an HTTP 405 transport error", () =>
    withE2E({}, async ({ chat, tamperNext }) => {
      tamperNext({ url: (u) => (u.pathname = "/v4/timpush/no_such_command") })
      await apiError(t, () => chat.getAttrNames(), 60009, "get_attr_name")
      tamperNext({ method: "GET" })
      const e = await transportError(t, () => chat.getAttrNames(), { endpoint: "get_attr_name", kind: "http-status", status: 405, retryable: false })
      t.ok(e instanceof ChatTransportError)
    }))

  t.test("auth: a body that is not JSON gets 90001 on push APIs and 60003 on account APIs", () =>
    withE2E({}, async ({ chat, tamperNext }) => {
      tamperNext({ body: "{not json" })
      await apiError(t, () => chat.getAttrNames(), 90001, "get_attr_name")
      tamperNext({ body: "[]" })
      await apiError(t, () => chat.getAttrNames(), 90001, "get_attr_name")
      tamperNext({ body: "{not json" })
      await apiError(t, () => chat.checkAccounts(["a"]), 60003, "account_check")
    }))

  t.test("auth: no error, String() or JSON of an error carries the secret key or the usersig", () =>
    withE2E({}, async ({ em, client, tamperNext, chat }) => {
      let usersig = ""
      tamperNext({ url: (u) => {
        usersig = u.searchParams.get("usersig") ?? ""
      } })
      await chat.getAttrNames()
      t.ok(usersig.length > 20, "captured the usersig the client sent")
      const errors: Array<unknown> = []
      const collect = (p: Promise<unknown>) => p.then(() => errors.push("resolved"), (e) => errors.push(e))
      await collect(client({ secretKey: "f".repeat(64) }).getAttrNames())
      em.faults.script("get_attr_name", "http-502", "truncated-json", "drop")
      await collect(chat.getAttrNames())
      await collect(chat.getAttrNames())
      await collect(chat.getAttrNames())
      t.equal(errors.filter((e) => e === "resolved").length, 0, "every call failed")
      for (const e of errors) {
        for (const s of [String(e), JSON.stringify(e), (e as Error).message ?? ""]) {
          t.ok(!s.includes(APP.secretKey), "no secret key in an error")
          t.ok(!s.includes(usersig), "no usersig in an error")
        }
      }
    }))
}
