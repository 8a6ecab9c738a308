/**
 * The soak report as text: what ran, the faults injected, how the client coped, and every
 * invariant with its verdict.
 */
import type { SoakReport } from "./soak.ts"

const n = (x: number): string => x.toLocaleString("en-US")
const pct = (part: number, whole: number): string => (whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(1)}%`)

export const renderSoak = (r: SoakReport): string => {
  const o = r.options
  const faultsTotal = Object.values(r.faults).reduce((s, x) => s + x, 0)
  const okPushes = r.pushes.filter((p) => p.outcome === "ok").length
  const unknown = r.pushes.filter((p) => p.outcome === "unknown").length
  const apiErrors = r.pushes.filter((p) => p.outcome === "api-error").length
  const lines = [
    `soak: seed ${o.seed}, ${n(o.accounts)} accounts, fault rate ${o.faultRate * 100}% of requests (every kind, every command)`,
    `      client timeout ${o.timeoutMs} ms, injected delay ${o.delayMs} ms, ${o.retries} retries with 1–4 ms backoff`,
    "",
    `account operations  ${n(r.ops)} in ${n(r.calls)} calls: ${Object.entries(r.opsByKind).map(([k, v]) => `${k} ${n(v)}`).join(", ")}`,
    `pushes              ${r.pushes.length}: ${okPushes} ok, ${unknown} outcome unknown (${r.unknownLanded} landed, ${r.unknownNotLanded} not), ${apiErrors} ErrorCode`,
    `HTTP requests       ${n(r.requests)} (${Object.entries(r.requestsByEndpoint).map(([k, v]) => `${k} ${n(v)}`).join(", ")})`,
    `faults injected     ${n(faultsTotal)} (${pct(faultsTotal, r.requests)}): ${Object.entries(r.faults).map(([k, v]) => `${k} ${n(v)}`).join(", ")}`,
    `retries             ${n(r.retries)}${r.spuriousTimeouts > 0 ? `; ${n(r.spuriousTimeouts)} timeouts beyond the injected delays` : ""}`,
    `failures reported   ${n(r.failedOpsTotal)} account operations (${pct(r.failedOpsTotal, r.ops)})${r.failedOpsTotal > 0 ? `: ${Object.entries(r.failedOps).map(([k, v]) => `${k} ${n(v)}`).join(", ")}` : ""}; ${r.rejectedCalls} calls rejected as a whole`,
    `accounts            ${n(r.uncertainAccounts)} end with a key made uncertain by a reported failure (${n(r.uncertainAndDifferent)} of them really differ from the intended state)`,
    `time                ${(r.ms / 1000).toFixed(1)} s`,
    "",
    "invariants",
    `  final state = intended on every key not reported failed ........... ${r.violations.some((v) => v.startsWith("account ")) ? "FAIL" : "ok"} (${n(o.accounts)} accounts, ${n(o.accounts - r.uncertainAccounts)} of them on every key)`,
    `  reads return the state intended when issued ........................ ${r.violations.some((v) => v.startsWith("read ")) ? "FAIL" : "ok"} (${n(r.readsChecked)} reads compared)`,
    `  push tasks = ok pushes + unknown that landed; no duplicate MsgRandom  ${r.violations.some((v) => v.startsWith("MsgRandom") || v.includes("tasks")) ? "FAIL" : "ok"} (${r.tasks} tasks = ${okPushes} + ${r.unknownLanded})`,
    `  every push sent exactly once; failed pushes created nothing ........ ${r.violations.some((v) => v.includes("retried") || v.includes("but created")) ? "FAIL" : "ok"}`,
    `  audiences within [certain matches, + uncertain accounts] ........... ${r.violations.some((v) => v.includes("audience")) ? "FAIL" : "ok"}`,
  ]
  if (r.violations.length > 0) {
    lines.push("", `VIOLATIONS (${r.violations.length})`)
    for (const v of r.violations.slice(0, 20)) lines.push(`  - ${v}`)
    if (r.violations.length > 20) lines.push(`  ... and ${r.violations.length - 20} more`)
  }
  return lines.join("\n")
}
