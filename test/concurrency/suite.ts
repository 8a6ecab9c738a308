/**
 * The concurrency suite: one app (app/app.ts) with clients created once and shared by every
 * request, served by a runtime (workerd, Deno, Bun), hit by waves of concurrent requests against
 * the emulator served over HTTP by the node:http bridge. Every request must be answered (200,
 * with the call's result or its typed error): on the coalescing path, with a client created by
 * the first request, on shared accounts, on the push path, on failing paths (scripted faults),
 * and after requests ended mid-call. Behaviour is asserted, not timing: waves have no deadline
 * but the test's timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createClient } from "../../src/client/mod.ts"
import { createEmulator } from "../../src/emulator/mod.ts"
import type { Emulator } from "../../src/emulator/mod.ts"
import { serve } from "../../src/node/serve.ts"
import type { Served } from "../../src/node/serve.ts"
import type { AppServer } from "./workerd/launch.ts"

const APP = { sdkAppId: 1400000000, secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", admins: ["administrator"] }

/** What the app answers. */
interface Answer {
  readonly status: number
  readonly ok?: boolean
  readonly tag?: string
  readonly kind?: string
  readonly message?: string
  readonly result?: { readonly successCount?: number; readonly taskId?: string }
}

// The app's clients, created once (name → options over the app's defaults).
const clients = {
  // The defaults: coalescing (10 ms window) and rate limits on.
  main: {},
  // Pushes 12 ms apart instead of 1.1 s, so a wave of pushes takes about a second.
  push: { rateLimits: { buckets: { push: { limit: 1, window: "12 millis" } }, pushSpacing: "12 millis", dailyPushQuota: 1_000_000 } },
  // Short timeout, no retries: a delayed answer ends the call in 300 ms.
  failing: { timeout: "300 millis", retry: false },
  // No coalescing, no rate limits, 8 permits: each request its own fetch, permit and timer.
  single: { timeout: "300 millis", retry: false, coalesce: false, rateLimits: false, concurrency: 8 },
  // The same with a 1 s timeout, so a loaded machine does not time out the calls that must succeed.
  vanishing: { timeout: "1 second", retry: false, coalesce: false, rateLimits: false, concurrency: 8 },
  // No retries, the default timeout: a refused request is the call's answer.
  refused: { retry: false },
  refusedSingle: { retry: false, coalesce: false, rateLimits: false, concurrency: 8 },
  // A long coalescing window, so requests that end early lead batches others joined.
  slowBatch: { coalesce: { window: "150 millis" } },
}

/** The app's clients (name → options over the app's defaults). */
export type Clients = typeof clients

/** Starts the app on a runtime, against the emulator at `emulatorUrl`. */
export type Start = (emulatorUrl: string, clients: Clients) => Promise<AppServer>

/**
 * Registers the suite for one runtime. `only: "coalescing"` runs the coalescing waves alone (for
 * a second configuration of a runtime already covered in full).
 */
