/**
 * Reading an answer's body with a size limit. A server that never stops sending used to take the
 * client to 1.4-3.2 GB and a V8 string-length error; now reading stops (the stream is cancelled)
 * as soon as the body passes `MAX_ANSWER_BYTES`, or before reading at all when `Content-Length`
 * already says so.
 *
 * Why 4 MiB: the largest documented answer is `get_tag` for 100 accounts holding 100 tags of 50
 * bytes each, about 0.5 MB of JSON (about 1 MB if every tag were CJK sent as `\uXXXX` escapes);
 * every other answer is a few KB. 4 MiB leaves 4× room over that worst case while bounding what
 * one answer can cost.
 *
 * @module
 */

/** The most bytes of one answer the client reads (see the module comment). */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024

const decoder = new TextDecoder()

/** Why a body was not read. */
export const overLimit = `the answer is over ${MAX_ANSWER_BYTES} bytes; reading stopped`

/**
 * Whether a `Content-Length` value already puts the body over the limit. A missing or unreadable
 * value says nothing (the body is then counted as it arrives).
 */
export const declaredOverLimit = (contentLength: string | null | undefined): boolean =>
  contentLength != null && Number(contentLength) > MAX_ANSWER_BYTES

/**
 * The body as UTF-8 text (like `Response.text()`), or `undefined` when it passes `limit` bytes,
 * in which case the stream is cancelled and nothing more is read. Rejects when the stream fails.
 */
export const readCapped = (body: ReadableStream<Uint8Array> | null, limit: number = MAX_ANSWER_BYTES): Promise<string | undefined> => {
  if (body === null) return Promise.resolve("")
  const reader = body.getReader()
  let first: Uint8Array | undefined
  let parts: Array<Uint8Array> | undefined
  let size = 0
  const next = (): Promise<string | undefined> =>
    reader.read().then(({ done, value }) => {
      if (done) return joined()
      size += value.byteLength
      if (size > limit) {
        reader.cancel().catch(() => {})
        return undefined
      }
      if (first === undefined) first = value
      else (parts ??= [first]).push(value)
      return next()
    })
  const joined = (): string => {
    if (parts === undefined) return first === undefined ? "" : decoder.decode(first)
    const all = new Uint8Array(size)
    let o = 0
    for (const p of parts) {
      all.set(p, o)
      o += p.byteLength
    }
    return decoder.decode(all)
  }
  return next()
}
