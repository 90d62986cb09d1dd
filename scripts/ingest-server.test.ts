import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const repository = fileURLToPath(new URL("..", import.meta.url));
/** Each process compiles the app's modules with tsx on start, which is slow on a busy CI machine. */
const STARTUP_MS = 45_000;
const STOP_MS = 5_000;

interface Run { child: ChildProcess; output(): string; exited: Promise<number | null> }
const runs: Run[] = [];

function startIngestServer(env: Record<string, string | undefined>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/ingest-server.ts"], { cwd: repository, env: { ...process.env, ...env } });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const run = { child, output: () => output, exited };
  runs.push(run);
  return run;
}

async function freePort() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitForOutput(run: Run, pattern: RegExp, timeoutMs = STARTUP_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null) throw new Error(`ingest-server exited (${run.child.exitCode}) before printing ${pattern}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`ingest-server did not print ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), ms).unref())]);

afterEach(async () => {
  // A failed test must not leave servers behind: stop them as an operator would, then insist.
  for (const { child, exited } of runs.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill("SIGTERM");
    if ((await within(exited, STOP_MS)) === "still running") child.kill("SIGKILL");
  }
});

describe.skipIf(!process.env.DATABASE_URL)("npm run ingest-server", () => {
  it("serves from several processes on one port and stops cleanly on SIGTERM", { timeout: STARTUP_MS + 15_000 }, async () => {
    const port = await freePort();
    const run = startIngestServer({ INGEST_PROCESSES: "2", INGEST_HOST: "127.0.0.1", INGEST_PORT: String(port) });
    await waitForOutput(run, /listening on http:\/\/127\.0\.0\.1:\d+.*\(2 processes/);
    expect(run.output()).toContain(`http://127.0.0.1:${port}/api/ingest/{chirpstack,tts}`);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    run.child.kill("SIGTERM");
    expect(await within(run.exited, STOP_MS)).toBe(0);
  });

  it("does not start a replacement for a crashed process once told to stop", { timeout: STARTUP_MS + 15_000 }, async () => {
    const port = await freePort();
    const run = startIngestServer({ INGEST_PROCESSES: "1", INGEST_HOST: "127.0.0.1", INGEST_PORT: String(port) });
    await waitForOutput(run, /listening on/);
    const [worker] = execFileSync("pgrep", ["-P", String(run.child.pid)], { encoding: "utf8" }).trim().split("\n").map(Number);
    process.kill(worker!, "SIGKILL");
    await waitForOutput(run, /ended \(SIGKILL\); starting another/, STOP_MS);

    // Within the pause before the replacement starts.
    run.child.kill("SIGTERM");
    expect(await within(run.exited, STOP_MS)).toBe(0);
  });
});

describe("npm run ingest-server without a database", () => {
  it("exits 1, explaining that it needs DATABASE_URL", { timeout: STARTUP_MS }, async () => {
    const run = startIngestServer({ DATABASE_URL: "" });
    expect(await within(run.exited, STARTUP_MS)).toBe(1);
    expect(run.output()).toContain("DATABASE_URL is not set");
  });
});
