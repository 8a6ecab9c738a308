/**
 * Test helpers: an emulator on a fixed clock, admin UserSigs minted with the usersig module,
 * and hand-built REST requests (no client library).
 */
import { pathOf } from "../../../src/api/mod.ts"
import type { EndpointKey, Family } from "../../../src/api/mod.ts"
import { createEmulator } from "../../../src/emulator/mod.ts"
import type { Emulator, EmulatorOptions } from "../../../src/emulator/mod.ts"
import { genUserSig } from "../../../src/usersig/mod.ts"

export const APP = { sdkAppId: 1400000000, secretKey: "emulator-test-secret-key", admins: ["administrator", "ops"] }
export const OTHER_APP = { sdkAppId: 1400000001, secretKey: "other-app-secret-key", admins: ["administrator"] }

/** 2026-01-05 12:00 Beijing time (04:00 UTC): far from the quota's midnight. */
export const T0 = Date.UTC(2026, 0, 5, 4, 0, 0)

export const sigFor = (userId: string, o: { app?: typeof APP; nowMs?: number; expireSeconds?: number; secretKey?: string } = {}) =>
  genUserSig({
    sdkAppId: (o.app ?? APP).sdkAppId,
    secretKey: o.secretKey ?? (o.app ?? APP).secretKey,
    userId,
    now: Math.floor((o.nowMs ?? T0) / 1000),
    ...(o.expireSeconds !== undefined ? { expireSeconds: o.expireSeconds } : {}),
  })

export interface CallOptions {
  readonly family?: Family
  readonly sdkappid?: string | null
  readonly identifier?: string | null
  readonly usersig?: string | null
  readonly random?: string | null
  readonly contenttype?: string | null
  readonly method?: string
  /** Sent as is instead of JSON.stringify(body). */
  readonly raw?: string
  readonly signal?: AbortSignal
  readonly base?: string
}

export interface Answer {
  readonly status: number
  readonly json: Record<string, any>
}

/** The URL of `pathOrKey` with the standard query; `null` in options drops a parameter. */
export const urlFor = (pathOrKey: string, o: CallOptions = {}): string => {
  const path = pathOrKey.includes("/") ? pathOrKey : pathOf(pathOrKey as EndpointKey, o.family ?? "timpush")!
  const params: Array<[string, string | null | undefined]> = [
    ["sdkappid", o.sdkappid === undefined ? String(APP.sdkAppId) : o.sdkappid],
    ["identifier", o.identifier === undefined ? "administrator" : o.identifier],
    ["usersig", o.usersig === undefined ? sigFor(o.identifier ?? "administrator") : o.usersig],
    ["random", o.random === undefined ? "12345" : o.random],
    ["contenttype", o.contenttype === undefined ? "json" : o.contenttype],
  ]
  const q = params
    .filter((p): p is [string, string] => p[1] !== null && p[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&")
  return `${o.base ?? "http://emulator.test"}/${path.replace(/^\//, "")}?${q}`
}

export const requestFor = (pathOrKey: string, body: unknown, o: CallOptions = {}): Request =>
  new Request(urlFor(pathOrKey, o), {
    method: o.method ?? "POST",
    ...((o.method ?? "POST") === "GET" || o.method === "HEAD" ? {} : { body: o.raw ?? JSON.stringify(body) }),
    ...(o.signal ? { signal: o.signal } : {}),
  })

export interface Harness {
  readonly em: Emulator
  call(pathOrKey: string, body?: unknown, o?: CallOptions): Promise<Answer>
  /** Calls and returns the ErrorCode. */
  code(pathOrKey: string, body?: unknown, o?: CallOptions): Promise<number>
}

export const setup = (options: Partial<EmulatorOptions> = {}): Harness => {
  const em = createEmulator({ apps: [APP, OTHER_APP], now: () => T0, ...options })
  const call = async (pathOrKey: string, body: unknown = {}, o: CallOptions = {}): Promise<Answer> => {
    const res = await em.fetch(requestFor(pathOrKey, body, o))
    const text = await res.text()
    let json: Record<string, any> = {}
    try {
      json = JSON.parse(text)
    } catch {
      json = { text }
    }
    return { status: res.status, json }
  }
  return {
    em,
    call,
    code: async (p, b, o) => (await call(p, b, o)).json.ErrorCode,
  }
}

/** Imports `ids` (≤ 100 per call) and fails the test if the emulator refuses. */
export const importAccounts = async (h: Harness, ids: ReadonlyArray<string>): Promise<void> => {
  for (let i = 0; i < ids.length; i += 100) {
    const r = await h.call("multiaccount_import", { Accounts: ids.slice(i, i + 100) })
    if (r.json.ErrorCode !== 0 || r.json.FailAccounts?.length) throw new Error(`import failed: ${JSON.stringify(r.json)}`)
  }
}

export const text = (s: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text: s } }]
