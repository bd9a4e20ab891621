// Scenario control for a Page or BrowserContext on the simulator's JSON API:
// a context is one browser with its own sandbox; a page acts for its context.

import { callApi, type ApiClient, type SimTarget } from "./api";
import { Office } from "./office";
import { SimState, type Persona, type ServiceId, type StateDocument } from "./state";

export type { SimTarget } from "./api";

/** The portal's languages: bokmål, nynorsk, English. */
export type Language = "nb" | "nn" | "en";

/** What to change of one service; what is left out stays. `true`/`false` alone switches it. */
export interface ServiceChange {
  on?: boolean;
  /** Tilleggsinformasjon fra legekontoret, at most 300 characters. */
  message?: string;
  /** Fravær: the service stays on, but takes no requests. */
  absent?: boolean;
  absence_message?: string;
}

export interface StartOptions {
  /** Where a page goes once the sandbox is fresh (a path on the simulator); default "/". */
  next?: string;
  /** Changes the sandbox starts with (and a reset returns to), per service id. */
  services?: Partial<Record<ServiceId, boolean | ServiceChange>>;
  /** The GP panel's message, at most 200 characters. */
  panelMessage?: string;
  /** Another name for the citizen: "Kari Nordmann", or with the new front page's first name. */
  persona?: string | Pick<Persona, "name"> & Partial<Pick<Persona, "first_name">>;
  /** Participant mode for a UX test: the patient's pages show no simulator (a reset keeps it). */
  participant?: boolean;
  /** The portal's language for this browser from now on, as the footer's
   * language links choose it; without it the browser's locale decides (nb-NO
   * unless your config says otherwise). */
  lang?: Language;
}

function isPage(target: SimTarget): target is Extract<SimTarget, { goto: unknown }> {
  return "goto" in target;
}

export class Sim implements ApiClient {
  readonly baseURL: string;
  /** The server's PORTAL_PASSWORD, when it has one. */
  readonly password?: string;

  constructor(baseURL: string, password?: string) {
    this.baseURL = baseURL.replace(/\/+$/, "");
    this.password = password;
  }

  url(path: string): string {
    return this.baseURL + path;
  }

  /** A fresh sandbox from scenario `id` for this browser, changed as asked; a page then shows `next`. */
  async start(target: SimTarget, id: string, { next = "/", services, panelMessage, persona, participant, lang }: StartOptions = {}): Promise<SimState> {
    if (!next.startsWith("/") || next.startsWith("//")) throw new Error(`next must be a path on the simulator, such as /innboks, not "${next}"`);
    const body: Record<string, unknown> = { scenario: id };
    if (services) body.services = services;
    if (panelMessage !== undefined) body.panel_message = panelMessage;
    if (persona !== undefined) body.persona = typeof persona === "string" ? { name: persona } : persona;
    if (participant) body.participant = true;
    if (lang !== undefined) body.lang = lang;
    const started = await callApi<{ state: StateDocument }>(this, target, "POST", "/start", body);
    if (isPage(target)) await target.goto(this.url(next));
    return new SimState(started.state);
  }

  /** Back to the start, as the simulator bar's «Nullstill» does.
   * A page on the simulator is loaded again to show the fresh state. */
  async reset(target: SimTarget): Promise<SimState> {
    const state = new SimState(await callApi<StateDocument>(this, target, "POST", "/reset"));
    if (isPage(target) && target.url().startsWith(this.baseURL + "/")) await target.goto(target.url());
    return state;
  }

  /** GET /_sim/state of this browser's sandbox, typed. */
  async state(target: SimTarget): Promise<SimState> {
    return new SimState(await callApi<StateDocument>(this, target, "GET", "/state"));
  }

  /** The GP office of this browser's sandbox: `await sim.office(page).reply("Hei …")`. */
  office(target: SimTarget): Office {
    return new Office(this, target);
  }
}
