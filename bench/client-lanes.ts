/**
 * Account lanes at scale (issue: a bulk call over n accounts with n single-account operations
 * still pending blocked the event loop for O(n²): 131 ms at 10,000, 2.8-3.2 s at 100,000).
 *
 * For each n, registers n pending single-account operations on one gate, then starts one bulk
 * operation over the same n accounts and times how long starting it blocks (registration runs
 * synchronously when the fiber starts). Medians over ROUNDS fresh gates. Linear cost means the
 * 10× row costs about 10× the 1× row; quadratic would be about 100×.
 *
 *   node_modules/.bin/node bench/client-lanes.ts [n=10000] [rounds=5]
 */
import * as Effect from "effect/Effect"
import { loadavg } from "node:os"
import { makeAccountLanes } from "../src/client/account-lanes.ts"

const N = Number(process.argv[2] ?? 10_000)
const ROUNDS = Number(process.argv[3] ?? 5)

const blockMillis = (n: number): number => {
  const lanes = makeAccountLanes()
  const accounts = Array.from({ length: n }, (_, i) => `user${i}`)
  // Never finishing, so every account has a pending predecessor when the bulk call starts.
  for (const a of accounts) Effect.runFork(lanes.sequenced([a], Effect.never))
  const t0 = performance.now()
  Effect.runFork(lanes.sequenced(accounts, Effect.void))
  const ms = performance.now() - t0
  if (lanes.pending() !== n) throw new Error(`expected ${n} pending accounts, got ${lanes.pending()}`)
  return ms
}

const median = (xs: Array<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]!
}

console.log(`account lanes: one bulk call over n accounts with n single-account operations pending (node ${process.version}, load ${loadavg()[0]!.toFixed(2)})`)
blockMillis(N) // warm-up (JIT)
const rows: Array<[number, number]> = []
for (const n of [N, N * 10]) {
  const samples: Array<number> = []
  for (let r = 0; r < ROUNDS; r++) {
    samples.push(blockMillis(n))
    ;(globalThis as { gc?: () => void }).gc?.()
  }
  rows.push([n, median(samples)])
  console.log(`  n = ${String(n).padStart(9)}   start of the bulk call blocks ${median(samples).toFixed(1).padStart(8)} ms (median of ${ROUNDS})`)
}
const ratio = rows[1]![1] / rows[0]![1]
console.log(`  10× the accounts costs ${ratio.toFixed(1)}× the time (linear: ~10×; quadratic: up to ~100×)`)
