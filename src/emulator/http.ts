/**
 * Response helpers. Every application-level outcome is HTTP 200 with the envelope
 * (`ActionStatus`, `ErrorInfo`, `ErrorCode`) first, as the service answers (docs/protocol/transport.md#response-envelope);
 * the CORS headers mirror the documented sample reply so browser tools can call the emulator.
 *
 * @module
 */

// A plain record, not a Headers: the Response copies it either way, and a served emulator's
// FastResponse (src/node/fast-response.ts) writes a record to the socket without building one.
export const baseHeaders = (): Record<string, string> => ({
  "content-type": "application/json; charset=utf-8",
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST",
  "access-control-allow-headers": "X-Requested-With, Content-Type",
})

/** The envelope of a failure, plus optional command fields (batch keeps `TaskId: ""`). */
export const failBody = (code: number, info: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ActionStatus: "FAIL",
  ErrorInfo: info,
  ErrorCode: code,
  ...extra,
})

export const okBody = (fields: Record<string, unknown>): Record<string, unknown> => ({
  ActionStatus: "OK",
  ErrorInfo: "",
  ErrorCode: 0,
  ...fields,
})

/** Where the text of an answer is recorded (the console's trace of the call). */
export interface AnswerSink {
  answered(text: string, type: string): void
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = baseHeaders(), sink?: AnswerSink): Response => {
  const text = JSON.stringify(body)
  sink?.answered(text, "application/json; charset=utf-8")
  return new Response(text, { status, headers })
}

/** Puts the envelope first, in the documented order (`ActionStatus`, `ErrorInfo`, `ErrorCode`). */
export const envelopeFirst = (body: Record<string, unknown>): Record<string, unknown> => {
  const { ActionStatus, ErrorInfo, ErrorCode, ...rest } = body
  return { ActionStatus, ErrorInfo, ErrorCode, ...rest }
}

/**
 * `em.fetch` as both a drop-in `fetch` (`(input, init?)`, e.g. the client's `fetch` option) and
 * a server handler (`Deno.serve`, `Bun.serve`, Workers), which pass a Request plus their own
 * context (info, server, env) as the second argument.
 */
export interface EmulatorFetch {
  (input: Request | string | URL, init?: RequestInit): Promise<Response>
  (request: Request, ...context: ReadonlyArray<unknown>): Promise<Response>
}

const requestInitKeys = ["method", "headers", "body", "signal", "redirect", "referrer", "referrerPolicy", "mode", "credentials", "cache", "integrity", "keepalive", "duplex", "priority"]

/**
 * The Request a call of `em.fetch` means: a Request is used as is unless the second argument
 * is a RequestInit (a server's context object carries none of its members); anything else is
 * built like `fetch` builds it.
 */
export const requestOf = (input: Request | string | URL, init?: unknown): Request => {
  const isInit = typeof init === "object" && init !== null && requestInitKeys.some((k) => k in init)
  return input instanceof Request && !isInit ? input : new Request(input, isInit ? (init as RequestInit) : undefined)
}
