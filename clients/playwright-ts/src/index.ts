// @helsenorge-sim/playwright: Playwright Test fixtures for the Helsenorge simulator.
//
//   import { test, expect } from "@helsenorge-sim/playwright";
//   test("…", async ({ page, sim }) => { await sim.start(page, "anbefalt-losning-1"); … });

export { test, expect, type SimOptions, type SimTestFixtures, type SimWorkerFixtures } from "./fixtures";
export { Sim, type Language, type ServiceChange, type StartOptions } from "./sim";
export { Office, type AnswerOptions, type ReplyOptions, type SlotOptions } from "./office";
export { SimApiError, API_HEADERS, PASSWORD_HEADER, passwordHeader, type SimTarget } from "./api";
export { SimServer, type SimServerOptions } from "./server";
export { SimState } from "./state";
export type * from "./state";
export { CHROMIUM_ARGS, chromiumExecutable, chromiumLaunchOptions, systemChromium } from "./chromium";
