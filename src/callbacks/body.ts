// Reading a request body with a byte cap. The cap is enforced while streaming (and up front when
// Content-Length already says too much), so an oversized body is never held in memory whole.
import { CallbackError, fail } from "./errors.ts"

/**
 * The default body cap, 1 MiB. A full batch of 100 events is about 50 KB at the documented
 * maxima (UserID 32 bytes, DataId 64 bytes, TaskId ~50 bytes, plus result text); the cap leaves
 * 20× room for longer ErrInfo texts and fields Tencent may add, because a refused body loses up
 * to 100 real events.
 */
export const DEFAULT_MAX_BODY_BYTES: number = 1024 * 1024

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true })

/** The body as text: BODY_TOO_LARGE over `maxBytes`, MALFORMED_BODY when unreadable or not UTF-8. */
export const readBodyText = async (request: Request, maxBytes: number): Promise<string> => {
  const declared = request.headers.get("content-length")
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    fail("BODY_TOO_LARGE", `the body is ${declared} bytes; at most ${maxBytes} are accepted`)
  }
  if (request.body === null) return ""
  const reader = request.body.getReader()
  const chunks: Array<Uint8Array> = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        fail("BODY_TOO_LARGE", `the body is over ${maxBytes} bytes`)
      }
      chunks.push(value)
    }
  } catch (e) {
    if (e instanceof CallbackError) throw e
    fail("MALFORMED_BODY", "the body could not be read")
  }
  const bytes = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    bytes.set(c, at)
    at += c.byteLength
  }
  try {
    return fatalUtf8.decode(bytes)
  } catch {
    return fail("MALFORMED_BODY", "the body is not UTF-8")
  }
}
