// A baseURL given with test.use means "use that server, start none". This
// file's workers cannot start one (no such command), so the test passes only
// if none is started. (use.baseURL in a config: user-suite.spec.ts.)
import { test, expect } from "@helsenorge-sim/playwright";

test.use({ simCommand: ["/no/such/portal"], baseURL: process.env.GIVEN_SIM_URL });

test("the given server is used", async ({ page, sim, baseURL }) => {
  expect(baseURL).toBe(process.env.GIVEN_SIM_URL);
  await sim.start(page, "jul"); // a scenario only the given server has
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hei, Nisse");
});
