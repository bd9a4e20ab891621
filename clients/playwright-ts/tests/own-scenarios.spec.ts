// A suite's own scenarios folder (relative to the config file) without
// alle-tjenester-pa: a new browser is in the folder's first scenario.
import { test, expect } from "@helsenorge-sim/playwright";

test.use({ simScenarios: "tests/scenarios" });

test("a new browser is in the folder's only scenario", async ({ page, sim }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hei, Nisse");
  const state = await sim.state(page);
  expect(state.scenario).toEqual({ id: "jul", title: "Jul på legekontoret" });
  expect(state.offered).toEqual(["bestill-time"]);
});
