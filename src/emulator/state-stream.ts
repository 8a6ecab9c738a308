/**
 * The emulator state as a stream, so its size is bounded by memory, not by V8's longest string
 * (~512 M characters: about 3 million accounts of JSON, where one `JSON.stringify` of the whole
 * state failed and a save was lost).
 *
 * Two forms:
 * - **NDJSON** (the default; version 2), one record per line, each an object with one key:
 *   ```
 *   {"state":{"version":2}}
 *   {"app":{"sdkAppId":1400000000,"attrNames":{...},"attrTypes":{...},"taskCounter":3,"pushDay":...,"pushesToday":...}}
 *   {"account":{"UserID":"alice","importedAt":...,"attrs":{...},"tags":[...]}}      ...one per account, in import order
 *   {"task":{"TaskId":"...",...}}                                                   ...one per task, oldest first
 *   {"sched":{"TaskID":1000000001,...}}                                             ...one per scheduled task
 *   {"delivery":{"TaskId":"...","counted":[...],"later":[...],...}}                 ...one per push task's deliveries
 *   {"end":{"apps":1,"accounts":2,"tasks":1,"sched":1,"deliveries":1}}
 *   ```
 *   Accounts, tasks, scheduled tasks and deliveries belong to the `app` line before them; a
 *   `delivery` comes after its task. The `end` line makes a cut file detectable: an import
 *   without it, or whose counts differ, fails and changes nothing. Files written before `sched`
 *   and `delivery` existed have neither record nor count and still load.
 * - **JSON** (version 1, the `exportState()` shape), written piece by piece too. It is read
 *   back whole (one string), so it suits small states and older files; NDJSON has no limit.
 *
 * The export reads the live state a chunk at a time (`chunkBytes`, default 64 KiB): requests
 * served while it runs may or may not be in it, so quiesce traffic for an exact copy. The
 * import keeps one record at a time besides the state it builds (`maxRecordBytes`, default
 * 8 MiB per line) and swaps the new state in only once the whole stream has been read.
 *
 * @module
 */
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import type { AccountSnapshot } from "./app-data.ts"
import type { AppHeader, AppState, PushTask } from "./app-state.ts"
import { EmulatorInputError } from "./errors.ts"
import { AppHeaderSchema, parseState, TaskSnapshotSchema } from "./snapshot.ts"

/** The two serialisations of the state. */
export type StateFormat = "ndjson" | "json"

/** Options of `exportStateStream`. */
export interface StateExportOptions {
  /** `"ndjson"` (default, any size) or `"json"` (the version-1 document). */
  readonly format?: StateFormat
  /** Roughly how many bytes each chunk of the stream holds. Default 65536. */
  readonly chunkBytes?: number
}

/** Options of `importStateStream`. */
export interface StateImportOptions {
  /** Longest NDJSON line accepted, in bytes. Default 8 MiB (an account line is at most ~2 KB). */
  readonly maxRecordBytes?: number
  /**
   * Largest version-1 JSON document accepted (it is read whole). Default 256 MiB; past V8's
   * string limit (~512 M characters) no JSON document can be read at all: use NDJSON.
   */
  readonly maxJsonBytes?: number
}

/** What an import read. */
export interface StateImportSummary {
  /** The format the stream was in. */
  readonly format: StateFormat
  /** Apps read. */
  readonly apps: number
  /** Accounts read. */
  readonly accounts: number
  /** Push tasks read. */
  readonly tasks: number
  /** Scheduled push tasks read. */
  readonly sched: number
  /** Push tasks' deliveries read. */
  readonly deliveries: number
}

/** Where decoded records go (the emulator builds fresh app states from them). */
export interface StateSink {
  app(header: AppHeader): void
  account(account: AccountSnapshot): void
  task(task: PushTask): void
  /** A scheduled-task record, unchecked (the app checks it, naming `where`). */
  sched(value: unknown, where: string): void
  /** A delivery record, unchecked (the app checks it against its task, naming `where`). */
  delivery(value: unknown, where: string): void
}

