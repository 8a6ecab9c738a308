import { describe, expect, it } from "vitest"
import { endpointKeys, endpointOfPath, endpoints, families, pathOf } from "../../../src/api/mod.ts"
import type { Endpoint, EndpointKey } from "../../../src/api/mod.ts"

const rows = endpointKeys.map((k) => endpoints[k] as Endpoint)

describe("catalogue rows", () => {
  it("has exactly the 16 keys, each row keyed by its own key", () => {
    expect(Object.keys(endpoints).sort()).toStrictEqual([...endpointKeys].sort())
    expect(endpointKeys).toHaveLength(16)
    for (const k of endpointKeys) expect(endpoints[k].key).toBe(k)
  })

  it("links a vendor doc page on every row", () => {
    for (const r of rows) {
      expect(r.doc, r.key).toMatch(/^https:\/\/(www\.tencentcloud\.com\/document\/product\/1047|cloud\.tencent\.com\/document\/product\/269)\/\d+$/)
    }
  })

  it("has paths without a leading slash, under the family's prefix", () => {
    for (const r of rows) {
      for (const f of families) {
        const p = r.paths[f]
        if (p === undefined) continue
        expect(p.startsWith("/"), `${r.key} ${f}`).toBe(false)
        const prefix = r.area === "accounts" ? "v4/im_open_login_svc/" : f === "timpush" ? "v4/timpush/" : "v4/all_member_push/im_"
        expect(p.startsWith(prefix), `${r.key} ${f}: ${p}`).toBe(true)
      }
    }
  })

  it("never retries push or batch automatically; everything else is retry-safe", () => {
    const unsafe = rows.filter((r) => !r.retrySafe).map((r) => r.key).sort()
    expect(unsafe).toStrictEqual(["batch", "push"])
  })

  it("states the documented account limits", () => {
    const max = Object.fromEntries(rows.map((r) => [r.key, r.maxAccounts]))
    expect(max).toStrictEqual({
      set_attr_name: undefined, get_attr_name: undefined,
      get_attr: 100, set_attr: 100, remove_attr: 100,
      get_tag: 100, add_tag: 100, remove_tag: 100, clear_all_tags: 100,
      push: undefined, revoke: undefined, batch: 500,
      account_import: undefined, multiaccount_import: 100, account_delete: 100, account_check: 100,
    })
  })

  it("states the documented rates, one bucket per command", () => {
    const rate = Object.fromEntries(rows.map((r) => [r.key, `${r.rate.limit}/${r.rate.window}`]))
    expect(rate).toStrictEqual({
      set_attr_name: "100/1 second", get_attr_name: "100/1 second",
      get_attr: "100/1 second", set_attr: "100/1 second", remove_attr: "100/1 second",
      get_tag: "100/1 second", add_tag: "100/1 second", remove_tag: "100/1 second", clear_all_tags: "100/1 second",
      push: "1/1 second", revoke: "1/1 second", batch: "30/1 second",
      account_import: "200/1 second", multiaccount_import: "100/1 second", account_delete: "100/1 second", account_check: "100/1 second",
    })
    expect(new Set(rows.map((r) => r.rate.bucket)).size).toBe(rows.length)
    expect(endpoints.push.dailyQuota).toStrictEqual({ bucket: "push_daily", limit: 100, window: "1 day" })
    expect(rows.filter((r) => r.dailyQuota !== undefined).map((r) => r.key)).toStrictEqual(["push"])
  })

  it("names the malformed-body codes: 90001 for push-family rows, 70402 / 60003 for account rows", () => {
    for (const r of rows) {
      const account = r.area === "accounts"
      expect(r.invalidBodyCode, r.key).toBe(account ? 70402 : 90001)
      expect(r.invalidJsonCode, r.key).toBe(account ? 60003 : 90001)
    }
  })
})

describe("pathOf", () => {
  const table: ReadonlyArray<[EndpointKey, string, string | undefined]> = [
    ["set_attr_name", "v4/timpush/set_attr_name", "v4/all_member_push/im_set_attr_name"],
    ["get_attr_name", "v4/timpush/get_attr_name", "v4/all_member_push/im_get_attr_name"],
    ["get_attr", "v4/timpush/get_attr", "v4/all_member_push/im_get_attr"],
    ["set_attr", "v4/timpush/set_attr", "v4/all_member_push/im_set_attr"],
    ["remove_attr", "v4/timpush/remove_attr", "v4/all_member_push/im_remove_attr"],
    ["get_tag", "v4/timpush/get_tag", "v4/all_member_push/im_get_tag"],
    ["add_tag", "v4/timpush/add_tag", "v4/all_member_push/im_add_tag"],
    ["remove_tag", "v4/timpush/remove_tag", "v4/all_member_push/im_remove_tag"],
    ["clear_all_tags", "v4/timpush/clear_all_tags", "v4/all_member_push/im_remove_all_tags"],
    ["push", "v4/timpush/push", "v4/all_member_push/im_push"],
    ["revoke", "v4/timpush/revoke", undefined],
    ["batch", "v4/timpush/batch", undefined],
    ["account_import", "v4/im_open_login_svc/account_import", "v4/im_open_login_svc/account_import"],
    ["multiaccount_import", "v4/im_open_login_svc/multiaccount_import", "v4/im_open_login_svc/multiaccount_import"],
    ["account_delete", "v4/im_open_login_svc/account_delete", "v4/im_open_login_svc/account_delete"],
    ["account_check", "v4/im_open_login_svc/account_check", "v4/im_open_login_svc/account_check"],
  ]
  for (const [key, timpush, legacy] of table) {
    it(`${key}: ${timpush} | ${legacy}`, () => {
      expect(pathOf(key, "timpush")).toBe(timpush)
      expect(pathOf(key, "all_member_push")).toBe(legacy)
    })
  }

  it("has no timpush remove_all_tags path", () => {
    expect(endpointOfPath("v4/timpush/remove_all_tags")).toBeUndefined()
  })
})

describe("endpointOfPath", () => {
  it("finds every path of every family, with or without a leading slash", () => {
    for (const k of endpointKeys) {
      for (const f of families) {
        const p = pathOf(k, f)
        if (p === undefined) continue
        const expected = endpoints[k].area === "accounts" ? "timpush" : f
        expect(endpointOfPath(p)).toStrictEqual({ key: k, family: expected })
        expect(endpointOfPath(`/${p}`)).toStrictEqual({ key: k, family: expected })
      }
    }
  })

  it("returns undefined for unknown paths", () => {
    expect(endpointOfPath("v4/all_member_push/im_revoke")).toBeUndefined()
    expect(endpointOfPath("v4/timpush/im_push")).toBeUndefined()
    expect(endpointOfPath("")).toBeUndefined()
  })
})
