import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

// The CLI package imports the library by its public name (`tencent-chat-push/client`...); this
// export condition resolves those imports to the .ts sources, so tests need no build first.
const conditions = ["@tencent-chat-push/source", ...defaultServerConditions]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@tencent-chat-push/source"] } },
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    // Run alone: real-time multi-process measurements, `npm run test:fleet` (vitest.fleet.config.ts);
    // the console in Chromium, `npm run test:browser` (vitest.browser.config.ts).
    exclude: ["test/fleet/**", "test/browser/**", "**/node_modules/**"],
    testTimeout: 30_000,
    // One module graph per test file, by decision (tests patch process.stdout, timers and
    // globals); stated explicitly, which also keeps vitest from printing its isolate hint.
    isolate: true,
  },
})
