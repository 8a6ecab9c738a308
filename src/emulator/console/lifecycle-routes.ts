/**
 * The lifecycle views' routes under `/__emulator/ui/api/`: reads for scheduled pushes, a task's
 * deliveries and the callback log (lifecycle-pages.ts), and the test-callback write
 * (test-callback.ts). Bad input is a 400 with the reason, an unknown id a 404.
 *
 * @module
 */
import { readBody } from "../body.ts"
import { problem, reply } from "./api.ts"
import { callbackAttempt, callbacksPage, scheduledDetail, scheduledPage, taskDeliveries } from "./lifecycle-pages.ts"
import { BadParam } from "./params.ts"
import { sendTestCallback, TestCallbackInput } from "./test-callback.ts"
import type { ConsoleRoute } from "./views/view.ts"

/** The test form's body is a few fields: 16 KiB is plenty. */
const MAX_FORM_BYTES = 16 * 1024

const guarded = (route: ConsoleRoute): ConsoleRoute => async (input) => {
  try {
    return await route(input)
  } catch (e) {
    if (e instanceof BadParam || e instanceof TestCallbackInput) return problem(400, e.message)
    throw e
  }
}

/** `GET scheduled[...]` and `GET scheduled/{sdkappid}/{TaskID}`. */
export const scheduledRoute: ConsoleRoute = guarded(({ url, rest, ctx }) => {
  if (rest.length === 0) return reply(scheduledPage(ctx, url))
  const t = scheduledDetail(ctx, rest)
  return t === undefined ? problem(404, `no scheduled task ${rest[1]} in app ${rest[0]}`) : reply(t)
})

/** `GET deliveries/{TaskId}`. */
export const deliveriesRoute: ConsoleRoute = guarded(({ rest, ctx }) => {
  if (rest.length !== 1) return problem(404, "use deliveries/{TaskId}")
  const d = taskDeliveries(ctx, rest[0]!)
  return d === undefined ? problem(404, `no push task ${rest[0]}`) : reply(d)
})

/** `GET callbacks[...]` and `GET callbacks/{seq}`. */
export const callbacksRoute: ConsoleRoute = guarded(({ url, rest, ctx }) => {
  if (rest.length === 0) return reply(callbacksPage(ctx, url))
  if (rest.length !== 1) return problem(404, "use callbacks or callbacks/{seq}")
  const r = callbackAttempt(ctx, rest[0]!)
  return r === undefined ? problem(404, `callback attempt ${rest[0]} is not in the log`) : reply(r)
})

/** `POST test-callback` with a JSON body: sends one signed test callback and answers the receiver's reply. */
export const testCallbackRoute: ConsoleRoute = guarded(async ({ request, rest, ctx }) => {
  if (rest.length !== 0) return problem(404, "use POST test-callback")
  // The inspection rules let NDJSON through for state files; this write takes JSON only.
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase()
  if (type !== "application/json") return problem(415, "send the test callback's fields as Content-Type: application/json")
  const body = await readBody(request, MAX_FORM_BYTES)
  if ("tooLarge" in body) return problem(413, `the body is larger than ${MAX_FORM_BYTES} bytes`)
  let input: unknown
  try {
    input = JSON.parse(body.text)
  } catch {
    return problem(400, "the body is not valid JSON")
  }
  return reply(await sendTestCallback(ctx, input))
})

/** `GET test-callback`: the form's route only sends. */
export const testCallbackGetRoute: ConsoleRoute = () => {
  const r = problem(405, "POST the test callback's fields as JSON")
  r.headers.set("allow", "POST")
  return r
}
