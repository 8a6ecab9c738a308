/**
 * Options: defaults, regions, and `TencentChat.layerConfig()` from a ConfigProvider.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { regions } from "../../../src/api/mod.ts"
import { TencentChat } from "../../../src/client/mod.ts"
import { resolveConfigUnsafe } from "../../../src/client/config.ts"
import { OK, recordingFetch } from "./fake-fetch.ts"
import { baseOptions, SECRET } from "./helpers.ts"

describe("resolved options", () => {
  it("defaults", () => {
    const c = resolveConfigUnsafe(baseOptions)
    assert.deepStrictEqual(
      [c.family, c.timeoutMillis, c.retry, c.coalesceWindowMillis, c.concurrency, c.userSigLifetimeSeconds],
      ["timpush", 10_000, { times: 3, baseDelayMillis: 200, maxDelayMillis: 5000 }, 10, 16, 86_400],
    )
    assert.deepStrictEqual(c.rateLimits && [c.rateLimits.headroom, c.rateLimits.pushSpacingMillis, c.rateLimits.dailyPushQuota, c.rateLimits.quotaUtcOffsetMinutes], [undefined, 1100, 100, 480])
    assert.strictEqual([c.primaryOrigin, c.standbyOrigin].join(" "), "http://emu.test ")
  })

  it("a region gives its primary and standby domains", () => {
    const c = resolveConfigUnsafe({ ...baseOptions, baseUrl: undefined, region: "jakarta" })
    assert.strictEqual(c.primaryOrigin, `https://${regions.jakarta.primary}`)
    assert.strictEqual(c.standbyOrigin, `https://${regions.jakarta.standby}`)
  })

  it("riyadh has no documented standby domain, so the client has none (no failover to a guessed name)", () => {
    const c = resolveConfigUnsafe({ ...baseOptions, baseUrl: undefined, region: "riyadh" })
    assert.strictEqual(c.primaryOrigin, "https://adminapiksa.im.qcloud.com")
    assert.strictEqual(c.standbyOrigin, undefined)
    assert.strictEqual(resolveConfigUnsafe({ ...baseOptions, baseUrl: undefined, region: "riyadh", standbyBaseUrl: "https://proxy.example" }).standbyOrigin, "https://proxy.example")
  })

  it("baseUrl keeps a path prefix and drops a trailing slash", () => {
    assert.strictEqual(resolveConfigUnsafe({ ...baseOptions, baseUrl: "http://h.test:5390/proxy/" }).primaryOrigin, "http://h.test:5390/proxy")
  })
})

describe("TencentChat.layerConfig", () => {
  it.effect("reads TENCENT_CHAT_* and sends to TENCENT_CHAT_BASE_URL", () =>
    Effect.gen(function*() {
      const rec = recordingFetch(() => OK)
      const provider = ConfigProvider.fromUnknown({
        TENCENT_CHAT_SDKAPPID: "1400000123",
        TENCENT_CHAT_SECRET_KEY: SECRET,
        TENCENT_CHAT_ADMIN: "ops",
        TENCENT_CHAT_BASE_URL: "http://env.test",
        TENCENT_CHAT_FAMILY: "all_member_push",
      })
      yield* TencentChat.use((c) => c.getAttrNames()).pipe(
        Effect.provide(TencentChat.layerConfig({ fetch: rec.fetch, rateLimits: false }).pipe(Layer.provide(ConfigProvider.layer(provider)))),
      )
      const r = rec.requests[0]!
      assert.strictEqual(`${r.origin}${r.path}`, "http://env.test/v4/all_member_push/im_get_attr_name")
      assert.deepStrictEqual([r.query.sdkappid, r.query.identifier], ["1400000123", "ops"])
    }))

  it.effect("a missing variable fails the layer with ConfigError", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flip(TencentChat.use(() => Effect.void).pipe(
        Effect.provide(TencentChat.layerConfig().pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ TENCENT_CHAT_SDKAPPID: "1" }))))),
      ))
      assert.strictEqual(e._tag, "ConfigError")
    }))
})
