/**
 * One process of the cross-runtime idempotency test (test/fleet/redis.test.ts), run by Node, Bun
 * or Deno: pushes twice with idempotency key `key` through `redisStoreFromUrl(url)` (the
 * built-in client over `node:net`) against an in-process emulator of its own, then prints the
 * TaskIds it got and how many push requests its emulator received, as one JSON line.
 *
 *   <runtime> test/fleet/lib/runtime-push.ts <redis url> <key>
 */
import { createClient } from "../../../src/client/mod.ts"
import { createEmulator } from "../../../src/emulator/mod.ts"
import { redisStoreFromUrl } from "../../../src/node/redis.ts"

const SECRET = "5e4d3c2b1a0f9e8d7c6b5a4938271605e4d3c2b1a0f9e8d7c6b5a49382716050"
const SDKAPPID = 1400000990
const args: ReadonlyArray<string> = (globalThis as { Deno?: { args: Array<string> } }).Deno?.args ?? process.argv.slice(2)
const [url, key] = args as [string, string]

const em = createEmulator({ apps: [{ sdkAppId: SDKAPPID, secretKey: SECRET, admins: ["administrator"] }] })
const chat = createClient({ sdkAppId: SDKAPPID, secretKey: SECRET, adminId: "administrator", baseUrl: "http://emulator.invalid", fetch: em.fetch, store: redisStoreFromUrl(url) })
const push = () => chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: "once" } }], idempotencyKey: key })
try {
  const first = await push()
  const second = await push()
  console.log(JSON.stringify({ taskIds: [first.taskId, second.taskId], pushRequests: em.countRequests({ endpoint: "push" }) }))
} finally {
  await chat.dispose()
}
