// A simulator that is not the fixtures' own, for given-server.spec.ts, and a
// free port for port.spec.ts. Workers start after this and inherit the environment.
import { createServer } from "node:net";
import { join } from "node:path";
import { SimServer } from "@helsenorge-sim/playwright";

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export default async function globalSetup() {
  const given = await new SimServer({ scenarios: join(__dirname, "scenarios") }).start();
  process.env.GIVEN_SIM_URL = given.url;
  process.env.SIM_TEST_PORT = String(await freePort());
  return () => given.stop();
}
