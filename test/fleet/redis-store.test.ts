/**
 * The store suite (test/unit/client/store-conformance.ts) on a real Redis through the built-in
 * URL client (`redisStoreFromUrl`): the Lua scripts keep the same contract as the in-memory
 * store and the Durable Object.
 */
import { afterAll, beforeAll, describe } from "vitest"
import { redisStoreFromUrl } from "../../src/node/redis.ts"
import { storeConformance } from "../unit/client/store-conformance.ts"
import type { RedisServer } from "./lib/redis-server.ts"
import { redisSkipReason, startRedis } from "./lib/redis-server.ts"

const skip = redisSkipReason()
if (skip !== undefined) console.log(skip)

describe.skipIf(skip !== undefined)("on a real redis-server", () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  storeConformance("redis", () => redisStoreFromUrl(redis.url))
})
