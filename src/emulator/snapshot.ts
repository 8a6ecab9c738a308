/**
 * The JSON form of the emulator's state (`exportState` / `importState`, and
 * `GET`/`PUT /__emulator/state`). It holds app DATA only: the apps themselves (SDKAppID, secret
 * key, admins) come from the options, so a saved state never contains a secret. Rate windows,
 * MsgRandom memory, faults, the request log and the clock are not part of it. Scheduled tasks
 * (`sched`) and push tasks' simulated deliveries (`deliveries`, counts only) are optional, so
 * files written before they were kept still load; their records are checked by state-records.ts.
 *
 * @module
 */
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import { Condition } from "../api/mod.ts"
import type { AppSnapshot } from "./app-state.ts"

const opt = Schema.optionalKey

const AccountSnapshotSchema = Schema.Struct({
  UserID: Schema.String,
  Nick: opt(Schema.String),
  FaceUrl: opt(Schema.String),
  importedAt: Schema.Number,
  attrs: opt(Schema.Record(Schema.String, Schema.String)),
  tags: opt(Schema.Array(Schema.String)),
})

export const TaskSnapshotSchema = Schema.Struct({
  TaskId: Schema.String,
  sdkAppId: Schema.Number,
  endpoint: Schema.Literals(["push", "batch"]),
  family: Schema.Literals(["timpush", "all_member_push"]),
  createdAt: Schema.Number,
  From_Account: opt(Schema.String),
  MsgRandom: Schema.Number,
  condition: opt(Condition),
  message: Schema.Record(Schema.String, Schema.Unknown),
  audienceSize: Schema.Number,
  recipientSample: Schema.Array(Schema.String),
  recalledAt: opt(Schema.Number),
  schedTaskId: opt(Schema.Number),
})

const appHeaderFields = {
  sdkAppId: Schema.Number,
  attrNames: Schema.Record(Schema.String, Schema.String),
  attrTypes: Schema.Record(Schema.String, Schema.Number),
  taskCounter: Schema.Number,
  pushDay: Schema.Number,
  pushesToday: Schema.Number,
  lastPushAt: opt(Schema.Number),
  lastRevokeAt: opt(Schema.Number),
  schedCounter: opt(Schema.Number),
}

/** An app's state without its accounts and tasks (the `app` record of the NDJSON form). */
export const AppHeaderSchema = Schema.Struct(appHeaderFields)

const AppSnapshotSchema = Schema.Struct({
  ...appHeaderFields,
  accounts: Schema.Array(AccountSnapshotSchema),
  tasks: Schema.Array(TaskSnapshotSchema),
  // Checked record by record when restored (state-records.ts), with the app they belong to.
  sched: opt(Schema.Array(Schema.Unknown)),
  deliveries: opt(Schema.Array(Schema.Unknown)),
})

/** The whole state: one entry per app. */
export interface EmulatorState {
  /** The snapshot format version. */
  readonly version: 1
  /** One entry per app. */
  readonly apps: ReadonlyArray<AppSnapshot>
}

const StateSchema = Schema.Struct({
  version: Schema.Literal(1),
  apps: Schema.Array(AppSnapshotSchema),
})

const decode = SchemaParser.decodeUnknownResult(StateSchema)

/** Validates an untrusted state (e.g. a JSON upload); throws a `TypeError` naming the problem. */
export const parseState = (input: unknown): EmulatorState => {
  const r = decode(input)
  if (r._tag === "Failure") throw new TypeError(`invalid emulator state: ${SchemaIssue.makeFormatterDefault()(r.failure)}`)
  return r.success as EmulatorState
}
