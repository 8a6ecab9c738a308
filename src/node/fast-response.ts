/**
 * `FastResponse`: a `Response` that keeps a simple body (a string, bytes, or none) and its
 * status and headers as given, and builds the platform's (undici's) `Response` only when
 * something needs one (`body` as a stream, `clone()` of a streamed body, `formData()`...).
 *
 * Why: on Node, building one undici `Response` (its `Headers`, a `ReadableStream` for the body)
 * and reading it back costs about as much as the whole of a minimal `node:http` exchange; a
 * fetch-style server that answers through real `Response` objects runs at about half the speed
 * of a hand-written one. With `FastResponse` in place of the global `Response`, the bridge
 * (serve.ts) writes status, headers and body straight to the socket. The same trade is made by
 * Hono's Node adapter (`overrideGlobalObjects`) and by srvx (`FastResponse`).
 *
 * Fidelity: it passes `instanceof Response` (and a real `Response` passes `instanceof
 * FastResponse`, so code that checks `x instanceof Response` after the global is replaced still
 * accepts `fetch()` results). The constructor refuses exactly what the platform refuses, because
 * anything it does not recognise as simple (a stream, a Blob, FormData, an odd status or header)
 * goes to the platform's constructor at once. Reads follow the Fetch standard: a string body is
 * read back as UTF-8 would decode it (a lone surrogate becomes U+FFFD, a leading BOM is dropped),
 * bytes are copied at construction, and a body can be read once.
 *
 * @module
 */
import { standInFor } from "./stand-in.ts"

/** The platform's Response, captured before anything replaces the global. */
const Platform: typeof Response = globalThis.Response

type Source = string | Uint8Array | null

/** Header names: an RFC 9110 token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Header values Node writes as they are: visible ASCII, Latin-1, space and tab inside. */
const VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/
/** A reason phrase (RFC 9110): tab, space, visible ASCII, obs-text. */
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/
/** Statuses that cannot carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

const plainRecord = (h: unknown): h is Record<string, string> => {
  if (typeof h !== "object" || h === null) return false
  const proto = Object.getPrototypeOf(h)
  if (proto !== Object.prototype && proto !== null) return false
  for (const name in h) {
    const value = (h as Record<string, unknown>)[name]
    if (typeof value !== "string" || !TOKEN.test(name) || !VALUE.test(value)) return false
  }
  return true
}

const bodySource = (body: unknown): Source | undefined => {
  if (body === undefined || body === null) return null
  if (typeof body === "string") return body
  // Copied, as the Fetch standard extracts a BufferSource body: later writes do not show.
  if (body instanceof Uint8Array) return new Uint8Array(body)
  if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0))
  return undefined
}

const utf8 = new TextEncoder()
const decoder = new TextDecoder()

const LONE_SURROGATE = /[\uD800-\uDFFF]/u
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu

/** A string body as the platform would read it back: encoded to UTF-8, then decoded. */
const asRead = (s: string): string => {
  // In a `u` pattern a surrogate pair is one code point, so this finds lone surrogates only.
  const wellFormed = LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, "\uFFFD") : s
  return wellFormed.charCodeAt(0) === 0xfeff ? wellFormed.slice(1) : wellFormed
}

const used = (): TypeError => new TypeError("Body is unusable: Body has already been read")

/** What the bridge writes for a `FastResponse` that is still simple. */
export interface FastAnswer {
  readonly status: number
  readonly statusText: string
  /** Lower-case names; `set-cookie` as a list; content-length and hop-by-hop names left out. */
  readonly headers: Record<string, string | Array<string>>
  readonly body: string | Uint8Array | null
}

const SKIPPED = new Set(["content-length", "transfer-encoding", "connection"])

const addHeader = (out: Record<string, string | Array<string>>, name: string, value: string): void => {
  const key = name.toLowerCase()
  if (SKIPPED.has(key)) return
  const prior = out[key]
  if (key === "set-cookie") out[key] = prior === undefined ? [value] : [...(prior as Array<string>), value]
  else out[key] = prior === undefined ? value : `${prior as string}, ${value}`
}

class FastResponseImpl {
  // Set when the body and init are simple; otherwise #real is built in the constructor.
  #source: Source = null
  #status = 200
  #statusText = ""
  /** The init's headers, when a plain record (read once, at construction). */
  #record: Record<string, string> | undefined
  /** The live Headers, once asked for (or given as Headers / pairs). */
  #headers: Headers | undefined
  /** Content-Type added when the headers name none (string and JSON bodies). */
  #defaultType: string | undefined
  #used = false
  #real: Response | undefined

  constructor(body?: BodyInit | null, init?: ResponseInit) {
    const source = bodySource(body)
    const status = init?.status ?? 200
    const statusText = init?.statusText ?? ""
    const h = init?.headers
    const simple =
      source !== undefined && Number.isInteger(status) && status >= 200 && status <= 599 && !(source !== null && NULL_BODY.has(status)) &&
      typeof statusText === "string" && REASON.test(statusText)
    if (!simple) {
      this.#real = new Platform(body, init)
      return
    }
    this.#source = source
    this.#status = status
    this.#statusText = statusText
    if (h === undefined) this.#record = {}
    else if (plainRecord(h)) this.#record = { ...h }
    else this.#headers = new Headers(h) // pairs or Headers: copied (throws as the platform does)
    if (typeof source === "string") this.#defaultType = "text/plain;charset=UTF-8"
  }

