/**
 * Where the demo runs: the embedded emulator (default; nothing leaves the process) or, with
 * `--live` and the `TENCENT_CHAT_*` variables, the real service.
 *
 * Push spacing (pushes must be more than 1 s apart): against the emulator the demo turns the
 * client's push bucket off and moves the EMULATOR's injected clock 1.1 s forward before each
 * push, so the demo does not sleep; the emulator still enforces the spacing on its own clock.
 * Live, the client's default push spacing (1.1 s, real time) applies.
 */
import { endpointOfPath, isRegion } from "../../src/api/mod.ts"
import type { EndpointKey, Family, Region } from "../../src/api/mod.ts"
import { createClient } from "../../src/client/mod.ts"
import type { FetchLike, PromiseClient } from "../../src/client/mod.ts"
import { createEmulator } from "../../src/emulator/mod.ts"
import type { Emulator } from "../../src/emulator/mod.ts"
import { countingReceiver } from "./lifecycle.ts"
import type { LifecycleHooks } from "./lifecycle.ts"
import type { SampleNames } from "./sample.ts"

/** Calls to one command. */
export interface CallCount {
  readonly endpoint: string
  readonly calls: number
  readonly ok: number
  /** Non-zero ErrorCodes (or HTTP statuses) and how often. */
  readonly failures: ReadonlyArray<string>
}

export interface Target {
  readonly kind: "emulator" | "live"
  /** One line saying where requests go. */
  readonly where: string
  readonly sdkAppId: number
  readonly adminId: string
  readonly chat: PromiseClient
  readonly names: SampleNames
  /** Attribute names used on this target (live: namespaced so they cannot collide). */
  readonly attrNames: { readonly city: string; readonly plan: string; readonly lang: string }
  /** Why pushes are skipped, or undefined when they may go out. */
  readonly pushBlocked: string | undefined
  /** Why the push to everyone is skipped, or undefined. */
  readonly everyoneBlocked: string | undefined
  /** How push spacing is handled (printed). */
  readonly spacing: string
  /** Runs before each push (emulator: advance its clock). */
  readonly beforePush: () => void
  /** The audience the target resolved for a task, when it can tell (emulator only). */
  readonly audienceOf: (taskId: string) => { size: number; sample: ReadonlyArray<string> } | undefined
  /** Calls made so far, by command, and where the count comes from. */
  readonly calls: () => ReadonlyArray<CallCount>
  readonly callsSource: string
  /** Emulator only: how far its clock was moved. */
  readonly clockAdvancedMs: () => number
  readonly emulator?: Emulator
  /** Emulator only: a scheduled push, its callbacks and its statistics (lifecycle.ts). */
  readonly lifecycle?: LifecycleHooks
  readonly close: () => Promise<void>
}

const DEMO_APP = 1400000000
const DEMO_ADMIN = "administrator"

