/**
 * End-to-end fixture: the real client (Promise facade) talking to the real emulator through an
 * in-memory `fetch`, with a one-shot "tamper" hook between them.
 *
 * Why tamper: the client checks every documented rule locally (the same `checkRequest` the
 * emulator answers from), so a request that breaks a rule never leaves it. To prove the client
 * also decodes the SERVICE's answer for that rule, a test sends a valid body through the client
 * and rewrites it (or the URL) on the way, as a proxy would. The answer the client gets back is
 * the emulator's, unchanged.
 *
 * Clock: the client mints its admin UserSig from the wall clock (Effect's default `Clock`), so
 * the emulator's clock must stay within the sig's 24 h validity. It is frozen at the wall-clock
 * time the fixture starts and moves only through `advanceClock` (push spacing, recall windows),
 * so nothing here depends on how long a test takes. The daily-quota boundary is shifted (by
 * `quotaUtcOffsetMinutes`) to 12 h away from that start, so no test can straddle midnight.
 *
 * Runtime-neutral (no node:*, no test framework): runs on Node, Deno, Bun and workerd.
 */
import { createClient } from "../../../src/client/mod.ts"
import type { ClientOptions, FetchLike, PromiseClient } from "../../../src/client/mod.ts"
import { createEmulator } from "../../../src/emulator/mod.ts"
import type { Emulator, EmulatorOptions } from "../../../src/emulator/mod.ts"

/** The emulated app (a fake 64-hex key in the console's format, never a real one). */
export const APP = {
  sdkAppId: 1400000000,
  secretKey: "7c2b4f0e9a1d3c5b8e6f4a2d1c0b9e8f7a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b",
  admins: ["administrator", "ops"],
} as const

/** A second app, so a sig for APP presented as OTHER's gets 70014. */
export const OTHER_APP = {
  sdkAppId: 1400000001,
  secretKey: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
  admins: ["administrator"],
} as const

export const ADMIN = "administrator"
export const ORIGIN = "http://emulator.e2e"

const DAY_MS = 86_400_000

/** A one-shot rewrite of the next request: its URL, method or body (a value is JSON-encoded). */
export interface Rewrite {
  readonly url?: (url: URL) => void
  readonly method?: string
  /** The replacement body: a string is sent as is, anything else as JSON. */
  readonly body?: unknown
}

/** What a test gets: the emulator, a client on it, and the tamper hook. */
export interface E2E {
  readonly em: Emulator
  readonly chat: PromiseClient
  /** Rewrites the NEXT request the client sends (only that one). */
  tamperNext(rewrite: Rewrite): void
  /** Another client on the same emulator (e.g. a wrong key or a non-admin). */
  client(options?: Partial<ClientOptions>): PromiseClient
  /** Pushes need more than 1 s between them: moves the emulator clock 1.1 s. */
  nextSecond(): void
  dispose(): Promise<void>
}

export interface E2EOptions {
  readonly emulator?: Partial<EmulatorOptions>
  readonly client?: Partial<ClientOptions>
}

/**
 * Client defaults for end-to-end tests: no local rate limits (the emulator's limits are under
 * test), no retries unless a test asks (so one call is one request), no coalescing delay.
 */
export const e2eClientDefaults: Partial<ClientOptions> = {
  rateLimits: false,
  retry: false,
  coalesce: false,
  timeout: 2_000,
}

export const setup = (options: E2EOptions = {}): E2E => {
  const start = Date.now()
  const minuteOfDay = Math.floor((start % DAY_MS) / 60_000)
  const quotaUtcOffsetMinutes = (((12 * 60 - minuteOfDay) % 1440) + 1440) % 1440
  const em = createEmulator({
    apps: [APP, OTHER_APP],
    now: () => start,
    ...options.emulator,
    limits: { quotaUtcOffsetMinutes, ...options.emulator?.limits },
  })
  const rewrites: Array<Rewrite> = []
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init)
    const rewrite = rewrites.shift()
    if (rewrite === undefined) return em.fetch(request)
    const url = new URL(request.url)
    rewrite.url?.(url)
    const method = rewrite.method ?? request.method
    const text = rewrite.body === undefined
      ? await request.text()
      : typeof rewrite.body === "string" ? rewrite.body : JSON.stringify(rewrite.body)
    const hasBody = method !== "GET" && method !== "HEAD"
    return em.fetch(new Request(url, { method, headers: request.headers, signal: request.signal, ...(hasBody ? { body: text } : {}) }))
  }
  const clients: Array<PromiseClient> = []
  const client = (o: Partial<ClientOptions> = {}): PromiseClient => {
    const c = createClient({
      sdkAppId: APP.sdkAppId,
      secretKey: APP.secretKey,
      adminId: ADMIN,
      baseUrl: ORIGIN,
      ...e2eClientDefaults,
      ...options.client,
      ...o,
      fetch,
    })
    clients.push(c)
    return c
  }
  const chat = client()
  return {
    em,
    chat,
    tamperNext: (r) => {
      rewrites.push(r)
    },
    client,
    nextSecond: () => {
      em.advanceClock(1_100)
    },
    dispose: async () => {
      for (const c of clients) await c.dispose()
    },
  }
}

/** Runs `f` on a fresh fixture and always disposes its clients. */
export const withE2E = async (options: E2EOptions, f: (e: E2E) => Promise<void>): Promise<void> => {
  const e = setup(options)
  try {
    await f(e)
  } finally {
    await e.dispose()
  }
}

/** A one-line text message in wire form. */
export const text = (s: string) => [{ MsgType: "TIMTextElem" as const, MsgContent: { Text: s } }]

/** An OfflinePushInfo for batch pushes. */
export const offline = { Title: "Hello", Desc: "from the e2e suite" }

/** `n` UserIDs `prefix0`..`prefix{n-1}`. */
export const ids = (n: number, prefix = "u"): Array<string> => Array.from({ length: n }, (_, i) => `${prefix}${i}`)
