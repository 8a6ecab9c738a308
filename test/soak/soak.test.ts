/**
 * The short soak, run by `npm test`: a few thousand account operations and a dozen pushes under
 * 10% random faults of every kind, with the same invariants as the full soak (test/soak/run.ts).
 * Requests are kept small (calls of at most 40 accounts) so that the run makes a few hundred
 * requests and meets every fault kind several times.
 */
import { expect, it } from "vitest"
import { faultKinds } from "../../src/emulator/mod.ts"
import { renderSoak } from "./report.ts"
import { defaultSoakOptions, runSoak } from "./soak.ts"

it("short soak: nothing silently lost, no duplicate push, unknown outcomes accounted for", async () => {
  const report = await runSoak({
    ...defaultSoakOptions,
    ops: 4_000,
    pushes: 12,
    accounts: 300,
    seed: 1,
    // Generous: vitest runs other files in parallel, and a timeout that is not an injected
    // delay would only add retries (harmless, but noise).
    timeoutMs: 150,
    delayMs: 300,
    maxItems: 40,
    bigCallsPerWave: 2,
    smallCallsPerWave: 4,
  })
  const text = renderSoak(report)
  expect(report.violations, text).toEqual([])
  expect(report.ops).toBe(4_000)
  expect(report.pushes).toHaveLength(12)
  for (const kind of faultKinds) expect(report.faults[kind], `${kind} injected`).toBeGreaterThan(0)
  expect(report.retries).toBeGreaterThan(0)
  expect(report.readsChecked).toBeGreaterThan(0)
  const ok = report.pushes.filter((p) => p.outcome === "ok").length
  expect(report.tasks).toBe(ok + report.unknownLanded)
  expect(report.unknownLanded + report.unknownNotLanded).toBe(report.pushes.filter((p) => p.outcome === "unknown").length)
}, 60_000)

// The checks can fail: a write acknowledged without reaching the service, and a push sent twice.
const small = { ...defaultSoakOptions, ops: 600, pushes: 3, accounts: 100, faultRate: 0, maxItems: 40, bigCallsPerWave: 2, smallCallsPerWave: 4 }

it("the soak catches a write that is acknowledged but lost", async () => {
  let setAttrs = 0
  const report = await runSoak({
    ...small,
    interpose: (fetch) => async (input, init) => {
      const request = new Request(input, init)
      if (new URL(request.url).pathname.endsWith("/set_attr") && ++setAttrs === 3) {
        return new Response(JSON.stringify({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }), { status: 200 })
      }
      return fetch(request)
    },
  })
  expect(report.violations.some((v) => v.startsWith("account ") || v.startsWith("read "))).toBe(true)
})

it("the soak catches a duplicated push", async () => {
  let pushes = 0
  const report = await runSoak({
    ...small,
    interpose: (fetch) => async (input, init) => {
      const request = new Request(input, init)
      if (new URL(request.url).pathname.endsWith("/push") && ++pushes === 2) {
        const body = JSON.parse(await request.clone().text()) as { MsgRandom: number }
        const copy = new Request(request.url, { method: "POST", body: JSON.stringify({ ...body, MsgRandom: body.MsgRandom + 1 }) })
        await fetch(copy)
      }
      return fetch(request)
    },
  })
  expect(report.violations.some((v) => v.includes("tasks"))).toBe(true)
})
