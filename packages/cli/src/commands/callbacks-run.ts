/**
 * The `callbacks listen` command's implementation (loaded only when it runs).
 *
 * stdout carries events only, one JSON object per line, so `| jq` and `> events.ndjson` work;
 * everything else (where it listens, refusals, handler failures) goes to stderr. Writing an
 * event is synchronous (Node writes to files and pipes synchronously on Linux and macOS), and
 * the handler calls `onEvents` before it answers, so an event acknowledged to the sender has
 * been written, and Ctrl-C loses nothing acknowledged.
 *
 * @module
 */
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CallbackError, createCallbackHandler } from "tencent-chat-push/callbacks"
import type { PushCallbackEvent } from "tencent-chat-push/callbacks"
import { serve, type Served } from "tencent-chat-push/node"
import { err, out } from "../action.ts"
import { parseSdkAppId } from "../config.ts"
import { parseDurationSeconds } from "../duration.ts"
import { interruptExit, UsageError } from "../errors.ts"

/** Parsed flags of `callbacks listen`. */
export interface ListenInput {
  readonly port: number
  readonly host: string
  readonly token: Option.Option<Redacted.Redacted<string>>
  readonly sdkAppId: Option.Option<string>
  readonly maxSkew: Option.Option<string>
}

/** A listening receiver. */
export interface Listening {
  readonly server: Served
  readonly counts: { events: number; rejected: number }
}

/** One NDJSON line: the parsed event without `wire` (the same fields again, by Tencent's names). */
export const eventLine = (e: PushCallbackEvent): string => {
  const { wire: _wire, ...rest } = e
  return JSON.stringify(rest)
}

const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s.trim() === "" ? undefined : s.trim())

/** Starts serving; prints where on stderr. */
export const startListening = async (i: ListenInput, env: Readonly<Record<string, string | undefined>> = process.env): Promise<Listening> => {
  const idText = Option.getOrUndefined(i.sdkAppId) ?? nonEmpty(env.TENCENT_CHAT_SDKAPPID)
  if (idText === undefined) throw new UsageError("no app: pass --sdkappid or set TENCENT_CHAT_SDKAPPID (callbacks for other apps are refused)")
  const sdkAppId = parseSdkAppId(idText, Option.isSome(i.sdkAppId) ? "--sdkappid" : "TENCENT_CHAT_SDKAPPID")
  const token = Option.isSome(i.token) ? Redacted.value(i.token.value) : nonEmpty(env.TENCENT_CHAT_CALLBACK_TOKEN)
  if (token === undefined || token.trim() === "") {
    throw new UsageError("no callback token: set TENCENT_CHAT_CALLBACK_TOKEN or pass --token (the token set in the Chat console's callback settings)")
  }
  let maxSkewSeconds: number | undefined
  if (Option.isSome(i.maxSkew)) {
    const s = parseDurationSeconds(i.maxSkew.value)
    if (s === undefined || !Number.isInteger(s) || s <= 0) throw new UsageError(`--max-skew: expected a whole number of seconds above 0, got ${i.maxSkew.value}`)
    maxSkewSeconds = s
  }
  const counts = { events: 0, rejected: 0 }
  let handler
  try {
    handler = createCallbackHandler({
      sdkAppId,
      token: token.trim(),
      ...(maxSkewSeconds !== undefined ? { maxSkewSeconds } : {}),
      onEvents: (events) => {
        counts.events += events.length
        out(events.map(eventLine).join("\n"))
      },
      onRejected: (e) => {
        if (e.code !== "DUPLICATE_DELIVERY") counts.rejected++
        err(`${e.code === "DUPLICATE_DELIVERY" ? "skipped" : "rejected"}: ${e.code} (HTTP ${e.status}): ${e.message}`)
      },
      onError: (e) => err(`error: ${e instanceof Error ? e.message : String(e)}`),
    })
  } catch (e) {
    if (e instanceof CallbackError) throw new UsageError(e.message)
    throw e
  }
  let server: Served
  try {
    server = await serve({ fetch: (request) => handler(request) }, { port: i.port, host: i.host, warn: err })
  } catch (e) {
    throw new UsageError(`cannot listen on ${i.host}:${i.port}: ${(e as Error).message}`)
  }
  interruptExit.code = 0
  err(`callbacks: listening on ${server.url} for app ${sdkAppId} (any path; events as NDJSON on stdout). Ctrl-C to stop.`)
  return { server, counts }
}

/** Stops serving and says what was received. */
export const stopListening = async (l: Listening): Promise<void> => {
  await l.server.close()
  err(`callbacks: stopped (${l.counts.events} events received, ${l.counts.rejected} requests refused)`)
}
