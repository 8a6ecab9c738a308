/**
 * The emulator's state file (`--state FILE`): loaded at start, saved on exit.
 *
 * Both directions stream (`importStateStream` / `exportStateStream`): a state of millions of
 * accounts never becomes one string, which past ~3 million accounts exceeded V8's longest string
 * and lost the save. Files are written as NDJSON (the emulator's version-2 form, any size); a
 * version-1 JSON file (written by earlier versions) still loads. A save goes to a temporary file
 * beside FILE that is renamed over it only once complete, so FILE is always a whole state, the
 * old or the new. A save that fails is reported, never silent: the caller prints why and exits
 * non-zero.
 *
 * @module
 */
import * as fs from "node:fs"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import type { ReadableStream as NodeReadableStream } from "node:stream/web"
import type { Emulator, StateImportSummary } from "tencent-chat-push/emulator"

/** Writes `text` to `file` atomically (temp file + rename). */
export const writeAtomic = (file: string, text: string, mode?: number): void => {
  const tmp = `${file}.tmp-${process.pid}`
  try {
    fs.writeFileSync(tmp, text, mode === undefined ? {} : { mode })
    fs.renameSync(tmp, file)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw e
  }
}

/**
 * Loads FILE into `em` when it exists (NDJSON or version-1 JSON); returns what it read, or
 * undefined when there is no file. Rejects with the reason (a cut or malformed file names its
 * line), leaving `em` as it was.
 */
export const loadStateFile = async (em: Emulator, file: string): Promise<StateImportSummary | undefined> => {
  if (!fs.existsSync(file)) return undefined
  return em.importStateStream(fs.createReadStream(file))
}

/** Saves the state of `em` to FILE (NDJSON, streamed, atomically). Rejects with the reason; FILE is then untouched. */
export const saveStateFile = async (em: Emulator, file: string): Promise<void> => {
  const tmp = `${file}.tmp-${process.pid}`
  try {
    await pipeline(Readable.fromWeb(em.exportStateStream() as NodeReadableStream<Uint8Array>), fs.createWriteStream(tmp))
    await fs.promises.rename(tmp, file)
  } catch (e) {
    await fs.promises.rm(tmp, { force: true })
    throw e
  }
}
