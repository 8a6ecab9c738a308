/**
 * Renders the demo report as plain text: steps, read-back, push tasks with their conditions and
 * audiences, calls made, the rejected requests, and the time taken. No secrets: only the app id
 * and the admin's UserID are printed.
 */
import type { DemoReport } from "./flow.ts"
import { ms, n, table } from "./table.ts"
import type { Target } from "./target.ts"

export const header = (target: Target, users: number, seed: number): string =>
  [
    "tencent-chat-push demo",
    `  target:  ${target.where}`,
    `  app:     ${target.sdkAppId}, admin "${target.adminId}" (the secret key is never printed)`,
    `  sample:  ${n(users)} users, seed ${seed}`,
    "",
    "",
  ].join("\n")

export const render = (target: Target, r: DemoReport): string => {
  const out: Array<string> = []
  out.push("Steps")
  out.push(table(["#", "step", "result", "calls", "time"], r.steps.map((s, i) => [i + 1, s.title, s.detail, s.calls, ms(s.ms)])))
  out.push("")
  out.push("Read back")
  out.push(table(["user", "attributes", "tags", "as written"], r.readBack.map((u) => [u.userId, u.attrs, u.tags, u.matches ? "yes" : "NO"])))
  out.push("")
  out.push(`Push tasks (push spacing: ${target.spacing})`)
  out.push(table(
    ["push", "condition", "task id", "audience", "expected"],
    r.pushes.map((p) => [
      p.label,
      p.condition,
      p.taskId ?? (p.skipped !== undefined ? "(skipped)" : "(failed)"),
      p.audience !== undefined ? n(p.audience) : p.taskId !== undefined ? "n/a" : "",
      `${n(p.expected)}${p.audience === undefined ? "" : p.audience === p.expected ? " ✓" : " ✗"}`,
    ]),
  ))
  for (const p of r.pushes) {
    if (p.skipped !== undefined) out.push(`  ${p.label}: skipped: ${p.skipped}`)
    if (p.error !== undefined) out.push(`  ${p.label}: ${p.error}`)
  }
  if (target.kind === "live" && r.pushes.some((p) => p.taskId !== undefined)) {
    out.push("  (the service does not report audience sizes; \"expected\" counts the sample users that match)")
  }
  out.push("")
  const l = r.lifecycle
  if (l !== undefined) {
    out.push("Scheduled push, callbacks and statistics (callbacks verified by createCallbackHandler, in-process)")
    out.push(table(
      ["scheduled task", "SchedAt (UTC)", "status", "push task", "audience"],
      [[l.schedTaskId, l.schedAt, `${l.statusBefore} → ${l.statusAfter}`, l.pushTaskId || "(none)", n(l.audience)]],
    ))
    out.push(table(
      ["", "recipients", "sent", "delivered", "clicked"],
      [
        ["callbacks received", n(l.received.sent), n(l.received.sentOk), n(l.received.deliveredOk), n(l.received.clicked)],
        ["all_member_push_statistics", n(l.statistics.TotalCount), n(l.statistics.SentCount), n(l.statistics.DeliveredCount), n(l.statistics.ClickCount)],
      ],
    ))
    out.push(`  ${n(l.callbackRequests)} signed callback requests in all (every push of this run); statistics and callbacks ${l.agree ? "agree ✓" : "DISAGREE ✗"}`)
    out.push("")
  }
  const calls = target.calls()
  out.push(`Calls made (from ${target.callsSource})`)
  out.push(table(
    ["endpoint", "calls", "ok", "failed (code)"],
    [
      ...calls.map((c) => [c.endpoint, c.calls, c.ok, c.failures.join(", ")]),
      ["total", calls.reduce((s, c) => s + c.calls, 0), calls.reduce((s, c) => s + c.ok, 0), ""],
    ],
  ))
  out.push("")
  out.push("Rejected requests")
  for (const rej of r.rejections) {
    out.push(`  ${rej.call}`)
    rej.lines.forEach((l, i) => out.push(`    ${i === 0 ? "→ " : "  "}${l}`))
  }
  out.push("")
  const clock = target.clockAdvancedMs()
  out.push(`Time taken: ${ms(r.totalMs)} (wall clock)${clock > 0 ? `; emulator clock moved ${ms(clock)} (push spacing, the scheduled push and its callbacks)` : ""}.`)
  if (r.problems.length > 0) {
    out.push("")
    out.push("PROBLEMS")
    for (const p of r.problems) out.push(`  - ${p}`)
  }
  return out.join("\n")
}
