import { describe, expect, it } from "vitest"
import { endpointKeys, families, pathOf } from "../../../src/api/mod.ts"
import type { EndpointKey } from "../../../src/api/mod.ts"
import { APP, requestFor, setup, text } from "./helpers.ts"

/** A minimal valid body per command (state permitting). */
const minimal: { readonly [K in EndpointKey]: unknown } = {
  set_attr_name: { AttrNames: { "0": "city" } },
  get_attr_name: {},
  get_attr: { To_Account: ["alice"] },
  set_attr: { UserAttrs: [{ To_Account: "alice", Attrs: {} }] },
  remove_attr: { UserAttrs: [{ To_Account: "alice", Attrs: [] }] },
  get_tag: { To_Account: ["alice"] },
  add_tag: { UserTags: [{ To_Account: "alice", Tags: ["vip"] }] },
  remove_tag: { UserTags: [{ To_Account: "alice", Tags: ["vip"] }] },
  clear_all_tags: { To_Account: ["alice"] },
  push: { MsgRandom: 1, MsgBody: text("hi") },
  revoke: { TaskId: "no-such-task" },
  batch: { From_Account: "administrator", To_Account: ["alice"], MsgRandom: 1, OfflinePushInfo: { PushFlag: 0, Title: "t", Desc: "d" } },
  account_import: { UserID: "alice" },
  multiaccount_import: { Accounts: ["alice"] },
  account_delete: { DeleteItem: [{ UserID: "nobody" }] },
  account_check: { CheckItem: [{ UserID: "alice" }] },
  add_sched_task: { Sdkappid: APP.sdkAppId, Type: "All", SchedAt: "2099-01-01 00:00:00", Content: { OfflinePushInfo: { Title: "t", Desc: "d" } } },
  modify_sched_task: { Sdkappid: APP.sdkAppId, TaskID: 1, Type: "All" },
  delete_sched_task: { Sdkappid: APP.sdkAppId, TaskID: 1, Type: "All" },
  get_sched_task: { Sdkappid: APP.sdkAppId, TaskID: 1 },
  list_sched_task: { Sdkappid: APP.sdkAppId, Offset: 0, Want: 10, OrderBy: "createAt", Asc: true },
  all_member_push_statistics: { StartTime: 0, EndTime: 86_400 },
  all_member_push_loss: { StartTime: 0, EndTime: 86_400 },
  all_member_push_trace: { TaskID: "no-such-task", UserID: "alice" },
  normal_push_statistics: { StartTime: 0, EndTime: 86_400 },
  normal_push_loss: { StartTime: 0, EndTime: 86_400 },
  normal_push_trace: { PushID: "no-such-push" },
}

/** What the minimal body answers on a fresh emulator: no such task for a recall or a task change. */
const expectedCode = (key: EndpointKey): number =>
  key === "revoke" ? 90049 : ["modify_sched_task", "delete_sched_task", "get_sched_task"].includes(key) ? 90104 : 0

describe("emulator routing", () => {
  for (const family of families) {
    for (const key of endpointKeys) {
      const path = pathOf(key, family)
      // Account commands share one path; endpointOfPath reports it as timpush.
      if (path === undefined || (family === "all_member_push" && path === pathOf(key, "timpush"))) continue
      it(`routes ${family} ${path} to ${key}`, async () => {
        const h = setup()
        const r = await h.call(path, minimal[key])
        expect(r.status).toBe(200)
        const expected = expectedCode(key)
        expect(r.json.ErrorCode, JSON.stringify(r.json)).toBe(expected)
        expect(h.em.requests()).toMatchObject([{ endpoint: key, family, path: `/${path}`, code: expected, status: 200 }])
      })
    }
  }

  it("revoke and batch exist on timpush only", async () => {
    const h = setup()
    expect(pathOf("revoke", "all_member_push")).toBeUndefined()
    expect(await h.code("v4/all_member_push/im_revoke", { TaskId: "x" })).toBe(60009)
    expect(await h.code("v4/all_member_push/revoke", { TaskId: "x" })).toBe(60009)
    expect(await h.code("v4/all_member_push/batch", minimal.batch)).toBe(60009)
  })

  it("unknown paths answer 60009 with HTTP 200", async () => {
    const h = setup()
    for (const path of ["v4/timpush/remove_all_tags", "v4/timpush/im_push", "v4/all_member_push/push", "v4/timpush", "", "v4/timpush/push/extra"]) {
      const r = await h.em.fetch(requestFor(`/${path}`.replace(/^\/$/, "/x/y") , {}))
      expect(r.status, path).toBe(200)
      expect((await r.json()).ErrorCode, path).toBe(60009)
    }
    expect(h.em.countRequests({ code: 60009 })).toBe(6)
  })

  it("rejects methods other than POST with 405 and Allow: POST", async () => {
    const h = setup()
    for (const method of ["GET", "PUT", "DELETE", "PATCH", "HEAD"]) {
      const res = await h.em.fetch(requestFor("push", {}, { method }))
      expect(res.status, method).toBe(405)
      expect(res.headers.get("allow")).toBe("POST, OPTIONS")
      if (method !== "HEAD") expect((await res.json()).ErrorCode).toBe(60002)
    }
  })

  it("answers a CORS preflight with 204", async () => {
    const h = setup()
    const res = await h.em.fetch(requestFor("push", {}, { method: "OPTIONS" }))
    expect(res.status).toBe(204)
    expect(res.headers.get("access-control-allow-origin")).toBe("*")
  })

  it("sends JSON with the envelope first, in the documented order", async () => {
    const h = setup()
    const res = await h.em.fetch(requestFor("get_attr_name", {}))
    expect(res.headers.get("content-type")).toMatch(/^application\/json/)
    expect(Object.keys(await res.json()).slice(0, 3)).toEqual(["ActionStatus", "ErrorInfo", "ErrorCode"])
  })
})
