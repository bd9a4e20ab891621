// The package's own suite. The fixtures start a simulator per worker (`portal`
// on the PATH: `make test` puts the checkout's .venv/bin there) and launch the
// system Chromium when Playwright's own is not downloaded.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "tests",
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: "list",
  globalSetup: "./tests/global-setup.ts",
});
