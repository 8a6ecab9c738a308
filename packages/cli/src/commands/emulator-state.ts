/**
 * The emulator's state file (`--state FILE`): loaded at start, saved on exit, always written
 * atomically (a temporary file beside it, then a rename over it), so a crash mid-save leaves
 * the previous file whole. A save that fails is reported, never silent: the caller prints why
 * and exits non-zero.
 *
 * @module
 */
import * as fs from "node:fs"
import type { Emulator } from "tencent-chat-push/emulator"

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

/** Loads FILE into `em` when it exists; returns whether it did. Throws with the reason. */
export const loadStateFile = (em: Emulator, file: string): boolean => {
  if (!fs.existsSync(file)) return false
  em.importState(JSON.parse(fs.readFileSync(file, "utf8")))
  return true
}

/** Saves the state of `em` to FILE atomically. Throws with the reason (the old file stays). */
export const saveStateFile = (em: Emulator, file: string): void => {
  writeAtomic(file, JSON.stringify(em.exportState()))
}
