/**
 * Every catalogue command on every family that offers it, through the client's `call` escape
 * hatch, against the failures that apply to every command: success, a body that is not JSON
 * (the row's `invalidJsonCode`), a non-admin identifier (90009, or 70403 on account APIs), a
 * wrong key (70009), and its call-rate limit (60007; push: 90024, revoke: 90051).
 */
import { endpointKeys, endpoints, formatSchedTime, pathOf } from "../../../src/api/mod.ts"
import type { Endpoint, EndpointKey, Family, WireRequestOf } from "../../../src/api/mod.ts"
import type { RateOverride } from "../../../src/emulator/mod.ts"
import type { Harness } from "../harness.ts"
import { apiError } from "./expect.ts"
import type { E2E } from "./fixture.ts"
import { APP, offline, text, withE2E } from "./fixture.ts"

const inAnHour = (e: E2E): string => formatSchedTime(e.em.now() + 3_600_000)
/** The newest pending scheduled task (0 when there is none: the service answers 90104). */
const pendingTask = (e: E2E): number => e.em.scheduledTasks().filter((t) => t.status === "pending").at(-1)?.TaskID ?? 0
/** The day around the emulator clock, in unix seconds. */
const aDay = (e: E2E) => ({ StartTime: Math.floor(e.em.now() / 1000) - 43_200, EndTime: Math.floor(e.em.now() / 1000) + 43_200 })

/** A valid wire body per command (valid once `prepare` ran). */
const bodies: { readonly [K in EndpointKey]: (e: E2E, family: Family) => WireRequestOf<K> } = {
  set_attr_name: () => ({ AttrNames: { "1": "plan" } }),
  get_attr_name: () => ({}),
  get_attr: () => ({ To_Account: ["a"] }),
  set_attr: () => ({ UserAttrs: [{ To_Account: "a", Attrs: { city: "sz" } }] }),
  remove_attr: () => ({ UserAttrs: [{ To_Account: "a", Attrs: ["city"] }] }),
  get_tag: () => ({ To_Account: ["a"] }),
  add_tag: () => ({ UserTags: [{ To_Account: "a", Tags: ["vip"] }] }),
  remove_tag: () => ({ UserTags: [{ To_Account: "a", Tags: ["vip"] }] }),
  clear_all_tags: () => ({ To_Account: ["a"] }),
  // A fresh MsgRandom per call: a repeat within 1 s would be answered as a duplicate.
  push: (e) => ({ MsgRandom: e.em.countRequests({ endpoint: "push" }) + 1, MsgBody: text("hi") }),
  revoke: (e) => ({ TaskId: e.em.tasks().find((x) => x.recalledAt === undefined)?.TaskId ?? "none" }),
  batch: () => ({ From_Account: "administrator", To_Account: ["a"], MsgRandom: 2, OfflinePushInfo: offline }),
  account_import: () => ({ UserID: "b" }),
  multiaccount_import: () => ({ AccountList: [{ UserID: "c" }] }),
  account_delete: () => ({ DeleteItem: [{ UserID: "c" }] }),
  account_check: () => ({ CheckItem: [{ UserID: "a" }] }),
  add_sched_task: (e) => ({ Sdkappid: APP.sdkAppId, Type: "All", SchedAt: inAnHour(e), Content: { OfflinePushInfo: offline } }),
  modify_sched_task: (e) => ({ Sdkappid: APP.sdkAppId, TaskID: pendingTask(e), Type: "All", SchedAt: inAnHour(e) }),
  delete_sched_task: (e) => ({ Sdkappid: APP.sdkAppId, TaskID: pendingTask(e), Type: "All" }),
  get_sched_task: (e) => ({ Sdkappid: APP.sdkAppId, TaskID: pendingTask(e) }),
  list_sched_task: () => ({ Sdkappid: APP.sdkAppId, Offset: 0, Want: 10, OrderBy: "createAt", Asc: true }),
  all_member_push_statistics: (e) => ({ ...aDay(e), TaskID: [] }),
  all_member_push_loss: (e) => ({ ...aDay(e), TaskID: [] }),
  all_member_push_trace: (e) => ({ TaskID: e.em.tasks()[0]?.TaskId ?? "none", UserID: "a" }),
  normal_push_statistics: (e) => aDay(e),
  normal_push_loss: (e) => aDay(e),
  normal_push_trace: () => ({ PushID: "none" }),
}

/**
 * Two scheduled tasks (timpush only), so one is left for get_sched_task after delete_sched_task
 * removed one; a second apart, for the rate-limit run.
 */
const addSchedTasks = async (e: E2E, family: Family): Promise<void> => {
  if (family !== "timpush") return
  for (let i = 0; i < 2; i++) {
    await e.chat.call("add_sched_task", bodies.add_sched_task(e, "timpush"))
    e.em.advanceClock(1_001)
  }
}

const prepare = async (e: E2E, family: Family): Promise<void> => {
  await e.chat.setAttrNames({ "0": "city" })
  await e.chat.importAccounts([{ userId: "a" }])
  await addSchedTasks(e, family)
  e.em.clearRequests()
}

const families: ReadonlyArray<Family> = ["timpush", "all_member_push"]

export const registerMatrix = (t: Harness): void => {
  for (const family of families) {
    const keys = endpointKeys.filter((k) => pathOf(k, family) !== undefined)

    t.test(`every command (${family}): success, not JSON, non-admin, wrong key`, () =>
      withE2E({ client: { family } }, async (e) => {
        await prepare(e, family)
        const alice = e.client({ adminId: "alice", family })
        const wrongKey = e.client({ secretKey: "e".repeat(64), family })
        for (const key of keys) {
          const row = endpoints[key] as Endpoint
          const call = (c = e.chat) => c.call(key, bodies[key](e, family) as never)
          if (key === "push") e.nextSecond()
          await call()
          t.equal(e.em.requests({ endpoint: key }).at(-1)?.code, 0, `${key}: success`)
          e.tamperNext({ body: "{not json" })
          await apiError(t, () => call(), row.invalidJsonCode, key)
          await apiError(t, () => call(alice), row.area === "accounts" ? 70403 : 90009, key)
          await apiError(t, () => call(wrongKey), 70009, key)
          t.equal(e.em.requests({ endpoint: key }).every((r) => r.family === (row.area === "accounts" ? "timpush" : family)), true, `${key}: family`)
        }
      }))

    t.test(`every command (${family}): its call-rate limit (60007; push 90024, revoke 90051)`, () => {
      const rates: Partial<Record<EndpointKey, RateOverride>> = {}
      for (const k of endpointKeys) rates[k] = { limit: 1, windowMs: 1_000 }
      return withE2E({ client: { family }, emulator: { limits: { rates } } }, async (e) => {
        await e.chat.call("set_attr_name", { AttrNames: { "0": "city" } })
        await e.chat.call("multiaccount_import", { AccountList: [{ UserID: "a" }] })
        await addSchedTasks(e, family)
        e.em.advanceClock(1_001)
        for (const key of keys) {
          const call = () => e.chat.call(key, bodies[key](e, family) as never)
          if (key === "revoke") {
            // A second task, so the second recall is not "already recalled" (90050).
            e.nextSecond()
            await e.chat.call("push", bodies.push(e, family))
          }
          await call()
          const code = key === "push" ? 90024 : key === "revoke" ? 90051 : 60007
          // push and batch are never retried; the others would be, but retries are off here.
          await apiError(t, call, code, key)
        }
      })
    })
  }
}
