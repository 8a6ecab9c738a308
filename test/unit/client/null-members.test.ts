/**
 * The client's local validation reads `null` members as absent, like the shared rules and the
 * emulator (src/api/nulls.ts), so a body a Go SDK would send is not refused locally.
 */
import { describe, expect, it } from "vitest"
import { checkBody } from "../../../src/client/validate.ts"

describe("client validation of null members", () => {
  it("accepts optional members sent as null, and still refuses a null required member", () => {
    expect(checkBody("push", { MsgRandom: 1, Condition: { TagsOr: ["vip"], AttrsAnd: null, AttrsOr: null, TagsAnd: null } }, "timpush")).toBeUndefined()
    expect(checkBody("account_import", { UserID: "alice", Nick: null, FaceUrl: null }, "timpush")).toBeUndefined()
    expect(checkBody("push", { MsgRandom: 1, Condition: { TagsOr: ["vip"], AttrsOr: { a: "b" }, TagsAnd: null } }, "timpush")?.code).toBe(90039)
    expect(checkBody("get_tag", { To_Account: null }, "timpush")?.rule).toBe("shape")
  })
})
