// vacation.spec.ts – run with `npx playwright test`
import { test, expect } from "@helsenorge-sim/playwright";

test("only Kontakt legekontoret is offered", async ({ page, sim }) => {
  await sim.start(page, "anbefalt-losning-1");
  const panel = page.getByRole("region", { name: "Fastlegen din er Astrid" });
  await expect(panel.getByRole("link", { name: "Kontakt legekontoret" })).toBeVisible();
  await expect(panel.getByRole("link", { name: "Bestill time" })).toHaveCount(0);
  expect((await sim.state(page)).offered).toEqual(["kontakt-legekontoret"]);
});

test("the service page shows the office's message", async ({ page, sim }) => {
  await sim.start(page, "anbefalt-losning-1");
  await page.getByRole("link", { name: "Kontakt legekontoret" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kontakt DDFL Test");
  await expect(page.getByRole("region", { name: "Informasjon fra fastlegekontoret" })).toContainText("ferie");
});
