import { defineConfig } from "vitest/config"

// The fleet suites (test/fleet): several processes, a real redis-server and workerd, with
// limits measured at the emulator in real time. They run as their own part of `npm test`, one
// file at a time, so no CPU-heavy suite shares the 2 cores with a measurement.
export default defineConfig({
  test: {
    include: ["test/fleet/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
