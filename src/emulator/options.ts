/**
 * Emulator options and their defaults.
 *
 * @module
 */
import type { EndpointKey } from "../api/mod.ts"
import type { TagsNotMode } from "./app-data.ts"
import type { ConsoleOptions } from "./console/context.ts"
import type { FaultOptions } from "./faults.ts"
import type { InspectionOptions } from "./guard.ts"
import type { CallbackOptions } from "./callback-options.ts"
import type { PushSimulationOptions, ResolvedSimulation } from "./outcomes.ts"
import { resolveSimulation } from "./outcomes.ts"

/** One emulated app: its SDKAppID, the secret key admin UserSigs are checked with, its admins. */
export interface EmulatorApp {
  /** The app's SDKAppID. */
  readonly sdkAppId: number
  /** Never logged, exported or echoed. */
  readonly secretKey: string
  /** UserIDs allowed as `identifier` (non-admins get 90009, or 70403 on account APIs). */
  readonly admins: ReadonlyArray<string>
  /** Whether all-user/tag push and batch are enabled (false → 90045). Default true. */
  readonly pushEnabled?: boolean
  /** Whether account_delete is allowed (false → 71000). Default true (IM Trial / Developer). */
  readonly accountDeletion?: boolean
  /** Edition cap on the number of accounts (IM Trial: 100) → 70398. Default unlimited. */
  readonly maxAccounts?: number
}

/** A call-rate override: `limit` calls in any `windowMs` window, or `false` for no limit. */
export type RateOverride = { readonly limit: number; readonly windowMs: number } | false

/** Limits the emulator enforces itself (request-shape limits come from the catalogue's rules). */
export interface EmulatorLimits {
  /** Pushes per app per day (90047). Default 100. */
  readonly dailyPushQuota?: number
  /** Pushes must be MORE than this many ms apart (90024). Default 1000; 0 turns the spacing off. */
  readonly pushIntervalMs?: number
  /** The UTC offset (minutes) of the daily quota's midnight. Default 480 (Beijing time). */
  readonly quotaUtcOffsetMinutes?: number
  /** How long after creation a task can be recalled (90052). Default 24 h. */
  readonly revokeWindowMs?: number
  /** At most one successful recall per this many ms (90051). Default 1000. */
  readonly revokeIntervalMs?: number
  /** Tags one user may hold (90032). Default 100. */
  readonly tagsPerUser?: number
  /** Distinct tags held across the app (90032). Default 1000. */
  readonly distinctTagsPerApp?: number
  /**
   * How long before its time a scheduled push stops being `pending` (it is `dispatching` and can
   * no longer be modified or deleted: 90107). Default 60000 (our choice; the docs give none).
   */
  readonly schedLockMs?: number
  /**
   * Per-endpoint call-rate overrides (60007 beyond them). Defaults are the catalogue's rows:
   * 100/s for attribute, tag and account commands (account_import 200/s), batch 30/s.
   * push and revoke are governed by `pushIntervalMs` / `revokeIntervalMs` instead.
   */
  readonly rates?: Partial<Record<EndpointKey, RateOverride>>
}

