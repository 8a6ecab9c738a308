/**
 * Debian's Chromium, headless, driven by playwright-core (a devDependency: the library's own
 * install is unchanged). Playwright's browser download cannot be used here, so the system
 * browser is launched with a fresh profile directory, which is removed afterwards.
 *
 * Where Chromium is not installed: without `CI` the browser tests are skipped with one line
 * saying how to enable them; with `CI=true` they run and fail (`.ci/run` installs it).
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chromium } from "playwright-core"
import type { BrowserContext } from "playwright-core"

/** Debian's `chromium` package puts it here. */
export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"

const installed = (): boolean => spawnSync(CHROMIUM, ["--version"], { stdio: "ignore" }).status === 0

const ci = (): boolean => ["1", "true"].includes((process.env["CI"] ?? "").toLowerCase())

/** Why the browser tests are skipped here, or `undefined` when they run. */
export const browserSkipReason = (): string | undefined =>
  installed() || ci()
    ? undefined
    : `browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium; with CI=true they are required)`

/** Where the tests write screenshots for review (gitignored). */
export const SCREENSHOTS = join(process.cwd(), ".tmp", "screenshots")

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]

/** A headless browser with a fresh profile; `close()` also deletes the profile. */
export interface Browser {
  readonly context: BrowserContext
  close(): Promise<void>
}

export const launch = async (): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), "console-chromium-"))
  mkdirSync(SCREENSHOTS, { recursive: true })
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1360, height: 860 },
      acceptDownloads: true,
      // Emulator times are shown in UTC; a fixed locale keeps number formats the same everywhere.
      locale: "en-US",
      timezoneId: "UTC",
    })
    return {
      context,
      close: async () => {
        await context.close()
        rmSync(profile, { recursive: true, force: true })
      },
    }
  } catch (e) {
    rmSync(profile, { recursive: true, force: true })
    throw e
  }
}
