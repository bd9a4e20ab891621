// A real simulator for a test run: `portal serve` (the production server) on a
// port of its own with a temporary instance folder and database, stopped
// afterwards. The same rules as portal.testing.SimServer in Python.

import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface SimServerOptions {
  /** The command that runs the simulator's CLI; default `["portal"]` (on the PATH). */
  command?: string[];
  /** A folder of your own scenario files; default the simulator's own. */
  scenarios?: string;
  /** The scenario of a browser that has started none; default alle-tjenester-pa, else the folder's first. */
  defaultScenario?: string;
  /** Default: a free one. */
  port?: number;
  /** Milliseconds the simulator may take to answer; default 30 000. */
  startupTimeout?: number;
  /** The server's worker processes; default 2. */
  workers?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export class SimServer {
  readonly options: SimServerOptions;
  /** `http://127.0.0.1:<port>` once started. */
  url = "";
  /** The instance folder (database, secret key, log) while it runs. */
  instance: string | undefined;
  private process: ChildProcess | undefined;
  private logFile: WriteStream | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(options: SimServerOptions = {}) {
    this.options = options;
  }

  /** The environment for a `portal` command that works on this server's database. */
  get env(): NodeJS.ProcessEnv {
    if (!this.instance) throw new Error("the simulator is not running");
    return { ...process.env, PORTAL_INSTANCE: this.instance, DATABASE_URL: `sqlite:///${join(this.instance, "portal.sqlite3")}` };
  }

  async start(): Promise<this> {
    const { command = ["portal"], scenarios, defaultScenario, workers = 2, startupTimeout = 30_000 } = this.options;
    const port = this.options.port || (await freePort());
    this.url = `http://127.0.0.1:${port}`;
    this.instance = mkdtempSync(join(tmpdir(), "portal-sim-"));
    const args = [...command.slice(1), "serve", "--port", String(port), "--workers", String(workers)];
    if (scenarios) args.push("--scenarios", scenarios);
    if (defaultScenario) args.push("--scenario", defaultScenario);

    // The output goes to a file, not to memory: the access log grows with every request.
    this.logFile = createWriteStream(join(this.instance, "server.log"));
    const child = spawn(command[0], args, { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    this.process = child;
    let startup = ""; // until the server answers, to see it listen or say why it stopped
    const collect = (chunk: Buffer) => (startup += chunk.toString());
    for (const stream of [child.stdout, child.stderr]) {
      stream.pipe(this.logFile, { end: false });
      stream.on("data", collect);
    }
    let failure: Error | undefined;
    let stopped = false;
    this.exited = new Promise<void>((resolve) => {
      child.once("error", (error) => {
        failure = new Error(`could not run the simulator (${command.join(" ")}): ${error.message}. Install it (pip install helsenorge-portal-sim) or set simCommand.`);
        resolve();
      });
      child.once("close", () => resolve());
    }).then(() => {
      stopped = true;
    });

    const deadline = Date.now() + startupTimeout;
    while (Date.now() < deadline) {
      if (stopped) {
        await this.stop();
        throw failure ?? new Error(`the simulator stopped at start-up:\n${startup}`);
      }
      // Our own server must be listening: on a port taken meanwhile by another
      // simulator (parallel workers) the health check would answer for that one.
      // granian says "Listening at: <url>" once it has bound the port.
      const listening = startup.includes(`Listening at: ${this.url}`);
      if (listening && (await this.healthy())) {
        child.stdout.off("data", collect);
        child.stderr.off("data", collect);
        return this;
      }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`the simulator did not answer within ${startupTimeout} ms:\n${startup}`);
  }

  /** What the server wrote so far: its start-up lines, then the access log. */
  log(): string {
    return this.instance ? readFileSync(join(this.instance, "server.log"), "utf8") : "";
  }

  private async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/_sim/health`, { signal: AbortSignal.timeout(1000) });
      return response.ok && ((await response.json()) as { status?: string }).status === "ok";
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await this.exited;
        clearTimeout(killer);
      }
      this.process = undefined;
    }
    if (this.logFile) {
      const file = this.logFile;
      await new Promise<void>((resolve) => file.end(resolve));
      this.logFile = undefined;
    }
    if (this.instance) {
      rmSync(this.instance, { recursive: true, force: true });
      this.instance = undefined;
    }
  }
}
