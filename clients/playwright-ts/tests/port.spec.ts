// simPort (worker n on simPort + n) and simDefaultScenario.
import { test, expect } from "@helsenorge-sim/playwright";

const port = Number(process.env.SIM_TEST_PORT);
test.use({ simPort: port, simDefaultScenario: "anbefalt-losning-1" });

test("the simulator listens on the port asked for, in the default scenario asked for", async ({ page, sim, baseURL }) => {
  expect(baseURL).toBe(`http://127.0.0.1:${port + test.info().parallelIndex}`);
  await page.goto("/");
  expect((await sim.state(page)).scenario.id).toBe("anbefalt-losning-1");
});