const DEFAULT_CHUNK = 64 * 1024
const DEFAULT_MAX_RECORD = 8 * 1024 * 1024
const DEFAULT_MAX_JSON = 256 * 1024 * 1024

const enc = new TextEncoder()

/** Records of the NDJSON form, in order. */
function* ndjsonLines(apps: ReadonlyArray<AppState>): Generator<string> {
  let accounts = 0
  let tasks = 0
  let sched = 0
  let deliveries = 0
  yield JSON.stringify({ state: { version: 2 } })
  for (const s of apps) {
    yield JSON.stringify({ app: s.header() })
    for (const a of s.data.accountSnapshots()) {
      accounts++
      yield JSON.stringify({ account: a })
    }
    for (const t of s.taskSnapshots()) {
      tasks++
      yield JSON.stringify({ task: t })
    }
    for (const t of s.schedSnapshots()) {
      sched++
      yield JSON.stringify({ sched: t })
    }
    for (const d of s.deliverySnapshots()) {
      deliveries++
      yield JSON.stringify({ delivery: d })
    }
  }
  yield JSON.stringify({ end: { apps: apps.length, accounts, tasks, sched, deliveries } })
}

/** Pieces of the version-1 JSON document, in order. */
function* jsonPieces(apps: ReadonlyArray<AppState>): Generator<string> {
  yield '{"version":1,"apps":['
  let firstApp = true
  for (const s of apps) {
    const header = JSON.stringify(s.header())
    yield `${firstApp ? "" : ","}${header.slice(0, -1)},"accounts":[`
    firstApp = false
    let first = true
    for (const a of s.data.accountSnapshots()) {
      yield `${first ? "" : ","}${JSON.stringify(a)}`
      first = false
    }
    yield `],"tasks":${JSON.stringify(s.taskSnapshots())},"sched":${JSON.stringify(s.schedSnapshots())},"deliveries":[`
    first = true
    for (const d of s.deliverySnapshots()) {
      yield `${first ? "" : ","}${JSON.stringify(d)}`
      first = false
    }
    yield "]}"
  }
  yield "]}"
}

/** The state of `apps` as a byte stream (see the module comment). */
export const encodeState = (apps: ReadonlyArray<AppState>, options: StateExportOptions = {}): ReadableStream<Uint8Array> => {
  const format = options.format ?? "ndjson"
  const chunk = options.chunkBytes ?? DEFAULT_CHUNK
  if (format !== "ndjson" && format !== "json") throw new EmulatorInputError("format", `state format must be "ndjson" or "json"`)
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new EmulatorInputError("chunkBytes", "chunkBytes must be a positive integer")
  const pieces = format === "ndjson" ? ndjsonLines(apps) : jsonPieces(apps)
  const sep = format === "ndjson" ? "\n" : ""
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const parts: Array<string> = []
      let size = 0
      while (size < chunk) {
        const next = pieces.next()
        if (next.done) break
        parts.push(next.value, sep)
        size += next.value.length + sep.length
      }
      if (parts.length > 0) controller.enqueue(enc.encode(parts.join("")))
      if (size < chunk) controller.close()
    },
    cancel() {
      pieces.return(undefined)
    },
  })
}

// ---- import ---------------------------------------------------------------------------------

const format = SchemaIssue.makeFormatterDefault()
const decodeHeader = SchemaParser.decodeUnknownResult(AppHeaderSchema)
const decodeTask = SchemaParser.decodeUnknownResult(TaskSnapshotSchema)

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === "string"

