/**
 * The console's page and files as served: headers that keep it same-origin and unframeable,
 * nothing loaded from elsewhere, a script that parses and registers every view, and the size.
 */
import { Script } from "node:vm"
import { gzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { consoleViews } from "../../../../src/emulator/console/views/mod.ts"
import { setup } from "../helpers.ts"

const fetchUi = async (path: string, init: RequestInit = {}) => {
  const h = setup()
  const res = await h.em.fetch(new Request(`http://emulator.test/__emulator/ui${path}`, init))
  return { status: res.status, headers: res.headers, text: await res.text() }
}

describe("the console's files", () => {
  it("serves the page with a CSP that allows nothing but this origin, no framing and no CORS", async () => {
    for (const path of ["", "/"]) {
      const r = await fetchUi(path)
      expect(r.status).toBe(200)
      expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8")
      const csp = r.headers.get("content-security-policy") ?? ""
      for (const d of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "form-action 'none'"]) expect(csp).toContain(d)
      expect(csp).not.toContain("unsafe")
      expect(r.headers.get("x-frame-options")).toBe("DENY")
      expect(r.headers.get("x-content-type-options")).toBe("nosniff")
      expect(r.headers.get("access-control-allow-origin")).toBeNull()
      expect(r.text).toContain('<script src="/__emulator/ui/console.js"></script>')
    }
  })

  it("loads nothing from another origin (works offline): every reference is a path here or data:", async () => {
    const html = (await fetchUi("")).text
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(1)
    for (const ref of refs) expect(ref.startsWith("/__emulator/ui/") || ref.startsWith("data:"), ref).toBe(true)
    const js = (await fetchUi("/console.js")).text
    const css = (await fetchUi("/console.css")).text
    expect(js).not.toMatch(/https?:\/\//)
    expect(css).not.toMatch(/https?:\/\/|@import|url\(/)
  })

  it("serves one script that parses, puts text in the DOM only as text, and registers every view in order", async () => {
    const r = await fetchUi("/console.js")
    expect(r.headers.get("content-type")).toBe("text/javascript; charset=utf-8")
    expect(() => new Script(r.text)).not.toThrow()
    expect(r.text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/)
    const registered = [...r.text.matchAll(/view\(\{ id: "([a-z-]+)"/g)].map((m) => m[1])
    expect(registered).toEqual(consoleViews.map((v) => v.id))
  })

  // The budget grew with the lifecycle views (scheduled pushes, deliveries, callbacks, the test
  // form): about 70 KB and 19 KB gzipped. It is there to catch a vendored library or a bundle.
  it("is small: about 70 KB in all, about 19 KB gzipped", async () => {
    const files = await Promise.all(["", "/console.js", "/console.css"].map((p) => fetchUi(p)))
    const raw = files.reduce((n, f) => n + new TextEncoder().encode(f.text).byteLength, 0)
    const gz = files.reduce((n, f) => n + gzipSync(f.text).byteLength, 0)
    expect(raw).toBeLessThan(80 * 1024)
    expect(gz).toBeLessThan(22 * 1024)
  })

  it("answers HEAD without a body, refuses other methods, and 404s an unknown file", async () => {
    const head = await fetchUi("/console.css", { method: "HEAD" })
    expect(head.status).toBe(200)
    expect(head.text).toBe("")
    expect((await fetchUi("", { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).status).toBe(405)
    expect((await fetchUi("/nope.js")).status).toBe(404)
  })
})

describe("the console's views", () => {
  it("have unique, address-safe ids and scripts that fit the template they are kept in", () => {
    const ids = consoleViews.map((v) => v.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const v of consoleViews) {
      expect(v.id).toMatch(/^[a-z][a-z-]*$/)
      expect(v.script).not.toContain("`")
      expect(v.script).toContain(`view({ id: "${v.id}", title: ${JSON.stringify(v.title)}`)
    }
  })
})
