/**
 * The compiled fast decoders agree with Schema's own decode: the same verdict and the same
 * output, on the documented samples, on samples with members removed, retyped or added, and on
 * arbitrary JSON values. A rejected value falls back to Schema, so its issue is Schema's.
 */
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { endpointKeys, endpoints, Envelope } from "../../../src/api/mod.ts"
import type { Endpoint } from "../../../src/api/mod.ts"
import { fastDecoder, isFast } from "../../../src/client/internal/fast-decode.ts"
import { accountSamples } from "../../vectors/accounts-api-samples.ts"
import { lifecycleSamples } from "../../vectors/lifecycle-api-samples.ts"
import { pushSamples } from "../../vectors/push-api-samples.ts"

const samples = [...pushSamples, ...accountSamples, ...lifecycleSamples]
const schemasOf = (kind: "request" | "response") =>
  endpointKeys.map((key) => ({ key, schema: (endpoints[key] as Endpoint)[kind] }))

/** Asserts both decoders give the same verdict and, on success, the same value. */
const agree = (schema: Schema.Top, value: unknown, label: string) => {
  const fast = fastDecoder(schema)(value)
  const slow = Schema.decodeUnknownExit(schema as Schema.Decoder<unknown>)(value)
  expect(Exit.isSuccess(fast), label).toBe(Exit.isSuccess(slow))
  if (Exit.isSuccess(fast) && Exit.isSuccess(slow)) expect(fast.value, label).toStrictEqual(slow.value)
  if (Exit.isFailure(fast) && Exit.isFailure(slow)) expect(String(fast.cause), label).toBe(String(slow.cause))
}

/** Variants of an object: each member removed, replaced by a wrong type, plus an unknown member. */
const variants = (body: unknown): Array<unknown> => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [body]
  const out: Array<unknown> = [body, { ...body, Unknown: [1, "x"] }]
  for (const k of Object.keys(body)) {
    const rest: Record<string, unknown> = { ...body }
    delete rest[k]
    out.push(rest)
    for (const wrong of [null, 1, "s", true, [], {}, [{}], [1]]) out.push({ ...body, [k]: wrong })
  }
  return out
}

describe("fast decoders", () => {
  it("every response schema, the envelope and every request schema compile (no fallback to Schema on the hot path)", () => {
    for (const { key, schema } of schemasOf("response")) expect(isFast(schema), key).toBe(true)
    expect(isFast(Envelope)).toBe(true)
    // Message elements and OfflinePushInfo are open structs (unknown vendor members are kept),
    // outside the compiled subset: exactly the requests that carry them (a scheduled task's
    // Content is a push body) fall back to Schema.
    const carriesOpenStruct = (schema: Schema.Top): boolean =>
      "fields" in schema && ["MsgBody", "OfflinePushInfo", "Content"].some((f) => f in (schema.fields as object))
    for (const { key, schema } of schemasOf("request")) expect(isFast(schema), key).toBe(!carriesOpenStruct(schema))
  })

  it("agree with Schema on every documented sample and its variants", () => {
    for (const s of samples) {
      const schema = (endpoints[s.key] as Endpoint)[s.kind]
      for (const v of variants(s.body)) agree(schema, v, `${s.key} ${s.kind} ${JSON.stringify(v)}`)
      agree(Envelope, s.body, `envelope of ${s.key}`)
    }
  })

  it("agree with Schema on nested variants of list entries (ErrorList, UserTags, ResultItem...)", () => {
    for (const s of samples.filter((x) => x.kind === "response")) {
      const body = s.body as Record<string, unknown>
      for (const [k, v] of Object.entries(body)) {
        if (!Array.isArray(v) || v.length === 0) continue
        for (const entry of variants(v[0])) {
          agree(endpoints[s.key].response, { ...body, [k]: [entry, ...v.slice(1)] }, `${s.key}.${k}[0] = ${JSON.stringify(entry)}`)
        }
      }
    }
  })

  it("agree with Schema on arbitrary JSON", () => {
    const all = [...schemasOf("response"), ...schemasOf("request")]
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: all.length - 1 }), (value, i) => {
        agree(all[i]!.schema, value, `${all[i]!.key}: ${JSON.stringify(value)}`)
      }),
      { numRuns: 2000 },
    )
  })

  it("keep a __proto__ member of a record as data, as Schema does", () => {
    const body = JSON.parse(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"AttrNames":{"__proto__":"x","0":"city"}}`)
    agree(endpoints.get_attr_name.response, body, "__proto__")
    const out = fastDecoder(endpoints.get_attr_name.response)(body)
    expect(Exit.isSuccess(out) && Object.getPrototypeOf((out.value as { AttrNames: object }).AttrNames)).toBe(Object.prototype)
  })
})
