/**
 * The processes a benchmark starts and measures: the ingestion server (as `npm run ingest-server`
 * starts it), the HTTP floor, MQTT workers; each in its own process group, so its CPU time can be read
 * from /proc; and the raw-socket HTTP load generator in a worker thread.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import type postgres from "postgres";

export interface BenchProcess {
  /** Its process group (the id of the process started). */
  pid: number;
  cpuSeconds(): number;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Whether it is still running. */
  alive(): boolean;
  /** Resolves when it has exited. */
  exited: Promise<void>;
  /** A signal to the whole group (e.g. SIGKILL, as a crash), resolved once it exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM to the whole group, resolved once it exited. */
  close(): Promise<void>;
}

/** Process groups still running; ended if the benchmark or test itself stops early (an error, Ctrl+C). */
const running = new Set<number>();
process.once("exit", () => {
  for (const group of running) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

/**
 * Starts `command` in its own process group and resolves once it printed `ready` (at once when null).
 * Its stderr is passed on to ours unless `quiet` (tests read it from output() instead).
 */
export async function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, ready: string | null, options: { quiet?: boolean } = {}): Promise<BenchProcess> {
  const child = spawn(command, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  const pid = child.pid!;
  running.add(pid);
  let done = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => {
    done = true;
    running.delete(pid);
  });
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (!options.quiet) process.stderr.write(chunk);
  });
  await new Promise<void>((resolve, reject) => {
    if (ready === null) resolve();
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (ready !== null && output.includes(ready)) resolve();
    });
    void exited.then(() => reject(new Error(`${command} ${args.join(" ")} stopped before it was ready:\n${output}`)));
  });
  const kill = async (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
    await exited;
    // npm may exit before what it started has finished stopping: wait for the whole group.
    for (let waited = 0; groupMembers(pid) > 0 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  };
  return {
    pid,
    cpuSeconds: () => processGroupCpuSeconds(pid),
    output: () => output,
    alive: () => !done,
    exited,
    kill,
    close: () => kill("SIGTERM"),
  };
}

/** The ingestion server (`npm run ingest-server`) or the HTTP floor (bench-http-floor.mjs) on a free port. */
export async function startHttpServer(kind: "ingest" | "floor", options: { url: string; processes: number; batches: number }) {
  const port = await freePort();
  const [command, args] = kind === "ingest"
    ? ["npm", ["run", "--silent", "ingest-server"]]
    : [process.execPath, ["--max-semi-space-size=64", new URL("./bench-http-floor.mjs", import.meta.url).pathname]];
  const server = await startProcess(command, args, {
    ...process.env, DATABASE_URL: options.url, INGEST_HOST: "127.0.0.1", INGEST_PORT: String(port), INGEST_PROCESSES: String(options.processes),
    INGEST_BATCHES: String(options.batches), FLOOR_PORT: String(port), FLOOR_PROCESSES: String(options.processes),
  }, "listening on");
  return { ...server, port };
}

export function freePort() {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A process's /proc/<pid>/stat fields after its name: [2] is its process group, [11] and [12] its user and system CPU ticks. */
const procStat = (pid: number | string) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
const cpuTicks = (fields: string[]) => Number(fields[11]) + Number(fields[12]);

/** How many processes of a process group are still running (zombies aside). */
function groupMembers(groupId: number) {
  let count = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const fields = procStat(pid);
      if (Number(fields[2]) === groupId && fields[0] !== "Z") count++;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}

/** CPU seconds (all threads, garbage collection included) used so far by a process group, from /proc. */
export function processGroupCpuSeconds(groupId: number) {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const fields = procStat(pid);
      if (Number(fields[2]) === groupId) ticks += cpuTicks(fields);
    } catch {
      // the process ended while we looked
    }
  }
  return ticks / 100;
}

/** CPU seconds used so far by every process with this name (e.g. the local "mosquitto"), from /proc; null if there is none. */
export function namedProcessCpuSeconds(name: string): number | null {
  let ticks: number | null = null;
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === name) ticks = (ticks ?? 0) + cpuTicks(procStat(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return ticks === null ? null : ticks / 100;
}

/** CPU seconds used so far by this database's backends, read from /proc (a local server only; else null). */
export async function backendCpuSeconds(sql: postgres.Sql): Promise<number | null> {
  try {
    const pids = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`;
    let ticks = 0;
    for (const { pid } of pids) ticks += cpuTicks(procStat(pid));
    return ticks / 100;
  } catch {
    return null;
  }
}

export interface LoadResult { elapsedMs: number; statuses: Record<string, number>; firstError: string | null; p50: number; p99: number }

/**
 * POSTs `count` ChirpStack `up` events (bench-chirpstack-body.mjs, numbered from 0 under `prefix`) to a
 * local port, one per request, `inFlight` keep-alive connections at a time, from a worker thread (its
 * own event loop, so it does not slow the servers'); see bench-load-generator.mjs.
 */
export function generateLoad(options: { port: number; secret: string; count: number; inFlight: number; devEuis: string[]; prefix: string }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./bench-load-generator.mjs", import.meta.url), { workerData: options });
    worker.once("message", (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once("error", reject);
  });
}
