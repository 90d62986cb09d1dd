/**
 * Telling "the database is away" (restarting, failing over, unreachable) from every other failure, so
 * callers can answer 503 and retry instead of reporting a bug, and say so in one log line per outage
 * instead of a stack trace per request.
 */

/** SQLSTATE classes and codes that mean the server cannot take work now, whatever the statement. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300)$/; // connection exception; admin/crash shutdown, cannot connect now; too many connections
/** What the drivers and Node report when the connection itself fails or is refused. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  // postgres.js
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT",
]);

/** True when `error` (or what it wraps: drizzle puts the driver's error in `cause`) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
    // An AggregateError (a host name with several addresses, all refusing) has no code of its own.
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

/** The most telling short description of why the database is unavailable, for a log line. */
export function unavailableReason(error: unknown): string {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) {
      return typeof e.message === "string" && e.message && !e.message.startsWith("Failed query") ? `${e.code}: ${e.message}` : e.code;
    }
    if (e instanceof AggregateError) return e.errors.map((inner) => unavailableReason(inner)).join(", ");
  }
  return String((error as Error)?.message ?? error);
}

/**
 * One line when a process first finds the database unavailable, one when it works again (with how
 * long it was away), and nothing in between, however many requests fail meanwhile.
 */
export class OutageLog {
  private since: number | null = null;

  constructor(
    private readonly who: string,
    /** What the process does meanwhile, e.g. "answering 503 until it is back". */
    private readonly meanwhile: string,
    private readonly write: (line: string) => void = (line) => console.error(line),
  ) {}

  /** Reports `error` if it is the database being unavailable (once per outage); false for any other error. */
  failed(error: unknown): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    if (this.since === null) {
      this.since = Date.now();
      this.write(`${this.who}: the database is unavailable (${unavailableReason(error)}); ${this.meanwhile}`);
    }
    return true;
  }

  /** Call after anything that reached the database: ends the outage, if there was one. */
  succeeded() {
    if (this.since === null) return;
    const seconds = Math.round((Date.now() - this.since) / 100) / 10;
    this.since = null;
    this.write(`${this.who}: the database is available again (after ${seconds} s)`);
  }

  get ongoing() {
    return this.since !== null;
  }
}
