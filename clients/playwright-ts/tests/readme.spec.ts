// The repository README's TypeScript example is vacation.spec.ts, word for word.
import { test, expect } from "@helsenorge-sim/playwright";
import { readFileSync } from "node:fs";
import { join } from "node:path";

test("the README shows vacation.spec.ts as it runs", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "..", "README.md"), "utf8");
  const section = readme.split("## Use it in your own Playwright suite")[1];
  const shown = /```ts\n(.*?)```/s.exec(section)?.[1];
  expect(shown).toBe(readFileSync(join(__dirname, "vacation.spec.ts"), "utf8"));
});
