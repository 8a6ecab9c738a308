/**
 * The Redis store's Lua scripts: each operation is one atomic `EVALSHA` (Effect's `Redis` service
 * loads a script once per connection pool and re-loads it after `NOSCRIPT`, e.g. a restart).
 *
 * Why our own token bucket rather than Effect's `RateLimiter.makeStoreRedis`: Effect's script
 * takes `now` from the calling process's clock, so a process whose clock is ahead refills the
 * shared bucket early and forgives other processes' queued slots (a burst above the limit; the
 * fleet benchmark measures it with one process 300 ms ahead). Here `now` is Redis's own `TIME`,
 * one clock for the whole fleet, with microseconds kept: a 10.5 ms spacing stays 10.5 ms. The
 * bucket is one hash (tokens, last refill), so the script touches one key and also runs on
 * Redis Cluster. Numbers cross the Lua boundary as `%.17g` strings: Lua numbers returned to
 * Redis are truncated to integers.
 *
 * The same steps, in TypeScript, are algorithms.ts (memory and Durable Object stores).
 *
 * @module
 */
import * as Redis from "effect/persistence/Redis"

// Redis < 5 needs effects replication to write after TIME; later versions always do it.
const prelude = `if redis.replicate_commands then redis.replicate_commands() end
local function num(x) return string.format("%.17g", x) end
`

/** `[remaining, elapsedMillis]` as strings; see algorithms.ts `tokenBucket`. */
export const tokenBucketScript = Redis.script(
  (key: string, tokens: number, refillMillis: number, limit: number, overflow: boolean) => [
    key,
    tokens,
    refillMillis,
    limit,
    overflow ? 1 : 0,
  ],
  {
    numberOfKeys: 1,
    lua: `${prelude}
local key = KEYS[1]
local tokens = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local overflow = ARGV[4] == "1"
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local state = redis.call("HMGET", key, "tokens", "refill")
local current = tonumber(state[1]) or limit
local last = tonumber(state[2]) or now
local refills = math.floor((now - last) / refill)
if refills > 0 then
  current = math.min(limit, current + refills)
  last = last + refills * refill
end
if current >= limit then last = now end
local remaining = current - tokens
if overflow or remaining >= 0 then current = remaining end
local elapsed = math.max(0, now - last)
local ttl = math.max(1, math.ceil(math.ceil(limit - current) * refill - elapsed))
redis.call("HSET", key, "tokens", num(current), "refill", num(last))
redis.call("PEXPIRE", key, ttl)
return { num(remaining), num(elapsed) }
`,
  },
).withReturnType<readonly [string, string]>()

/** `[count, ttlMillis]` as strings; see algorithms.ts `fixedWindow` (timing from Redis's PTTL). */
export const fixedWindowScript = Redis.script(
  (key: string, tokens: number, refillMillis: number, limit: number | undefined) => [key, tokens, refillMillis, limit ?? ""],
  {
    numberOfKeys: 1,
    lua: `${prelude}
local key = KEYS[1]
local tokens = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local count = tonumber(redis.call("GET", key))
local pttl = 0
if count then pttl = math.max(0, redis.call("PTTL", key)) else count = 0 end
if limit and count + tokens > limit then return { num(count + tokens), num(pttl) } end
local nextpttl = math.max(1, math.ceil(pttl + refill * tokens))
redis.call("SET", key, num(count + tokens), "PX", nextpttl)
return { num(count + tokens), num(nextpttl) }
`,
  },
).withReturnType<readonly [string, string]>()

/** Claims `key` if absent (returns nil), else returns its value. */
export const claimScript = Redis.script(
  (key: string, value: string, ttlMillis: number) => [key, value, ttlMillis],
  {
    numberOfKeys: 1,
    lua: `local current = redis.call("GET", KEYS[1])
if current then return current end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return false
`,
  },
).withReturnType<string | null>()

/** Replaces (or deletes, for an empty `next`) `key`'s value if it is still `expected`; 1 if it did. */
export const settleScript = Redis.script(
  (key: string, expected: string, next: string, ttlMillis: number) => [key, expected, next, ttlMillis],
  {
    numberOfKeys: 1,
    lua: `if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == "" then redis.call("DEL", KEYS[1]) else redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3]) end
return 1
`,
  },
).withReturnType<number>()

/**
 * The fleet-wide arrival guard (algorithms.ts `admit`) in one sorted set: each counted call is a
 * member (`o:<ticket>` while open, `c:<ticket>` once closed) scored by the time it counts until,
 * on Redis's clock. The key lives as long as its longest-lived member could.
 */
export const admitScript = Redis.script(
  (key: string, ticket: string, limit: number, windowMillis: number, maxOpenMillis: number) => [key, ticket, limit, windowMillis, maxOpenMillis],
  {
    numberOfKeys: 1,
    lua: `${prelude}
local key = KEYS[1]
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local maxopen = tonumber(ARGV[4])
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call("ZREMRANGEBYSCORE", key, "-inf", num(now - window))
local count = redis.call("ZCARD", key)
if count < limit then
  redis.call("ZADD", key, num(now + maxopen), "o:" .. ARGV[1])
  redis.call("PEXPIRE", key, math.ceil(maxopen + 2 * window) + 1)
  return "0"
end
local blocking = redis.call("ZRANGE", key, count - limit, count - limit, "WITHSCORES")
local wait = tonumber(blocking[2]) + window - now
if string.sub(blocking[1], 1, 2) == "o:" then wait = math.min(wait, window / 20) end
return num(math.max(0.001, wait))
`,
  },
).withReturnType<string>()

/** Closes call `ticket`: it now counts until Redis's now + `extraMillis` (+ the window). */
export const closeScript = Redis.script(
  (key: string, ticket: string, extraMillis: number) => [key, ticket, extraMillis],
  {
    numberOfKeys: 1,
    lua: `${prelude}
if redis.call("ZREM", KEYS[1], "o:" .. ARGV[1]) == 0 then return 0 end
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call("ZADD", KEYS[1], num(now + tonumber(ARGV[2])), "c:" .. ARGV[1])
return 1
`,
  },
).withReturnType<number>()
