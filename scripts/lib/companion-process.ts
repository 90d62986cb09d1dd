/**
 * What the processes that run beside the web server share (MQTT worker, ingestion server, forwarder,
 * provisioner):
 * failing with a message a person can act on, the rule that they need the web server's PostgreSQL, and
 * running until told to stop.
 */

/** Ends `npm run <command>` with `message`, exit code 1. */
export function failCommand(command: string, message: string): never {
  console.error(`\n  npm run ${command}: ${message}\n`);
  process.exit(1);
}

/**
 * DATABASE_URL, or a clear exit: the embedded (PGlite) database can be opened by only one process, and
 * `npm start` already has it. `process` names this one; `withoutIt` may say what runs instead.
 */
export function sharedDatabaseUrl(command: string, process: string, withoutIt?: string): string {
  const url = globalThis.process.env.DATABASE_URL;
  if (url) return url;
  return failCommand(
    command,
    `DATABASE_URL is not set. The ${process} must share a PostgreSQL database with the web server: the embedded\n` +
      `  (PGlite) database can be opened by only one process, and \`npm start\` already has it.${withoutIt ? ` ${withoutIt}` : ""}\n` +
      "  Set DATABASE_URL=postgres://user:password@host:5432/longreach (the same as the web server's).",
  );
}

/**
 * Keeps a worker process (forwarder, provisioner) running until it is told to stop: prints `summary()`
 * every minute when it has something to say (that timer is also what keeps the process alive, as the
 * workers' own timers must not); on SIGINT or SIGTERM runs `stop` (which finishes the work in progress)
 * and exits 0. A second signal stops at once, unless it is the same one relayed by npm/tsx.
 */
export function runUntilStopped(command: string, options: { summary(): string | null; finishing: string; abandoning: string; stop(): Promise<void> }) {
  const summary = setInterval(() => {
    const line = options.summary();
    if (line) console.log(`${command}: last minute: ${line}`);
  }, 60_000);
  let stoppingSince = 0;
  const shutdown = async (signal: string) => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < 1_000) return;
      console.log(`${command}: stopping now; ${options.abandoning}`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    console.log(`${command}: ${signal}: ${options.finishing} (press Ctrl+C again to stop at once)`);
    clearInterval(summary);
    await options.stop();
    console.log(`${command}: stopped`);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