/** A hand-written check of one account line (millions of them: a schema decode would dominate). */
const checkAccount = (v: unknown, where: string): AccountSnapshot => {
  const bad = (why: string) => new EmulatorInputError(where, `invalid emulator state at ${where}: ${why}`)
  if (!isObj(v)) throw bad("an account must be an object")
  if (!isStr(v["UserID"])) throw bad("UserID must be a string")
  if (typeof v["importedAt"] !== "number" || !Number.isFinite(v["importedAt"])) throw bad("importedAt must be a number")
  if (v["Nick"] !== undefined && !isStr(v["Nick"])) throw bad("Nick must be a string")
  if (v["FaceUrl"] !== undefined && !isStr(v["FaceUrl"])) throw bad("FaceUrl must be a string")
  const attrs = v["attrs"]
  if (attrs !== undefined) {
    if (!isObj(attrs)) throw bad("attrs must be an object")
    for (const k of Object.keys(attrs)) if (!isStr(attrs[k])) throw bad(`attrs[${JSON.stringify(k)}] must be a string`)
  }
  const tags = v["tags"]
  if (tags !== undefined && (!Array.isArray(tags) || !tags.every(isStr))) throw bad("tags must be an array of strings")
  return v as unknown as AccountSnapshot
}

const schemaValue = <T>(r: unknown, where: string): T => {
  const result = r as { _tag: "Success"; success: T } | { _tag: "Failure"; failure: SchemaIssue.Issue }
  if (result._tag === "Failure") {
    throw new EmulatorInputError(where, `invalid emulator state at ${where}: ${format(result.failure).replace(/\s+/g, " ")}`)
  }
  return result.success
}

/** Decodes NDJSON lines into `sink`; `lines` yields each line without its newline. */
const readNdjson = async (lines: AsyncIterable<string>, sink: StateSink): Promise<StateImportSummary> => {
  let n = 0
  let apps = 0
  let accounts = 0
  let tasks = 0
  let sched = 0
  let deliveries = 0
  let ended = false
  for await (const line of lines) {
    n++
    if (line.trim() === "") continue
    const where = `line ${n}`
    if (ended) throw new EmulatorInputError(where, `invalid emulator state at ${where}: a record after the end record`)
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch {
      throw new EmulatorInputError(where, `invalid emulator state at ${where}: not JSON`)
    }
    if (!isObj(record)) throw new EmulatorInputError(where, `invalid emulator state at ${where}: a record must be an object`)
    const [kind, ...more] = Object.keys(record)
    if (kind === undefined || more.length > 0) {
      throw new EmulatorInputError(where, `invalid emulator state at ${where}: a record has exactly one key (state, app, account, task, sched, delivery or end)`)
    }
    const value = record[kind]
    if (n === 1) {
      if (kind !== "state" || !isObj(value) || value["version"] !== 2) {
        throw new EmulatorInputError(where, 'invalid emulator state: the first line must be {"state":{"version":2}}')
      }
      continue
    }
    switch (kind) {
      case "app":
        sink.app(schemaValue<AppHeader>(decodeHeader(value), where))
        apps++
        break
      case "account":
        if (apps === 0) throw new EmulatorInputError(where, `invalid emulator state at ${where}: an account before any app`)
        sink.account(checkAccount(value, where))
        accounts++
        break
      case "task":
        if (apps === 0) throw new EmulatorInputError(where, `invalid emulator state at ${where}: a task before any app`)
        sink.task(schemaValue<PushTask>(decodeTask(value), where))
        tasks++
        break
      case "sched":
        if (apps === 0) throw new EmulatorInputError(where, `invalid emulator state at ${where}: a scheduled task before any app`)
        sink.sched(value, where)
        sched++
        break
      case "delivery":
        if (apps === 0) throw new EmulatorInputError(where, `invalid emulator state at ${where}: a delivery before any app`)
        sink.delivery(value, where)
        deliveries++
        break
      case "end": {
        const e = isObj(value) ? value : {}
        // Files written before scheduled tasks and deliveries were kept count neither.
        if (
          e["apps"] !== apps || e["accounts"] !== accounts || e["tasks"] !== tasks ||
          (e["sched"] ?? 0) !== sched || (e["deliveries"] ?? 0) !== deliveries
        ) {
          throw new EmulatorInputError(
            where,
            `invalid emulator state: the end record counts ${JSON.stringify(value).slice(0, 200)}, the stream had ${apps} apps, ${accounts} accounts, ${tasks} tasks, ${sched} scheduled tasks, ${deliveries} deliveries`,
          )
        }
        ended = true
        break
      }
      default:
        throw new EmulatorInputError(where, `invalid emulator state at ${where}: unknown record ${JSON.stringify(kind)}`)
    }
  }
  if (!ended) throw new EmulatorInputError("end", "invalid emulator state: the stream ended before its end record (a cut file?)")
  return { format: "ndjson", apps, accounts, tasks, sched, deliveries }
}

