import { afterEach, describe, expect, it, vi } from "vitest"
import { createProgress } from "../../src/import/progress.ts"

afterEach(() => {
  vi.useRealTimers()
})

const fakeStream = (isTTY: boolean) => {
  const lines: string[] = []
  return { lines, stream: { isTTY, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream }
}

describe("plain progress (not a TTY)", () => {
  it("prints one line per interval with rows, rate, percent and ETA, also while nothing moves", () => {
    vi.useFakeTimers()
    let t = 0
    const { lines, stream } = fakeStream(false)
    const p = createProgress({ stream, totalBytes: 1000, intervalSeconds: 2, initialDone: 0, mode: "auto", now: () => t })
    p.update({ done: 0, failed: 0, bad: 0, bytes: 0 })
    t = 2000
    p.update({ done: 500, failed: 3, bad: 1, bytes: 250 })
    vi.advanceTimersByTime(2000)
    expect(lines).toEqual(["progress: 500 rows done (3 failed, 1 bad) | 250 rows/s | 25% | ETA 6s\n"])
    t = 4000 // stalled: same state, still reported
    vi.advanceTimersByTime(2000)
    expect(lines).toHaveLength(2)
    p.stop({ done: 500, failed: 3, bad: 1, bytes: 250 })
    vi.advanceTimersByTime(10000)
    expect(lines).toHaveLength(2)
  })
  it("omits percent and ETA when the size is unknown (stdin), and is silent with mode none", () => {
    vi.useFakeTimers()
    let t = 0
    const { lines, stream } = fakeStream(false)
    const p = createProgress({ stream, intervalSeconds: 1, initialDone: 100, mode: "plain", now: () => t })
    t = 1000
    p.update({ done: 300, failed: 0, bad: 0, bytes: 999 })
    vi.advanceTimersByTime(1000)
    expect(lines).toEqual(["progress: 300 rows done (0 failed, 0 bad) | 200 rows/s\n"])
    const quiet = fakeStream(false)
    createProgress({ stream: quiet.stream, intervalSeconds: 1, initialDone: 0, mode: "none" }).update({ done: 1, failed: 0, bad: 0, bytes: 1 })
    vi.advanceTimersByTime(5000)
    expect(quiet.lines).toEqual([])
  })
})
