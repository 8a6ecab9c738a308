/**
 * Import progress on stderr: a cli-progress bar on a TTY (rows done, rows/s, ETA, failures),
 * otherwise one plain line every few seconds, so logs and CI output stay readable.
 *
 * Percent and ETA come from input bytes (the row count of a streamed file is unknown until
 * the end); they are shown only when the input size is known (a file, not stdin).
 *
 * @module
 */
import { SingleBar } from "cli-progress"
import { formatDuration } from "../duration.ts"

/** What the progress display is told. */
export interface ProgressState {
  /** Rows finished in total (ok + failed + bad), including those done before a resume. */
  readonly done: number
  readonly failed: number
  readonly bad: number
  /** Input bytes read so far. */
  readonly bytes: number
}

/** A progress display. */
export interface Progress {
  update(state: ProgressState): void
  stop(state: ProgressState): void
}

/** Options for `createProgress`. */
export interface ProgressOptions {
  readonly stream: NodeJS.WriteStream
  /** Input size in bytes, when known. */
  readonly totalBytes?: number | undefined
  /** Seconds between plain lines. */
  readonly intervalSeconds: number
  /** Rows already done when this run started (a resume), excluded from the rate. */
  readonly initialDone: number
  /** Force plain lines even on a TTY (`--progress plain`), or disable (`none`). */
  readonly mode: "auto" | "plain" | "none"
  readonly now?: () => number
}

const fmt = (n: number): string => n.toLocaleString("en-US")

/** Rate and ETA from this run's own progress (a resume's skipped rows do not count). */
const rates = (s: ProgressState, o: ProgressOptions, startedAt: number, startBytes: number, now: number) => {
  const elapsed = Math.max((now - startedAt) / 1000, 0.001)
  const rowsPerSec = (s.done - o.initialDone) / elapsed
  const bytesPerSec = (s.bytes - startBytes) / elapsed
  const total = o.totalBytes
  const fraction = total !== undefined && total > 0 ? Math.min(s.bytes / total, 1) : undefined
  const eta = total !== undefined && bytesPerSec > 0 ? Math.max(total - s.bytes, 0) / bytesPerSec : undefined
  return { elapsed, rowsPerSec, fraction, eta }
}

/** Creates the display that fits `options.stream`. */
export const createProgress = (options: ProgressOptions): Progress => {
  const now = options.now ?? Date.now
  const startedAt = now()
  let startBytes: number | undefined
  if (options.mode === "none") return { update: () => {}, stop: () => {} }

  if (options.mode === "auto" && options.stream.isTTY) {
    const bar = new SingleBar({
      stream: options.stream,
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
      format: options.totalBytes !== undefined
        ? "{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {etaText} | {failures} failed"
        : "{rows} rows | {rate} rows/s | {failures} failed",
    })
    const payload = (s: ProgressState) => {
      startBytes ??= s.bytes
      const r = rates(s, options, startedAt, startBytes, now())
      return {
        rows: fmt(s.done),
        rate: fmt(Math.round(r.rowsPerSec)),
        etaText: r.eta === undefined ? "?" : formatDuration(Math.ceil(r.eta)),
        failures: fmt(s.failed + s.bad),
      }
    }
    bar.start(options.totalBytes ?? 1, 0, payload({ done: options.initialDone, failed: 0, bad: 0, bytes: 0 }))
    return {
      update: (s) => bar.update(options.totalBytes !== undefined ? s.bytes : 0, payload(s)),
      stop: (s) => {
        bar.update(options.totalBytes !== undefined ? s.bytes : 0, payload(s))
        bar.stop()
      },
    }
  }

  // A timer, not update(), drives the lines: a run that is waiting (rate limit, slow service)
  // still reports every few seconds.
  let latest: ProgressState | undefined
  const line = (s: ProgressState) => {
    startBytes ??= s.bytes
    const r = rates(s, options, startedAt, startBytes, now())
    const parts = [
      `progress: ${fmt(s.done)} rows done (${fmt(s.failed)} failed, ${fmt(s.bad)} bad)`,
      `${fmt(Math.round(r.rowsPerSec))} rows/s`,
    ]
    if (r.fraction !== undefined) {
      parts.push(`${Math.floor(r.fraction * 100)}%`, `ETA ${r.eta === undefined ? "?" : formatDuration(Math.ceil(r.eta))}`)
    }
    options.stream.write(parts.join(" | ") + "\n")
  }
  const timer = setInterval(() => {
    if (latest !== undefined) line(latest)
  }, Math.max(options.intervalSeconds * 1000, 10))
  timer.unref()
  return {
    update: (s) => {
      startBytes ??= s.bytes
      latest = s
    },
    stop: () => clearInterval(timer),
  }
}
