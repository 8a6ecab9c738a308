/**
 * Audience resolution at scale: pushes whose condition matches more than 1,000,000 accounts,
 * each account holding a few tags and attributes, resolved by the emulator's indexes.
 *
 * Run by hand (prints figures, asserts nothing):
 *   node_modules/.bin/node bench/emulator-resolve.ts [accounts=1200000]
 *
 * Figures per condition: the whole push through `em.fetch` (URL + UserSig check, JSON, rules,
 * resolution, task record), median of 5; and, as the peer, a naive scan that evaluates the same
 * condition over the exported JSON accounts (what an emulator without indexes would do).
 */
import { createEmulator } from "../src/emulator/mod.ts"
import type { AccountSnapshot, EmulatorState } from "../src/emulator/mod.ts"
import { genUserSig } from "../src/usersig/mod.ts"

const N = Number(process.argv[2] ?? 1_200_000)
const app = { sdkAppId: 1400000000, secretKey: "bench-secret", admins: ["administrator"] }
let t = Date.UTC(2026, 0, 5, 4)

// Deterministic data: xorshift32.
let seed = 2463534242
const rnd = () => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 4294967296
}
const cities = ["SZ", "BJ", "SH", "GZ", "HZ", "CD", "WH", "XA", "NJ", "CQ"]
const interests = Array.from({ length: 40 }, (_, i) => `interest-${i}`)

const accounts: Array<AccountSnapshot> = []
for (let i = 0; i < N; i++) {
  const tags = [rnd() < 0.9 ? "active" : "dormant", interests[Math.floor(rnd() * interests.length)]!]
  if (rnd() < 0.05) tags.push("churned")
  accounts.push({
    UserID: `user-${i}`,
    importedAt: t,
    attrs: { city: cities[i % cities.length]!, tier: rnd() < 0.8 ? "free" : "gold", platform: rnd() < 0.5 ? "ios" : "android" },
    tags,
  })
}
const state: EmulatorState = {
  version: 1,
  apps: [
    {
      sdkAppId: app.sdkAppId,
      attrNames: { "0": "city", "1": "tier", "2": "platform" },
      attrTypes: {},
      accounts,
      tasks: [],
      taskCounter: 0,
      pushDay: 0,
      pushesToday: 0,
    },
  ],
}

const em = createEmulator({
  apps: [app],
  now: () => t,
  limits: { dailyPushQuota: 1e9 },
  recipientSampleSize: 100,
})
let start = performance.now()
em.importState(state)
const importMs = performance.now() - start

const usersig = genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId: "administrator", now: Math.floor(t / 1000) })
const url = `http://bench/v4/timpush/push?sdkappid=${app.sdkAppId}&identifier=administrator&usersig=${usersig}&random=1&contenttype=json`
let msgRandom = 0

type Cond = Record<string, unknown> | undefined

const push = async (condition: Cond): Promise<{ ms: number; size: number }> => {
  t += 1001
  const body = JSON.stringify({ MsgRandom: ++msgRandom, OfflinePushInfo: { Title: "t", Desc: "d" }, ...(condition ? { Condition: condition } : {}) })
  const t0 = performance.now()
  const res = await em.fetch(new Request(url, { method: "POST", body }))
  const json = (await res.json()) as { ErrorCode: number; TaskId: string }
  const ms = performance.now() - t0
  if (json.ErrorCode !== 0) throw new Error(`push failed: ${JSON.stringify(json)}`)
  return { ms, size: em.task(json.TaskId)!.audienceSize }
}

/** The peer: evaluate the condition by scanning JSON accounts (no indexes). */
const scan = (condition: Cond): { ms: number; size: number } => {
  const c = (condition ?? {}) as { TagsAnd?: string[]; TagsOr?: string[]; TagsNot?: string[]; AttrsAnd?: Record<string, string>; AttrsOr?: Record<string, string> }
  const t0 = performance.now()
  let size = 0
  for (const a of accounts) {
    const tags = a.tags ?? []
    const attrs = a.attrs ?? {}
    if (c.TagsAnd?.length && !c.TagsAnd.every((x) => tags.includes(x))) continue
    if (c.TagsOr?.length && !c.TagsOr.some((x) => tags.includes(x))) continue
    if (c.TagsNot?.length && c.TagsNot.some((x) => tags.includes(x))) continue
    if (c.AttrsAnd && !Object.entries(c.AttrsAnd).every(([k, v]) => attrs[k] === v)) continue
    if (c.AttrsOr && !Object.entries(c.AttrsOr).some(([k, v]) => attrs[k] === v)) continue
    size++
  }
  return { ms: performance.now() - t0, size }
}

const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const conditions: Array<[string, Cond]> = [
  ["everyone (no Condition)", undefined],
  ['TagsOr ["active","dormant"]', { TagsOr: ["active", "dormant"] }],
  ['TagsOr ["active","interest-1"] + TagsNot ["churned"]', { TagsOr: ["active", "interest-1"], TagsNot: ["churned"] }],
  ['TagsNot ["churned"]', { TagsNot: ["churned"] }],
  ['TagsAnd ["active"]', { TagsAnd: ["active"] }],
  ['AttrsOr {platform:"ios", tier:"free"}', { AttrsOr: { platform: "ios", tier: "free" } }],
  ['AttrsAnd {tier:"free"} + AttrsOr {platform:"ios",city:"SZ"}', { AttrsAnd: { tier: "free" }, AttrsOr: { platform: "ios", city: "SZ" } }],
]

const mem = () => `${Math.round(process.memoryUsage().heapUsed / 1e6)} MB heap`
console.log(`emulator audience resolution — ${N.toLocaleString("en-US")} accounts, 2-3 tags and 3 attributes each`)
console.log(`node ${process.version}, seeded with importState in ${(importMs / 1000).toFixed(1)} s (${mem()})`)
console.log("")
console.log("condition".padEnd(62) + "audience".padStart(11) + "  push via em.fetch".padStart(20) + "  naive JSON scan".padStart(18) + "  ratio".padStart(8))
for (const [name, cond] of conditions) {
  const runs: Array<number> = []
  let size = 0
  for (let i = 0; i < 5; i++) {
    const r = await push(cond)
    runs.push(r.ms)
    size = r.size
  }
  const peerRuns: Array<number> = []
  let peerSize = 0
  for (let i = 0; i < 3; i++) {
    const r = scan(cond)
    peerRuns.push(r.ms)
    peerSize = r.size
  }
  if (peerSize !== size) throw new Error(`${name}: emulator ${size} vs scan ${peerSize}`)
  const ms = median(runs)
  const peer = median(peerRuns)
  console.log(
    name.padEnd(62) +
      size.toLocaleString("en-US").padStart(11) +
      `${ms.toFixed(0)} ms`.padStart(20) +
      `${peer.toFixed(0)} ms`.padStart(18) +
      `${(peer / ms).toFixed(1)}x`.padStart(8),
  )
}
start = performance.now()
const narrow = await push({ TagsAnd: ["interest-7", "churned"] })
console.log(`\nnarrow condition TagsAnd ["interest-7","churned"]: ${narrow.size.toLocaleString("en-US")} accounts in ${narrow.ms.toFixed(1)} ms`)
console.log(mem())
