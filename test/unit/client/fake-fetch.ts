/**
 * A recording in-memory `fetch` for client tests: no network, no module mocking. Each request
 * is recorded (path, query, parsed body) and answered by a handler, by default an OK envelope
 * with the fields a command needs.
 */

/** One recorded request. */
export interface Recorded {
  readonly url: string
  readonly origin: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly body: any
  readonly bodyText: string
  /** The request's abort signal (the client's timeout and interruption). */
  readonly signal: AbortSignal | undefined
}

/** What a handler may answer: a body object (sent as HTTP 200 JSON) or a full Response. */
export type Answer = Record<string, unknown> | Response

/** Answers one recorded request; throw to simulate a connection failure. */
export type Handler = (req: Recorded, index: number) => Answer | Promise<Answer>

/** The OK envelope. */
export const OK = { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 } as const

/** A FAIL envelope with `code`. */
export const fail = (code: number, info = "error"): Record<string, unknown> => ({ ActionStatus: "FAIL", ErrorInfo: info, ErrorCode: code })

/** Never answers; rejects with the abort reason when the request is aborted, as `fetch` does. */
export const hang: Handler = (req) =>
  new Promise((_resolve, reject) => {
    if (req.signal?.aborted) reject(req.signal.reason)
    req.signal?.addEventListener("abort", () => reject(req.signal!.reason), { once: true })
  })

/** The default answer: OK plus a TaskId for push commands. */
export const okHandler: Handler = (req) => {
  if (req.path.endsWith("/push") || req.path.endsWith("/im_push")) return { ...OK, TaskId: `task-${req.body.MsgRandom}` }
  if (req.path.endsWith("/batch")) return { ...OK, TaskId: `batch_${req.body.MsgRandom}` }
  return OK
}

/** A `fetch` that records every request and answers with `handler`. */
export const recordingFetch = (handler: Handler = okHandler) => {
  const requests: Array<Recorded> = []
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    const u = new URL(url)
    let bodyText = ""
    if (init?.body !== undefined && init.body !== null) {
      bodyText = typeof init.body === "string" ? init.body : new TextDecoder().decode(init.body as Uint8Array)
    } else if (input instanceof Request) {
      bodyText = await input.text()
    }
    const rec: Recorded = {
      url,
      origin: u.origin,
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      body: bodyText === "" ? undefined : JSON.parse(bodyText),
      bodyText,
      signal: init?.signal ?? undefined,
    }
    const index = requests.length
    requests.push(rec)
    const answer = await handler(rec, index)
    return answer instanceof Response
      ? answer
      : new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } })
  }
  return { fetch, requests }
}

/** The accounts a recorded attr/tag/account request names. */
export const accountsOf = (r: Recorded): Array<string> =>
  r.body.UserTags?.map((u: { To_Account: string }) => u.To_Account) ?? r.body.To_Account ?? []

/**
 * Answers after a random real delay, so later requests could overtake earlier ones, and logs
 * `command:accounts[tags]` per request in arrival order.
 */
export const jittery = (log: Array<string>): Handler => async (req) => {
  const tags = req.body.UserTags?.[0]?.Tags ?? []
  log.push(`${req.path.split("/").pop()}:${accountsOf(req).join(",")}${req.body.UserTags || req.path.endsWith("tags") ? `[${tags}]` : ""}`)
  await new Promise((r) => setTimeout(r, Math.random() * 15))
  return req.path.endsWith("push") ? { ...OK, TaskId: "t" } : OK
}
