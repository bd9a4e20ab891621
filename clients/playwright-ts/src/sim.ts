// Scenario control for a Playwright Page or BrowserContext: a context is one
// browser with its own sandbox; a page acts for its context. Each call goes
// through `target.request`, which carries the browser's cookies.

import type { BrowserContext, Page } from "@playwright/test";
import { SimState, type StateDocument } from "./state";

export type SimTarget = Page | BrowserContext;

/** The portal's languages: bokmål, nynorsk, English. */
export type Language = "nb" | "nn" | "en";

export interface StartOptions {
  /** Where a page goes once the sandbox is fresh (a local path); default "/". */
  next?: string;
  /** The portal's language for this browser from now on, as the footer's
   * language links choose it; without it the browser's locale decides (nb-NO
   * unless your config says otherwise). */
  lang?: Language;
}

const CSRF_TOKEN = /name="csrf_token" value="([^"]+)"/;

function isPage(target: SimTarget): target is Page {
  return "goto" in target;
}

export class Sim {
  readonly baseURL: string;

  constructor(baseURL: string) {
    this.baseURL = baseURL.replace(/\/+$/, "");
  }

  url(path: string): string {
    return this.baseURL + path;
  }

  /** A fresh sandbox from scenario `id` for this browser; a page then shows `next`. */
  async start(target: SimTarget, id: string, { next = "/", lang }: StartOptions = {}): Promise<void> {
    const query = new URLSearchParams({ next, ...(lang ? { lang } : {}) });
    const url = this.url(`/_sim/start/${encodeURIComponent(id)}?${query}`);
    const response = isPage(target) ? await target.goto(url) : await target.request.get(url);
    if (!response?.ok()) {
      const status = response ? response.status() : "no response";
      throw new Error(`could not start scenario "${id}" (${status}): is it in the scenarios folder?`);
    }
  }

  /** Back to the scenario's start, as the simulator bar's «Nullstill» does.
   * A page on the simulator is loaded again to show the fresh state. */
  async reset(target: SimTarget): Promise<void> {
    const request = target.request;
    const token = CSRF_TOKEN.exec(await (await request.get(this.url("/_sim/"))).text());
    if (!token) throw new Error("no CSRF token on /_sim/: is this the simulator?");
    const response = await request.post(this.url("/_sim/reset"), { form: { csrf_token: token[1], next: "/_sim/state" } });
    if (!response.ok()) throw new Error(`reset failed: ${response.status()}`);
    if (isPage(target) && target.url().startsWith(this.baseURL + "/")) await target.goto(target.url());
  }

  /** GET /_sim/state of this browser's sandbox, typed. */
  async state(target: SimTarget): Promise<SimState> {
    const response = await target.request.get(this.url("/_sim/state"));
    if (!response.ok()) throw new Error(`/_sim/state answered ${response.status()}`);
    return new SimState((await response.json()) as StateDocument);
  }
}
