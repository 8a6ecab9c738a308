/**
 * Reading a request body with a cap, on any runtime: a declared `Content-Length` over the cap
 * is refused before a byte is read; otherwise the stream is read chunk by chunk and cancelled
 * as soon as it passes the cap, so an oversized body costs at most `cap` bytes of memory.
 *
 * The default cap, 1 MiB, is about three times the largest legitimate REST body: an account
 * import of 100 profiles whose 500-byte `Nick` and `FaceUrl` are written as `\uXXXX` escapes
 * is ~200 KB, and `set_attr` for 100 users × 10 attributes of 50-byte names and values, escaped,
 * ~300 KB; a timpush push is at most 10 KB (90056).
 *
 * @module
 */

/** The default body cap in bytes (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/** What `readBody` found: the text, or a body over the cap (whose rest was never read). */
export type BodyRead = { readonly text: string; readonly bytes: number } | { readonly tooLarge: true }

const decoder = new TextDecoder()

/** The declared length, when the request declares a valid one. */
export const declaredLength = (request: Request): number | undefined => {
  const raw = request.headers.get("content-length")
  return raw !== null && /^[0-9]+$/.test(raw) ? Number(raw) : undefined
}

/** Reads `request`'s body as UTF-8 text, up to `cap` bytes. Rejects only if the stream fails. */
export const readBody = async (request: Request, cap: number): Promise<BodyRead> => {
  const declared = declaredLength(request)
  if (declared !== undefined && declared > cap) {
    await request.body?.cancel().catch(() => {})
    return { tooLarge: true }
  }
  // A declared length within the cap: the runtime's own reader (the fastest path; HTTP framing
  // guarantees the length, and an in-memory Request holds its body already).
  if (declared !== undefined) {
    const bytes = new Uint8Array(await request.arrayBuffer())
    if (bytes.byteLength > cap) return { tooLarge: true } // an in-memory Request whose header lied
    return { text: decoder.decode(bytes), bytes: bytes.byteLength }
  }
  const stream = request.body
  if (stream === null) return { text: "", bytes: 0 }
  const reader = stream.getReader()
  const chunks: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > cap) {
      chunks.length = 0
      await reader.cancel().catch(() => {})
      return { tooLarge: true }
    }
    chunks.push(value)
  }
  if (chunks.length === 1) return { text: decoder.decode(chunks[0]), bytes: size }
  const all = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.byteLength
  }
  return { text: decoder.decode(all), bytes: size }
}
