// Type tests: compiled by `tsc -p tsconfig.node.json`; a wrong body must not compile.
import { describe, expect, it } from "vitest"
import { pathOf } from "../../../src/api/mod.ts"
import type { EndpointKey, Family, RequestOf, ResponseOf, Violation } from "../../../src/api/mod.ts"

describe("derived types", () => {
  it("RequestOf / ResponseOf follow the wire names", () => {
    const add: RequestOf<"add_tag"> = { Replace: 1, UserTags: [{ To_Account: "a", Tags: ["t"] }] }
    // @ts-expect-error friendly names are not wire names
    const wrong: RequestOf<"add_tag"> = { userTags: [] }
    // @ts-expect-error Attrs is a name list on remove_attr, not a map
    const remove: RequestOf<"remove_attr"> = { UserAttrs: [{ To_Account: "a", Attrs: { sex: "m" } }] }
    const legacy: RequestOf<"account_import"> = { Identifier: "u" }
    // @ts-expect-error batch requires OfflinePushInfo
    const batch: RequestOf<"batch"> = { From_Account: "a", To_Account: ["b"], MsgRandom: 1 }
    const msg: RequestOf<"push"> = { MsgRandom: 1, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] }
    // @ts-expect-error TIMRelayElem is not a push message type
    const relay: RequestOf<"push"> = { MsgRandom: 1, MsgBody: [{ MsgType: "TIMRelayElem", MsgContent: {} }] }
    const res: ResponseOf<"batch"> = { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", TaskId: "t", ErrorList: [{ To_Account: "a", ErrorCode: 70107 }] }
    // @ts-expect-error ActionStatus is "OK" | "FAIL"
    const bad: ResponseOf<"push"> = { ActionStatus: "ok", ErrorCode: 0, ErrorInfo: "" }
    const key: EndpointKey = "clear_all_tags"
    // @ts-expect-error the timpush command is clear_all_tags, not remove_all_tags
    const oldKey: EndpointKey = "remove_all_tags"
    const family: Family = "all_member_push"
    const v: Violation = { field: "f", rule: "tag_bytes", code: 90020, message: "m" }
    // @ts-expect-error rule names are a closed set
    const w: Violation = { field: "f", rule: "made_up", code: 1, message: "m" }
    expect([add, wrong, remove, legacy, batch, msg, relay, res, bad, oldKey, v, w].length).toBe(12)
    expect(pathOf(key, family)).toBe("v4/all_member_push/im_remove_all_tags")
  })
})

describe("public entries", () => {
  it("the client and emulator entries export the catalogue types their signatures use", async () => {
    type FromClient = [
      import("../../../src/client/mod.ts").EndpointKey,
      import("../../../src/client/mod.ts").Family,
      import("../../../src/client/mod.ts").Region,
      import("../../../src/client/mod.ts").MsgElement,
      import("../../../src/client/mod.ts").OfflinePushInfo,
      import("../../../src/client/mod.ts").Condition,
      import("../../../src/client/mod.ts").ErrorReason,
      import("../../../src/client/mod.ts").RuleName,
      import("../../../src/client/mod.ts").RequestOf<"add_tag">,
      import("../../../src/client/mod.ts").ResponseOf<"add_tag">,
      import("../../../src/client/mod.ts").WireRequestOf<"add_tag">,
    ]
    type FromEmulator = [
      import("../../../src/emulator/mod.ts").EndpointKey,
      import("../../../src/emulator/mod.ts").Family,
      import("../../../src/emulator/mod.ts").Condition,
    ]
    const key: FromClient[0] = "add_tag"
    const family: FromEmulator[1] = "timpush"
    // @ts-expect-error EndpointKey is the closed set of catalogue keys
    const bad: FromEmulator[0] = "no_such_command"
    const api = await import("../../../src/api/mod.ts")
    expect([key, family, bad, typeof api.checkRequest]).toStrictEqual(["add_tag", "timpush", "no_such_command", "function"])
  })
})