  /** `Response.json`, without the detour through a stream. */
  static json(data: unknown, init?: ResponseInit): Response {
    const text = JSON.stringify(data)
    if (text === undefined) return Platform.json(data, init) // throws: not JSON-serializable
    const r = new FastResponseImpl(text, init)
    if (r.#real === undefined) r.#defaultType = "application/json"
    else if (!r.#real.headers.has("content-type")) r.#real.headers.set("content-type", "application/json")
    return r as unknown as Response
  }

  static error(): Response {
    return Platform.error()
  }

  static redirect(url: string | URL, status?: number): Response {
    return Platform.redirect(url, status)
  }

  // A real Response is also a FastResponse, so `x instanceof Response` keeps working for fetch()
  // results once the global is replaced.
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Platform
  }

  /** The bridge's fast path: status, headers and body, when nothing has needed a real Response. */
  static answer(r: Response): FastAnswer | undefined {
    if (!(#source in (r as object))) return undefined
    const f = r as unknown as FastResponseImpl
    if (f.#real !== undefined || f.#used) return undefined
    const headers: Record<string, string | Array<string>> = {}
    if (f.#headers !== undefined) f.#headers.forEach((value, name) => addHeader(headers, name, value))
    else for (const name in f.#record) addHeader(headers, name, f.#record[name]!)
    if (f.#defaultType !== undefined && headers["content-type"] === undefined) headers["content-type"] = f.#defaultType
    return { status: f.#status, statusText: f.#statusText, headers, body: f.#source }
  }

  get status(): number {
    return this.#real?.status ?? this.#status
  }

  get statusText(): string {
    return this.#real?.statusText ?? this.#statusText
  }

  get ok(): boolean {
    const s = this.status
    return s >= 200 && s <= 299
  }

  get headers(): Headers {
    if (this.#real !== undefined) return this.#real.headers
    if (this.#headers === undefined) {
      const h = new Headers(this.#record)
      this.#headers = h
      this.#record = undefined
    }
    if (this.#defaultType !== undefined) {
      if (!this.#headers.has("content-type")) this.#headers.set("content-type", this.#defaultType)
      this.#defaultType = undefined
    }
    return this.#headers
  }

  get bodyUsed(): boolean {
    return this.#real !== undefined ? this.#real.bodyUsed : this.#used
  }

  #take(): Source {
    if (this.#used) throw used()
    this.#used = true
    return this.#source
  }

  async text(): Promise<string> {
    if (this.#real !== undefined) return this.#real.text()
    const s = this.#take()
    return s === null ? "" : typeof s === "string" ? asRead(s) : decoder.decode(s)
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#real !== undefined) return this.#real.bytes()
    const s = this.#take()
    if (s === null) return new Uint8Array(0)
    return (typeof s === "string" ? utf8.encode(s) : s) as Uint8Array<ArrayBuffer>
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real !== undefined) return this.#real.arrayBuffer()
    const b = await this.bytes()
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.slice().buffer
  }

  clone(): Response {
    if (this.#real !== undefined) return this.#real.clone()
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.")
    const copy = new FastResponseImpl(null)
    copy.#source = this.#source
    copy.#status = this.#status
    copy.#statusText = this.#statusText
    copy.#defaultType = this.#defaultType
    if (this.#headers !== undefined) copy.#headers = new Headers(this.#headers)
    else copy.#record = { ...this.#record }
    return copy as unknown as Response
  }

  /** The platform's Response, built on first use of a member served by nothing above. */
  real(): Response {
    if (this.#real === undefined) {
      const real = new Platform(this.#source as BodyInit | null, { status: this.#status, statusText: this.#statusText, headers: this.headers })
      // A body already read here stays read there.
      if (this.#used) void real.body?.cancel()
      this.#real = real
    }
    return this.#real
  }
}

// Pass `instanceof Response`, inherit the platform's statics, and serve every other member
// (body, blob, formData, type, url, redirected, and whatever the platform adds) from a real one.
Object.setPrototypeOf(FastResponseImpl, Platform)
standInFor(FastResponseImpl, Platform)

/** The class, typed as the platform's `Response` it stands in for. */
export const FastResponse: typeof Response = FastResponseImpl as unknown as typeof Response

/** Status, headers and body of a still-simple `FastResponse`; `undefined` for anything else. */
export const fastAnswer = (response: Response): FastAnswer | undefined => FastResponseImpl.answer(response)

/**
 * Makes `FastResponse` the global `Response` of this process (once; later calls do nothing).
 * Returns whether the global is now `FastResponse`.
 */
export const useFastResponse = (): boolean => {
  if ((globalThis.Response as unknown) === FastResponseImpl) return true
  if (globalThis.Response !== Platform) return false // someone else replaced it: leave theirs
  globalThis.Response = FastResponse
  return true
}
