import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real-time multi-process measurements run alone: `npm run test:fleet` (vitest.fleet.config.ts).
    exclude: ["test/fleet/**", "**/node_modules/**"],
    testTimeout: 30_000,
  },
})
