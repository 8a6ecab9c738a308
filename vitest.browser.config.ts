import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

const conditions = ["@tencent-chat-push/source", ...defaultServerConditions]

// The console in headless Chromium (test/browser): a real browser per file, so files run one at
// a time and get their own part of `npm test`, away from the CPU-heavy unit suites.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@tencent-chat-push/source"] } },
  test: {
    include: ["test/browser/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    isolate: true,
  },
})
