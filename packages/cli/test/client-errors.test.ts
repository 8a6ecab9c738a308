import {
  ChatApiError,
  ChatConfigError,
  ChatPushOutcomeUnknown,
  ChatRateLimitError,
  ChatRequestError,
  ChatTransportError,
} from "tencent-chat-push/client"
import { describe, expect, it } from "vitest"
import { cliErrorOf, failureClassOf } from "../src/client-errors.ts"
import { ExitCode, ItemsFailedError, UsageError } from "../src/errors.ts"
import { abortFor } from "../src/import/senders.ts"

const api = (reason: ChatApiError["reason"], retryable = false) => new ChatApiError({ endpoint: "push", code: 60017, info: "x", reason, retryable })

/** What a one-shot command exits with, and what an import does, for one client error. */
const both = (e: unknown) => {
  const single = cliErrorOf(e, "push") as UsageError | ItemsFailedError
  const abort = abortFor(e)
  return { single: single.exitCode, import: abort === undefined ? "row fails" : abort.exitCode }
}

describe("one table for client errors (one-shot commands and imports)", () => {
  it("credentials: auth, permission and not_enabled exit 2 in both", () => {
    for (const reason of ["auth", "permission", "not_enabled"] as const) {
      expect(failureClassOf(api(reason)), reason).toBe("credentials")
      expect(both(api(reason)), reason).toEqual({ single: ExitCode.usage, import: ExitCode.usage })
    }
    expect(cliErrorOf(api("not_enabled"), "push").message).toContain("refused the credentials")
  })

  it("a refused request fails the command (exit 1) but only the rows of an import; a retryable code stops the import", () => {
    expect(both(api("invalid_request"))).toEqual({ single: ExitCode.itemsFailed, import: "row fails" })
    expect(both(api("rate_limited", true))).toEqual({ single: ExitCode.itemsFailed, import: ExitCode.itemsFailed })
    expect(cliErrorOf(api("rate_limited", true), "push").message).toContain("push: rejected:")
  })

  it("local checks and configuration are usage errors; transport and store failures stop an import with exit 1", () => {
    const request = new ChatRequestError({ endpoint: "add_tag", field: "UserTags[0].Tags[0]", rule: "tag_empty", detail: "empty" })
    expect(both(request)).toEqual({ single: ExitCode.usage, import: "row fails" })
    expect(both(new ChatConfigError({ field: "secretKey", detail: "missing" }))).toEqual({ single: ExitCode.usage, import: ExitCode.usage })
    const transport = new ChatTransportError({ endpoint: "add_tag", kind: "timeout", url: "https://x/", detail: "timeout", retryable: true })
    expect(both(transport)).toEqual({ single: ExitCode.itemsFailed, import: ExitCode.itemsFailed })
    const store = new ChatRateLimitError({ endpoint: "add_tag", kind: "store", detail: "down" })
    expect(both(store)).toEqual({ single: ExitCode.itemsFailed, import: ExitCode.itemsFailed })
  })

  it("a refused request names the command once and the service code it stands for", () => {
    const tag = new ChatRequestError({ endpoint: "push", field: "Condition.TagsAnd[0]", rule: "tag_bytes", code: 90020, detail: "too long" })
    expect(cliErrorOf(tag, "push").message).toBe("push: Condition.TagsAnd[0]: too long [tag_bytes] (service code 90020)")
    const noCode = new ChatRequestError({ endpoint: "add_sched_task", field: "SchedAt", rule: "time_value", detail: "bad" })
    expect(cliErrorOf(noCode, "schedule").message).toBe("schedule: add_sched_task: SchedAt: bad [time_value]")
  })

  it("an unknown push outcome exits 1 with the MsgRandom to resend with", () => {
    const unknown = new ChatPushOutcomeUnknown({ endpoint: "push", msgRandom: 42, kind: "timeout", detail: "timeout" })
    const e = cliErrorOf(unknown, "push")
    expect(e).toBeInstanceOf(ItemsFailedError)
    expect(e.message).toContain("OUTCOME UNKNOWN")
    expect(e.message).toContain("--msg-random 42")
  })
})
