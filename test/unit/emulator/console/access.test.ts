/**
 * The console under the inspection API's access rules: its data routes are guarded exactly like
 * the rest of `/__emulator` (Host, same origin, token), while its three static files, which hold
 * no data, are still served without the token so the page can ask for it.
 */
import { describe, expect, it } from "vitest"
import { setup } from "../helpers.ts"

const TOKEN = "console-test-token-1234"

const at = (h: ReturnType<typeof setup>, path: string, headers: Record<string, string> = {}) =>
  h.em.fetch(new Request(`http://127.0.0.1:5390/__emulator${path}`, { headers: { host: "127.0.0.1:5390", ...headers } }))

describe("console access", () => {
  it("with a token: the page and its files load without it, every data route needs it", async () => {
    const h = setup({ inspection: { token: TOKEN } })
    for (const path of ["/ui", "/ui/", "/ui/console.js", "/ui/console.css"]) {
      const res = await at(h, path)
      expect(res.status, path).toBe(200)
      await res.body?.cancel()
    }
    for (const path of ["/ui/api/overview", "/ui/api/requests", "/ui/api/accounts", "/ui/api/tasks"]) {
      const res = await at(h, path)
      expect(res.status, path).toBe(401)
      const text = await res.text()
      expect(text).not.toContain(TOKEN)
      const ok = await at(h, path, { authorization: `Bearer ${TOKEN}` })
      expect(ok.status, path).toBe(200)
      await ok.body?.cancel()
      expect((await at(h, path, { authorization: "Bearer wrong-token-123" })).status).toBe(401)
    }
  })

  it("refuses a foreign Host (DNS rebinding) on the page and on the data", async () => {
    const h = setup()
    for (const path of ["/ui", "/ui/console.js", "/ui/api/overview"]) {
      const res = await at(h, path, { host: "attacker.example:5390" })
      expect(res.status, path).toBe(403)
      await res.body?.cancel()
    }
  })

  it("refuses another origin, and a cross-site fetch of the page's files", async () => {
    const h = setup()
    const foreign = await at(h, "/ui/api/overview", { origin: "http://localhost:3000" })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull()
    expect((await at(h, "/ui/console.js", { "sec-fetch-site": "cross-site" })).status).toBe(403)
    const same = await at(h, "/ui/api/overview", { origin: "http://127.0.0.1:5390", "sec-fetch-site": "same-origin" })
    expect(same.status).toBe(200)
    await same.body?.cancel()
  })

  it("the page, its files and its data carry no CORS header at all", async () => {
    const h = setup()
    for (const path of ["/ui", "/ui/console.js", "/ui/console.css", "/ui/api/overview"]) {
      const res = await at(h, path)
      expect(res.headers.get("access-control-allow-origin"), path).toBeNull()
      await res.body?.cancel()
    }
  })
})
