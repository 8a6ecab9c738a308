/**
 * Coalescing: 10,000 concurrent single-user `addUserTags` calls (the "update this user's tags on
 * login" pattern) through the Promise facade and through the Effect API, with the default
 * options (10 ms window, rate limits on). Counts the HTTP requests that reach a recording
 * in-memory handler. Target: 100 (the floor: 100 accounts per request). A second scenario
 * spreads the same calls over one second, to show what the window does with a steady trickle.
 *
 *   node_modules/.bin/node bench/client-coalescing.ts [calls]
 */
import * as Effect from "effect/Effect"
import { createClient, TencentChat } from "../src/client/mod.ts"

const CALLS = Number(process.argv[2] ?? 10_000)
const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e" }
const OK = JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 })

const recorder = () => {
  const sizes: Array<number> = []
  const fetch = async (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(init?.body != null ? await new Response(init.body).text() : "{}") as { UserTags: Array<unknown> }
    sizes.push(body.UserTags.length)
    return new Response(OK)
  }
  return { fetch, sizes }
}
const options = { ...APP, adminId: "administrator", baseUrl: "http://bench.test" } as const

const report = (name: string, sizes: Array<number>, ms: number) => {
  const accounts = sizes.reduce((a, b) => a + b, 0)
  console.log(
    `  ${name.padEnd(44)} ${String(sizes.length).padStart(6)} requests  ` +
      `${((sizes.length * 1000) / accounts).toFixed(1).padStart(6)} per 1,000 accounts  ` +
      `max ${Math.max(...sizes)} accounts/request  ${(ms / 1000).toFixed(2)} s`,
  )
}

console.log(`coalescing: ${CALLS} single-user addUserTags calls, default options (node ${process.version})`)

{
  const { fetch, sizes } = recorder()
  const chat = createClient({ ...options, fetch })
  const t0 = performance.now()
  await Promise.all(Array.from({ length: CALLS }, (_, i) => chat.addUserTags([{ userId: `user${i}`, tags: ["login"] }])))
  report("Promise facade, all at once", sizes, performance.now() - t0)
  await chat.dispose()
}

{
  const { fetch, sizes } = recorder()
  const t0 = performance.now()
  await Effect.runPromise(
    TencentChat.use((chat) =>
      Effect.forEach(Array.from({ length: CALLS }, (_, i) => i), (i) => chat.addUserTags([{ userId: `user${i}`, tags: ["login"] }]), {
        concurrency: "unbounded",
        discard: true,
      })
    ).pipe(Effect.provide(TencentChat.layer({ ...options, fetch }))),
  )
  report("Effect API, all at once", sizes, performance.now() - t0)
}

{
  const { fetch, sizes } = recorder()
  const chat = createClient({ ...options, fetch })
  const t0 = performance.now()
  const pending: Array<Promise<unknown>> = []
  // CALLS calls spread evenly over ~1 s (in bursts every millisecond).
  const perMs = Math.ceil(CALLS / 1000)
  for (let i = 0; i < CALLS; i += perMs) {
    for (let j = i; j < Math.min(CALLS, i + perMs); j++) pending.push(chat.addUserTags([{ userId: `user${j}`, tags: ["login"] }]))
    await new Promise((r) => setTimeout(r, 1))
  }
  await Promise.all(pending)
  report("Promise facade, spread over ~1 s", sizes, performance.now() - t0)
  await chat.dispose()
}

console.log(`  (without coalescing: ${CALLS} requests, 1000.0 per 1,000 accounts)`)
