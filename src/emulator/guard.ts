/**
 * Who may use the inspection API (`/__emulator/*`). It can read every account, replace the
 * state, move the clock and script faults, so a web page of another origin must never reach it,
 * while curl, tests and a same-origin page (the future console at `/__emulator/ui`) stay easy:
 *
 * 1. `Host` (when the request has one; an in-memory `em.fetch` call has none) must be a loopback
 *    name (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`) or one of `inspection.hosts`:
 *    a DNS-rebinding page reaches a loopback port under ITS OWN host name, and is refused (403).
 *    An empty or malformed `Host` is 400.
 * 2. A browser's cross-origin request is refused (403): an `Origin` that is not this very
 *    origin (`null` included), or `Sec-Fetch-Site` other than `same-origin` / `none`.
 * 3. No `Access-Control-Allow-*` header is ever sent from here, so a preflight fails and a
 *    foreign page cannot read an answer.
 * 4. POST and PUT need `Content-Type: application/json` (or `application/x-ndjson` for state):
 *    a browser sends neither without a CORS preflight, which rule 3 makes fail (415 otherwise).
 * 5. With `inspection.token`, every request must carry it: `Authorization: Bearer <token>`, or
 *    the `emulator_token` cookie (for a same-origin page; the cookie is never set by the
 *    emulator over plain GET). Compared in constant time; never logged or echoed (401).
 *
 * @module
 */

/** Options of the inspection API (`createEmulator({ inspection })`). */
export interface InspectionOptions {
  /**
   * Host names, besides loopback ones, that the inspection API answers to (the name another
   * machine uses to reach a non-loopback bind, e.g. `"emulator.internal"`). Case-insensitive,
   * without the port. Default none.
   */
  readonly hosts?: ReadonlyArray<string>
  /**
   * A secret every inspection request must present, as `Authorization: Bearer <token>` or as
   * the `emulator_token` cookie. Default none (loopback-only use needs none).
   */
  readonly token?: string
}

/**
 * The name of the cookie a same-origin page (the emulator's own console) may carry the
 * inspection token in; set it `HttpOnly; SameSite=Strict; Path=/__emulator`.
 *
 * @example
 * ```ts
 * import { TOKEN_COOKIE } from "tencent-chat-push/emulator"
 * const setCookie = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/__emulator`
 * ```
 */
export const TOKEN_COOKIE = "emulator_token"

const enc = new TextEncoder()

const sameSecret = (a: string, b: string): boolean => {
  const x = enc.encode(a)
  const y = enc.encode(b)
  let diff = x.length ^ y.length
  const n = Math.max(x.length, y.length)
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}

const HOST = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=%]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{0,5})?$/

/** The host name of a `Host` value (no port, no brackets, lower case), or undefined if malformed. */
export const hostName = (host: string): string | undefined => {
  if (!HOST.test(host)) return undefined
  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:[0-9]*$/, "")
  return name.toLowerCase().replace(/\.$/, "")
}

/** True for names that always mean this machine: localhost, *.localhost, 127.0.0.0/8, ::1. */
export const isLoopbackName = (name: string): boolean =>
  name === "localhost" || name.endsWith(".localhost") || name === "::1" ||
  /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(name)

const deny = (status: number, error: string, extra: Record<string, string> = {}): Response =>
  new Response(JSON.stringify({ error }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...extra },
  })

const cookieToken = (cookie: string | null): string | undefined => {
  if (cookie === null) return undefined
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=")
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) return part.slice(eq + 1).trim()
  }
  return undefined
}

const WRITE_TYPES = ["application/json", "application/x-ndjson"]

/** The refusal for `request` under `options`, or undefined when it may proceed. */
export const guardInspection = (request: Request, url: URL, options: InspectionOptions): Response | undefined => {
  const h = request.headers
  const host = h.get("host")
  if (host !== null) {
    const name = hostName(host)
    if (name === undefined || name === "") return deny(400, "the Host header is empty or malformed")
    const allowed = isLoopbackName(name) || (options.hosts ?? []).some((a) => a.toLowerCase() === name)
    if (!allowed) {
      return deny(403, `the inspection API does not answer to Host ${JSON.stringify(name)}: use a loopback name, or list it in inspection.hosts`)
    }
  }
  const origin = h.get("origin")
  if (origin !== null) {
    const self = (host ?? url.host).toLowerCase()
    let same = false
    try {
      const o = new URL(origin)
      same = (o.protocol === "http:" || o.protocol === "https:") && o.host.toLowerCase() === self
    } catch {
      same = false
    }
    if (!same) return deny(403, "the inspection API refuses cross-origin requests")
  }
  const site = h.get("sec-fetch-site")
  if (site !== null && site !== "same-origin" && site !== "none") {
    return deny(403, "the inspection API refuses cross-site requests")
  }
  if (options.token !== undefined) {
    const auth = h.get("authorization")
    const given = auth !== null && /^bearer /i.test(auth) ? auth.slice(7).trim() : cookieToken(h.get("cookie"))
    if (given === undefined || !sameSecret(given, options.token)) {
      return deny(401, "the inspection API needs its token (Authorization: Bearer <token>)", { "www-authenticate": 'Bearer realm="emulator"' })
    }
  }
  const method = request.method.toUpperCase()
  if (method === "OPTIONS") return deny(405, "the inspection API answers no CORS preflight", { allow: "GET, POST, PUT, DELETE" })
  if (method === "POST" || method === "PUT" || method === "PATCH") {
    const type = (h.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase()
    if (!WRITE_TYPES.includes(type)) {
      return deny(415, `inspection writes must be sent as Content-Type: application/json (got ${type === "" ? "none" : JSON.stringify(type)})`)
    }
  }
  return undefined
}
