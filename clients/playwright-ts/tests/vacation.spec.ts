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

test("the office answers during the holiday", async ({ page, sim }) => {
  // A variant of a scenario, without a file of its own: Bestill time off, another message.
  await sim.start(page, "alle-tjenester-pa", { services: { "bestill-time": false }, panelMessage: "Vi har ferie i uke 52." });
  const panel = page.getByRole("region", { name: "Fastlegen din er Astrid" });
  await expect(panel.getByRole("region", { name: "Informasjon fra legekontoret" })).toContainText("Vi har ferie i uke 52.");
  await panel.getByRole("link", { name: "Kontakt legekontoret" }).click();
  await page.getByRole("textbox", { name: "Emne" }).fill("Time etter ferien");
  await page.getByRole("textbox", { name: "Din melding" }).fill("Kan jeg få time i uke 2?");
  await page.getByRole("button", { name: "Send", exact: true }).click();

  const thread = await sim.office(page).reply("Ja, vi ringer deg 2. januar."); // the newest thread
  expect(thread.subject).toBe("Time etter ferien");
  expect(thread.read).toBe(false);
  await page.goto("/innboks");
  await page.getByRole("link", { name: "Time etter ferien" }).click();
  await expect(page.getByText("Ja, vi ringer deg 2. januar.")).toBeVisible();
});
