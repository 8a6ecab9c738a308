/**
 * Fault and clock settings are validated where they enter (issue 9 item 15): a typed
 * `EmulatorInputError` from the programmatic API, HTTP 400 with a clear message from the
 * inspection API, and nothing changes.
 */
import { describe, expect, it } from "vitest"
import { createEmulator, EmulatorInputError } from "../../../src/emulator/mod.ts"
import type { FaultOptions } from "../../../src/emulator/mod.ts"
import { APP, setup, T0 } from "./helpers.ts"

const post = (h: ReturnType<typeof setup>, path: string, body: unknown) =>
  h.em.fetch(
    new Request(`http://127.0.0.1/__emulator${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  )

const bad: ReadonlyArray<[string, unknown, RegExp]> = [
  ["a delay past the timer range", { delayMs: 1e12 }, /delayMs/],
  ["a negative delay", { delayMs: -5 }, /delayMs/],
  ["a fractional delay", { delayMs: 1.5 }, /delayMs/],
  ["a script that is not a list", { script: { push: "x" } }, /script/],
  ["a scripted delay out of range", { script: { push: [{ kind: "delay", delayMs: -1 }] } }, /delayMs/],
  ["an unknown endpoint", { script: { nope: ["drop"] } }, /nope/],
  ["an unknown kind", { kinds: ["explode"] }, /kinds/],
  ["a rate above 1", { rate: 2 }, /rate/],
  ["a seed that is not a uint32", { seed: -1 }, /seed/],
  ["a misspelled member", { scirpt: { push: ["drop"] } }, /scirpt/],
]

describe("fault settings", () => {
  it.each(bad)("programmatic: %s → EmulatorInputError, settings unchanged", (_, options, field) => {
    const h = setup()
    h.em.faults.script("get_tag", "error-91000")
    let error: unknown
    try {
      h.em.faults.configure(options as FaultOptions)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(EmulatorInputError)
    expect((error as EmulatorInputError).field).toBe("faults")
    expect((error as Error).message).toMatch(field)
    expect(h.em.faults.pending()).toEqual({ get_tag: 1 })
    expect(() => createEmulator({ apps: [APP], faults: options as FaultOptions })).toThrow(EmulatorInputError)
  })

  it.each(bad)("HTTP: %s → 400 with the reason, and calls still work", async (_, options, field) => {
    const h = setup()
    const res = await post(h, "/faults", options)
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as { error: string }
    expect(error).toMatch(field)
    expect(error).not.toMatch(/forEach|is not a function/)
    expect((await h.call("get_tag", { To_Account: [] })).json.ErrorCode).toBe(0)
  })

  it("scripts are checked too (programmatic and HTTP)", async () => {
    const h = setup()
    expect(() => h.em.faults.script("push", { kind: "delay", delayMs: 1e12 })).toThrow(EmulatorInputError)
    expect(() => h.em.faults.script("nope" as "push", "drop")).toThrow(EmulatorInputError)
    expect((await post(h, "/faults", { endpoint: "push", steps: "drop" })).status).toBe(400)
    expect((await post(h, "/faults", { endpoint: "push", steps: [{ kind: "delay", delayMs: -1 }] })).status).toBe(400)
    expect(h.em.faults.pending()).toEqual({})
    expect((await post(h, "/faults", { endpoint: "push", steps: [{ kind: "delay", delayMs: 2_147_483_647 }] })).status).toBe(200)
  })
})

describe("clock settings", () => {
  it("advanceClock refuses a move outside 1970..9999 or a non-number (typed), the clock stays", () => {
    const h = setup()
    for (const ms of [-1e300, 1e300, Number.NaN, Infinity, -T0 - 1]) {
      expect(() => h.em.advanceClock(ms)).toThrow(EmulatorInputError)
    }
    expect(() => h.em.advanceClock("5" as unknown as number)).toThrow(EmulatorInputError)
    expect(h.em.now()).toBe(T0)
    expect(h.em.advanceClock(-1000)).toBe(T0 - 1000)
  })

  it("POST /__emulator/clock answers 400 for them; calls keep working", async () => {
    const h = setup()
    for (const body of [{ advanceMs: -1e300 }, { advanceMs: 1e300 }, { advanceMs: "5" }, { advanceMs: 1, extra: true }, [1]]) {
      const res = await post(h, "/clock", body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect(h.em.now()).toBe(T0)
    expect((await h.call("get_tag", { To_Account: [] })).json.ErrorCode).toBe(0)
  })
})