/** Lines of a UTF-8 byte stream, each at most `max` characters (else `EmulatorInputError`). */
async function* linesOf(reader: ReadableStreamDefaultReader<Uint8Array>, head: string, max: number): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let buffer = head
  let line = 0
  for (;;) {
    let nl = buffer.indexOf("\n")
    while (nl >= 0) {
      line++
      yield buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      nl = buffer.indexOf("\n")
    }
    if (buffer.length > max) {
      throw new EmulatorInputError(`line ${line + 1}`, `invalid emulator state at line ${line + 1}: a record longer than ${max} bytes`)
    }
    const { done, value } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
  }
  buffer += decoder.decode()
  if (buffer !== "") yield buffer
}

const NDJSON_START = /^\s*\{\s*"state"\s*:/

/**
 * Reads a state stream (NDJSON, or a version-1 JSON document) into `sink`. Throws
 * `EmulatorInputError` naming the line (or the JSON path) of the first problem.
 */
export const decodeState = async (
  stream: ReadableStream<Uint8Array>,
  sink: StateSink,
  options: StateImportOptions = {},
): Promise<StateImportSummary> => {
  const maxRecord = options.maxRecordBytes ?? DEFAULT_MAX_RECORD
  const maxJson = options.maxJsonBytes ?? DEFAULT_MAX_JSON
  const reader = stream.getReader()
  try {
    // Peek far enough to tell the forms apart.
    const decoder = new TextDecoder()
    let head = ""
    while (head.trimStart().length < 16) {
      const { done, value } = await reader.read()
      if (done) break
      head += decoder.decode(value, { stream: true })
    }
    if (NDJSON_START.test(head)) return await readNdjson(linesOf(reader, head, maxRecord), sink)
    // The version-1 document: read whole (bounded), then the validated snapshot feeds the sink.
    const parts = [head]
    let size = head.length
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxJson) {
        throw new EmulatorInputError("state", `a JSON state larger than ${maxJson} bytes cannot be read whole; export and import the NDJSON form`)
      }
      parts.push(decoder.decode(value, { stream: true }))
    }
    parts.push(decoder.decode())
    let doc: unknown
    try {
      doc = JSON.parse(parts.join(""))
    } catch {
      throw new EmulatorInputError("state", "invalid emulator state: neither NDJSON nor a JSON document")
    }
    let parsed
    try {
      parsed = parseState(doc)
    } catch (e) {
      throw new EmulatorInputError("state", e instanceof Error ? e.message : String(e))
    }
    let accounts = 0
    let tasks = 0
    let sched = 0
    let deliveries = 0
    for (const app of parsed.apps) {
      const { accounts: list, tasks: taskList, sched: schedList = [], deliveries: deliveryList = [], ...header } = app
      sink.app(header)
      for (const a of list) sink.account(a)
      for (const t of taskList) sink.task(t)
      schedList.forEach((t, i) => sink.sched(t, `apps[sdkAppId=${app.sdkAppId}].sched[${i}]`))
      deliveryList.forEach((d, i) => sink.delivery(d, `apps[sdkAppId=${app.sdkAppId}].deliveries[${i}]`))
      accounts += list.length
      tasks += taskList.length
      sched += schedList.length
      deliveries += deliveryList.length
    }
    return { format: "json", apps: parsed.apps.length, accounts, tasks, sched, deliveries }
  } finally {
    await reader.cancel().catch(() => {})
  }
}
