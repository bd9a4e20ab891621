// sim.start / reset / state on a page and on a context, the typed state, and
// the browser the fixtures launch.
import { test, expect } from "@helsenorge-sim/playwright";

test("a context, a next page and a reset", async ({ context, sim, baseURL }) => {
  await sim.start(context, "alle-tjenester-av");
  const page = await context.newPage();
  await page.goto("/fastlege");
  const before = await sim.state(page);
  await sim.reset(page);
  await expect(page).toHaveURL(baseURL + "/fastlege");
  const after = await sim.state(context);
  expect(after.sandbox).toBe(before.sandbox);
  expect(after.scenario.id).toBe("alle-tjenester-av");
  expect(after.panel.on).toBe(false);
  expect(after.service("bestill-time").status).toBe("off");
});

test("start shows next, and reset undoes what the patient did", async ({ page, sim, baseURL }) => {
  await sim.start(page, "alle-tjenester-pa", { next: "/kontakt-legekontoret" });
  await expect(page).toHaveURL(baseURL + "/kontakt-legekontoret");
  await page.getByRole("textbox", { name: "Emne" }).fill("Endre time");
  await page.getByRole("textbox", { name: "Din melding" }).fill("Kan jeg flytte timen min?");
  await page.getByRole("button", { name: "Send" }).click();
  expect((await sim.state(page)).inbox.threads.map((thread) => thread.subject)).toContain("Endre time");

  await sim.reset(page);
  expect((await sim.state(page)).inbox.threads.map((thread) => thread.subject)).not.toContain("Endre time");
});

test("each test has its own sandbox, in the default scenario", async ({ page, sim }) => {
  const state = await sim.state(page);
  expect(state.scenario.id).toBe("alle-tjenester-pa");
  expect(state.offered).toEqual(["bestill-time", "forny-resept", "e-konsultasjon", "kontakt-legekontoret"]);
});

test("every section of the state is typed", async ({ page, sim }) => {
  await sim.start(page, "e-konsultasjon-avsluttet");
  const state = await sim.state(page);
  expect(state.today).toBe("2023-12-07");
  expect(state.persona.name).toBe("Tora Hansen");
  expect(state.office.name).toBe("Ekeberg legekontor");
  const closed = state.inbox.threads.find((thread) => thread.closed_code === 13);
  expect(closed?.service).toBe("e-konsultasjon");
  expect(closed?.messages[0].from).toBe("patient");
  expect(state.booking.practitioners.filter((p) => p.own_gp).map((p) => p.name)).toEqual([state.gp.name]);
  expect(state.demo.following).toBe(false);
});

test("an unknown scenario says so", async ({ page, sim }) => {
  await expect(sim.start(page, "finnes-ikke")).rejects.toThrow("422: Noe i innholdet er feil: se errors.\n  scenario: finnes ikke; gyldige: ");
});

test("the browser speaks Norwegian and lives in Oslo", async ({ page, sim }) => {
  await sim.start(page, "alle-tjenester-pa");
  expect(await page.evaluate(() => navigator.language)).toBe("nb-NO");
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe("Europe/Oslo");
});

test("simServer is the worker's simulator behind baseURL", async ({ simServer, baseURL, request }) => {
  expect(simServer.url).toBe(baseURL);
  expect(simServer.env.PORTAL_INSTANCE).toBe(simServer.instance);
  const health = await (await request.get(`${baseURL}/_sim/health`)).json();
  expect(health.scenarios).toContain("anbefalt-losning-1");
});

test("start chooses the portal's language", async ({ page, sim }) => {
  await sim.start(page, "alle-tjenester-pa", { next: "/fastlege", lang: "en" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your GP");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello, Nødvendig");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test.describe("a browser that reads nynorsk", () => {
  test.use({ locale: "nn-NO" });

  test("gets the portal in nynorsk", async ({ page, sim }) => {
    await sim.start(page, "alle-tjenester-pa", { next: "/timeavtaler" });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Timeavtalar");
  });
});
