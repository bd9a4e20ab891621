// Suites as users write them: a folder with its own playwright.config.ts, run
// with `npx playwright test`. (Inside this package, so that they resolve
// @helsenorge-sim/playwright and @playwright/test as an installed package.)
import { test, expect } from "@helsenorge-sim/playwright";
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

test.describe.configure({ timeout: 120_000 }); // a whole run: a simulator and a browser of its own

const JUL_SPEC = `\
import { test, expect } from "@helsenorge-sim/playwright";

test("a new browser is in the folder's only scenario", async ({ page, sim }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hei, Nisse");
  expect((await sim.state(page)).scenario.id).toBe("jul");
});
`;

/** `npx playwright test` in a new folder with jul.spec.ts, scen/jul.yaml and this config: its exit code and output. */
async function runSuite(config: string): Promise<{ code: number | null; output: string }> {
  const folder = mkdtempSync(join(__dirname, "..", ".user-suite-"));
  mkdirSync(join(folder, "scen"));
  copyFileSync(join(__dirname, "scenarios", "jul.yaml"), join(folder, "scen", "jul.yaml"));
  writeFileSync(join(folder, "jul.spec.ts"), JUL_SPEC);
  writeFileSync(join(folder, "playwright.config.ts"), config);
  // Without this run's own worker settings; the CLI without npx's start-up.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(TEST_|PW_)/.test(key)));
  const cli = require.resolve("@playwright/test/cli");
  try {
    return await new Promise((resolve) => {
      execFile(process.execPath, [cli, "test", "--reporter=line"], { cwd: folder, env }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, output: stdout + stderr }),
      );
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test("a suite with only its own scenario file and a config passes", async () => {
  const { code, output } = await runSuite(`import { defineConfig } from "@playwright/test";
export default defineConfig({ use: { simScenarios: "scen" } });
`);
  expect(output).toContain("1 passed");
  expect(code).toBe(0);
});

test("use.baseURL in the config: that server is used and none started", async () => {
  // No such command: the suite passes only if it starts no simulator.
  const { code, output } = await runSuite(`import { defineConfig } from "@playwright/test";
export default defineConfig({ use: { baseURL: "${process.env.GIVEN_SIM_URL}", simCommand: ["/no/such/portal"] } });
`);
  expect(output).toContain("1 passed");
  expect(code).toBe(0);
});
