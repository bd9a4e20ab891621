// Chromium as the simulator's users have it, on a closed network: the same
// choices as the Python plugin (portal.testing).

import { chromium, type LaunchOptions } from "@playwright/test";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Without these Chromium keeps trying to reach Google's services at start-up. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The system Chromium, if there is one: `PORTAL_CHROMIUM`, else `chromium` on the PATH. */
export function systemChromium(): string | undefined {
  return process.env.PORTAL_CHROMIUM || onPath("chromium") || onPath("chromium-browser");
}

/** The executable to launch: `PORTAL_CHROMIUM` if set, else Playwright's own
 * if it was downloaded, else the system's (undefined: Playwright's own). */
export function chromiumExecutable(): string | undefined {
  if (!process.env.PORTAL_CHROMIUM && existsSync(chromium.executablePath())) return undefined;
  return systemChromium();
}

/** `options` completed for Chromium as the portal's users have it: the flags
 * above (after `options.args`), Norwegian (`LANGUAGE=nb`: the file picker's
 * «Velg filer», where Chromium's Norwegian locale is installed) and, unless
 * `options` names a channel or an executable, `chromiumExecutable()`.
 * Everything else `options` sets wins. */
export function chromiumLaunchOptions(options: LaunchOptions = {}): LaunchOptions {
  const executablePath = options.channel || options.executablePath ? undefined : chromiumExecutable();
  return {
    env: { ...process.env, LANGUAGE: "nb" } as Record<string, string>,
    ...(executablePath ? { executablePath } : {}),
    ...options,
    args: [...(options.args ?? []), ...CHROMIUM_ARGS],
  };
}
