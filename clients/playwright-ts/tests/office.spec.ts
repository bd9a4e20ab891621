// sim.start with inline changes and sim.office(page) on the JSON API, each
// checked on the patient's pages; refusals as SimApiError.
import { test, expect, SimApiError } from "@helsenorge-sim/playwright";

test("a variant of a scenario, and a reset back to it", async ({ page, sim }) => {
  const state = await sim.start(page, "alle-tjenester-pa", {
    services: { "bestill-time": false, "e-konsultasjon": { absent: true, absence_message: "Legen har fri til 2. januar." } },
    panelMessage: "Vi har ferie i uke 52.",
    persona: "Kari Nordmann",
  });
  expect(state.offered).toEqual(["forny-resept", "e-konsultasjon", "kontakt-legekontoret"]);
  expect(state.service("e-konsultasjon").status).toBe("absent");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hei, Kari Nordmann");
  const panel = page.getByRole("region", { name: "Fastlegen din er Astrid" });
  await expect(panel.getByRole("link", { name: "Bestill time" })).toHaveCount(0);

  await sim.office(page).setService("bestill-time", { on: true });
  const after = await sim.reset(page);
  expect(after.offered).toEqual(state.offered);
  expect(after.persona.name).toBe("Kari Nordmann");
  await expect(panel.getByRole("link", { name: "Bestill time" })).toHaveCount(0);
});

test("a participant sees no simulator while the office acts", async ({ page, sim }) => {
  const state = await sim.start(page, "alle-tjenester-pa", { participant: true, next: "/innboks" });
  expect(state.participant).toBe(true);
  await expect(page.getByRole("complementary", { name: "Simulator" })).toHaveCount(0);
  await expect(page.locator("a[href*='/_sim']")).toHaveCount(0);
  await sim.office(page).setPanelMessage("Vi har ferie i uke 52.");
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Informasjon fra legekontoret" })).toContainText("Vi har ferie i uke 52.");
  expect((await sim.reset(page)).participant).toBe(true);
});

test("the office replies and closes an e-consultation with code 13", async ({ page, sim }) => {
  await sim.start(page, "alle-tjenester-pa", { next: "/e-konsultasjon" });
  await page.getByRole("textbox", { name: "Emne" }).fill("Vondt i kneet");
  await page.getByRole("textbox", { name: "Din melding" }).fill("Det har vart i en uke.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Meldingen er sendt");

  const thread = await sim.office(page).reply("Kom innom i morgen kl. 10.", { close: true });
  expect(thread.closed_code).toBe(13);
  expect(thread.messages.map((m) => m.from)).toEqual(["patient", "office"]);
  await page.goto("/innboks");
  await page.getByRole("link", { name: "Vondt i kneet" }).click();
  await expect(page.getByText("Kom innom i morgen kl. 10.")).toBeVisible();
  await expect(page.getByText("Denne meldingen kan ikke besvares.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send svar" })).toHaveCount(0);
});

test("the office sets an absence and the panel's message", async ({ page, sim }) => {
  await sim.start(page, "alle-tjenester-pa");
  const service = await sim.office(page).setService("forny-resept", { absent: true, absence_message: "Ring apoteket." });
  expect([service.status, service.absence_message]).toEqual(["absent", "Ring apoteket."]);
  expect((await sim.office(page).setPanelMessage("Ny melding")).message).toBe("Ny melding");
  await page.reload();
  await page.getByRole("link", { name: "Forny resept" }).click();
  await expect(page.getByRole("region", { name: "Legekontoret har fravær" })).toContainText("Ring apoteket.");
});

