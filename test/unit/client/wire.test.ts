/**
 * Every catalogue row on the wire: the documented sample request goes out as exactly the
 * documented body, on the right path of its family, with the right query string; the sample
 * responses (success, partial, FAIL) come back as typed values. The friendly methods build the
 * documented bodies too (wire-map.ts is the one place names are mapped).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { endpointKeys, pathOf } from "../../../src/api/mod.ts"
import type { EndpointKey, Family } from "../../../src/api/mod.ts"
import { ChatApiError } from "../../../src/client/mod.ts"
import { createSigner } from "../../../src/usersig/mod.ts"
import { accountSamples } from "../../vectors/accounts-api-samples.ts"
import { lifecycleSamples } from "../../vectors/lifecycle-api-samples.ts"
import { pushSamples } from "../../vectors/push-api-samples.ts"
import type { Recorded } from "./fake-fetch.ts"
import { OK } from "./fake-fetch.ts"
import { ADMIN, ORIGIN, SDKAPPID, SECRET, withClient } from "./helpers.ts"

const samples = [...pushSamples, ...accountSamples, ...lifecycleSamples]
const verifier = createSigner({ sdkAppId: SDKAPPID, secretKey: SECRET })

/** The query string every request must carry (docs/protocol/transport.md#request-url). */
const assertQuery = (req: Recorded) => {
  assert.deepStrictEqual(Object.keys(req.query).sort(), ["contenttype", "identifier", "random", "sdkappid", "usersig"])
  assert.strictEqual(req.query.sdkappid, String(SDKAPPID))
  assert.strictEqual(req.query.identifier, ADMIN)
  assert.strictEqual(req.query.contenttype, "json")
  const random = Number(req.query.random)
  assert.isTrue(/^\d+$/.test(req.query.random!) && random >= 0 && random <= 4294967295, `random ${req.query.random}`)
  // The usersig is a real admin UserSig for this app.
  assert.strictEqual(verifier.verify(req.query.usersig!, { userId: ADMIN, now: 1 }).userId, ADMIN)
}

describe("documented sample requests go out verbatim", () => {
  for (const s of samples.filter((x) => x.kind === "request")) {
    it.effect(`${s.key} (${s.family}): ${s.source}`, () =>
      withClient({ family: s.family }, () => sampleAnswer(s.key), (chat, requests) =>
        Effect.gen(function*() {
          yield* chat.call(s.key, s.body as never)
          assert.strictEqual(requests.length, 1)
          const req = requests[0]!
          assert.strictEqual(req.origin, ORIGIN)
          assert.strictEqual(req.path, `/${pathOf(s.key, s.family)}`)
          assert.deepStrictEqual(req.body, s.body)
          assertQuery(req)
        })))
  }
})

const sampleAnswer = (key: EndpointKey) =>
  samples.find((x) => x.key === key && x.kind === "response" && x.outcome !== "fail")!.body as Record<string, unknown>

describe("documented sample responses", () => {
  for (const s of samples.filter((x) => x.kind === "response")) {
    const request = samples.find((x) => x.key === s.key && x.kind === "request")!
    it.effect(`${s.key} ${s.outcome}: ${s.source}`, () =>
      withClient({ family: request.family }, () => s.body as Record<string, unknown>, (chat) =>
        Effect.gen(function*() {
          const result = yield* Effect.result(chat.call(s.key, request.body as never))
          if (s.outcome === "fail") {
            assert.strictEqual(result._tag, "Failure")
            const e = (result as { failure: unknown }).failure
            assert.instanceOf(e, ChatApiError)
            assert.strictEqual((e as ChatApiError).code, (s.body as { ErrorCode: number }).ErrorCode)
            assert.strictEqual((e as ChatApiError).endpoint, s.key)
          } else {
            assert.strictEqual(result._tag, "Success")
            assert.strictEqual((result as { success: { ErrorCode: number } }).success.ErrorCode, 0)
          }
        })))
  }
})

