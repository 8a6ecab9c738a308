/**
 * The streamed state (issue 9 item 22): export and import never hold the state as one string.
 * With a small forced limit (chunks of 1 KiB, records of at most 2 KiB) a state whose JSON is
 * hundreds of times larger round-trips exactly; a cut or corrupt stream changes nothing; the
 * version-1 JSON form still reads; GET/PUT /__emulator/state stream both ways over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createEmulator, EmulatorInputError } from "../../../src/emulator/mod.ts"
import type { Emulator } from "../../../src/emulator/mod.ts"
import { serve } from "../../../src/node/serve.ts"
import type { Served } from "../../../src/node/serve.ts"
import { APP, OTHER_APP, importAccounts, setup, T0 } from "./helpers.ts"

const LIMIT = 1024

const seeded = async (n: number) => {
  const h = setup()
  await h.call("set_attr_name", { AttrNames: { "0": "city", "1": "tier", "2": "platform" } })
  const ids = Array.from({ length: n }, (_, i) => `user-${i}`)
  await importAccounts(h, ids)
  h.em.importState({
    version: 1,
    apps: [{
      ...h.em.exportState().apps[0]!,
      accounts: ids.map((UserID, i) => ({
        UserID,
        Nick: `nick ${i}`,
        importedAt: T0,
        attrs: { city: i % 2 ? "SZ" : "BJ", tier: "gold", platform: "ios" },
        tags: ["a", "b", "c", "d", `t${i % 7}`],
      })),
    }],
  })
  await h.call("push", { MsgRandom: 9, Condition: { TagsOr: ["t3"] } })
  return h
}

const chunksOf = async (stream: ReadableStream<Uint8Array>) => {
  const out: Array<Uint8Array> = []
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) out.push(c)
  return out
}

const streamOf = (chunks: ReadonlyArray<Uint8Array>) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const x of chunks) c.enqueue(x)
      c.close()
    },
  })

describe("streamed state export and import", () => {
  it("round-trips a state far larger than the forced limit, in chunks and records within it", async () => {
    const h = await seeded(3000)
    const whole = JSON.stringify(h.em.exportState())
    expect(whole.length).toBeGreaterThan(300 * LIMIT)
    const chunks = await chunksOf(h.em.exportStateStream({ chunkBytes: LIMIT }))
    expect(chunks.length).toBeGreaterThan(300)
    const lines = new TextDecoder().decode(Buffer.concat(chunks)).trimEnd().split("\n")
    // Every record is small, and a chunk stops at the first record that takes it past the limit.
    const longest = Math.max(...lines.map((l) => l.length + 1))
    expect(longest).toBeLessThanOrEqual(2 * LIMIT)
    for (const c of chunks) expect(c.byteLength).toBeLessThan(LIMIT + longest)
    expect(lines[0]).toBe('{"state":{"version":2}}')
    expect(JSON.parse(lines.at(-1)!)).toEqual({ end: { apps: 2, accounts: 3000, tasks: 1, sched: 0, deliveries: 1 } })
    const fresh = setup()
    const summary = await fresh.em.importStateStream(streamOf(chunks), { maxRecordBytes: 2 * LIMIT })
    expect(summary).toEqual({ format: "ndjson", apps: 2, accounts: 3000, tasks: 1, sched: 0, deliveries: 1 })
    expect(fresh.em.exportState()).toEqual(h.em.exportState())
    expect(fresh.em.tasks()[0]!.audienceSize).toBe(h.em.tasks()[0]!.audienceSize)
  })

  it("a cut stream, a corrupt record or a record over the limit rejects (naming the line) and changes nothing", async () => {
    const h = await seeded(50)
    const text = await new Response(h.em.exportStateStream()).text()
    const lines = text.trimEnd().split("\n")
    const target = setup()
    await importAccounts(target, ["keep-me"])
    const before = target.em.exportState()
    const attempts: Array<[string, string, RegExp]> = [
      ["cut before the end record", lines.slice(0, -1).join("\n"), /before its end record/],
      ["cut mid-record", text.slice(0, Math.floor(text.length / 2)), /not JSON|end record/],
      ["a wrong count", [...lines.slice(0, -1), '{"end":{"apps":2,"accounts":49,"tasks":1}}'].join("\n"), /end record counts/],
      ["a corrupt account", [lines[0], lines[1], '{"account":{"UserID":5}}', ...lines.slice(2)].join("\n"), /line 3: UserID must be a string/],
      ["an unknown app", ['{"state":{"version":2}}', '{"app":{"sdkAppId":1,"attrNames":{},"attrTypes":{},"taskCounter":0,"pushDay":0,"pushesToday":0}}'].join("\n"), /does not serve/],
      ["a long record", [lines[0], lines[1], `{"account":{"UserID":"x","importedAt":1,"Nick":"${"n".repeat(4 * LIMIT)}"}}`].join("\n"), /longer than 2048 bytes/],
      ["an attribute without a name slot", [lines[0], lines[1], '{"account":{"UserID":"x","importedAt":1,"attrs":{"nope":"v"}}}'].join("\n"), /nope/],
    ]
    for (const [what, body, message] of attempts) {
      const p = target.em.importStateStream(new Response(body).body!, { maxRecordBytes: 2 * LIMIT })
      await expect(p, what).rejects.toBeInstanceOf(EmulatorInputError)
      await expect(target.em.importStateStream(new Response(body).body!, { maxRecordBytes: 2 * LIMIT }), what).rejects.toThrow(message)
      expect(target.em.exportState(), what).toEqual(before)
    }
  })

  it("reads the version-1 JSON document (older files), and exports it piece by piece on request", async () => {
    const h = await seeded(20)
    const v1 = JSON.stringify(h.em.exportState(), null, 2)
    const fresh = setup()
    expect(await fresh.em.importStateStream(new Response(v1).body!)).toEqual({ format: "json", apps: 2, accounts: 20, tasks: 1, sched: 0, deliveries: 1 })
    expect(fresh.em.exportState()).toEqual(h.em.exportState())
    const streamed = await new Response(h.em.exportStateStream({ format: "json", chunkBytes: 256 })).text()
    expect(JSON.parse(streamed)).toEqual(JSON.parse(JSON.stringify(h.em.exportState())))
    // An async iterable of bytes (a Node file stream) works too.
    async function* bytes() {
      yield new TextEncoder().encode(streamed)
    }
    expect((await setup().em.importStateStream(bytes())).format).toBe("json")
  })
})

describe("GET/PUT /__emulator/state over the node:http bridge", () => {
  let em: Emulator
  let server: Served
  beforeAll(async () => {
    em = createEmulator({ apps: [APP, OTHER_APP], now: () => T0 })
    server = await serve(em, { port: 0, maxBodyBytes: 2048 })
  })
  afterAll(() => server.close())

  it("streams NDJSON out and in (a body far over the bridge's buffered-read cap), and the JSON form on request", async () => {
    const h = await seeded(2000)
    const ndjson = await new Response(h.em.exportStateStream()).text()
    expect(ndjson.length).toBeGreaterThan(100 * 2048)
    const put = await fetch(`${server.url}/__emulator/state`, {
      method: "PUT",
      headers: { "content-type": "application/x-ndjson" },
      body: ndjson,
    })
    expect(await put.json()).toEqual({ ok: true, format: "ndjson", apps: 2, accounts: 2000, tasks: 1, sched: 0, deliveries: 1 })
    expect(em.exportState()).toEqual(h.em.exportState())
    const get = await fetch(`${server.url}/__emulator/state`)
    expect(get.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8")
    expect(get.headers.get("content-length")).toBeNull()
    expect(await get.text()).toBe(ndjson)
    const json = await fetch(`${server.url}/__emulator/state?format=json`)
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8")
    expect(await json.json()).toEqual(JSON.parse(JSON.stringify(h.em.exportState())))
    const cut = await fetch(`${server.url}/__emulator/state`, {
      method: "PUT",
      headers: { "content-type": "application/x-ndjson" },
      body: ndjson.slice(0, -50),
    })
    expect(cut.status).toBe(400)
    expect(em.accountCount(APP.sdkAppId)).toBe(2000)
  })
})