/** Options of `createEmulator`. */
export interface EmulatorOptions {
  /** The emulated apps (at least one). */
  readonly apps: ReadonlyArray<EmulatorApp>
  /**
   * The clock, in epoch MILLISECONDS (like `Date.now`, which is the default). UserSig times are
   * seconds; the emulator converts. `advanceClock(ms)` adds to whatever this returns.
   */
  readonly now?: () => number
  /** Overrides of the documented limits (call rates, quotas, account cap). */
  readonly limits?: EmulatorLimits
  /** Fault injection; off unless `rate` or `script` is given. */
  readonly faults?: FaultOptions<EndpointKey>
  /** `TagsNot` semantics: `"any"` (default) = not (C or D); `"all"` = not (C and D). */
  readonly tagsNot?: TagsNotMode
  /**
   * How long a `MsgRandom` de-duplicates a repeated push (or batch) in the same app: the repeat
   * gets the first call's TaskId and creates nothing. Default 1000 ms (the newer doc revision:
   * "within one second"); set 7 days to emulate the older "same task for 7 days" revision.
   */
  readonly msgRandomWindowMs?: number
  /** Recipients kept per push task (the first ones in import order). Default 100. */
  readonly recipientSampleSize?: number
  /**
   * Serve the inspection API under `/__emulator/` (default true), with its access rules: only
   * loopback `Host` names (plus `hosts`), never cross-origin, writes as JSON, and the `token`
   * when one is given (see `InspectionOptions` and docs/emulator.md). `false` turns it off.
   */
  readonly inspection?: boolean | InspectionOptions
  /**
   * Largest REST request body, in bytes (default 1 MiB, about three times the largest
   * legitimate one). A larger body gets HTTP 413 without being read past the cap.
   */
  readonly maxBodyBytes?: number
  /**
   * How far in the future a UserSig's issue time (`TLS.time`) may lie, in seconds, before the
   * emulator refuses it (70003). Default 300: a signer whose clock is minutes ahead is accepted,
   * one a day ahead is a bug to find in tests. The official verifiers do not check this.
   */
  readonly userSigClockSkewSeconds?: number
  /**
   * The console, a web page at `/__emulator/ui` to watch and drive the emulator (default on
   * whenever the inspection API is; it follows the same access rules), and its bookkeeping on
   * the REST path: durations, per-endpoint counters and the bodies of recent calls within
   * `keepBodies`. `false` turns both off.
   */
  readonly console?: boolean | ConsoleOptions
  /** Request-log entries kept (oldest dropped first). Default 100000. */
  readonly requestLogLimit?: number
  /**
   * Require `random` (uint32) and `contenttype=json` in the URL (60002 otherwise). Default true:
   * stricter than the service may be, so clients send the documented URL.
   */
  readonly strictQuery?: boolean
  /** Reject UserIDs starting with `@TLS#`, `@TGS#` or `@TIM#` (70402). Default true. */
  readonly rejectReservedUserIds?: boolean
  /**
   * What happens to each recipient of a push: online share, send and delivery failures, clicks,
   * and when each stage happens. Callbacks, statistics, loss and traces all read it. Defaults in
   * `PushSimulationOptions`; see docs/emulator.md ("Simulated deliveries").
   */
  readonly pushSimulation?: PushSimulationOptions
  /**
   * Send `Push.AllMemberPush` callbacks for every push and batch task to an app's callback URL,
   * signed with its token, as Tencent does (docs/emulator.md, "Callbacks from the emulator").
   * Off when absent.
   */
  readonly callbacks?: CallbackOptions
}

/** Every limit filled in. */
export interface ResolvedLimits {
  readonly dailyPushQuota: number
  readonly pushIntervalMs: number
  readonly quotaUtcOffsetMinutes: number
  readonly revokeWindowMs: number
  readonly revokeIntervalMs: number
  readonly tagsPerUser: number
  readonly distinctTagsPerApp: number
  readonly schedLockMs: number
  readonly rates: Partial<Record<EndpointKey, RateOverride>>
}

export const resolveLimits = (l: EmulatorLimits = {}): ResolvedLimits => ({
  dailyPushQuota: l.dailyPushQuota ?? 100,
  pushIntervalMs: l.pushIntervalMs ?? 1000,
  quotaUtcOffsetMinutes: l.quotaUtcOffsetMinutes ?? 480,
  revokeWindowMs: l.revokeWindowMs ?? 24 * 3600 * 1000,
  revokeIntervalMs: l.revokeIntervalMs ?? 1000,
  tagsPerUser: l.tagsPerUser ?? 100,
  distinctTagsPerApp: l.distinctTagsPerApp ?? 1000,
  schedLockMs: l.schedLockMs ?? 60_000,
  rates: l.rates ?? {},
})

/** Everything handlers read, with defaults filled in. */
export interface ResolvedSettings {
  readonly limits: ResolvedLimits
  readonly tagsNot: TagsNotMode
  readonly msgRandomWindowMs: number
  readonly recipientSampleSize: number
  readonly rejectReservedUserIds: boolean
  readonly simulation: ResolvedSimulation
  /** Whether push tasks send callbacks (a callback URL is configured). */
  readonly callbacks: boolean
}

export const resolveSettings = (o: EmulatorOptions): ResolvedSettings => ({
  limits: resolveLimits(o.limits),
  tagsNot: o.tagsNot ?? "any",
  msgRandomWindowMs: o.msgRandomWindowMs ?? 1000,
  recipientSampleSize: o.recipientSampleSize ?? 100,
  rejectReservedUserIds: o.rejectReservedUserIds ?? true,
  simulation: resolveSimulation(o.pushSimulation),
  callbacks: o.callbacks !== undefined,
})
