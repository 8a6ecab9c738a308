/**
 * The emulator as a Worker with callbacks driven by requests (`drive: "request"`), in workerd:
 * created once at module scope (workerd/emulator-worker.ts), served by `workerd serve`, hit by pushes
 * beside bursts of concurrent reads. Each request's deliveries run in its own `ctx.waitUntil`;
 * workerd cancels a request whose work waits on another request's I/O ("your Worker's code had
 * hung"), so every event reaching the receiver, signed and verified by `createCallbackHandler`,
 * with statistics equal to what arrived and nothing of that kind in workerd's log, is the proof.
 * Behaviour is asserted, not timing: the wait for the last stage has no deadline but the test's.
 */
import { createServer } from "node:http"
import type { Server } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createCallbackHandler } from "../../src/callbacks/mod.ts"
import type { AllMemberPushEvent } from "../../src/callbacks/mod.ts"
import { genUserSig } from "../../src/usersig/mod.ts"
import { launchWorker } from "./workerd/launch.ts"
import type { AppServer } from "./workerd/launch.ts"

const SDKAPPID = 1400000000
const SECRET = "9c1e0b7a5d3f2e8c4b6a0f1d3e5c7b9a2d4f6e8a0c2b4d6f8e0a2c4b6d8f0e1a"
const TOKEN = "workerd-request-drive-token"
const USERS = Array.from({ length: 60 }, (_, i) => `w${String(i).padStart(3, "0")}`)
const PUSHES = 8

const received: AllMemberPushEvent[] = []
const rejected: string[] = []
let receiver: Server
let receiverUrl: string
let worker: AppServer

beforeAll(async () => {
  const handler = createCallbackHandler({
    sdkAppId: SDKAPPID,
    token: TOKEN,
    onEvents: (events) => {
      for (const e of events) if (e.command === "Push.AllMemberPush") received.push(e)
    },
    onRejected: (e) => rejected.push(e.code),
  })
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", async () => {
      const answer = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }))
      res.writeHead(answer.status, Object.fromEntries(answer.headers))
      res.end(await answer.text())
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  const address = receiver.address() as { port: number }
  receiverUrl = `http://127.0.0.1:${address.port}/tencent/callbacks`
  worker = await launchWorker("emulator-worker", { SECRET, RECEIVER_URL: receiverUrl, TOKEN })
})

afterAll(async () => {
  await worker?.stop()
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()))
})

const rest = async (path: string, body: unknown): Promise<Record<string, any>> => {
  const usersig = genUserSig({ sdkAppId: SDKAPPID, secretKey: SECRET, userId: "administrator" })
  const res = await fetch(`${worker.url}/v4/${path}?sdkappid=${SDKAPPID}&identifier=administrator&usersig=${usersig}&random=1&contenttype=json`, {
    method: "POST",
    body: JSON.stringify(body),
  })
  return (await res.json()) as Record<string, any>
}

const inspect = async (path: string): Promise<Record<string, any>> => (await (await fetch(`${worker.url}/__emulator${path}`)).json()) as Record<string, any>

describe('workerd: the emulator at module scope, callbacks with drive: "request"', () => {
  it("delivers every event of pushes beside concurrent reads from the requests' waitUntil, signed and verified", async () => {
    expect((await rest("im_open_login_svc/multiaccount_import", { Accounts: USERS })).ErrorCode).toBe(0)
    // Pushes one after another (two in the same millisecond would be refused, 90024: workerd's
    // clock moves only between I/O), each beside a burst of reads, while the earlier pushes'
    // deliveries still run in their requests' waitUntil.
    const pushes: Array<Record<string, any>> = []
    const reads: Array<Promise<Record<string, any>>> = []
    for (let i = 0; i < PUSHES; i++) {
      for (let r = 0; r < 3; r++) reads.push(rest("timpush/get_attr_name", {}))
      pushes.push(await rest("timpush/push", { MsgRandom: 100 + i, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: `wave ${i}` } }] }))
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    expect([...pushes, ...(await Promise.all(reads))].map((a) => a["ErrorCode"])).toStrictEqual(Array.from({ length: 4 * PUSHES }, () => 0))
    const taskIds = pushes.map((a) => a["TaskId"] as string)
    expect(new Set(taskIds).size).toBe(PUSHES)

    // Later stages go out from the pushes' own waitUntil, or with later requests (these reads).
    // At most 150 rounds (the last stage is due 120 ms after the last push), so a delivery that
    // never ends fails here, with workerd's log, instead of at the test's timeout.
    let left = { pending: -1, inFlight: -1 }
    for (let round = 0; round < 150; round++) {
      const pending = (await inspect("/callbacks/pending")).pending as unknown[]
      const { counters } = await inspect("/callbacks")
      left = { pending: pending.length, inFlight: counters.inFlight }
      if (left.pending === 0 && left.inFlight === 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(left, worker.log()).toStrictEqual({ pending: 0, inFlight: 0 })

    expect(rejected).toStrictEqual([])
    const { counters } = await inspect("/callbacks")
    expect(counters).toMatchObject({ failed: 0, eventsLost: 0 })
    expect(counters.eventsDelivered).toBe(received.length)
    const sent = received.filter((e) => e.stage === "sent")
    expect(sent).toHaveLength(PUSHES * USERS.length)
    expect(new Set(sent.map((e) => `${e.taskId} ${e.userId}`)).size).toBe(PUSHES * USERS.length)
    const now = Math.floor(Date.now() / 1000)
    const stats = await rest("timpush/all_member_push_statistics", { StartTime: now - 600, EndTime: now + 60 })
    expect(stats["Results"][0]).toMatchObject({
      TotalCount: PUSHES * USERS.length,
      DeliveredCount: received.filter((e) => e.stage === "delivered" && e.errorCode === 0).length,
      ClickCount: received.filter((e) => e.stage === "clicked").length,
    })
    expect(received.filter((e) => e.stage === "clicked").length).toBeGreaterThan(0)
    expect(worker.log()).not.toMatch(/hung|different request|Cannot perform I\/O|Uncaught/i)
  })
})
