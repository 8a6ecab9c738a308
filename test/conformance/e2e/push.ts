/**
 * push (to all / by tag / by attribute), revoke and batch (`pushToUsers`), end to end: audience
 * sizes as the emulator resolved them, every documented push code the emulator produces, the
 * MsgRandom de-duplication, and pushes whose outcome is unknown (never retried, reconciled by
 * MsgRandom against the emulator's task list).
 */
import type { Family } from "../../../src/api/mod.ts"
import type { PromiseClient, PushCondition } from "../../../src/client/mod.ts"
import type { Emulator } from "../../../src/emulator/mod.ts"
import type { Harness } from "../harness.ts"
import { accountFailed, apiError, outcomeUnknown, requestError, resultOf } from "./expect.ts"
import { APP, ids, offline, text, withE2E } from "./fixture.ts"

const families: ReadonlyArray<Family> = ["timpush", "all_member_push"]

/** u0..u9: "even" on even i, "three" on i % 3 == 0; city bj for i < 5 else sz; u0 plan pro. */
const seed = async (chat: PromiseClient): Promise<void> => {
  await chat.setAttrNames({ "0": "city", "1": "plan" })
  await chat.importAccounts(ids(10).map((userId) => ({ userId })))
  await chat.addUserTags(ids(10).map((userId, i) => ({
    userId,
    tags: [...(i % 2 === 0 ? ["even"] : []), ...(i % 3 === 0 ? ["three"] : []), "all"],
  })))
  await chat.setUserAttrs(ids(10).map((userId, i) => ({ userId, attrs: { city: i < 5 ? "bj" : "sz" } })))
  await chat.setUserAttrs([{ userId: "u0", attrs: { plan: "pro" } }])
}

const audience = (em: Emulator, taskId: string): { size: number; sample: Array<string> } => {
  const task = em.task(taskId)
  if (task === undefined) throw new Error(`no task ${taskId}`)
  return { size: task.audienceSize, sample: [...task.recipientSample] }
}

