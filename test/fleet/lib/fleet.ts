/**
 * Drives a fleet of worker processes (worker.ts) sharing one store, and measures what reached
 * the emulator: the most arrivals in any sliding window and the rate between the first and the
 * last arrival.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { FLEET_PRIORITY, prioritize } from "./priority.ts"
import type { CallOutcome, Job } from "./worker.ts"

const workerPath = fileURLToPath(new URL("./worker.ts", import.meta.url))

/** A worker's answer to one job. */
export interface Answer {
  readonly id: number
  readonly pid: number
  /** How late the worker was for `startAt` (ms): a sign of a loaded machine. */
  readonly late: number
  readonly calls: ReadonlyArray<CallOutcome>
  /** When each request left the worker (its `fetch` was called), epoch ms. */
  readonly sent: ReadonlyArray<number>
}

/** Processes sharing one store. */
export interface Fleet {
  /** Resolves once every worker has loaded, connected its store and loaded its scripts. */
  readonly ready: Promise<void>
  /** Sends `job(i)` to worker i, all at once, and waits for every answer. */
  readonly run: (job: (i: number) => Omit<Job, "id">) => Promise<Array<Answer>>
  readonly close: () => Promise<void>
}

/** Starts `n` workers on `store` (a redis:// URL or `memory`). */
export const startFleet = (n: number, store: string): Fleet => {
  let nextId = 1
  const workers = Array.from({ length: n }, () => {
    const child: ChildProcess = spawn(process.execPath, [workerPath, store], { stdio: ["pipe", "pipe", "inherit"] })
    prioritize(child.pid, FLEET_PRIORITY)
    const waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>()
    let markReady: () => void = () => {}
    let failReady: (e: Error) => void = () => {}
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve
      failReady = reject
    })
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const answer = JSON.parse(line) as Answer & { error?: string; ready?: number }
      if (answer.ready !== undefined) return markReady()
      const w = waiting.get(answer.id)
      waiting.delete(answer.id)
      if (answer.error !== undefined) w?.reject(new Error(`worker ${child.pid}: ${answer.error}`))
      else w?.resolve(answer)
    })
    child.once("exit", (code) => {
      failReady(new Error(`worker ${child.pid} exited with ${code} before it was ready`))
      for (const w of waiting.values()) w.reject(new Error(`worker ${child.pid} exited with ${code}`))
      waiting.clear()
    })
    return {
      child,
      ready,
      send: (job: Job) =>
        new Promise<Answer>((resolve, reject) => {
          waiting.set(job.id, { resolve, reject })
          child.stdin!.write(`${JSON.stringify(job)}\n`)
        }),
    }
  })
  return {
    ready: Promise.all(workers.map((w) => w.ready)).then(() => undefined),
    run: (job) => Promise.all(workers.map((w, i) => w.send({ ...job(i), id: nextId++ }))),
    close: async () => {
      await Promise.all(workers.map((w) =>
        new Promise<void>((resolve) => {
          if (w.child.exitCode !== null) return resolve()
          w.child.once("exit", () => resolve())
          w.child.stdin!.end()
          setTimeout(() => w.child.kill("SIGKILL"), 5000).unref()
        })
      ))
    },
  }
}

/** The largest number of times inside any window [t, t + width) (times in ms). */
export const peakIn = (times: ReadonlyArray<number>, width: number): number => {
  const s = [...times].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[j]! <= s[i]! - width) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

/** Calls per second between the first and the last of `times`. */
export const rateOf = (times: ReadonlyArray<number>): number => {
  const s = [...times].sort((a, b) => a - b)
  return s.length < 2 ? 0 : ((s.length - 1) * 1000) / (s[s.length - 1]! - s[0]!)
}

/** The smallest gap between consecutive times. */
export const minGap = (times: ReadonlyArray<number>): number => {
  const s = [...times].sort((a, b) => a - b)
  let best = Number.POSITIVE_INFINITY
  for (let i = 1; i < s.length; i++) best = Math.min(best, s[i]! - s[i - 1]!)
  return best
}
