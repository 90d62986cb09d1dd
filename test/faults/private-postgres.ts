import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "../../scripts/lib/bench-processes";

/**
 * A throwaway PostgreSQL server for the fault suite (initdb into a temporary directory, pg_ctl on a
 * free port), so restarting "the database" never touches the server other tests and people share.
 * Runs PostgreSQL's own binaries (PG_BIN, else Debian's /usr/lib/postgresql/15/bin, else pg_config's),
 * as the `postgres` user when the suite runs as root (initdb refuses root).
 */
export interface PrivatePostgres {
  /** postgres://longreach:…@127.0.0.1:<port>/longreach_faults, owned by a non-superuser with CREATEROLE, as in production. */
  url: string;
  port: number;
  /** A fast shutdown (clients are disconnected, as in `pg_ctlcluster … restart`). */
  stop(): void;
  start(): void;
  /** Stops it for good and deletes its files. */
  destroy(): void;
}

/** Where PostgreSQL's server binaries are, or null when this machine has none (the suite then says it is skipped). */
export function postgresBinaries(): string | null {
  const candidates = [process.env.PG_BIN, "/usr/lib/postgresql/15/bin"];
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim());
  } catch {
    // no pg_config on the PATH
  }
  return candidates.find((dir) => dir && existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) ?? null;
}

export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const asRoot = process.getuid?.() === 0;
  const dataDir = mkdtempSync(path.join(tmpdir(), "longreach-faults-pg-"));
  if (asRoot) {
    const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim()));
    chownSync(dataDir, uid!, gid!);
  }
  const run = (program: string, args: string[]) => {
    const [command, fullArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, program), ...args]] : [path.join(bin, program), args];
    const result = spawnSync(command, fullArgs, { encoding: "utf8", timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${program} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  };
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dataDir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const pgCtl = (...args: string[]) => run("pg_ctl", ["-D", dataDir, "-l", path.join(dataDir, "server.log"), "-w", "-t", "60", ...args]);

  run("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  pgCtl("-o", options, "start");
  const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe("create role longreach login password 'longreach' createrole");
    await admin.unsafe("create database longreach_faults owner longreach");
  } finally {
    await admin.end();
  }
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    try {
      pgCtl("-m", "immediate", "stop");
    } catch {
      // already stopped
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Also when the test run ends without reaching its teardown (a hook timed out, Ctrl+C): never leave a server behind.
  process.once("exit", destroy);
  return {
    url: `postgres://longreach:longreach@127.0.0.1:${port}/longreach_faults`,
    port,
    stop: () => pgCtl("-m", "fast", "stop"),
    start: () => pgCtl("-o", options, "start"),
    destroy,
  };
}
