/**
 * Property: any event the builder accepts comes back from the parser with the same friendly
 * fields (defaults filled: errorCode 0, errorInfo ""), the same extra wire fields, and names for
 * documented codes. This pins the single wire map in both directions.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  buildCallbackRequest,
  parseCallbackBody,
  type PushCallbackEvent,
  type PushCallbackEventInit,
  verifyCallbackQuery,
} from "../../../src/callbacks/mod.ts"

const platform = fc.oneof(fc.constantFrom("unknown", "apns", "xiaomi", "huawei", "fcm", "meizu", "oppo", "vivo", "honor" as const), fc.integer({ min: 9, max: 1000 }))
const stage = fc.oneof(fc.constantFrom("sent", "delivered", "clicked" as const), fc.integer({ min: 4, max: 99 }))
const time = fc.integer({ min: 0, max: 2 ** 32 })
const text = fc.string({ maxLength: 40, unit: "grapheme" })
const extra = fc.option(fc.dictionary(fc.constantFrom("Future", "Region", "Tag_x"), fc.jsonValue({ maxDepth: 3 })), { nil: undefined })

const allMember = fc.record(
  {
    command: fc.constant("Push.AllMemberPush" as const),
    channel: fc.oneof(fc.constantFrom("offline", "online" as const), fc.integer({ min: 3, max: 9 })),
    taskId: text,
    dataId: fc.option(text, { nil: undefined }),
    taskTime: time,
    eventTime: time,
    userId: text,
    platform,
    deviceType: fc.option(platform, { nil: undefined }),
    stage,
    errorCode: fc.option(fc.integer({ min: -100000, max: 100000 }), { nil: undefined }),
    errorInfo: fc.option(text, { nil: undefined }),
    extra,
  },
  { requiredKeys: ["command", "channel", "taskId", "taskTime", "eventTime", "userId", "platform", "stage"] },
)
const offline = fc.record(
  {
    command: fc.constant("Push.OfflinePush" as const),
    chatType: fc.oneof(fc.constantFrom("c2c", "group" as const), fc.integer({ min: 3, max: 9 })),
    eventTime: time,
    fromUserId: fc.option(text, { nil: undefined }),
    userId: text,
    platform,
    stage,
    msgKey: fc.option(text, { nil: undefined }),
    groupId: fc.option(text, { nil: undefined }),
    msgSeq: fc.option(time, { nil: undefined }),
    msgRandom: fc.option(time, { nil: undefined }),
    msgTime: fc.option(time, { nil: undefined }),
    pushId: fc.option(text, { nil: undefined }),
    errorCode: fc.option(fc.integer(), { nil: undefined }),
    errorInfo: fc.option(text, { nil: undefined }),
    extra,
  },
  { requiredKeys: ["command", "chatType", "eventTime", "userId", "platform", "stage"] },
)

// Unknown members travel as JSON, which has no negative zero: fast-check's jsonValue can yield
// -0, and the receiver rightly sees 0. The expectation is the value JSON can carry.
const overJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v))
const expected = (e: PushCallbackEventInit): Record<string, unknown> => {
  const base = { ...e, errorCode: e.errorCode ?? 0, errorInfo: e.errorInfo ?? "", extra: overJson(e.extra ?? {}) }
  return e.command === "Push.AllMemberPush"
    ? { dataId: undefined, deviceType: undefined, ...base }
    : { fromUserId: undefined, msgKey: undefined, groupId: undefined, msgSeq: undefined, msgRandom: undefined, msgTime: undefined, pushId: undefined, ...base }
}
const friendly = ({ wire: _w, ...rest }: PushCallbackEvent): Record<string, unknown> => rest

describe("build → parse round trip", () => {
  for (const [name, arb] of [["Push.AllMemberPush", allMember], ["Push.OfflinePush", offline]] as const) {
    it(`${name}: 1–100 arbitrary events come back as they were sent`, () => {
      fc.assert(
        fc.property(fc.array(arb as fc.Arbitrary<PushCallbackEventInit>, { minLength: 1, maxLength: 100 }), time, (events, requestTime) => {
          const r = buildCallbackRequest({ url: "https://x.test/cb", sdkAppId: 1400000000, token: "tok", requestTime, events })
          const q = verifyCallbackQuery(r.url, { sdkAppId: 1400000000, token: "tok", now: requestTime })
          expect(q.command).toBe(name)
          const p = parseCallbackBody(r.body, q.command)
          if (p.kind !== "push") throw new Error("expected push")
          expect(p.events.map(friendly)).toEqual(events.map(expected))
        }),
        { numRuns: 150 },
      )
    })
  }
})
