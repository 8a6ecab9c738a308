/**
 * Push callback receiver benchmark (run by hand, prints figures; no assertions):
 *
 *   node_modules/.bin/node bench/callbacks.ts
 *
 * What it shows: the time `createCallbackHandler` spends before it answers a delivery of 100
 * events (verify the query, read the capped body, depth scan, parse and type every event,
 * replay check), i.e. how much of Tencent's 2 s budget the receiver itself uses, against a
 * minimal peer that does only `await request.text()`, `JSON.parse` and a plain `===` signature
 * compare (no app id, window, type, size, depth or replay checks). In-memory `Request`s, no
 * socket: the network is the same for both.
 *
 * Contenders run in interleaved rounds (A B A B ...) so load spikes hit both alike; each figure
 * is the median over rounds, and the ratio the median of per-round ratios.
 */
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex } from "@noble/hashes/utils.js"
import { cpus, loadavg } from "node:os"
import { buildCallbackRequest, createCallbackHandler } from "../src/callbacks/mod.ts"

const APP = 1400000000
const TOKEN = "bench-token"
const ROUNDS = Number(process.env["ROUNDS"] ?? 9)
const PER_ROUND = Number(process.env["PER_ROUND"] ?? 2000)
const T = 1_700_000_000

// Distinct deliveries (another RequestTime each), so the replay check never short-circuits.
const deliveries = Array.from({ length: PER_ROUND }, (_, i) =>
  buildCallbackRequest({
    url: "https://receiver.example/cb",
    sdkAppId: APP,
    token: TOKEN,
    requestTime: T - (i % 290),
    events: Array.from({ length: 100 }, (_, j) => ({
      command: "Push.AllMemberPush" as const,
      channel: "offline" as const,
      taskId: `657bf434_537529d8_2000005e80aa873_2780d131_${i}`,
      dataId: "campaign-2026-12",
      taskTime: T - 300,
      eventTime: T - 5,
      userId: `user_${i}_${j}`,
      platform: "apns" as const,
      deviceType: "apns" as const,
      stage: "delivered" as const,
      errorCode: 0,
      errorInfo: "OK",
    })),
  })
)
const bodyBytes = deliveries[0]!.body.length

let handled = 0
const ours = createCallbackHandler({ sdkAppId: APP, token: TOKEN, now: () => T, onEvents: (e) => void (handled += e.length), dedupe: undefined })

const utf8 = new TextEncoder()
const peer = async (request: Request): Promise<Response> => {
  const u = new URL(request.url)
  const sign = bytesToHex(sha256(utf8.encode(TOKEN + (u.searchParams.get("RequestTime") ?? ""))))
  if (sign !== u.searchParams.get("Sign")) return new Response("no", { status: 401 })
  const events = (JSON.parse(await request.text()) as { Events: Array<unknown> }).Events
  handled += events.length
  return Response.json({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 })
}

const run = async (fetch: (r: Request) => Promise<Response>): Promise<number> => {
  const requests = deliveries.map((d) => new Request(d.url, d)) // built outside the timed part
  const t0 = performance.now()
  for (const r of requests) {
    const res = await fetch(r)
    if (res.status !== 200) throw new Error(`status ${res.status}`)
  }
  return ((performance.now() - t0) * 1000) / requests.length
}

const median = (xs: Array<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]!
}

console.log(`node ${process.version}, ${cpus().length} cpus, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
console.log(`deliveries of 100 events, ${bodyBytes} bytes each; ${ROUNDS} rounds of ${PER_ROUND}`)
await run(ours) // warm-up (the handler's replay memory is reset below)
await run(peer)
const oursUs: Array<number> = []
const peerUs: Array<number> = []
for (let round = 0; round < ROUNDS; round++) {
  // A fresh handler per round: the same deliveries again would be replays.
  const h = createCallbackHandler({ sdkAppId: APP, token: TOKEN, now: () => T, onEvents: (e) => void (handled += e.length) })
  oursUs.push(await run(h))
  peerUs.push(await run(peer))
}
const ratios = oursUs.map((o, i) => o / peerUs[i]!)
console.log(`createCallbackHandler: ${median(oursUs).toFixed(0)} µs per delivery (${(median(oursUs) / 100).toFixed(2)} µs per event)`)
console.log(`minimal peer:          ${median(peerUs).toFixed(0)} µs per delivery`)
console.log(`ratio (ours / peer):   ${median(ratios).toFixed(2)}×; share of Tencent's 2 s budget: ${(median(oursUs) / 20_000).toFixed(4)} %`)
console.log(`events handed on: ${handled}`)
void ours