test("the office answers a time wish, with the first free slot or a decline", async ({ page, sim }) => {
  await sim.start(page, "ferie-timebestilling", { next: "/timeavtaler/bestill/august/foresla-tidspunkt" });
  for (const when of ["Tirsdager etter kl. 12", "Fredager"]) {
    await page.getByLabel("Når passer det for deg?").fill(when);
    await page.getByLabel("Hva gjelder timen?").fill("Kontroll av blodtrykk");
    await page.getByRole("button", { name: "Send forslag" }).click();
    await page.goto("/timeavtaler/bestill/august/foresla-tidspunkt");
  }
  const office = sim.office(page);
  const first = (await office.freeSlots("august"))[0];
  const proposed = await office.answerWish({ message: "Passer dette?" });
  expect(proposed.preferred).toBe("Fredager"); // the newest waiting
  expect(proposed.status).toBe("time foreslått");
  const booked = (await sim.state(page)).booking.appointments.find((a) => a.id === proposed.appointment);
  expect(booked?.slot).toBe(first.slot);

  const declined = await office.answerWish({ decline: "Ingen timer på tirsdager." });
  expect([declined.preferred, declined.status, declined.answer]).toEqual(["Tirsdager etter kl. 12", "avslått", "Ingen timer på tirsdager."]);
  await page.goto("/timeavtaler");
  await expect(page.getByRole("region", { name: "Forslag til tidspunkt" })).toContainText("Ingen timer på tirsdager.");
});

test("an added slot can be booked", async ({ page, sim }) => {
  await sim.start(page, "ferie-timebestilling");
  const slot = await sim.office(page).addSlot("2023-12-19T07:15", { practitioner: "ingar", duration: 30, kind: "video" });
  expect(slot).toEqual({ practitioner: "ingar", slot: "2023-12-19T07:15", start: "2023-12-19T07:15:00+01:00", duration: 30, kind: "video" });
  expect((await sim.state(page)).booking.added_slots).toEqual([slot]);
  await page.goto("/timeavtaler/bestill/ingar?dag=2023-12-19");
  await page.getByRole("link", { name: "07:15 Videotime 30 min" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bekreft time");
});

test("a refusal is a SimApiError with the field errors", async ({ page, sim }) => {
  const tooLong = sim.start(page, "alle-tjenester-pa", { panelMessage: "x".repeat(201) });
  await expect(tooLong).rejects.toBeInstanceOf(SimApiError);
  await expect(tooLong).rejects.toMatchObject({ status: 422, errors: { panel_message: "Feltet kan kun inneholde 200 tegn!" } });
  await expect(sim.office(page).addSlot("2023-12-06T10:00")).rejects.toThrow("start: Velg en dag fra 7. desember 2023 til 28. februar 2024.");
});

test("a crafted body is a 400 in Norwegian, and a call without the header is refused", async ({ page, baseURL }) => {
  const crafted = await page.request.post(`${baseURL}/_sim/api/office/reply`, {
    headers: { "X-Portal-Api": "1", "Content-Type": "application/json" },
    data: Buffer.from('{"text": "Hei", '), // a string would be sent as a JSON string: it is not JSON
  });
  expect(crafted.status()).toBe(400);
  expect(await crafted.json()).toEqual({ message: "Innholdet er ikke gyldig JSON (linje 1, tegn 17).", errors: {} });
  const bare = await page.request.post(`${baseURL}/_sim/api/reset`);
  expect(bare.status()).toBe(400);
  expect((await bare.json()).message).toBe("Kall til API-et må ha hodet X-Portal-Api: 1.");
});

test("a demo room's participant is refused", async ({ browser, sim, baseURL }) => {
  const trainer = await browser.newPage();
  await sim.start(trainer, "alle-tjenester-pa", { next: "/_sim/presenter" });
  const room = (await sim.state(trainer)).demo.room;
  const participant = await browser.newPage();
  await participant.goto(`${baseURL}/_sim/join/${room}`);
  const refused = sim.office(participant).reply("Hei");
  await expect(refused).rejects.toMatchObject({ status: 403 });
  await expect(refused).rejects.toThrow("403: Denne nettleseren følger et demorom og kan bare se på. Forlat demorommet først.");
  await trainer.close();
  await participant.close();
});
