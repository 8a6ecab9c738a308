/**
 * User tags, end to end, on both URL families: add (and replace), get, remove, clear; the
 * per-user (100) and per-app (1000) caps, which the emulator answers with 90032 per account on
 * timpush and for the whole request on the legacy family; request-shape codes.
 */
import type { Family } from "../../../src/api/mod.ts"
import type { Harness } from "../harness.ts"
import { accountFailed, allOk, apiError, requestError, resultOf } from "./expect.ts"
import { APP, ids, withE2E } from "./fixture.ts"

const families: ReadonlyArray<Family> = ["timpush", "all_member_push"]

export const registerTags = (t: Harness): void => {
  for (const family of families) {
    t.test(`add_tag/get_tag/remove_tag/clear_all_tags (${family}): a tag set per user`, () =>
      withE2E({ client: { family } }, async ({ chat, em }) => {
        await chat.importAccounts(ids(3).map((userId) => ({ userId })))
        allOk(t, await chat.addUserTags([{ userId: "u0", tags: ["vip", "beta"] }, { userId: "u1", tags: ["vip"] }]), 2)
        allOk(t, await chat.addUserTags([{ userId: "u0", tags: ["vip", "ios"] }]), 1)
        allOk(t, await chat.removeUserTags([{ userId: "u0", tags: ["beta", "never-had"] }]), 1)
        const got = await chat.getUserTags(["u0", "u1", "u2"])
        t.equal(got.results.map((r) => (r.ok ? [...r.tags].sort() : null)), [["ios", "vip"], ["vip"], []])
        allOk(t, await chat.clearUserTags(["u0", "u1"]), 2)
        t.equal(em.account(APP.sdkAppId, "u0")?.tags, [])
        t.equal(em.account(APP.sdkAppId, "u1")?.tags, [])
        const clearPath = em.requests({ endpoint: "clear_all_tags" })[0]?.path
        t.equal(clearPath, family === "timpush" ? "/v4/timpush/clear_all_tags" : "/v4/all_member_push/im_remove_all_tags")
      }))

    t.test(`add_tag (${family}): more than 10 tags per user is refused locally; sent anyway, 90032`, () =>
      withE2E({ client: { family } }, async ({ chat, em, tamperNext }) => {
        await chat.importAccounts([{ userId: "u0" }])
        const eleven = ids(11, "t")
        await requestError(t, em, () => chat.addUserTags([{ userId: "u0", tags: eleven }]), {
          endpoint: "add_tag",
          field: "UserTags[0].Tags",
          rule: "tags_per_request",
          code: 90032,
        })
        tamperNext({ body: { UserTags: [{ To_Account: "u0", Tags: eleven }] } })
        await apiError(t, () => chat.addUserTags([{ userId: "u0", tags: ["a"] }]), 90032, "add_tag")
        t.equal(em.account(APP.sdkAppId, "u0")?.tags, [])
      }))

    t.test(`add_tag/remove_tag (${family}): a tag over 50 bytes gets 90020, an empty tag 90040, over 100 accounts 90018`, () =>
      withE2E({ client: { family } }, async ({ chat, em, tamperNext }) => {
        await chat.importAccounts([{ userId: "u0" }])
        await requestError(t, em, () => chat.addUserTags([{ userId: "u0", tags: ["x".repeat(51)] }]), {
          endpoint: "add_tag",
          field: "UserTags[0].Tags[0]",
          rule: "tag_bytes",
          code: 90020,
        })
        await requestError(t, em, () => chat.removeUserTags([{ userId: "u0", tags: [""] }]), {
          endpoint: "remove_tag",
          field: "UserTags[0].Tags[0]",
          rule: "tag_empty",
          code: 90040,
        })
        const add = (body: unknown) => {
          tamperNext({ body })
          return chat.addUserTags([{ userId: "u0", tags: ["a"] }])
        }
        await apiError(t, () => add({ UserTags: [{ To_Account: "u0", Tags: ["x".repeat(51)] }] }), 90020, "add_tag")
        await apiError(t, () => add({ UserTags: [{ To_Account: "u0", Tags: [""] }] }), 90040, "add_tag")
        await apiError(t, () => add({ UserTags: ids(101).map((u) => ({ To_Account: u, Tags: ["a"] })) }), 90018, "add_tag")
        await apiError(t, () => add({ UserTags: { To_Account: "u0" } }), 90001, "add_tag")
        tamperNext({ body: { UserTags: [{ To_Account: "u0", Tags: [""] }] } })
        await apiError(t, () => chat.removeUserTags([{ userId: "u0", tags: ["a"] }]), 90040, "remove_tag")
        tamperNext({ body: { To_Account: ids(101) } })
        await apiError(t, () => chat.clearUserTags(["u0"]), 90018, "clear_all_tags")
        tamperNext({ body: { To_Account: ids(101) } })
        await apiError(t, () => chat.getUserTags(["u0"]), 90018, "get_tag")
      }))
  }

  t.test("add_tag (timpush): replace overwrites a user's tags, up to 100", () =>
    withE2E({}, async ({ chat, em }) => {
      await chat.importAccounts([{ userId: "u0" }])
      await chat.addUserTags([{ userId: "u0", tags: ["old"] }])
      const hundred = ids(100, "t")
      allOk(t, await chat.addUserTags([{ userId: "u0", tags: hundred }], { replace: true }), 1)
      t.equal(em.account(APP.sdkAppId, "u0")?.tags.length, 100)
      t.ok(!em.account(APP.sdkAppId, "u0")?.tags.includes("old"))
    }))

  t.test("add_tag (all_member_push): replace is refused locally (the legacy family has no Replace)", () =>
    withE2E({ client: { family: "all_member_push" } }, async ({ chat, em }) => {
      await requestError(t, em, () => chat.addUserTags([{ userId: "u0", tags: ["a"] }], { replace: true }), {
        endpoint: "add_tag",
        field: "Replace",
        rule: "replace_legacy",
        code: 90001,
      })
    }))

  t.test("add_tag/get_tag/remove_tag/clear_all_tags (timpush): unknown accounts come back per account with 70107", () =>
    withE2E({}, async ({ chat }) => {
      await chat.importAccounts([{ userId: "u0" }])
      const add = await chat.addUserTags([{ userId: "u0", tags: ["a"] }, { userId: "ghost", tags: ["a"] }])
      t.ok(resultOf(add, "u0").ok)
      accountFailed(t, add, "ghost", 70107)
      accountFailed(t, await chat.getUserTags(["ghost"]), "ghost", 70107)
      accountFailed(t, await chat.removeUserTags([{ userId: "ghost", tags: ["a"] }]), "ghost", 70107)
      accountFailed(t, await chat.clearUserTags(["u0", "ghost"]), "ghost", 70107)
    }))

  t.test("add_tag (timpush): a user holding 100 tags fails that account with 90032; others in the request succeed", () =>
    withE2E({}, async ({ chat, em }) => {
      await chat.importAccounts([{ userId: "u0" }, { userId: "u1" }])
      await chat.addUserTags([{ userId: "u0", tags: ids(100, "t") }], { replace: true })
      const r = await chat.addUserTags([{ userId: "u0", tags: ["one-more"] }, { userId: "u1", tags: ["one-more"] }])
      accountFailed(t, r, "u0", 90032)
      t.ok(resultOf(r, "u1").ok)
      t.equal(em.account(APP.sdkAppId, "u0")?.tags.length, 100)
    }))

  t.test("add_tag: the per-app cap of distinct tags fails the account on timpush, the whole request on the legacy family", () =>
    withE2E({ emulator: { limits: { distinctTagsPerApp: 3 } } }, async ({ chat, client, em }) => {
      await chat.importAccounts([{ userId: "u0" }, { userId: "u1" }])
      allOk(t, await chat.addUserTags([{ userId: "u0", tags: ["a", "b", "c"] }]), 1)
      const r = await chat.addUserTags([{ userId: "u1", tags: ["a"] }, { userId: "u1", tags: ["d"] }])
      t.equal(r.results.map((x) => x.ok), [true, false], "a tag already held is fine; a fourth distinct tag is not")
      accountFailed(t, { ...r, results: [r.results[1]!] }, "u1", 90032)
      const legacy = client({ family: "all_member_push" })
      await apiError(t, () => legacy.addUserTags([{ userId: "u0", tags: ["e"] }]), 90032, "add_tag")
      t.equal(em.account(APP.sdkAppId, "u1")?.tags, ["a"])
    }))
}
