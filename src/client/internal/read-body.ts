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

/** A body being read: its text (or `undefined` past the limit), and a way to stop reading it. */
export interface Reading {
  readonly text: Promise<string | undefined>
  /** Cancels the stream (idempotent; a finished read ignores it). */
  readonly cancel: () => void
}

/**
 * Reads the body as UTF-8 text (like `Response.text()`); `text` is `undefined` when the body
 * passes `limit` bytes, in which case the stream is cancelled and nothing more is read. `text`
 * rejects when the stream fails.
 */
export const readCapped = (body: ReadableStream<Uint8Array> | null, limit: number = MAX_ANSWER_BYTES): Reading => {
  if (body === null) return { text: Promise.resolve(""), cancel: () => {} }
  const reader = body.getReader()
  let first: Uint8Array | undefined
  let parts: Array<Uint8Array> | undefined
  let size = 0
  let stopped = false
  const cancel = () => {
    if (stopped) return
    stopped = true
    reader.cancel().catch(() => {})
  }
  const next = (): Promise<string | undefined> =>
    reader.read().then(({ done, value }) => {
      if (done) return joined()
      size += value.byteLength
      if (size > limit) {
        cancel()
        return undefined
      }
      if (first === undefined) first = value
      else (parts ??= [first]).push(value)
      return next()
    })
  const joined = (): string => {
    stopped = true
    if (parts === undefined) return first === undefined ? "" : decoder.decode(first)
    const all = new Uint8Array(size)
    let o = 0
    for (const p of parts) {
      all.set(p, o)
      o += p.byteLength
    }
    return decoder.decode(all)
  }
  return { text: next(), cancel }
}
