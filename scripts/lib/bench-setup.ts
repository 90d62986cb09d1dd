/**
 * What every benchmark shares: its database (chosen, checked, recreated and migrated), its log lines and
 * its results table. Benchmarks wipe their database, so it must look like one made for them.
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";

export const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
export const fmt = (n: number, digits = 0) => n.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

/**
 * Times `fn` as the benchmarks time a page's queries: `warmups` untimed calls, then `runs` timed ones
 * (each given its index). The times in ms, sorted; their p50, p99 and maximum; and the last answer.
 */
export async function timed<T>(runs: number, fn: (i: number) => Promise<T>, warmups = 5) {
  for (let i = 0; i < warmups; i++) await fn(i);
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await fn(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { times, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)!, runs, last: last! };
}

/** A positive whole-number setting from the environment. */
export function intSetting(name: string, fallback: number) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got '${process.env[name]}'`);
  return value;
}

/**
 * BENCH_DATABASE_URL, else DATABASE_URL, else a local `longreach_bench`. Exits unless its name contains
 * "bench" (or BENCH_WIPE=true), and sets the environment the app's modules check on import (this
 * database, throwaway secrets): import them only after calling this.
 */
export function benchDatabaseUrl(command: string) {
  const env = process.env;
  const url = env.BENCH_DATABASE_URL || env.DATABASE_URL || "postgres://longreach:longreach@127.0.0.1:5432/longreach_bench";
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/bench/i.test(name) && env.BENCH_WIPE !== "true") {
    console.error(
      `${command} drops everything in its database, and '${name}' does not look like a benchmark database.\n` +
        "Set BENCH_DATABASE_URL to a database whose name contains 'bench' (or BENCH_WIPE=true if you mean it).",
    );
    process.exit(1);
  }
  env.DATABASE_URL = url;
  env.AUTH_SECRET ||= "bench-only-auth-secret-not-used-for-anything-real";
  env.DEVICE_KEY_ENCRYPTION_KEY ||= "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  return url;
}

/** Empties the database (creating it if needed) and migrates it; returns the server's version. */
export async function freshDatabase(url: string) {
  let admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end();
    if ((error as { code?: string }).code !== "3D000") throw error;
    await createDatabase(url);
    admin = postgres(url, { max: 1, onnotice: () => {} });
  }
  await admin.unsafe("drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;");
  const [{ version }] = (await admin<{ version: string }[]>`select current_setting('server_version') as version`) as unknown as [{ version: string }];
  await admin.end();
  const [{ openDatabase }, { migrateDatabase }] = await Promise.all([import("../../src/server/db/client"), import("../../src/server/db/migrate")]);
  const handle = await openDatabase({ url, poolMax: 2 });
  await migrateDatabase(handle);
  await handle.close();
  return version;
}

/** The role in the URL may not have CREATEDB; on a local trust-auth server, the postgres superuser can. */
async function createDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const owner = decodeURIComponent(new URL(url).username);
  const attempts = [new URL(url), new URL(url)];
  attempts.forEach((u) => (u.pathname = "/postgres"));
  attempts[1]!.username = "postgres";
  attempts[1]!.password = "";
  for (const target of attempts) {
    const sql = postgres(target.toString(), { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`create database "${name}" owner "${owner}"`);
      log(`created database ${name} (as ${target.username})`);
      return;
    } catch {
      // try the next way
    } finally {
      await sql.end();
    }
  }
  throw new Error(`Database '${name}' does not exist and could not be created. Create it once with:\n  psql -h ${new URL(url).hostname} -U postgres -c 'CREATE DATABASE "${name}" OWNER "${owner}"'`);
}

/** The results as a two-column table, then one line of verdicts against the aims. */
export function printResults(rows: Array<[string, string]>, verdicts: Array<{ ok: boolean; aim: string; value: string }>) {
  const width = Math.max(...rows.map(([k]) => k.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  console.log(`\n┌${"─".repeat(width + 2)}┬${"─".repeat(valueWidth + 2)}┐`);
  for (const [k, v] of rows) console.log(`│ ${k.padEnd(width)} │ ${v.padStart(valueWidth)} │`);
  console.log(`└${"─".repeat(width + 2)}┴${"─".repeat(valueWidth + 2)}┘`);
  console.log(`\n${verdicts.map(({ ok, aim, value }) => `${aim}: ${ok ? "yes" : `NO (${value})`}`).join("; ")}`);
}