const randomHex = (bytes: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("")

const summarize = (entries: ReadonlyArray<{ endpoint: string; failure: string | undefined }>): Array<CallCount> => {
  const by = new Map<string, { calls: number; ok: number; failures: Map<string, number> }>()
  for (const e of entries) {
    const c = by.get(e.endpoint) ?? { calls: 0, ok: 0, failures: new Map<string, number>() }
    c.calls++
    if (e.failure === undefined) c.ok++
    else c.failures.set(e.failure, (c.failures.get(e.failure) ?? 0) + 1)
    by.set(e.endpoint, c)
  }
  return [...by].map(([endpoint, c]) => ({
    endpoint,
    calls: c.calls,
    ok: c.ok,
    failures: [...c.failures].map(([f, k]) => (k > 1 ? `${f} ×${k}` : f)),
  }))
}

/** The embedded emulator with a fresh demo app (a random key that is never printed). */
export const emulatorTarget = (): Target => {
  const secretKey = randomHex(32)
  // Callbacks go to an in-process receiver (the library's verifying handler) on the emulator's
  // clock, sent when the demo flushes them: nothing leaves the process.
  let clock = (): number => Date.now()
  const receiver = countingReceiver(DEMO_APP, randomHex(16), () => clock())
  const em = createEmulator({
    apps: [{ sdkAppId: DEMO_APP, secretKey, admins: [DEMO_ADMIN] }],
    callbacks: { url: "http://callbacks.invalid/tencent", token: receiver.token, drive: "manual", fetch: receiver.handler },
  })
  clock = () => em.now()
  let advanced = 0
  const chat = createClient({
    sdkAppId: DEMO_APP,
    secretKey,
    adminId: DEMO_ADMIN,
    // `.invalid` can never resolve: even a bug could not send these requests anywhere.
    baseUrl: "http://emulator.invalid",
    fetch: em.fetch,
    rateLimits: { buckets: { push: false } },
  })
  return {
    kind: "emulator",
    where: "the embedded emulator (in-process; nothing is sent to Tencent)",
    sdkAppId: DEMO_APP,
    adminId: DEMO_ADMIN,
    chat,
    names: { idPrefix: "user", tagPrefix: "" },
    attrNames: { city: "city", plan: "plan", lang: "lang" },
    pushBlocked: undefined,
    everyoneBlocked: undefined,
    spacing: "the emulator's clock moves 1.1 s before each push, no real waiting",
    beforePush: () => {
      em.advanceClock(1_100)
      advanced += 1_100
    },
    audienceOf: (taskId) => {
      const task = em.task(taskId)
      return task === undefined ? undefined : { size: task.audienceSize, sample: task.recipientSample }
    },
    calls: () =>
      summarize(em.requests().map((r) => ({
        endpoint: r.endpoint ?? r.path,
        failure: r.status === 200 && r.code === 0 ? undefined : r.status !== 200 ? `HTTP ${r.status ?? "dropped"}` : `code ${r.code}`,
      }))),
    callsSource: "the emulator's request log",
    clockAdvancedMs: () => advanced,
    emulator: em,
    lifecycle: {
      emulator: em,
      countsOf: receiver.countsOf,
      advance: (ms) => {
        em.advanceClock(ms)
        advanced += ms
      },
    },
    close: () => chat.dispose(),
  }
}

/** Settings of a live run, from the `TENCENT_CHAT_*` variables. */
export interface LiveSettings {
  readonly sdkAppId: number
  readonly secretKey: string
  readonly adminId: string
  readonly region?: Region
  readonly baseUrl?: string
  readonly family?: Family
}

/** Reads the live settings; a list of what is missing or wrong when unusable. */
export const liveSettingsFromEnv = (env: Record<string, string | undefined>): LiveSettings | { problems: Array<string> } => {
  const problems: Array<string> = []
  const sdkAppId = Number(env["TENCENT_CHAT_SDKAPPID"])
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) problems.push("TENCENT_CHAT_SDKAPPID (a positive integer)")
  const secretKey = env["TENCENT_CHAT_SECRET_KEY"] ?? ""
  if (secretKey === "") problems.push("TENCENT_CHAT_SECRET_KEY")
  const adminId = env["TENCENT_CHAT_ADMIN"] ?? ""
  if (adminId === "") problems.push("TENCENT_CHAT_ADMIN")
  const region = env["TENCENT_CHAT_REGION"]
  const baseUrl = env["TENCENT_CHAT_BASE_URL"]
  if ((region === undefined || region === "") && (baseUrl === undefined || baseUrl === "")) {
    problems.push("TENCENT_CHAT_REGION or TENCENT_CHAT_BASE_URL")
  } else if (region !== undefined && region !== "" && !isRegion(region)) {
    problems.push(`TENCENT_CHAT_REGION (unknown region ${JSON.stringify(region)})`)
  }
  const family = env["TENCENT_CHAT_FAMILY"]
  if (family !== undefined && family !== "" && family !== "timpush" && family !== "all_member_push") {
    problems.push("TENCENT_CHAT_FAMILY (timpush or all_member_push)")
  }
  if (problems.length > 0) return { problems }
  return {
    sdkAppId,
    secretKey,
    adminId,
    ...(region ? { region: region as Region } : { baseUrl: baseUrl! }),
    ...(family ? { family: family as Family } : {}),
  }
}

/**
 * The real service. Sample ids, tags and attribute names are namespaced (`tcpdemo_`), so the
 * demo's conditions cannot match real users. Pushes go out only with `livePush`; the push to
 * everyone never does (it would reach every user of the app).
 */
export const liveTarget = (s: LiveSettings, livePush: boolean, baseFetch: FetchLike = globalThis.fetch): Target => {
  const log: Array<{ endpoint: string; failure: string | undefined }> = []
  const counting: FetchLike = async (input, init) => {
    const request = new Request(input, init)
    const endpoint: EndpointKey | string = endpointOfPath(new URL(request.url).pathname)?.key ?? new URL(request.url).pathname
    try {
      const res = await baseFetch(request)
      let failure: string | undefined = res.status === 200 ? undefined : `HTTP ${res.status}`
      if (failure === undefined) {
        const body = (await res.clone().json().catch(() => undefined)) as { ErrorCode?: unknown } | undefined
        failure = body?.ErrorCode === 0 ? undefined : typeof body?.ErrorCode === "number" ? `code ${body.ErrorCode}` : "undecodable"
      }
      log.push({ endpoint, failure })
      return res
    } catch (e) {
      log.push({ endpoint, failure: "connection" })
      throw e
    }
  }
  const chat = createClient({ ...s, fetch: counting })
  return {
    kind: "live",
    where: `the REAL service (${s.region !== undefined ? `region ${s.region}` : s.baseUrl}), app ${s.sdkAppId}`,
    sdkAppId: s.sdkAppId,
    adminId: s.adminId,
    chat,
    names: { idPrefix: "tcpdemo_", tagPrefix: "tcpdemo-" },
    attrNames: { city: "tcpdemo_city", plan: "tcpdemo_plan", lang: "tcpdemo_lang" },
    pushBlocked: livePush ? undefined : "live pushes reach real devices; pass --live-push to send them",
    everyoneBlocked: "a push to everyone would reach every user of the app; the live demo never sends it",
    spacing: "the client waits 1.1 s between pushes (real time)",
    beforePush: () => {},
    audienceOf: () => undefined,
    calls: () => summarize(log),
    callsSource: "a counting fetch wrapper",
    clockAdvancedMs: () => 0,
    close: () => chat.dispose(),
  }
}
