/**
 * A local emulator of Tencent Cloud Chat's push and account REST APIs, as one runtime-neutral
 * `fetch` handler plus an inspection API. It checks the URL and the
 * admin UserSig like the service, enforces the documented request rules (the same catalogue
 * rules the client checks), keeps per-app state (accounts, attribute names, attributes, tags,
 * push tasks, quotas), resolves push audiences with indexes, and can inject faults.
 *
 * Serve it with one line: `Deno.serve(em.fetch)`, `Bun.serve({ fetch: em.fetch })`,
 * `export default { fetch: em.fetch }` (Workers), or `serve(em, { port })` from the Node-only
 * `src/node/serve.ts`. `em.fetch` is also a drop-in `fetch` (`em.fetch(url, init)`), so an
 * in-memory client is `createClient({ ..., fetch: em.fetch })`.
 *
 * @example
 * ```ts
 * import { createEmulator } from "tencent-chat-push/emulator"
 *
 * const em = createEmulator({ apps: [{ sdkAppId: 1400000000, secretKey: "key", admins: ["administrator"] }] })
 * const res = await em.fetch(new Request("http://emulator/v4/timpush/get_attr_name?sdkappid=1400000000&identifier=administrator&usersig=...&random=1&contenttype=json", { method: "POST", body: "{}" }))
 * console.log(await res.json()) // { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", AttrNames: {}, AttrTypes: {} }
 * console.log(em.countRequests({ endpoint: "get_attr_name" })) // 1
 * ```
 *
 * @module
 */
// The catalogue types the emulator's signatures use, so one import serves (they are also in `./api`).
export type { Condition, EndpointKey, Family, SchedType } from "../api/mod.ts"
// The callback event type the delivery log carries (also in `./callbacks`).
export type { AllMemberPushEventInit, PushPlatform, PushStage } from "../callbacks/mod.ts"
export { createEmulator } from "./emulator.ts"
export type {
  AccountView,
  CallbackFlushResult,
  CallbackSettingsView,
  Emulator,
  EmulatorCallbacks,
  FaultControl,
  ScheduledTaskView,
  TaskDeliveriesView,
  TaskStageView,
} from "./emulator.ts"
export type { CallbackDrive, CallbackFetch, CallbackOptions, CallbackRetry } from "./callback-options.ts"
export type { CallbackCounters, CallbackDeliveryFilter, CallbackDeliveryRecord, PendingCallbacks } from "./callback-delivery.ts"
export type { PushSimulationOptions } from "./outcomes.ts"
export type { SchedStatus, SchedTask } from "./sched-tasks.ts"
export type { CountTuple, DeliverySnapshot, StageNumber } from "./task-sim.ts"
export type { PlatformCounts, WireCounts } from "./push-stats.ts"
export type { EmulatorFetch } from "./http.ts"
export type { EmulatorApp, EmulatorLimits, EmulatorOptions, RateOverride } from "./options.ts"
export type { Fault, FaultKind, FaultOptions, FaultStep } from "./faults.ts"
export { faultKinds, isDroppedConnection } from "./faults.ts"
export type { PushTask } from "./app-state.ts"
export type { AppSnapshot } from "./app-state.ts"
export type { AccountSnapshot, TagsNotMode } from "./app-data.ts"
export type { EmulatorState } from "./snapshot.ts"
export type { RequestFilter, RequestLogEntry } from "./request-log.ts"
export { INSPECTION_PREFIX } from "./inspect.ts"
export { EmulatorInputError } from "./errors.ts"
export type { InspectionOptions } from "./guard.ts"
export { TOKEN_COOKIE } from "./guard.ts"
export type { StateExportOptions, StateFormat, StateImportOptions, StateImportSummary } from "./state-stream.ts"
export type { AppHeader } from "./app-state.ts"
export type { ConsoleOptions } from "./console/context.ts"
