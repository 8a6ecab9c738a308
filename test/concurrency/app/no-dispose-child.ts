/**
 * A program that uses one client and never calls `dispose()` (no-dispose.test.ts): the client
 * must leave nothing running between calls, so the process exits by itself once its work is
 * done. Exercises the coalescing window, the rate limiter and arrival guard, push spacing, the
 * per-request timeout timers and retry backoff (a refused connection). Prints one JSON line with
 * what each call returned.
 */
import { createClient } from "../../../src/client/mod.ts"

const baseUrl = process.env["EMULATOR_URL"]!
const options = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", adminId: "administrator" }
const chat = createClient({ ...options, baseUrl })
// Nothing listens on port 9 (discard) of loopback: every attempt is refused, then retried.
const refused = createClient({ ...options, baseUrl: "http://127.0.0.1:9", retry: { times: 2, baseDelay: "20 millis" } })

const tagged = await Promise.all(Array.from({ length: 150 }, (_, i) => chat.addUserTags([{ userId: `nd${i}`, tags: ["seen"] }])))
const pushes = await Promise.all([1, 2].map((n) => chat.push({ message: [{ MsgType: "TIMTextElem", MsgContent: { Text: `hi ${n}` } }] })))
const failed = await refused.addUserTags([{ userId: "nd0", tags: ["seen"] }]).then(() => "answered", (e: { _tag?: string; kind?: string }) => `${e._tag}:${e.kind}`)
console.log(JSON.stringify({
  tagged: tagged.filter((r) => r.results.length === 1).length,
  pushes: pushes.filter((p) => typeof p.taskId === "string").length,
  failed,
}))
// No dispose(), no process.exit(): the event loop must drain on its own.