export const registerPush = (t: Harness): void => {
  for (const family of families) {
    t.test(`push (${family}): to everyone, by tag and by attribute; audiences as resolved by the emulator`, () =>
      withE2E({ client: { family } }, async ({ chat, em, nextSecond }) => {
        await seed(chat)
        const cases: Array<[PushCondition | undefined, Array<string>]> = [
          [undefined, ids(10)],
          [{ tagsOr: ["even"] }, ["u0", "u2", "u4", "u6", "u8"]],
          [{ tagsAnd: ["even", "three"] }, ["u0", "u6"]],
          [{ attrsAnd: { city: "bj" } }, ["u0", "u1", "u2", "u3", "u4"]],
          [{ attrsOr: { city: "sz", plan: "pro" } }, ["u0", "u5", "u6", "u7", "u8", "u9"]],
          ...(family === "timpush" ? [[{ tagsOr: ["even"], tagsNot: ["three"] }, ["u2", "u4", "u8"]] as [PushCondition, Array<string>]] : []),
        ]
        for (const [condition, expected] of cases) {
          nextSecond()
          const r = await chat.push({ ...(condition ? { condition } : {}), message: text("hello") })
          t.ok(r.taskId.length > 0 && Number.isInteger(r.msgRandom))
          t.equal(audience(em, r.taskId), { size: expected.length, sample: expected }, JSON.stringify(condition))
          t.equal(em.task(r.taskId)?.MsgRandom, r.msgRandom)
        }
        t.equal(em.tasks().length, cases.length)
        t.equal(em.requests({ endpoint: "push" }).every((r) => r.family === family), true)
      }))

    t.test(`push (${family}): more than 1 s apart (90024), daily quota (90047), undefined attribute (90033)`, () =>
      withE2E({ client: { family }, emulator: { limits: { dailyPushQuota: 2 } } }, async ({ chat, em, nextSecond }) => {
        await seed(chat)
        await chat.push({ message: text("1") })
        await apiError(t, () => chat.push({ message: text("2") }), 90024, "push")
        em.advanceClock(1_000)
        await apiError(t, () => chat.push({ message: text("2") }), 90024, "push")
        em.advanceClock(1)
        await chat.push({ message: text("2") })
        nextSecond()
        await apiError(t, () => chat.push({ message: text("3") }), 90047, "push")
        await apiError(t, () => chat.push({ condition: { attrsAnd: { nope: "x" } }, message: text("4") }), 90033, "push")
        t.equal(em.tasks().length, 2)
      }))
  }

  t.test("push: rules the client checks locally; sent anyway, the service answers the documented code", () =>
    withE2E({}, async ({ chat, em, tamperNext, nextSecond }) => {
      await seed(chat)
      await requestError(t, em, () => chat.push({ condition: { tagsOr: ["even"], attrsAnd: { city: "bj" } }, message: text("x") }), {
        endpoint: "push",
        field: "Condition",
        rule: "condition_mixed",
        code: 90039,
      })
      const send = (body: Record<string, unknown>) => {
        nextSecond()
        tamperNext({ body: { MsgRandom: 1, MsgBody: text("x"), ...body } })
        return chat.push({ message: text("x") })
      }
      const cases: Array<[Record<string, unknown>, number]> = [
        [{ Condition: { TagsOr: ["even"], AttrsAnd: { city: "bj" } } }, 90039],
        [{ Condition: { TagsAnd: ["even"], TagsOr: ["even", "three"] } }, 90022],
        [{ Condition: { TagsOr: ids(11, "t") } }, 90032],
        [{ Condition: { TagsOr: ["x".repeat(51)] } }, 90020],
        [{ Condition: { TagsOr: [""] } }, 90040],
        [{ MsgLifeTime: 604_801 }, 90026],
        [{ MsgLifeTime: 1.5 }, 90044],
        [{ MsgRandom: -1 }, 90005],
        [{ MsgBody: [{ MsgType: "TIMNoSuchElem", MsgContent: {} }] }, 90010],
        [{ MsgBody: "hello" }, 90007],
        [{ MsgBody: text("x".repeat(11_000)) }, 90056],
        [{ DataId: "d".repeat(65) }, 90057],
        [{ Condition: "everyone" }, 90001],
      ]
      for (const [body, code] of cases) await apiError(t, () => send(body), code, "push")
      t.equal(em.tasks().length, 0, "no rejected push created a task")
    }))

  t.test("push (all_member_push): MsgBody is required (90002) and TagsNot is not supported (90001)", () =>
    withE2E({ client: { family: "all_member_push" } }, async ({ chat, em, tamperNext, nextSecond }) => {
      await seed(chat)
      await requestError(t, em, () => chat.push({}), { endpoint: "push", field: "MsgBody", rule: "msg_body_required", code: 90002 })
      await requestError(t, em, () => chat.push({ condition: { tagsNot: ["even"] }, message: text("x") }), {
        endpoint: "push",
        field: "Condition.TagsNot",
        rule: "tags_not_legacy",
        code: 90001,
      })
      nextSecond()
      tamperNext({ body: { MsgRandom: 1 } })
      await apiError(t, () => chat.push({ message: text("x") }), 90002, "push")
      tamperNext({ body: { MsgRandom: 1, MsgBody: text("x"), Condition: { TagsNot: ["even"] } } })
      await apiError(t, () => chat.push({ message: text("x") }), 90001, "push")
    }))

  t.test("push/batch: an app without push enabled gets 90045", () =>
    withE2E({ emulator: { apps: [{ ...APP, pushEnabled: false }] } }, async ({ chat }) => {
      await chat.importAccounts([{ userId: "u0" }])
      await apiError(t, () => chat.push({ message: text("x") }), 90045, "push")
      await apiError(t, () => chat.pushToUsers({ from: "administrator", userIds: ["u0"], offlinePush: offline }), 90045, "batch")
    }))

  t.test("push: a repeated MsgRandom within the window answers the first TaskId and creates nothing", () =>
    withE2E({}, async ({ chat, em, nextSecond }) => {
      await seed(chat)
      const a = await chat.push({ message: text("x"), msgRandom: 4242 })
      const b = await chat.push({ message: text("x"), msgRandom: 4242 })
      t.equal(b.taskId, a.taskId)
      t.equal(em.tasks().length, 1)
      nextSecond()
      const c = await chat.push({ message: text("x"), msgRandom: 4242 })
      t.ok(c.taskId !== a.taskId, "after the 1 s window the same MsgRandom is a new task")
    }))

  t.test("push: an unknown outcome is reported as such, never retried, and reconciles by MsgRandom", () =>
    withE2E({ client: { retry: { times: 3, baseDelay: 1 }, timeout: 100 }, emulator: { faults: { delayMs: 2_000 } } }, async ({ chat, em, nextSecond }) => {
      await seed(chat)
      // Executed-then-lost (drop, delay, truncated-json) vs not executed (http-502).
      const faults = [["drop", "connection", 1], ["delay", "timeout", 1], ["truncated-json", "undecodable", 1], ["http-502", "http-status", 0]] as const
      for (const [fault, kind, created] of faults) {
        nextSecond()
        em.faults.script("push", fault)
        const before = em.countRequests({ endpoint: "push" })
        const e = await outcomeUnknown(t, () => chat.push({ message: text(fault) }), { endpoint: "push", kind })
        t.equal(em.countRequests({ endpoint: "push" }) - before, 1, `${fault}: a push is sent exactly once`)
        t.equal(em.tasks().filter((x) => x.MsgRandom === e.msgRandom).length, created, `${fault}: tasks with its MsgRandom`)
      }
      nextSecond()
      em.faults.script("push", "error-91000")
      const e = await apiError(t, () => chat.push({ message: text("x") }), 91000, "push")
      t.ok(e.retryable, "91000 is retryable by the code table...")
      t.equal(em.countRequests({ endpoint: "push", code: 91000 }), 1, "...but a push is never retried automatically")
    }))

  t.test("revoke: recall within the window; 90049 unknown, 90050 twice, 90051 faster than 1/s, 90052 too old", () =>
    withE2E({ emulator: { limits: { revokeWindowMs: 60_000 } } }, async ({ chat, em, nextSecond }) => {
      await seed(chat)
      const a = await chat.push({ message: text("a") })
      nextSecond()
      const b = await chat.push({ message: text("b") })
      nextSecond()
      const c = await chat.push({ message: text("c") })
      await chat.revokePush(a.taskId)
      t.ok(em.task(a.taskId)?.recalledAt !== undefined)
      await apiError(t, () => chat.revokePush(b.taskId), 90051, "revoke")
      nextSecond()
      await apiError(t, () => chat.revokePush(a.taskId), 90050, "revoke")
      await apiError(t, () => chat.revokePush("no-such-task"), 90049, "revoke")
      await chat.revokePush(b.taskId)
      em.advanceClock(61_000)
      await apiError(t, () => chat.revokePush(c.taskId), 90052, "revoke")
      await requestError(t, em, () => chat.revokePush(""), { endpoint: "revoke", field: "TaskId", rule: "task_id_empty", code: 90049 })
    }))

  t.test("revoke is retry-safe: a 91000 is retried and the recall happens once", () =>
    withE2E({ client: { retry: { times: 2, baseDelay: 1 } } }, async ({ chat, em }) => {
      await seed(chat)
      const a = await chat.push({ message: text("a") })
      em.faults.script("revoke", "error-91000")
      await chat.revokePush(a.taskId)
      t.equal(em.requests({ endpoint: "revoke" }).map((r) => r.code), [91000, 0])
    }))

  t.test("revoke/batch (all_member_push): timpush-only commands are refused locally", () =>
    withE2E({ client: { family: "all_member_push" } }, async ({ chat, em }) => {
      await requestError(t, em, () => chat.revokePush("task"), { endpoint: "revoke", field: "family", rule: "unsupported_family" })
      await requestError(t, em, () => chat.pushToUsers({ from: "administrator", userIds: ["u0"], offlinePush: offline }), {
        endpoint: "batch",
        field: "family",
        rule: "unsupported_family",
      })
    }))

  t.test("batch: per-user results (70107 for unknown users), one task per 500 users, MsgRandom + i per request", () =>
    withE2E({}, async ({ chat, em }) => {
      const users = ids(600)
      await chat.importAccounts(users.map((userId) => ({ userId })))
      const small = await chat.pushToUsers({ from: "administrator", userIds: ["u1", "ghost", "u2"], offlinePush: offline })
      t.equal({ ok: small.successCount, failed: small.failureCount, tasks: small.tasks.length }, { ok: 2, failed: 1, tasks: 1 })
      accountFailed(t, small, "ghost", 70107)
      t.equal(resultOf(small, "u1"), { userId: "u1", ok: true, taskId: small.tasks[0]!.taskId })
      t.equal(em.task(small.tasks[0]!.taskId)?.audienceSize, 2)
      const big = await chat.pushToUsers({ from: "administrator", userIds: users, offlinePush: offline, msgRandom: 1000 })
      t.equal(big.successCount, 600)
      t.equal(big.tasks.map((x) => [x.msgRandom, x.recipients, em.task(x.taskId)?.audienceSize]), [[1000, 500, 500], [1001, 100, 100]])
    }))

  t.test("batch: local limits; sent anyway, 90057 long DataId, 90018 over 500, 90001 empty list or bad MsgRandom", () =>
    withE2E({}, async ({ chat, em, tamperNext }) => {
      await chat.importAccounts([{ userId: "u0" }])
      await requestError(t, em, () => chat.pushToUsers({ from: "administrator", userIds: ["u0"], offlinePush: offline, dataId: "d".repeat(65) }), {
        endpoint: "batch",
        field: "DataId",
        rule: "data_id_bytes",
        code: 90057,
      })
      const base = { From_Account: "administrator", To_Account: ["u0"], MsgRandom: 7, OfflinePushInfo: offline }
      const cases: Array<[Record<string, unknown>, number]> = [
        [{ DataId: "d".repeat(65) }, 90057],
        [{ To_Account: ids(501) }, 90018],
        [{ To_Account: [] }, 90001],
        [{ MsgRandom: "7" }, 90001],
      ]
      for (const [body, code] of cases) {
        tamperNext({ body: { ...base, ...body } })
        await apiError(t, () => chat.pushToUsers({ from: "administrator", userIds: ["u0"], offlinePush: offline }), code, "batch")
      }
      t.equal(em.tasks().length, 0)
    }))

  t.test("batch: a lost answer is an unknown outcome carrying the MsgRandom; the task exists", () =>
    withE2E({ client: { retry: { times: 3, baseDelay: 1 } } }, async ({ chat, em }) => {
      await chat.importAccounts([{ userId: "u0" }])
      em.faults.script("batch", "drop")
      const e = await outcomeUnknown(t, () => chat.pushToUsers({ from: "administrator", userIds: ["u0"], offlinePush: offline }), {
        endpoint: "batch",
        kind: "connection",
      })
      t.equal(em.countRequests({ endpoint: "batch" }), 1, "batch is never retried")
      t.equal(em.tasks().map((x) => x.MsgRandom), [e.msgRandom])
    }))
}
