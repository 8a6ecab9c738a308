/**
 * The shape of fault settings, checked wherever they enter (createEmulator's `faults`,
 * `em.faults.configure` / `script`, `POST /__emulator/faults`): an unusable value fails with
 * `EmulatorInputError` (400 over HTTP) instead of misbehaving later (a `delayMs` past Node's
 * timer range silently became 1 ms; a string script crashed the first call that used it).
 *
 * @module
 */
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import { endpointKeys } from "../api/mod.ts"
import { EmulatorInputError } from "./errors.ts"
import { faultKinds } from "./fault-kinds.ts"

/** The longest delay a timer can wait on every runtime (2^31 − 1 ms, about 24.8 days). */
export const MAX_DELAY_MS = 2_147_483_647

const opt = Schema.optionalKey
const Kind = Schema.Literals(faultKinds as ReadonlyArray<"drop">)
const DelayMs = Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: MAX_DELAY_MS }))
const Probability = Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 }))

const Fault = Schema.Struct({ kind: Kind, delayMs: opt(DelayMs), executed: opt(Schema.Boolean) })
const Step = Schema.Union([Schema.Literals([...faultKinds, "none"] as ReadonlyArray<"none">), Fault])
const Steps = Schema.Array(Step)

const perEndpoint = <S extends Schema.Top>(value: S, star: boolean) =>
  Schema.Struct(
    Object.fromEntries([...endpointKeys, ...(star ? ["*"] : [])].map((k) => [k, opt(value)])) as Record<string, Schema.optionalKey<S>>,
  )

const Options = Schema.Struct({
  seed: opt(Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 0, maximum: 0xffffffff }))),
  rate: opt(Schema.Union([Probability, perEndpoint(Probability, false)])),
  kinds: opt(Schema.Array(Kind)),
  delayMs: opt(DelayMs),
  script: opt(perEndpoint(Steps, true)),
})

const strict = { onExcessProperty: "error" } as const
const decodeOptions = SchemaParser.decodeUnknownResult(Options, strict)
const decodeSteps = SchemaParser.decodeUnknownResult(Steps, strict)
const format = SchemaIssue.makeFormatterDefault()

const check = (field: string, r: { _tag: "Success" } | { _tag: "Failure"; failure: SchemaIssue.Issue }): void => {
  if (r._tag === "Failure") {
    throw new EmulatorInputError(field, `invalid ${field}: ${format(r.failure).replace(/\s+/g, " ")}`)
  }
}

/** Throws `EmulatorInputError` unless `o` is usable fault settings. */
export const checkFaultOptions = (o: unknown): void =>
  check("faults", decodeOptions(o) as { _tag: "Success" } | { _tag: "Failure"; failure: SchemaIssue.Issue })

/** Throws `EmulatorInputError` unless `endpoint` is a catalogue key or "*" and `steps` are steps. */
export const checkFaultScript = (endpoint: unknown, steps: unknown): void => {
  if (typeof endpoint !== "string" || (endpoint !== "*" && !(endpointKeys as ReadonlyArray<string>).includes(endpoint))) {
    throw new EmulatorInputError("endpoint", `fault endpoint must be a catalogue key or "*", got ${JSON.stringify(endpoint)?.slice(0, 80)}`)
  }
  check("steps", decodeSteps(steps) as { _tag: "Success" } | { _tag: "Failure"; failure: SchemaIssue.Issue })
}