describe("paths per family", () => {
  for (const family of ["timpush", "all_member_push"] as const satisfies ReadonlyArray<Family>) {
    it.effect(`friendly methods use the ${family} paths`, () =>
      withClient({ family }, (req) => (req.path.endsWith("push") ? { ...OK, TaskId: "t" } : OK), (chat, requests) =>
        Effect.gen(function*() {
          yield* chat.setAttrNames({ "0": "city" })
          yield* chat.getAttrNames()
          yield* chat.getUserAttrs(["a"])
          yield* chat.setUserAttrs([{ userId: "a", attrs: { city: "x" } }])
          yield* chat.removeUserAttrs([{ userId: "a", attrNames: ["city"] }])
          yield* chat.getUserTags(["a"])
          yield* chat.addUserTags([{ userId: "a", tags: ["t"] }])
          yield* chat.removeUserTags([{ userId: "a", tags: ["t"] }])
          yield* chat.clearUserTags(["a"])
          yield* chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] })
          yield* chat.importAccounts([{ userId: "a" }])
          yield* chat.deleteAccounts(["a"])
          yield* chat.checkAccounts(["a"])
          const keys: Array<EndpointKey> = [
            "set_attr_name", "get_attr_name", "get_attr", "set_attr", "remove_attr", "get_tag", "add_tag",
            "remove_tag", "clear_all_tags", "push", "multiaccount_import", "account_delete", "account_check",
          ]
          assert.deepStrictEqual(requests.map((r) => r.path), keys.map((k) => `/${pathOf(k, family)}`))
          requests.forEach(assertQuery)
        })))
  }

  it.effect("clearUserTags is im_remove_all_tags on the legacy family", () =>
    withClient({ family: "all_member_push" }, () => OK, (chat, requests) =>
      Effect.gen(function*() {
        yield* chat.clearUserTags(["x"])
        assert.strictEqual(requests[0]!.path, "/v4/all_member_push/im_remove_all_tags")
      })))

  it("covers every catalogue row", () => {
    const requested = new Set(samples.filter((x) => x.kind === "request").map((x) => x.key))
    for (const key of endpointKeys) assert.isTrue(requested.has(key), key)
  })
})