export const concurrencySuite = (name: string, start: Start, only?: "coalescing"): void => {
  describe(name, () => {
    let em: Emulator
    let server: Served
    let app: AppServer

    beforeAll(async () => {
      em = createEmulator({ apps: [APP], limits: { pushIntervalMs: 10, dailyPushQuota: 1_000_000 } })
      server = await serve(em)
      const admin = createClient({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminId: "administrator", baseUrl: server.url })
      await admin.importAccounts(Array.from({ length: 180 }, (_, i) => ({ userId: `w${Math.floor(i / 60)}u${i % 60}` })))
      await admin.dispose()
      app = await start(server.url, clients)
    }, 30_000)

    afterAll(async () => {
      await app?.stop()
      await server?.close()
    })

    const get = async (path: string, signal?: AbortSignal): Promise<Answer> => {
      const res = await fetch(`${app.url}${path}`, signal === undefined ? {} : { signal })
      const text = await res.text()
      try {
        return { status: res.status, ...(JSON.parse(text) as object) }
      } catch {
        return { status: res.status, message: text.slice(0, 200) }
      }
    }
    const wave = (n: number, path: (i: number) => string) => Promise.all(Array.from({ length: n }, (_, i) => get(path(i))))
    /** Fails with the Worker's log when an answer is not the expected one. */
    const expectAll = (answers: ReadonlyArray<Answer>, check: (a: Answer) => boolean, what: string) => {
      const bad = answers.filter((a) => !check(a))
      if (bad.length > 0) {
        throw new Error(`${bad.length} of ${answers.length} requests were not ${what}; first: ${JSON.stringify(bad[0])}\n${app.log().slice(-2000)}`)
      }
    }

    it("the coalescing path: waves of 60 concurrent addUserTags, every request answered, calls merged across requests", async () => {
      em.clearRequests()
      for (let w = 0; w < 3; w++) {
        const answers = await wave(60, (i) => `/tag?client=main&user=w${w}u${i}`)
        expectAll(answers, (a) => a.status === 200 && a.ok === true && a.result?.successCount === 1, "answered with success")
      }
      const sent = em.countRequests({ endpoint: "add_tag" })
      expect(sent).toBeLessThan(180) // some request carried accounts of several Worker requests
      expect(em.countRequests({ code: 60007 })).toBe(0)
      for (let i = 0; i < 180; i++) expect(em.account(APP.sdkAppId, `w${Math.floor(i / 60)}u${i % 60}`)?.tags).toEqual(["seen"])
    }, 60_000)

    if (only === "coalescing") return

    it("a client created by the first request and kept: waves of 60 concurrent requests, every one answered", async () => {
      for (let w = 0; w < 2; w++) {
        const answers = await wave(60, (i) => `/tag?client=lazy&user=w${w}u${i}`)
        expectAll(answers, (a) => a.status === 200 && a.ok === true && a.result?.successCount === 1, "answered with success")
      }
    }, 60_000)

    it("the same accounts from concurrent requests: every request answered (per-account order across requests)", async () => {
      const answers = await wave(60, (i) => `/tag?client=main&user=shared${i % 10}`)
      expectAll(answers, (a) => a.status === 200 && a.ok === true, "answered")
    }, 60_000)

    it("the push path: waves of 50 concurrent pushes, each answered with its own task, spaced at the emulator", async () => {
      em.clearRequests()
      const ids = new Set<string>()
      for (let w = 0; w < 2; w++) {
        const answers = await wave(50, (i) => `/push?client=push&text=w${w}p${i}`)
        expectAll(answers, (a) => a.status === 200 && a.ok === true && typeof a.result?.taskId === "string", "answered with a task")
        for (const a of answers) ids.add(a.result!.taskId!)
      }
      expect(ids.size).toBe(100)
      const times = em.requests({ endpoint: "push" }).map((r) => r.time)
      expect(times.length).toBe(100)
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThan(10)
      expect(em.countRequests({ endpoint: "push", code: 90024 })).toBe(0)
    }, 60_000)

    it("a failing path: answers delayed past the timeout → every request answers ChatTransportError timeout", async () => {
      for (const client of ["failing", "single"]) {
        em.faults.script("add_tag", ...Array.from({ length: 60 }, () => ({ kind: "delay" as const, delayMs: 5_000, executed: false })))
        const answers = await wave(50, (i) => `/tag?client=${client}&user=late${i}`)
        em.faults.clear()
        expectAll(answers, (a) => a.status === 200 && a.tag === "ChatTransportError" && a.kind === "timeout", `answered with a timeout (${client})`)
      }
    }, 60_000)

    it("a failing path: a 502 for every request → every request answers ChatTransportError http-status", async () => {
      for (const client of ["refused", "refusedSingle"]) {
        em.faults.script("add_tag", ...Array.from({ length: 60 }, () => "http-502" as const))
        const answers = await wave(50, (i) => `/tag?client=${client}&user=bad${i}`)
        em.faults.clear()
        expectAll(answers, (a) => a.status === 200 && a.tag === "ChatTransportError" && a.kind === "http-status", `answered with the 502 (${client})`)
      }
    }, 60_000)

    it("requests that end mid-call (Workers cancels their pending I/O) leave nothing stuck for the others", async () => {
      // A few requests stop waiting after 50 ms and answer, which on Workers cancels what their
      // calls still had pending: with slowBatch, the 150 ms coalescing window of a batch they
      // lead and others joined; with vanishing, delayed answers while holding all 8 permits and
      // their accounts' lanes (the permits come back when their lease runs out). The other
      // requests, on the same accounts, must all be answered, and a later wave must succeed.
      for (const [client, leaving] of [["slowBatch", 10], ["vanishing", 8]] as const) {
        if (client === "vanishing") em.faults.script("add_tag", ...Array.from({ length: leaving }, () => ({ kind: "delay" as const, delayMs: 2_000, executed: false })))
        const gone = wave(leaving, (i) => `/tag?client=${client}&user=gone${i}&leaveAfter=50`)
        await new Promise((r) => setTimeout(r, 20))
        const answers = await wave(30, (i) => `/tag?client=${client}&user=gone${i % 10}`)
        em.faults.clear()
        expectAll(await gone, (a) => a.status === 200 && (a.tag === "left" || a.ok !== undefined), `answered (leaving, ${client})`)
        // A scripted delay may land on one of these instead: a typed timeout is an answer too.
        expectAll(answers, (a) => a.status === 200 && (a.ok === true || a.tag === "ChatTransportError"), `answered (${client})`)
        const again = await wave(30, (i) => `/tag?client=${client}&user=gone${i % 10}`)
        expectAll(again, (a) => a.status === 200 && a.ok === true, `answered with a result, later (${client})`)
      }
    }, 60_000)
  })
}
