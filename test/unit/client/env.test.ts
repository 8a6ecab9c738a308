/**
 * `createClient()` with no options reads `TENCENT_CHAT_*` from the environment; `optionsFromEnv`
 * reads them from a record (a Worker's `env`). Every failure is a `ChatConfigError` naming the
 * variable, and none carries the secret key.
 */
import { afterEach, describe, expect, it } from "vitest"
import { ChatConfigError, createClient, envVariables, optionsFromEnv } from "../../../src/client/mod.ts"
import { recordingFetch } from "./fake-fetch.ts"
import { ADMIN, ORIGIN, SDKAPPID, SECRET } from "./helpers.ts"

const complete = {
  TENCENT_CHAT_SDKAPPID: String(SDKAPPID),
  TENCENT_CHAT_SECRET_KEY: SECRET,
  TENCENT_CHAT_ADMIN: ADMIN,
  TENCENT_CHAT_BASE_URL: ORIGIN,
} as const

const thrown = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("expected a throw")
}

/** Asserts `e` is a ChatConfigError naming `variable` whose renderings never carry the secret key. */
const namesVariable = (e: unknown, variable: string) => {
  expect(e).toBeInstanceOf(ChatConfigError)
  expect((e as ChatConfigError).field).toBe(variable)
  for (const s of [String(e), JSON.stringify(e), (e as Error).message]) expect(s).not.toContain(SECRET)
}

describe("createClient() from the process environment", () => {
  const saved = { ...process.env }
  const realFetch = globalThis.fetch
  afterEach(() => {
    for (const name of Object.values(envVariables)) delete process.env[name]
    Object.assign(process.env, saved)
    globalThis.fetch = realFetch
  })

  it("works with no argument, reading TENCENT_CHAT_* (calls go to the configured origin)", async () => {
    Object.assign(process.env, complete)
    const rec = recordingFetch(() => ({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, AttrNames: { "0": "city" } }))
    globalThis.fetch = rec.fetch as typeof fetch
    const chat = createClient()
    expect(await chat.getAttrNames()).toStrictEqual({ names: { "0": "city" } })
    await chat.dispose()
    expect(rec.requests).toHaveLength(1)
    expect(rec.requests[0]!.origin).toBe(ORIGIN)
    expect(rec.requests[0]!.query).toMatchObject({ sdkappid: String(SDKAPPID), identifier: ADMIN })
  })

  it("fails with ChatConfigError naming the first missing variable, not a raw ConfigError", () => {
    for (const name of Object.values(envVariables)) delete process.env[name]
    namesVariable(thrown(() => createClient()), "TENCENT_CHAT_SDKAPPID")
    process.env.TENCENT_CHAT_SDKAPPID = String(SDKAPPID)
    namesVariable(thrown(() => createClient()), "TENCENT_CHAT_SECRET_KEY")
  })
})

describe("optionsFromEnv(record)", () => {
  it("reads the variables into client options, the secret as a Redacted", () => {
    const o = optionsFromEnv({ ...complete, TENCENT_CHAT_FAMILY: "all_member_push" }, { timeout: "2 seconds" })
    expect(o).toMatchObject({ sdkAppId: SDKAPPID, adminId: ADMIN, baseUrl: ORIGIN, family: "all_member_push", timeout: "2 seconds" })
    expect(String(o.secretKey)).not.toContain(SECRET)
    expect(JSON.stringify(o)).not.toContain(SECRET)
    expect(optionsFromEnv({ ...complete, TENCENT_CHAT_BASE_URL: undefined, TENCENT_CHAT_REGION: "tokyo" }).region).toBe("tokyo")
  })

  it("names each missing variable", () => {
    for (const name of ["TENCENT_CHAT_SDKAPPID", "TENCENT_CHAT_SECRET_KEY", "TENCENT_CHAT_ADMIN"]) {
      const env: Record<string, string> = { ...complete }
      delete env[name]
      namesVariable(thrown(() => optionsFromEnv(env)), name)
    }
    const { TENCENT_CHAT_BASE_URL: _, ...noOrigin } = complete
    namesVariable(thrown(() => optionsFromEnv(noOrigin)), "TENCENT_CHAT_REGION")
    expect(String(thrown(() => optionsFromEnv(noOrigin)))).toContain("TENCENT_CHAT_BASE_URL")
    namesVariable(thrown(() => optionsFromEnv({ ...complete, TENCENT_CHAT_ADMIN: "" })), "TENCENT_CHAT_ADMIN")
  })

  it("names the variable holding an unusable value", () => {
    const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
      [{ ...complete, TENCENT_CHAT_SDKAPPID: "14000x" }, "TENCENT_CHAT_SDKAPPID"],
      [{ ...complete, TENCENT_CHAT_SDKAPPID: "-5" }, "TENCENT_CHAT_SDKAPPID"],
      [{ ...complete, TENCENT_CHAT_BASE_URL: "not a url at all" }, "TENCENT_CHAT_BASE_URL"],
      [{ ...complete, TENCENT_CHAT_REGION: "tokyo" }, "TENCENT_CHAT_REGION"], // region and base URL both set
      [{ ...complete, TENCENT_CHAT_BASE_URL: "", TENCENT_CHAT_REGION: "atlantis-region" }, "TENCENT_CHAT_REGION"],
      [{ ...complete, TENCENT_CHAT_FAMILY: "timpush-v9" }, "TENCENT_CHAT_FAMILY"],
      [{ ...complete, TENCENT_CHAT_ADMIN: "a".repeat(40) }, "TENCENT_CHAT_ADMIN"],
    ]
    for (const [env, name] of cases) namesVariable(thrown(() => optionsFromEnv(env)), name)
  })

  it("ignores a Worker's non-string bindings and names the tuning option at fault", () => {
    expect(optionsFromEnv({ ...complete, MY_KV: { get: () => null }, COUNT: 3 }).sdkAppId).toBe(SDKAPPID)
    const e = thrown(() => optionsFromEnv(complete, { timeout: "soon" as never }))
    expect(e).toBeInstanceOf(ChatConfigError)
    expect((e as ChatConfigError).field).toBe("timeout")
  })
})
