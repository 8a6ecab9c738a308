import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import { pushInputOf, readUserList } from "../src/commands/push-run.ts"
import type { SendInput } from "../src/commands/push-run.ts"
import { describeToken, parsePrivileges, privilegeList } from "../src/commands/usersig.ts"
import { decodeUserSig, genPrivateMapKey } from "tencent-chat-push/usersig"

const none = Option.none()
const send = (o: Partial<SendInput>): SendInput => ({
  sdkAppId: none, secretKey: none, secretKeyFile: none, admin: none, region: none, baseUrl: none, emulator: none, redis: none,
  family: "timpush", timeout: "10s", tag: none, tagsAnd: [], tagsOr: [], tagsNot: [], attr: [], attrsOr: false, all: false,
  text: none, message: none, offlineTitle: none, offlineDesc: none, from: none, lifetime: none, onlineOnly: false,
  msgRandom: none, dataId: none, yes: false, dryRun: false, json: false, idempotencyKey: none,
  ...o,
})

describe("push send flags → push input", () => {
  it("maps conditions, messages and offline push", async () => {
    expect(await pushInputOf(send({ tag: Option.some("vip"), tagsNot: ["a,b"], text: Option.some("hi"), lifetime: Option.some("1d") }))).toEqual({
      condition: { tagsAnd: ["vip"], tagsNot: ["a", "b"] },
      message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
      lifetimeSeconds: 86400,
    })
    expect(await pushInputOf(send({ attr: ["city=SZ", "note=a=b"], attrsOr: true, offlineDesc: Option.some("d") }))).toEqual({
      condition: { attrsOr: { city: "SZ", note: "a=b" } },
      offlinePush: { PushFlag: 0, Desc: "d" },
    })
    expect(await pushInputOf(send({ all: true, text: Option.some("x") }))).not.toHaveProperty("condition")
  })
  it("refuses contradictions and missing parts", async () => {
    await expect(pushInputOf(send({ text: Option.some("x") }))).rejects.toThrow(/choose the audience/)
    await expect(pushInputOf(send({ all: true, tag: Option.some("t"), text: Option.some("x") }))).rejects.toThrow(/--all cannot/)
    await expect(pushInputOf(send({ all: true }))).rejects.toThrow(/nothing to send/)
    await expect(pushInputOf(send({ all: true, attr: ["nokey"], text: Option.some("x") }))).rejects.toThrow(/name=value/)
    await expect(pushInputOf(send({ all: true, attrsOr: true, text: Option.some("x") }))).rejects.toThrow(/--attrs-or needs/)
  })
})

describe("push to-users list", () => {
  it("skips a header, blanks and comments, and reports invalid ids with line numbers", () => {
    expect(readUserList(`userId\nann\n\n# note\nbob\r\nnot ascii é\n${"x".repeat(33)}\n`)).toEqual({
      ids: ["ann", "bob", "not ascii é"],
      bad: [{ line: 7, id: "x".repeat(33), reason: "user id is longer than 32 bytes" }],
    })
  })
})

describe("usersig privileges and inspect view", () => {
  it("parses names, numbers and all", () => {
    expect(parsePrivileges("enter-room,receive-audio,receive-video")).toBe(42)
    expect(parsePrivileges("all")).toBe(255)
    expect(parsePrivileges("0xff")).toBe(255)
    expect(parsePrivileges("3")).toBe(3)
    expect(() => parsePrivileges("256")).toThrow(/more than 255/)
    expect(privilegeList(42)).toBe("enter-room, receive-audio, receive-video")
    expect(privilegeList(0)).toBe("none")
  })
  it("shows times relative to now, expiry and the PrivateMapKey room", () => {
    const token = genPrivateMapKey({ sdkAppId: 1400000000, secretKey: "k", userId: "u", roomId: 1234, privileges: 42, expireSeconds: 3600, now: 1_700_000_000 })
    const lines = describeToken(decodeUserSig(token), 1_700_000_000 + 7200)
    expect(lines).toContain("status       EXPIRED 1h ago")
    expect(lines).toContain("issued       2023-11-14T22:13:20Z (2h ago)")
    expect(lines).toContain("room         1234 (numeric room)")
    expect(lines).toContain("privileges   42 = enter-room, receive-audio, receive-video")
  })
})