describe("friendly methods build the documented bodies", () => {
  const cases: Array<{
    name: string
    family?: Family
    run: (chat: import("../../../src/client/mod.ts").TencentChatClient) => Effect.Effect<unknown, unknown>
    body: unknown
  }> = [
    {
      name: "setAttrNames",
      run: (c) => c.setAttrNames({ "0": "sex", "1": "city", "2": "country" }, { types: { "0": 0, "1": 0, "2": 0 } }),
      body: { AttrNames: { "0": "sex", "1": "city", "2": "country" }, AttrTypes: { "0": 0, "1": 0, "2": 0 } },
    },
    { name: "getAttrNames", run: (c) => c.getAttrNames(), body: {} },
    {
      name: "getUserAttrs",
      run: (c) => c.getUserAttrs(["Mary", "xiaoming", "xiaohua"]),
      body: { To_Account: ["Mary", "xiaoming", "xiaohua"] },
    },
    {
      name: "setUserAttrs",
      run: (c) =>
        c.setUserAttrs([
          { userId: "xiaoming", attrs: { sex: "male", city: "ShenZhen" } },
          { userId: "379C2F0D-290D-47AE-94D1-919058C39C77", attrs: { sex: "female", city: "NewYork" } },
        ]),
      body: {
        UserAttrs: [
          { To_Account: "xiaoming", Attrs: { sex: "male", city: "ShenZhen" } },
          { To_Account: "379C2F0D-290D-47AE-94D1-919058C39C77", Attrs: { sex: "female", city: "NewYork" } },
        ],
      },
    },
    {
      name: "removeUserAttrs",
      run: (c) => c.removeUserAttrs([{ userId: "Mary", attrNames: ["sex", "city"] }, { userId: "xiaoming", attrNames: ["sex", "city"] }]),
      body: { UserAttrs: [{ To_Account: "Mary", Attrs: ["sex", "city"] }, { To_Account: "xiaoming", Attrs: ["sex", "city"] }] },
    },
    {
      name: "getUserTags",
      run: (c) => c.getUserTags(["xiaoming", "xiaohong", "Mary"]),
      body: { To_Account: ["xiaoming", "xiaohong", "Mary"] },
    },
    {
      name: "addUserTags with replace",
      run: (c) =>
        c.addUserTags([
          { userId: "xiaoming", tags: ["GoldMember", "WeekPassUser"] },
          { userId: "379C2F0D-290D-47AE-94D1-919058C39C77", tags: ["PlatinumMember", "MonthPassUser"] },
        ], { replace: true }),
      body: {
        Replace: 1,
        UserTags: [
          { To_Account: "xiaoming", Tags: ["GoldMember", "WeekPassUser"] },
          { To_Account: "379C2F0D-290D-47AE-94D1-919058C39C77", Tags: ["PlatinumMember", "MonthPassUser"] },
        ],
      },
    },
    {
      name: "addUserTags without replace sends no Replace (legacy-compatible)",
      family: "all_member_push",
      run: (c) => c.addUserTags([{ userId: "xiaoming", tags: ["GoldMember"] }]),
      body: { UserTags: [{ To_Account: "xiaoming", Tags: ["GoldMember"] }] },
    },
    {
      name: "removeUserTags",
      run: (c) => c.removeUserTags([{ userId: "xiaoming", tags: ["GoldMember", "WeekPassUser"] }]),
      body: { UserTags: [{ To_Account: "xiaoming", Tags: ["GoldMember", "WeekPassUser"] }] },
    },
    { name: "clearUserTags", run: (c) => c.clearUserTags(["xiaoming", "xiaohong"]), body: { To_Account: ["xiaoming", "xiaohong"] } },
    {
      name: "push, legacy tag push",
      family: "all_member_push",
      run: (c) =>
        c.push({
          from: "admin",
          msgRandom: 124032,
          lifetimeSeconds: 120,
          condition: { tagsOr: ["Stock A", "Stock B"] },
          message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi, beauty" } }],
        }),
      body: {
        From_Account: "admin",
        MsgRandom: 124032,
        MsgLifeTime: 120,
        Condition: { TagsOr: ["Stock A", "Stock B"] },
        MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi, beauty" } }],
      },
    },
    {
      name: "push, tag NOT",
      run: (c) =>
        c.push({
          from: "administrator",
          msgRandom: 124032,
          condition: { tagsOr: ["Stock A", "stock B"], tagsNot: ["Stock C", "Stock D"] },
          offlinePush: { PushFlag: 0, Title: "Offline Push Title", Desc: "Offline Push Content" },
        }),
      body: {
        From_Account: "administrator",
        MsgRandom: 124032,
        Condition: { TagsOr: ["Stock A", "stock B"], TagsNot: ["Stock C", "Stock D"] },
        OfflinePushInfo: { PushFlag: 0, Title: "Offline Push Title", Desc: "Offline Push Content" },
      },
    },
    {
      name: "push, attribute AND + online only (timpush OnlineOnlyFlag)",
      run: (c) =>
        c.push({
          msgRandom: 7,
          onlineOnly: true,
          dataId: "d-1",
          condition: { attrsAnd: { city: "Shenzhen" } },
          message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "x" } }],
        }),
      body: {
        MsgRandom: 7,
        MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "x" } }],
        OnlineOnlyFlag: 1,
        Condition: { AttrsAnd: { city: "Shenzhen" } },
        DataId: "d-1",
      },
    },
    {
      name: "push, online only on the legacy family is MsgLifeTime 0",
      family: "all_member_push",
      run: (c) => c.push({ msgRandom: 7, onlineOnly: true, message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "x" } }] }),
      body: { MsgRandom: 7, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "x" } }], MsgLifeTime: 0 },
    },
    {
      name: "revokePush",
      run: (c) =>
        c.revokePush("660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e", {
          offlinePush: { PushFlag: 0, Title: "Recalled", Desc: "This message was recalled" },
        }),
      body: {
        TaskId: "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e",
        OfflinePushInfo: { PushFlag: 0, Title: "Recalled", Desc: "This message was recalled" },
      },
    },
    {
      name: "pushToUsers",
      run: (c) =>
        c.pushToUsers({
          from: "administrator",
          userIds: ["UserID_1", "UserID_2"],
          msgRandom: 3674128,
          offlinePush: { PushFlag: 0, Title: "Offline Push Title", Desc: "Offline Push Content", Ext: "{\"k\":\"v\"}" },
          dataId: "id-123",
        }),
      body: {
        From_Account: "administrator",
        To_Account: ["UserID_1", "UserID_2"],
        MsgRandom: 3674128,
        OfflinePushInfo: { PushFlag: 0, Title: "Offline Push Title", Desc: "Offline Push Content", Ext: "{\"k\":\"v\"}" },
        DataId: "id-123",
      },
    },
    {
      name: "importAccounts uses multiaccount_import with AccountList",
      run: (c) =>
        c.importAccounts([
          { userId: "UserID_001", nick: "Nick_001", faceUrl: "http://www.qq.com" },
          { userId: "UserID_002", nick: "Nick_002", faceUrl: "http://www.qq.com" },
          { userId: "UserID_003" },
        ]),
      body: {
        AccountList: [
          { UserID: "UserID_001", Nick: "Nick_001", FaceUrl: "http://www.qq.com" },
          { UserID: "UserID_002", Nick: "Nick_002", FaceUrl: "http://www.qq.com" },
          { UserID: "UserID_003" },
        ],
      },
    },
    {
      name: "deleteAccounts",
      run: (c) => c.deleteAccounts(["UserID_1", "UserID_2"]),
      body: { DeleteItem: [{ UserID: "UserID_1" }, { UserID: "UserID_2" }] },
    },
    {
      name: "checkAccounts",
      run: (c) => c.checkAccounts(["UserID_1", "UserID_2"]),
      body: { CheckItem: [{ UserID: "UserID_1" }, { UserID: "UserID_2" }] },
    },
  ]
  for (const c of cases) {
    it.effect(c.name, () =>
      withClient({ family: c.family ?? "timpush" }, (req) => (req.path.includes("push") || req.path.endsWith("batch") ? { ...OK, TaskId: "t" } : OK), (chat, requests) =>
        Effect.gen(function*() {
          yield* c.run(chat)
          assert.strictEqual(requests.length, 1)
          assert.deepStrictEqual(requests[0]!.body, c.body)
          assertQuery(requests[0]!)
        })))
  }
})
