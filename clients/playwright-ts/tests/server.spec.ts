// SimServer says why it could not start.
import { test, expect, SimServer } from "@helsenorge-sim/playwright";
import { join } from "node:path";

test("a missing scenarios folder is named as missing", async () => {
  const folder = join(__dirname, "finnes-ikke");
  const start = new SimServer({ scenarios: folder }).start();
  await expect(start).rejects.toThrow(`Scenariomappen ${folder} finnes ikke.`);
  await expect(start).rejects.not.toThrow("Gyldige");
});

test("a simulator that is slower than the start-up timeout", async () => {
  await expect(new SimServer({ startupTimeout: 1 }).start()).rejects.toThrow("the simulator did not answer within 1 ms");
});

test("a command that is not there", async () => {
  await expect(new SimServer({ command: ["/no/such/portal"] }).start()).rejects.toThrow(
    "could not run the simulator (/no/such/portal): spawn /no/such/portal ENOENT",
  );
});
