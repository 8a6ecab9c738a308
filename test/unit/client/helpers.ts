/**
 * Shared set-up for client tests: a client on a recording in-memory fetch (no network, no
 * module mocking), with options that keep time out of tests that are not about time.
 */
import * as Clock from "effect/Clock"
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"
import type { ChatConfigError, ClientOptions } from "../../../src/client/mod.ts"
import { ChatRequestError, TencentChat } from "../../../src/client/mod.ts"
import type { TencentChatClient } from "../../../src/client/mod.ts"
import type { Handler } from "./fake-fetch.ts"
import { okHandler, recordingFetch } from "./fake-fetch.ts"

/** A 64-hex-char secret key in the console's format (never a real one). */
export const SECRET = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
export const SDKAPPID = 1400000000
export const ADMIN = "administrator"
export const ORIGIN = "http://emu.test"

/** Options of a client on the fake origin. */
export const baseOptions: ClientOptions = { sdkAppId: SDKAPPID, secretKey: SECRET, adminId: ADMIN, baseUrl: ORIGIN }

/** No coalescing window, no rate limits, no retries: nothing in the client sleeps. */
export const untimed: Partial<ClientOptions> = { coalesce: false, rateLimits: false, retry: false }

/** A client layer on a recording fetch; `requests` fills as the client sends. */
export const fakeClient = (options: Partial<ClientOptions> = {}, handler: Handler = okHandler) => {
  const rec = recordingFetch(handler)
  const layer = TencentChat.layer({ ...baseOptions, ...untimed, ...options, fetch: rec.fetch })
  return { ...rec, layer }
}

/** Runs `f` with a client built on a recording fetch. */
export const withClient = <A, E>(
  options: Partial<ClientOptions>,
  handler: Handler,
  f: (chat: TencentChatClient, requests: ReturnType<typeof recordingFetch>["requests"]) => Effect.Effect<A, E>,
): Effect.Effect<A, E | ChatConfigError> => {
  const { layer, requests } = fakeClient(options, handler)
  return TencentChat.use((chat) => f(chat, requests)).pipe(Effect.provide(layer))
}

/** Lets real promises (the fake fetch) settle: one macrotask. */
export const settle: Effect.Effect<void> = Effect.promise(() => new Promise<void>((r) => setImmediate(r)))

/**
 * Runs `effect` under TestClock, advancing virtual time by `stepMillis` whenever it is blocked,
 * until it completes (at most `maxSteps` steps). Returns the result and the virtual time used.
 */
export const driveClock = <A, E>(effect: Effect.Effect<A, E>, stepMillis = 10, maxSteps = 100_000) =>
  Effect.gen(function*() {
    const start = yield* Clock.currentTimeMillis
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < maxSteps; i++) {
      yield* settle
      if (fiber.pollUnsafe() !== undefined) break
      yield* TestClock.adjust(stepMillis)
    }
    const exit = yield* Fiber.await(fiber)
    const elapsed = (yield* Clock.currentTimeMillis) - start
    return { exit, elapsed }
  })

/** The typed failure of `exit`, which must be a failure. */
export const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  const e = Exit.isFailure(exit) ? exit.cause.reasons.find((r) => r._tag === "Fail") : undefined
  assert.isDefined(e)
  return (e as { error: E }).error
}

/** The failure, which must be a `ChatRequestError` (a local refusal). */
export const requestErrorOf = <A, E>(exit: Exit.Exit<A, E>): ChatRequestError => {
  const e = failureOf(exit)
  assert.instanceOf(e, ChatRequestError)
  return e as unknown as ChatRequestError
}
