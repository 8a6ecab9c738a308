/**
 * Serves the console under `/__emulator/ui`: the HTML shell, one script and one stylesheet
 * (strings in this library: no build step, no CDN, the same bytes from Node, Deno, Bun and a
 * Worker), and the console's read routes under `/__emulator/ui/api/`.
 *
 * It sits behind the inspection API's access rules (`refusal` is their verdict): Host, origin
 * and write rules apply to every path here. The one exception is a missing token on the three
 * static files: they hold no data, and the page must load to ask for the token. Every page
 * answer forbids framing, inline script and any other origin (CSP), so the page can only talk
 * to the emulator that served it.
 *
 * @module
 */
import { CONSOLE_API, handleConsoleApi, problem } from "./api.ts"
import { coreScript, bootScript } from "./assets/core.ts"
import { consoleHtml } from "./assets/page.ts"
import { consoleCss } from "./assets/style.ts"
import type { ConsoleContext } from "./context.ts"
import { consoleViews } from "./views/mod.ts"
import type { ConsoleView } from "./views/view.ts"

/** Where the console is served. */
export const CONSOLE_PATH = "/__emulator/ui"

/** True for the console's paths (the page, its files and its read routes). */
export const isConsolePath = (path: string): boolean => path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`)

/** The page's script: the core, each view in a function scope of its own, then the boot. */
export const buildConsoleScript = (views: ReadonlyArray<ConsoleView>): string =>
  `(function () {\n${coreScript}\n${views.map((v) => `// view: ${v.id}\n(function () {\n${v.script}\n})();`).join("\n")}\n${bootScript}\n})();\n`

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ")

const staticHeaders = (type: string): Headers =>
  new Headers({
    "content-type": type,
    "cache-control": "no-store",
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
  })

let files: ReadonlyMap<string, { readonly body: string; readonly type: string }> | undefined

const staticFiles = () =>
  (files ??= new Map([
    ["", { body: consoleHtml, type: "text/html; charset=utf-8" }],
    ["/", { body: consoleHtml, type: "text/html; charset=utf-8" }],
    ["/console.js", { body: buildConsoleScript(consoleViews), type: "text/javascript; charset=utf-8" }],
    ["/console.css", { body: consoleCss, type: "text/css; charset=utf-8" }],
  ]))

const apiParts = (pathname: string): Array<string> | undefined => {
  try {
    return pathname
      .slice(CONSOLE_API.length)
      .split("/")
      .filter((p) => p !== "")
      .map(decodeURIComponent)
  } catch {
    return undefined
  }
}

/**
 * Answers a request for a console path. `refusal` is the inspection access rules' verdict for
 * this request (undefined when allowed).
 */
export const serveConsole = (
  request: Request,
  url: URL,
  refusal: Response | undefined,
  ctx: ConsoleContext,
): Response | Promise<Response> => {
  const path = url.pathname
  if (path === CONSOLE_API || path.startsWith(`${CONSOLE_API}/`)) {
    if (refusal !== undefined) return refusal
    const parts = apiParts(path)
    if (parts === undefined) return problem(400, "malformed %-escape in the path")
    return handleConsoleApi(request, url, parts, ctx, consoleViews)
  }
  // The static files hold no data: only a missing token is overlooked, so the page can ask for it.
  if (refusal !== undefined && refusal.status !== 401) return refusal
  const file = staticFiles().get(path.slice(CONSOLE_PATH.length))
  if (file === undefined) return problem(404, `no console file ${path}`)
  const method = request.method.toUpperCase()
  if (method !== "GET" && method !== "HEAD") {
    const headers = staticHeaders("application/json; charset=utf-8")
    headers.set("allow", "GET, HEAD")
    return new Response(JSON.stringify({ error: `${method} is not allowed here` }), { status: 405, headers })
  }
  return new Response(method === "HEAD" ? null : file.body, { headers: staticHeaders(file.type) })
}
