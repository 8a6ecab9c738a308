/**
 * The emulator's callbacks for a large audience (issue 11 §2): a push to N recipients (default
 * 1,000,000) must not make the emulator hold N events. Seeds N accounts, pushes to everyone with
 * callbacks to an in-process receiver that only counts (no socket: the figure is the emulator's
 * own cost), delivers stage 1 (sent) with `flush()`, and prints the time, the events delivered,
 * the emulator's `peakEventsHeld` against its bound (`concurrency × batchSize × 2`) and the heap
 * before the push, after it and at the end of delivery, against the same heap for a peer: a
 * plain array of N sent events, which is what holding them all would cost.
 *
 * Run by hand (prints figures, asserts nothing):
 *   node_modules/.bin/node --expose-gc bench/emulator-callbacks.ts [recipients=1000000]
 */
import { createEmulator } from "../src/emulator/mod.ts"
import { genUserSig } from "../src/usersig/mod.ts"

const N = Number(process.argv.find((a) => /^[0-9]+$/.test(a)) ?? 1_000_000)
const app = { sdkAppId: 1400000000, secretKey: "bench-secret", admins: ["administrator"] }
const MB = 1024 * 1024
const gc = () => (globalThis as { gc?: () => void }).gc?.()
const heap = () => {
  gc()
  return process.memoryUsage().heapUsed / MB
}

const enc = new TextEncoder()
async function* seed(): AsyncGenerator<Uint8Array> {
  yield enc.encode(`${JSON.stringify({ state: { version: 2 } })}\n`)
  yield enc.encode(`${JSON.stringify({ app: { sdkAppId: app.sdkAppId, attrNames: {}, attrTypes: {}, taskCounter: 0, pushDay: 0, pushesToday: 0 } })}\n`)
  const lines: Array<string> = []
  for (let i = 0; i < N; i++) {
    lines.push(JSON.stringify({ account: { UserID: `user-${i}`, importedAt: 1767585600000, attrs: {}, tags: [] } }))
    if (lines.length === 5000) {
      yield enc.encode(`${lines.join("\n")}\n`)
      lines.length = 0
    }
  }
  if (lines.length > 0) yield enc.encode(`${lines.join("\n")}\n`)
  yield enc.encode(`${JSON.stringify({ end: { apps: 1, accounts: N, tasks: 0 } })}\n`)
}

let requests = 0
let events = 0
const em = createEmulator({
  apps: [app],
  callbacks: {
    url: "http://receiver.invalid/cb",
    token: "bench-token",
    drive: "manual",
    // Tencent's 1,000 requests a second would take N / 100 / 1000 s of real time: lifted here,
    // so the run measures the emulator, not the pacing.
    rate: 1_000_000,
    logEvents: 0,
    fetch: async (request) => {
      const body = (await request.json()) as { Events: unknown[] }
      requests++
      events += body.Events.length
      return Response.json({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" })
    },
  },
  // Only stage 1 is due in this run; every recipient gets exactly one event.
  pushSimulation: { stageDelaysMs: [1_000, 3_600_000, 3_600_000] },
})

console.log(`${N.toLocaleString("en-US")} recipients; load ${(await import("node:os")).loadavg()[0]!.toFixed(2)}`)
await em.importStateStream(seed())
const base = heap()
console.log(`accounts seeded: heap ${base.toFixed(0)} MB`)

const now = Math.floor(em.now() / 1000)
const url = `http://emulator.invalid/v4/timpush/push?sdkappid=${app.sdkAppId}&identifier=administrator&usersig=${genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId: "administrator", now })}&random=1&contenttype=json`
const res = await em.fetch(new Request(url, { method: "POST", body: JSON.stringify({ MsgRandom: 1, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }] }) }))
const taskId = ((await res.json()) as { TaskId: string }).TaskId
const afterPush = heap()
console.log(`push ${taskId}: heap +${(afterPush - base).toFixed(1)} MB (recipients frozen as a bitset)`)

em.advanceClock(2_000)
const t0 = performance.now()
await em.callbacks.flush()
const seconds = (performance.now() - t0) / 1000
const c = em.callbacks.counters()
const afterDelivery = heap()
const o = em.callbacks.settings!
console.log(
  `stage 1 delivered: ${events.toLocaleString("en-US")} events in ${requests.toLocaleString("en-US")} requests, ${seconds.toFixed(1)} s ` +
    `(${Math.round(events / seconds).toLocaleString("en-US")} events/s, receiver in-process)`,
)
console.log(`peakEventsHeld: ${c.peakEventsHeld} (bound concurrency × batchSize × 2 = ${o.concurrency * o.batchSize * 2})`)
console.log(`heap after delivery: +${(afterDelivery - base).toFixed(1)} MB over the seeded accounts`)
console.log(`statistics: ${JSON.stringify(em.taskDeliveries(taskId)?.statistics.TotalCount)} recipients counted`)

// The peer: what holding every sent event would cost (the shape the emulator sends, friendly names).
const before = heap()
const all = Array.from({ length: N }, (_, i) => ({
  command: "Push.AllMemberPush", channel: "offline", taskId, dataId: undefined, taskTime: now, eventTime: now + 1,
  userId: `user-${i}`, platform: "apns", deviceType: undefined, stage: "sent", errorCode: 0, errorInfo: "",
}))
const peer = heap() - before
console.log(`peer, N events held in an array: ${peer.toFixed(0)} MB (${all.length.toLocaleString("en-US")} events); emulator / peer: ${((afterDelivery - base) / peer).toFixed(4)}`)
