// One call of the simulator's JSON API (/_sim/api/, docs/api.md) through a
// Page's or BrowserContext's `request`, which shares the browser's cookies.

import type { BrowserContext, Page } from "@playwright/test";

export type SimTarget = Page | BrowserContext;

/** Every call carries it: a form on another site cannot. */
export const API_HEADERS = { "X-Portal-Api": "1", Accept: "application/json" };
/** With PORTAL_PASSWORD on the server: the password, for a client that has not logged in. */
export const PASSWORD_HEADER = "X-Portal-Password";

/** The simulator refused a call: its status, Norwegian message and, per field, what is wrong. */
/** The password as the simulator reads it: percent-encoded, so one beyond ASCII survives the trip. */
export function passwordHeader(password: string): Record<string, string> {
  return { [PASSWORD_HEADER]: encodeURIComponent(password) };
}

export class SimApiError extends Error {
  readonly status: number;
  /** E.g. `{ panel_message: "Feltet kan kun inneholde 200 tegn!" }`. */
  readonly errors: Record<string, string>;

  constructor(status: number, message: string, errors: Record<string, string> = {}) {
    const details = Object.entries(errors).map(([field, text]) => `\n  ${field}: ${text}`);
    super(`${status}: ${message}${details.join("")}`);
    this.name = "SimApiError";
    this.status = status;
    this.errors = errors;
  }
}

export interface ApiClient {
  baseURL: string;
  password?: string;
}

/** `method path` (under /_sim/api) with `body` as JSON: the answer's JSON, or a SimApiError. */
export async function callApi<T>(client: ApiClient, target: SimTarget, method: string, path: string, body?: object): Promise<T> {
  const headers: Record<string, string> = { ...API_HEADERS };
  if (client.password) Object.assign(headers, passwordHeader(client.password));
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await target.request.fetch(`${client.baseURL}/_sim/api${path}`, {
    method,
    headers,
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  let answer: { message?: string; errors?: Record<string, string> };
  try {
    answer = await response.json();
  } catch {
    throw new SimApiError(response.status(), `${method} ${path}: ${response.statusText()} (no JSON from ${client.baseURL}: is it the simulator?)`);
  }
  if (!response.ok()) throw new SimApiError(response.status(), answer.message ?? "", answer.errors ?? {});
  return answer as T;
}
