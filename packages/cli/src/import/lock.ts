/**
 * The checkpoint lock, `<checkpoint>.lock`: one run per checkpoint, and a record of when the
 * run holding it last sent a request.
 *
 * The file holds `{"pid":N,"timeoutMs":T}` (the holder and its per-request timeout); its
 * modification time is set before every HTTP request the run sends (`touch`, one `utimes`
 * call), retries included. So when a run was killed (`kill -9`), the next run knows the latest
 * moment a request of the dead run can have left (the lock's mtime) and how long the dead run
 * would have waited for it (T). A request still travelling, or queued at the service, could be
 * executed after the rerun has sent newer rows for the same users and undo them (measured: 3 of
 * 19,229 users ended with an older value); waiting until mtime + T before sending anything
 * closes that window for every request the service executes within the timeout it was sent
 * with. See `staleUntil`.
 *
 * @module
 */
import * as fs from "node:fs"

/** What a lock left by a dead run says about its last requests. */
export interface StaleLock {
  readonly pid: number
  /** When the dead run last sent (or started) a request, epoch ms (the lock's mtime). */
  readonly lastSendMs: number
  /** The dead run's per-request timeout, when recorded. */
  readonly timeoutMs: number | undefined
}

/** A held lock. */
export interface HeldLock {
  readonly path: string
  /** Set when the lock was taken over from a run that no longer exists. */
  readonly stale: StaleLock | undefined
  /** Records "a request leaves now" (the lock's mtime). */
  touch(): void
  release(): void
}

/**
 * Slack added to a dead run's timeout: the time between `touch` and the request's first byte
 * (the client signs and encodes after the fetch wrapper is called), with room for a busy machine.
 */
export const sendSlackMs = 500

/** The moment (epoch ms) after which no request of the dead run can still be within its timeout. */
export const staleUntil = (stale: StaleLock, fallbackTimeoutMs: number): number =>
  stale.lastSendMs + (stale.timeoutMs ?? fallbackTimeoutMs) + sendSlackMs

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
  // A killed process whose parent has not reaped it yet (a zombie) still answers kill(pid, 0);
  // on Linux, /proc tells them apart.
  try {
    const state = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0]
    return state !== "Z" && state !== "X"
  } catch {
    return true
  }
}

const readHolder = (lock: string): { pid: number; timeoutMs: number | undefined; mtimeMs: number } | undefined => {
  let text: string
  let mtimeMs: number
  try {
    text = fs.readFileSync(lock, "utf8").trim()
    mtimeMs = fs.statSync(lock).mtimeMs
  } catch {
    return undefined
  }
  // Locks written before the timeout was recorded hold the bare pid.
  if (/^\d+$/.test(text)) return { pid: Number(text), timeoutMs: undefined, mtimeMs }
  try {
    const o = JSON.parse(text) as { pid?: unknown; timeoutMs?: unknown }
    const pid = typeof o.pid === "number" && Number.isInteger(o.pid) ? o.pid : 0
    const timeoutMs = typeof o.timeoutMs === "number" && o.timeoutMs > 0 ? o.timeoutMs : undefined
    return { pid, timeoutMs, mtimeMs }
  } catch {
    return { pid: 0, timeoutMs: undefined, mtimeMs }
  }
}

/**
 * Takes `<path>.lock` (holding our pid and `timeoutMs`) so two runs never write one checkpoint:
 * a second run of the same import, or a rerun started while a killed run is still winding down.
 * A lock left by a process that no longer exists (after `kill -9`) is taken over and described
 * in `stale`. Throws with the holder's pid when another live process holds it.
 */
export const lockCheckpoint = (path: string, timeoutMs: number): HeldLock => {
  const lock = `${path}.lock`
  let stale: StaleLock | undefined
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lock, "wx")
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, timeoutMs }))
      fs.closeSync(fd)
      return {
        path: lock,
        stale,
        touch: () => {
          const now = new Date()
          try {
            fs.utimesSync(lock, now, now)
          } catch {
            // A lock deleted by hand: the next run just cannot tell how recent our requests were.
          }
        },
        release: () => fs.rmSync(lock, { force: true }),
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e
      const holder = readHolder(lock)
      if (holder !== undefined) {
        if (holder.pid > 0 && holder.pid !== process.pid && alive(holder.pid)) {
          throw new Error(`another import (pid ${holder.pid}) is using this checkpoint`)
        }
        stale = { pid: holder.pid, lastSendMs: holder.mtimeMs, timeoutMs: holder.timeoutMs }
      }
      fs.rmSync(lock, { force: true })
    }
  }
  throw new Error(`cannot take ${lock}`)
}
