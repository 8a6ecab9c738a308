/**
 * Account commands (`v4/im_open_login_svc/*`), end to end: import (bulk and single, through
 * `call`), check, delete; per-account results (`FailAccounts`, `ResultItem` 70107); the edition
 * cap (70398), deletion not enabled (71000), malformed bodies (70402 / 60003).
 */
import type { Harness } from "../harness.ts"
import { accountFailed, allOk, apiError, requestError, resultOf } from "./expect.ts"
import { APP, ids, withE2E } from "./fixture.ts"

export const registerAccounts = (t: Harness): void => {
  t.test("multiaccount_import/account_check: any number of accounts, 100 per request, per-account status", () =>
    withE2E({}, async ({ chat, em }) => {
      const users = ids(250)
      allOk(t, await chat.importAccounts(users.map((userId, i) => ({ userId, ...(i === 0 ? { nick: "Zero", faceUrl: "https://x.test/0.png" } : {}) }))), 250)
      t.equal(em.countRequests({ endpoint: "multiaccount_import" }), 3)
      t.equal(em.accountCount(APP.sdkAppId), 250)
      const checked = await chat.checkAccounts(["u0", "nobody", "u249"])
      t.equal(checked.results.map((r) => (r.ok ? r.status : null)), ["Imported", "NotImported", "Imported"])
      t.equal(resultOf(checked, "nobody"), { userId: "nobody", ok: true, status: "NotImported", imported: false })
    }))

  t.test("multiaccount_import: accounts the service refuses come back in FailAccounts, the rest are imported", () =>
    withE2E({}, async ({ chat, em }) => {
      const r = await chat.importAccounts([{ userId: "ok1" }, { userId: "@TLS#reserved" }, { userId: "ok2" }])
      t.equal({ ok: r.successCount, failed: r.failureCount }, { ok: 2, failed: 1 })
      accountFailed(t, r, "@TLS#reserved", undefined)
      t.equal(em.accountCount(APP.sdkAppId), 2)
    }))

  t.test("account_import/multiaccount_import: the edition's account cap gets 70398 (single) or FailAccounts (bulk)", () =>
    withE2E({ emulator: { apps: [{ ...APP, maxAccounts: 2 }] } }, async ({ chat, em }) => {
      await chat.call("account_import", { UserID: "a" })
      const r = await chat.importAccounts([{ userId: "b" }, { userId: "c" }])
      t.ok(resultOf(r, "b").ok)
      accountFailed(t, r, "c", undefined)
      await apiError(t, () => chat.call("account_import", { UserID: "d" }), 70398, "account_import")
      await chat.call("account_import", { UserID: "a", Nick: "re-import is fine at the cap" })
      t.equal(em.accountCount(APP.sdkAppId), 2)
    }))

  t.test("account_import: bad UserIDs and profile fields are refused locally; sent anyway, 70402 / 40601", () =>
    withE2E({}, async ({ chat, em, tamperNext }) => {
      await requestError(t, em, () => chat.call("account_import", { UserID: "" }), {
        endpoint: "account_import",
        field: "UserID",
        rule: "user_id_empty",
        code: 70402,
      })
      await requestError(t, em, () => chat.importAccounts([{ userId: "x".repeat(33) }]), {
        endpoint: "multiaccount_import",
        field: "AccountList[0].UserID",
        rule: "user_id_bytes",
        code: 70402,
      })
      const single = (body: unknown) => {
        tamperNext({ body })
        return chat.call("account_import", { UserID: "fine" })
      }
      await apiError(t, () => single({ UserID: "" }), 70402, "account_import")
      await apiError(t, () => single({ UserID: "x".repeat(33) }), 70402, "account_import")
      await apiError(t, () => single({ UserID: "a", Nick: "n".repeat(501) }), 40601, "account_import")
      await apiError(t, () => single({ UserID: 42 }), 70402, "account_import")
      await apiError(t, () => single("{not json"), 60003, "account_import")
      tamperNext({ body: { AccountList: ids(101).map((UserID) => ({ UserID })) } })
      await apiError(t, () => chat.importAccounts([{ userId: "fine" }]), 70402, "multiaccount_import")
      t.equal(em.accountCount(APP.sdkAppId), 0)
    }))

  t.test("account_delete: deletes accounts with their tags and attributes; unknown ones get 70107 per account", () =>
    withE2E({}, async ({ chat, em }) => {
      await chat.setAttrNames({ "0": "city" })
      await chat.importAccounts([{ userId: "u0" }, { userId: "u1" }])
      await chat.addUserTags([{ userId: "u0", tags: ["vip"] }])
      await chat.setUserAttrs([{ userId: "u0", attrs: { city: "bj" } }])
      const r = await chat.deleteAccounts(["u0", "ghost"])
      t.ok(resultOf(r, "u0").ok)
      accountFailed(t, r, "ghost", 70107)
      t.equal(em.account(APP.sdkAppId, "u0"), undefined)
      t.equal((await chat.checkAccounts(["u0", "u1"])).results.map((x) => (x.ok ? x.status : null)), ["NotImported", "Imported"])
      // A deleted account is unknown to the push APIs again.
      accountFailed(t, await chat.getUserTags(["u0"]), "u0", 70107)
    }))

  t.test("account_delete: an app where deletion is not enabled gets 71000; over 100 in one request 70402", () =>
    withE2E({ emulator: { apps: [{ ...APP, accountDeletion: false }] } }, async ({ chat, tamperNext }) => {
      await chat.importAccounts([{ userId: "u0" }])
      await apiError(t, () => chat.deleteAccounts(["u0"]), 71000, "account_delete")
      tamperNext({ body: { DeleteItem: ids(101).map((UserID) => ({ UserID })) } })
      await apiError(t, () => chat.deleteAccounts(["u0"]), 70402, "account_delete")
      tamperNext({ body: { CheckItem: "u0" } })
      await apiError(t, () => chat.checkAccounts(["u0"]), 70402, "account_check")
    }))
}
