// The @playwright/test fixtures: a simulator per worker unless `baseURL` names
// one, `sim` for every test, and a browser as the portal's users have it.

import { test as base } from "@playwright/test";
import { dirname, resolve } from "node:path";
import { passwordHeader } from "./api";
import { chromiumLaunchOptions } from "./chromium";
import { SimServer } from "./server";
import { Sim } from "./sim";

export interface SimOptions {
  /** A folder of your own scenario files, relative to the config file. */
  simScenarios: string | undefined;
  /** The scenario of a browser that has started none; default alle-tjenester-pa, else the folder's first. */
  simDefaultScenario: string | undefined;
  /** The simulator's port; default a free one. Worker n uses simPort + n. */
  simPort: number | undefined;
  /** Milliseconds the simulator may take to answer. */
  simStartupTimeout: number;
  /** The command that runs the simulator's CLI. */
  simCommand: string[];
  /** The simulator's password, when it has one; default PORTAL_PASSWORD (which a simulator the fixtures start has too). */
  simPassword: string | undefined;
}

export interface SimWorkerFixtures extends SimOptions {
  /** This worker's simulator, started when first asked for. */
  simServer: SimServer;
  _simLauncher: () => Promise<SimServer>;
}

export interface SimTestFixtures {
  sim: Sim;
}

export const test = base.extend<SimTestFixtures, SimWorkerFixtures>({
  simScenarios: [undefined, { scope: "worker", option: true }],
  simDefaultScenario: [undefined, { scope: "worker", option: true }],
  simPort: [undefined, { scope: "worker", option: true }],
  simStartupTimeout: [30_000, { scope: "worker", option: true }],
  simCommand: [["portal"], { scope: "worker", option: true }],
  simPassword: [process.env.PORTAL_PASSWORD || undefined, { scope: "worker", option: true }],

  // A launcher, not a server, so that `baseURL` can depend on it and still start none when given one.
  _simLauncher: [
    async ({ simScenarios, simDefaultScenario, simPort, simStartupTimeout, simCommand }, use, workerInfo) => {
      const configDir = workerInfo.config.configFile ? dirname(workerInfo.config.configFile) : process.cwd();
      let server: Promise<SimServer> | undefined;
      await use(() => {
        server ??= new SimServer({
          command: simCommand,
          scenarios: simScenarios && resolve(configDir, simScenarios),
          defaultScenario: simDefaultScenario,
          port: simPort ? simPort + workerInfo.parallelIndex : undefined,
          startupTimeout: simStartupTimeout,
        }).start();
        return server;
      });
      const started = await server?.catch(() => undefined); // a failed start cleaned up after itself
      await started?.stop();
    },
    { scope: "worker", box: true },
  ],
  simServer: [async ({ _simLauncher }, use) => use(await _simLauncher()), { scope: "worker" }],

  // The configured baseURL (use.baseURL, PLAYWRIGHT_TEST_BASE_URL) means "use that server, start none".
  baseURL: async ({ baseURL, _simLauncher }, use) => {
    await use(baseURL ?? (await _simLauncher()).url);
  },

  // Chromium and a Norwegian browser as the portal's users have them (the same
  // defaults as the Python plugin); what the config chooses wins.
  launchOptions: async ({ launchOptions, browserName }, use) => {
    await use(browserName === "chromium" ? chromiumLaunchOptions(launchOptions) : launchOptions);
  },
  locale: async ({ contextOptions }, use, testInfo) => {
    await use(testInfo.project.use.locale ?? contextOptions.locale ?? "nb-NO");
  },
  timezoneId: async ({ contextOptions }, use, testInfo) => {
    await use(testInfo.project.use.timezoneId ?? contextOptions.timezoneId ?? "Europe/Oslo");
  },

  // With a password the browser sends it, as `sim` does: no login page.
  extraHTTPHeaders: async ({ extraHTTPHeaders, simPassword }, use) => {
    await use(simPassword ? { ...passwordHeader(simPassword), ...extraHTTPHeaders } : extraHTTPHeaders);
  },

  sim: async ({ baseURL, simPassword }, use) => {
    await use(new Sim(baseURL!, simPassword));
  },
});

export { expect } from "@playwright/test";
