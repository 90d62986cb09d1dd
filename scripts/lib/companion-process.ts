/**
 * What the processes that run beside the web server share (MQTT worker, ingestion server, forwarder):
 * failing with a message a person can act on, and the rule that they need the web server's PostgreSQL.
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
