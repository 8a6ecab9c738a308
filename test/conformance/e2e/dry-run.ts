/**
 * Dry runs end to end: `dryRun: true` on push, pushToUsers and the schedule methods reaches
 * nothing (the emulator's request log stays empty, no task appears), fails locally as the real
 * call would, and returns requests the service accepts: each returned body, sent afterwards
 * with `call`, is answered OK by the emulator.
 */
import type { PromiseClient } from "../../../src/client/mod.ts"
import type { Harness } from "../harness.ts"
import { requestError } from "./expect.ts"
import { ids, offline, text, withE2E } from "./fixture.ts"

const seed = async (chat: PromiseClient): Promise<void> => {
  await chat.importAccounts(ids(3).map((userId) => ({ userId })))
  await chat.addUserTags([{ userId: "u0", tags: ["vip"] }])
}

export const registerDryRun = (t: Harness): void => {
  t.test("dry run: push and pushToUsers send nothing; the returned bodies are accepted when sent", () =>
    withE2E({}, async ({ chat, em, nextSecond }) => {
      await seed(chat)
      const before = em.countRequests()
      const p = await chat.push({ condition: { tagsOr: ["vip"] }, message: text("hi"), dryRun: true })
      const b = await chat.pushToUsers({ from: "administrator", userIds: ids(3), offlinePush: offline, dryRun: true })
      t.equal(em.countRequests(), before, "a dry run reaches nothing")
      t.equal(em.tasks().length, 0)
      t.equal([p.dryRun, p.requests.length, p.requests[0]!.endpoint], [true, 1, "push"])
      t.equal(b.requests.map((r) => [r.endpoint, r.body.To_Account]), [["batch", ids(3)]])
      t.ok(p.requests[0]!.url.endsWith("/v4/timpush/push") && !p.requests[0]!.url.includes("?"))

      const sent = await chat.call("push", p.requests[0]!.body)
      t.equal(em.task(sent.TaskId!)?.audienceSize, 1)
      nextSecond()
      const batch = await chat.call("batch", b.requests[0]!.body)
      t.ok((batch.TaskId ?? "").length > 0)
      t.equal(em.tasks().length, 2)
    }))

  t.test("dry run: every local check still runs (rule violations fail before anything is sent)", () =>
    withE2E({}, async ({ chat, em }) => {
      await requestError(t, em, () => chat.push({ condition: { tagsOr: ["a"], attrsAnd: { city: "x" } }, message: text("x"), dryRun: true }), {
        endpoint: "push",
        field: "Condition",
        rule: "condition_mixed",
      })
      await requestError(t, em, () => chat.pushToUsers({ from: "administrator", userIds: [], offlinePush: offline, dryRun: true }), {
        endpoint: "batch",
        field: "To_Account",
        rule: "min_accounts",
      })
    }))
}
