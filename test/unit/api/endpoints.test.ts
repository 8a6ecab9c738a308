import { describe, expect, it } from "vitest"
import { endpointKeys, endpointOfPath, endpoints, families, pathOf } from "../../../src/api/mod.ts"
import type { Endpoint } from "../../../src/api/mod.ts"
import { documentedEndpoints } from "../../vectors/documented-endpoints.ts"

const rows = endpointKeys.map((k) => endpoints[k] as Endpoint)
const documented = new Map(documentedEndpoints.map((d) => [d.key as string, d]))

describe("catalogue rows", () => {
  it("has a row for every documented command and no other, each row keyed by its own key", () => {
    expect(Object.keys(endpoints).sort()).toStrictEqual([...endpointKeys].sort())
    expect([...endpointKeys].sort()).toStrictEqual([...documented.keys()].sort())
    expect(documented.size).toBe(documentedEndpoints.length)
    for (const k of endpointKeys) expect(endpoints[k].key).toBe(k)
  })

  it("links the vendor doc page each command is documented on", () => {
    for (const r of rows) {
      expect(r.doc, r.key).toMatch(/^https:\/\/(www\.tencentcloud\.com\/document\/product\/1047|cloud\.tencent\.com\/document\/product\/269)\/\d+$/)
      const [site, id] = documented.get(r.key)!.page.split("/")
      expect(r.doc, r.key).toBe(site === "1047" ? `https://www.tencentcloud.com/document/product/1047/${id}` : `https://cloud.tencent.com/document/product/269/${id}`)
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

  it("never retries push, batch or add_sched_task automatically; everything else is retry-safe", () => {
    // A repeat of any of these creates a second push or a second scheduled push.
    const unsafe = rows.filter((r) => !r.retrySafe).map((r) => r.key).sort()
    expect(unsafe).toStrictEqual(["add_sched_task", "batch", "push"])
  })

  it("states the documented account limits", () => {
    for (const r of rows) expect(r.maxAccounts, r.key).toBe(documented.get(r.key)!.maxAccounts)
  })

  it("states the documented rates, one bucket per command", () => {
    for (const r of rows) expect(`${r.rate.limit}/${r.rate.window}`, r.key).toBe(documented.get(r.key)!.rate)
    expect(new Set(rows.map((r) => r.rate.bucket)).size).toBe(rows.length)
    expect(endpoints.push.dailyQuota).toStrictEqual({ bucket: "push_daily", limit: 100, window: "1 day" })
    expect(rows.filter((r) => r.dailyQuota !== undefined).map((r) => r.key)).toStrictEqual(["push"])
  })

  it("names the malformed-body codes: 90001 for push-family rows, 70402 / 60003 for account rows, 90104 for scheduled tasks", () => {
    for (const r of rows) {
      const account = r.area === "accounts"
      const sched = r.area === "scheduled_push"
      expect(r.invalidBodyCode, r.key).toBe(account ? 70402 : sched ? 90104 : 90001)
      expect(r.invalidJsonCode, r.key).toBe(account ? 60003 : sched ? 90104 : 90001)
    }
  })
})

describe("pathOf", () => {
  for (const d of documentedEndpoints) {
    it(`${d.key}: ${d.timpush} | ${d.legacy}`, () => {
      expect(pathOf(d.key, "timpush")).toBe(d.timpush)
      expect(pathOf(d.key, "all_member_push")).toBe(d.legacy)
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
