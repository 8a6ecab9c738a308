import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

// The CLI's fleet test (cli-redis.test.ts) runs the CLI's test harness, which imports the library
// by its public name; resolve it to the sources, as vitest.config.ts does.
const conditions = ["@tencent-chat-push/source", ...defaultServerConditions]

// The fleet suites (test/fleet): several processes, a real
// redis-server and workerd, with limits measured at the emulator in real time. They run as their
// own part of `npm test`, one file at a time, so no CPU-heavy suite shares the 2 cores with a
// measurement.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@tencent-chat-push/source"] } },
  test: {
    include: ["test/fleet/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
