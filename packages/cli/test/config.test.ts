import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { resolveConnection, resolveCredentials } from "../src/config.ts"
import type { ConnectionFlagValues } from "../src/config.ts"
import { UsageError } from "../src/errors.ts"

const none = Option.none()
const flags = (o: Partial<ConnectionFlagValues> = {}): ConnectionFlagValues => ({
  sdkAppId: none,
  secretKey: none,
  secretKeyFile: none,
  admin: none,
  region: none,
  baseUrl: none,
  emulator: none,
  redis: none,
  family: "timpush",
  timeout: "10s",
  ...o,
})
const env = { TENCENT_CHAT_SDKAPPID: "1400000001", TENCENT_CHAT_SECRET_KEY: "k-env", TENCENT_CHAT_REGION: "singapore" }

describe("resolveConnection", () => {
  it("reads TENCENT_CHAT_* and defaults the admin", async () => {
    const c = await resolveConnection(flags(), env)
    expect(c).toMatchObject({ sdkAppId: 1400000001, adminId: "administrator", region: "singapore", emulator: false, timeoutMillis: 10000 })
    expect(Redacted.value(c.secretKey)).toBe("k-env")
    expect(String(c.secretKey)).not.toContain("k-env")
  })
  it("lets flags win over the environment, and --emulator over any region or base URL", async () => {
    const c = await resolveConnection(
      flags({ sdkAppId: Option.some("7"), secretKey: Option.some(Redacted.make("k-flag")), emulator: Option.some("http://127.0.0.1:5390/") }),
      { ...env, TENCENT_CHAT_BASE_URL: "http://x" },
    )
    expect(c).toMatchObject({ sdkAppId: 7, baseUrl: "http://127.0.0.1:5390", emulator: true, target: "emulator http://127.0.0.1:5390" })
    expect(Redacted.value(c.secretKey)).toBe("k-flag")
    const byRegionFlag = await resolveConnection(flags({ region: Option.some("tokyo") }), { ...env, TENCENT_CHAT_BASE_URL: "http://x" })
    expect(byRegionFlag.region).toBe("tokyo")
  })
  it("rejects what it cannot use, as usage errors that never quote the secret", async () => {
    const cases: Array<[ConnectionFlagValues, Record<string, string>, RegExp]> = [
      [flags(), {}, /no app/],
      [flags(), { TENCENT_CHAT_SDKAPPID: "abc", TENCENT_CHAT_SECRET_KEY: "k" }, /positive integer/],
      [flags(), { TENCENT_CHAT_SDKAPPID: "1" }, /no secret key/],
      [flags(), { TENCENT_CHAT_SDKAPPID: "1", TENCENT_CHAT_SECRET_KEY: "k" }, /no service/],
      [flags(), { ...env, TENCENT_CHAT_BASE_URL: "http://x" }, /both TENCENT_CHAT_REGION and TENCENT_CHAT_BASE_URL/],
      [flags({ region: Option.some("mars") }), env, /unknown region "mars"/],
      [flags({ emulator: Option.some("ftp://x") }), env, /must be http/],
      [flags({ timeout: "soon" }), env, /--timeout/],
      [flags({ secretKey: Option.some(Redacted.make("a")), secretKeyFile: Option.some("f") }), env, /not both/],
    ]
    for (const [f, e, re] of cases) {
      const err = await resolveConnection(f, e).then(() => undefined, (x: unknown) => x)
      expect(err).toBeInstanceOf(UsageError)
      expect((err as Error).message).toMatch(re)
      expect((err as Error).message).not.toContain("k-env")
    }
  })
  it("refuses to read the key from stdin when stdin carries the input", async () => {
    await expect(resolveCredentials(flags({ secretKeyFile: Option.some("-") }), env, true)).rejects.toThrow(/stdin already carries/)
  })
})
