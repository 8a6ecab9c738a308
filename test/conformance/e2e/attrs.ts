/**
 * Attribute names and user attributes, end to end, on both URL families: success, per-account
 * results (`ErrorList` 70107 / 90035 on timpush), whole-request codes (90033, 90018, 90001,
 * 60007), and the local check that stops a bad request before it is sent.
 */
import type { Family } from "../../../src/api/mod.ts"
import type { Harness } from "../harness.ts"
import { accountFailed, allOk, apiError, requestError, resultOf } from "./expect.ts"
import { APP, ids, withE2E } from "./fixture.ts"

const families: ReadonlyArray<Family> = ["timpush", "all_member_push"]

export const registerAttrs = (t: Harness): void => {
  for (const family of families) {
    t.test(`set_attr_name/get_attr_name (${family}): names round-trip; types only on timpush`, () =>
      withE2E({ client: { family } }, async ({ chat, em }) => {
        t.equal(await chat.getAttrNames(), family === "timpush" ? { names: {}, types: {} } : { names: {} })
        await chat.setAttrNames({ "0": "city", "1": "plan" })
        await chat.setAttrNames({ "2": "lang" })
        const got = await chat.getAttrNames()
        t.equal(got.names, { "0": "city", "1": "plan", "2": "lang" })
        t.equal(got.types, family === "timpush" ? { "0": 0, "1": 0, "2": 0 } : undefined)
        t.equal(em.requests({ endpoint: "set_attr_name" }).map((r) => r.path), [
          `/v4/${family === "timpush" ? "timpush/set_attr_name" : "all_member_push/im_set_attr_name"}`,
          `/v4/${family === "timpush" ? "timpush/set_attr_name" : "all_member_push/im_set_attr_name"}`,
        ])
      }))

    t.test(`set_attr_name (${family}): a name already used by another slot gets 90033`, () =>
      withE2E({ client: { family } }, async ({ chat }) => {
        await chat.setAttrNames({ "0": "city" })
        await apiError(t, () => chat.setAttrNames({ "1": "city" }), 90033, "set_attr_name")
      }))

    t.test(`set_attr/get_attr/remove_attr (${family}): values by name, merged, removed`, () =>
      withE2E({ client: { family } }, async ({ chat, em }) => {
        await chat.setAttrNames({ "0": "city", "1": "plan" })
        await chat.importAccounts(ids(3).map((userId) => ({ userId })))
        allOk(t, await chat.setUserAttrs([
          { userId: "u0", attrs: { city: "beijing", plan: "pro" } },
          { userId: "u1", attrs: { city: "shenzhen" } },
        ]), 2)
        allOk(t, await chat.setUserAttrs([{ userId: "u1", attrs: { plan: "free" } }]), 1)
        allOk(t, await chat.removeUserAttrs([{ userId: "u0", attrNames: ["plan"] }]), 1)
        const got = await chat.getUserAttrs(["u0", "u1", "u2"])
        allOk(t, got, 3)
        t.equal(got.results.map((r) => (r.ok ? r.attrs : null)), [{ city: "beijing" }, { city: "shenzhen", plan: "free" }, {}])
        t.equal(em.account(APP.sdkAppId, "u1")?.attrs, { city: "shenzhen", plan: "free" })
      }))

    t.test(`set_attr (${family}): an undefined attribute name fails the whole request with 90033`, () =>
      withE2E({ client: { family } }, async ({ chat, em }) => {
        await chat.setAttrNames({ "0": "city" })
        await chat.importAccounts([{ userId: "u0" }])
        await apiError(t, () => chat.setUserAttrs([{ userId: "u0", attrs: { city: "x", nope: "y" } }]), 90033, "set_attr")
        await apiError(t, () => chat.removeUserAttrs([{ userId: "u0", attrNames: ["nope"] }]), 90033, "remove_attr")
        t.equal(em.account(APP.sdkAppId, "u0")?.attrs, {}, "nothing was written")
      }))
  }

  t.test("set_attr_name (timpush): changing a slot's AttrTypes gets 90033", () =>
    withE2E({}, async ({ chat }) => {
      await chat.setAttrNames({ "3": "rid" }, { types: { "3": 1 } })
      await apiError(t, () => chat.setAttrNames({ "3": "rid" }, { types: { "3": 0 } }), 90033, "set_attr_name")
    }))

  t.test("set_attr_name: a slot outside \"0\"..\"9\" is refused locally; sent anyway, the service answers 90033", () =>
    withE2E({}, async ({ chat, em, tamperNext }) => {
      await requestError(t, em, () => chat.setAttrNames({ "10": "x" } as never), {
        endpoint: "set_attr_name",
        field: "AttrNames[\"10\"]",
        rule: "attr_slot",
        code: 90033,
      })
      tamperNext({ body: { AttrNames: { "10": "x" } } })
      await apiError(t, () => chat.setAttrNames({ "0": "x" }), 90033, "set_attr_name")
      tamperNext({ body: { AttrNames: { "0": "n".repeat(51) } } })
      await apiError(t, () => chat.setAttrNames({ "0": "x" }), 90033, "set_attr_name")
      tamperNext({ body: { AttrNames: "city" } })
      await apiError(t, () => chat.setAttrNames({ "0": "x" }), 90001, "set_attr_name")
    }))

  t.test("get_attr/set_attr/remove_attr (timpush): unknown accounts come back per account with 70107", () =>
    withE2E({}, async ({ chat }) => {
      await chat.setAttrNames({ "0": "city" })
      await chat.importAccounts([{ userId: "u0" }])
      const set = await chat.setUserAttrs([{ userId: "u0", attrs: { city: "x" } }, { userId: "ghost", attrs: { city: "y" } }])
      t.equal({ ok: set.successCount, failed: set.failureCount }, { ok: 1, failed: 1 })
      accountFailed(t, set, "ghost", 70107)
      accountFailed(t, await chat.getUserAttrs(["ghost", "u0"]), "ghost", 70107)
      accountFailed(t, await chat.removeUserAttrs([{ userId: "ghost", attrNames: ["city"] }]), "ghost", 70107)
      t.equal(resultOf(await chat.getUserAttrs(["u0"]), "u0"), { userId: "u0", ok: true, attrs: { city: "x" } })
    }))

  t.test("get_attr/set_attr (all_member_push): no ErrorList on the legacy family; unknown accounts read empty", () =>
    withE2E({ client: { family: "all_member_push" } }, async ({ chat }) => {
      await chat.setAttrNames({ "0": "city" })
      allOk(t, await chat.setUserAttrs([{ userId: "ghost", attrs: { city: "y" } }]), 1)
      t.equal(resultOf(await chat.getUserAttrs(["ghost"]), "ghost"), { userId: "ghost", ok: true, attrs: {} })
    }))

  t.test("set_attr (timpush): an attribute of RegistrationID type on a UserID account fails that account with 90035", () =>
    withE2E({}, async ({ chat }) => {
      await chat.setAttrNames({ "0": "city", "1": "rid" }, { types: { "1": 1 } })
      await chat.importAccounts([{ userId: "u0" }, { userId: "u1" }])
      const r = await chat.setUserAttrs([{ userId: "u0", attrs: { rid: "x" } }, { userId: "u1", attrs: { city: "y" } }])
      accountFailed(t, r, "u0", 90035)
      t.ok(resultOf(r, "u1").ok)
    }))

  t.test("set_attr/get_attr: more than 100 accounts are split by the client; sent in one request, the service answers 90018", () =>
    withE2E({}, async ({ chat, em, tamperNext }) => {
      await chat.setAttrNames({ "0": "city" })
      const users = ids(250)
      allOk(t, await chat.importAccounts(users.map((userId) => ({ userId }))), 250)
      allOk(t, await chat.setUserAttrs(users.map((userId) => ({ userId, attrs: { city: userId } }))), 250)
      t.equal(em.countRequests({ endpoint: "set_attr", code: 0 }), 3)
      const got = await chat.getUserAttrs(users)
      t.equal(got.results.every((r) => r.ok && r.attrs["city"] === r.userId), true)
      tamperNext({ body: { To_Account: ids(101) } })
      await apiError(t, () => chat.getUserAttrs(["u0"]), 90018, "get_attr")
    }))

  t.test("set_attr: a value over 50 bytes is refused locally; sent anyway, the service answers 90033", () =>
    withE2E({}, async ({ chat, em, tamperNext }) => {
      await chat.setAttrNames({ "0": "city" })
      await chat.importAccounts([{ userId: "u0" }])
      await requestError(t, em, () => chat.setUserAttrs([{ userId: "u0", attrs: { city: "é".repeat(26) } }]), {
        endpoint: "set_attr",
        field: "UserAttrs[0].Attrs[\"city\"]",
        rule: "attr_value_bytes",
        code: 90033,
      })
      tamperNext({ body: { UserAttrs: [{ To_Account: "u0", Attrs: { city: "é".repeat(26) } }] } })
      await apiError(t, () => chat.setUserAttrs([{ userId: "u0", attrs: { city: "ok" } }]), 90033, "set_attr")
      tamperNext({ body: { UserAttrs: "u0" } })
      await apiError(t, () => chat.setUserAttrs([{ userId: "u0", attrs: { city: "ok" } }]), 90001, "set_attr")
    }))

  t.test("get_attr_name: over the command's call rate the service answers 60007; retries cannot beat a frozen clock", () =>
    withE2E({ emulator: { limits: { rates: { get_attr_name: { limit: 2, windowMs: 1_000 } } } } }, async ({ chat, em, client }) => {
      await chat.getAttrNames()
      await chat.getAttrNames()
      await apiError(t, () => chat.getAttrNames(), 60007, "get_attr_name")
      em.clearRequests()
      await apiError(t, () => client({ retry: { times: 2, baseDelay: 1 } }).getAttrNames(), 60007, "get_attr_name")
      t.equal(em.countRequests({ endpoint: "get_attr_name", code: 60007 }), 3, "60007 is retryable: 1 + 2 retries")
      em.advanceClock(1_001)
      await chat.getAttrNames()
    }))
}
