// A simulator behind PORTAL_PASSWORD, reached as docs/hosting.md («Passord og demorom») tells a suite
// to: the password in the X-Portal-Password header, percent-encoded.
import { test, expect, Sim, SimServer } from "@helsenorge-sim/playwright";

const password = "kurs-på-fredag";
let locked: SimServer;

test.beforeAll(async () => {
  process.env.PORTAL_PASSWORD = password; // SimServer starts `portal serve` in this environment
  try {
    locked = await new SimServer().start();
  } finally {
    delete process.env.PORTAL_PASSWORD;
  }
});

test.afterAll(async () => {
  await locked?.stop();
});

test("the header lets a suite in; without it there is only the login page", async ({ browser }) => {
  const withHeader = await browser.newContext({
    baseURL: locked.url,
    extraHTTPHeaders: { "X-Portal-Password": encodeURIComponent(password) },
  });
  const page = await withHeader.newPage();
  const sim = new Sim(locked.url);
  await sim.start(page, "ny-forside", { next: "/fastlegetjenester" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fastlegetjenester");
  expect((await sim.state(page)).scenario.id).toBe("ny-forside");

  const without = await browser.newContext({ baseURL: locked.url });
  const stranger = await without.newPage();
  await stranger.goto("/fastlegetjenester");
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("Logg inn i simulatoren");
  await withHeader.close();
  await without.close();
});

test("sim sends the password it is given; without it a call is a SimApiError 401", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: locked.url }); // the browser itself sends no password
  await expect(new Sim(locked.url).start(context, "alle-tjenester-pa")).rejects.toMatchObject({ status: 401 });
  await expect(new Sim(locked.url).state(context)).rejects.toThrow("401: Simulatoren er beskyttet med passord: send det i hodet X-Portal-Password.");

  const sim = new Sim(locked.url, password);
  const state = await sim.start(context, "alle-tjenester-pa", { panelMessage: "Bak passord" });
  expect(state.panel.message).toBe("Bak passord");
  expect((await sim.office(context).setService("forny-resept", { on: false })).status).toBe("off");
  expect((await sim.state(context)).offered).not.toContain("forny-resept");
  await context.close();
});
