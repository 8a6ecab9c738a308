import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { checkRequest, endpointKeys, endpoints } from "../../../src/api/mod.ts"
import type { Endpoint } from "../../../src/api/mod.ts"
import { accountSamples } from "../../vectors/accounts-api-samples.ts"
import { lifecycleSamples } from "../../vectors/lifecycle-api-samples.ts"
import { pushSamples } from "../../vectors/push-api-samples.ts"

const samples = [...pushSamples, ...accountSamples, ...lifecycleSamples]

const row = (key: keyof typeof endpoints): Endpoint => endpoints[key]
const codec = (s: Schema.Top) => s as unknown as Schema.Codec<unknown, unknown>

describe("documented sample requests", () => {
  for (const s of samples.filter((x) => x.kind === "request")) {
    it(`${s.key} (${s.family}) round-trips: ${s.source}`, () => {
      const schema = codec(row(s.key).request)
      const decoded = Schema.decodeUnknownSync(schema)(s.body)
      expect(Schema.encodeUnknownSync(schema)(decoded)).toStrictEqual(s.body)
      expect(checkRequest(s.key, s.body, s.family)).toBeUndefined()
    })
  }
})

describe("documented sample responses", () => {
  for (const s of samples.filter((x) => x.kind === "response")) {
    it(`${s.key} ${s.outcome} decodes: ${s.source}`, () => {
      const decoded = Schema.decodeUnknownSync(codec(row(s.key).response))(s.body) as Record<string, unknown>
      expect(decoded.ActionStatus).toBe(s.outcome === "fail" ? "FAIL" : "OK")
      expect(decoded.ErrorCode === 0).toBe(s.outcome !== "fail")
      if (s.outcome === "partial") {
        const perAccount = (decoded.ErrorList ?? decoded.FailAccounts ?? decoded.ResultItem) as unknown[] | undefined
        expect(perAccount?.length).toBeGreaterThan(0)
      }
    })
  }
})

describe("sample coverage", () => {
  it("every row has a request sample and success and failure responses", () => {
    for (const key of endpointKeys) {
      const mine = samples.filter((s) => s.key === key)
      expect(mine.some((s) => s.kind === "request"), key).toBe(true)
      expect(mine.some((s) => s.kind === "response" && s.outcome !== "fail"), key).toBe(true)
      expect(mine.some((s) => s.kind === "response" && s.outcome === "fail"), key).toBe(true)
    }
  })

  it("every multi-account timpush row has a partial (ErrorList) sample", () => {
    for (const key of ["get_attr", "set_attr", "remove_attr", "get_tag", "add_tag", "remove_tag", "clear_all_tags", "batch"] as const) {
      expect(samples.some((s) => s.key === key && s.outcome === "partial"), key).toBe(true)
    }
  })
})

describe("tolerance", () => {
  it("responses decode with unknown extra members and drop them", () => {
    const decoded = Schema.decodeUnknownSync(codec(endpoints.push.response))({
      ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, TaskId: "t", RequestId: "r", SomethingNew: [1],
    })
    expect(decoded).toStrictEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, TaskId: "t", RequestId: "r" })
  })

  it("a response missing an envelope field does not decode", () => {
    expect(() => Schema.decodeUnknownSync(codec(endpoints.push.response))({ ActionStatus: "OK", ErrorCode: 0 })).toThrow()
  })

  it("unknown members of MsgContent and OfflinePushInfo are kept through decode and encode", () => {
    const body = {
      MsgRandom: 1,
      MsgBody: [{ MsgType: "TIMCustomElem", MsgContent: { Data: "d", FutureField: { x: 1 } } }],
      OfflinePushInfo: { PushFlag: 0, Desc: "d", AndroidInfo: { HonorImportance: "NORMAL" }, NewVendor: "v" },
    }
    const schema = codec(endpoints.push.request)
    expect(Schema.encodeUnknownSync(schema)(Schema.decodeUnknownSync(schema)(body))).toStrictEqual(body)
  })

  it("a message element of a type push does not allow does not decode", () => {
    const body = { MsgRandom: 1, MsgBody: [{ MsgType: "TIMRelayElem", MsgContent: {} }] }
    expect(() => Schema.decodeUnknownSync(codec(endpoints.push.request))(body)).toThrow()
  })

  it("account_import accepts the legacy Identifier form and multiaccount_import both shapes", () => {
    const imp = codec(endpoints.account_import.request)
    expect(Schema.decodeUnknownSync(imp)({ Identifier: "u" })).toStrictEqual({ Identifier: "u" })
    expect(() => Schema.decodeUnknownSync(imp)({ Nick: "n" })).toThrow()
    const multi = codec(endpoints.multiaccount_import.request)
    expect(Schema.decodeUnknownSync(multi)({ Accounts: ["a"] })).toStrictEqual({ Accounts: ["a"] })
    expect(Schema.decodeUnknownSync(multi)({ AccountList: [{ UserID: "a" }] })).toStrictEqual({ AccountList: [{ UserID: "a" }] })
  })

  it("batch requires OfflinePushInfo and From_Account", () => {
    const schema = codec(endpoints.batch.request)
    expect(() => Schema.decodeUnknownSync(schema)({ From_Account: "a", To_Account: ["b"], MsgRandom: 1 })).toThrow()
    expect(() => Schema.decodeUnknownSync(schema)({ To_Account: ["b"], MsgRandom: 1, OfflinePushInfo: {} })).toThrow()
  })
})
