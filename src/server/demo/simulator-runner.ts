import { setTimeout as sleep } from "node:timers/promises";
import { TrafficSimulator, type SimulatedEvent } from "./traffic-simulator";

export interface RunSimulatorOptions {
  /** The Longreach origin, e.g. http://localhost:3000. */
  appUrl: string;
  /** The ChirpStack connection's secret (the demo one unless told otherwise). */
  secret: string;
  /** Average pause between events; each pause is drawn from ⅔–4⁄3 of it. */
  intervalMs: number;
  signal: AbortSignal;
  simulator?: TrafficSimulator;
  log?: (line: string) => void;
  summaryEveryMs?: number;
  /** Longest wait between attempts while the server is not answering. */
  maxRetryDelayMs?: number;
  /**
   * Where the waste team's "collected" marks are read (DevEUI → when), so a bin marked collected reads
   * empty from then on (TrafficSimulator.honourCollections); asked again every collectionsEveryMs.
   */
  collections?: () => Promise<ReadonlyMap<string, Date>>;
  collectionsEveryMs?: number;
}

interface Tally { events: number; up: number; status: number; join: number; stored: number; duplicate: number; unclaimed: number; refused: number }
const emptyTally = (): Tally => ({ events: 0, up: 0, status: 0, join: 0, stored: 0, duplicate: 0, unclaimed: 0, refused: 0 });

/** What became of one event: taken (with the server's status), refused for good, or the run must stop. */
type Delivery = { kind: "accepted"; status: string } | { kind: "refused"; reason: string } | { kind: "stop"; reason: string } | { kind: "aborted" };

/**
 * Posts simulated ChirpStack events to Longreach's HTTP integration until `signal` aborts, one every
 * ~intervalMs, logging a one-line summary per minute. While the server is not answering (starting,
 * restarting, overloaded) the same event is retried — it carries the same deduplication id, so nothing
 * is counted twice. A refused secret stops the run with a message saying what to do.
 */
export async function runTrafficSimulator(options: RunSimulatorOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const simulator = options.simulator ?? new TrafficSimulator();
  const summaryEveryMs = options.summaryEveryMs ?? 60_000;
  let tally = emptyTally();
  let since = Date.now();
  const waiting = { logged: false };
  const followCollections = options.collections && collectionsFollower(simulator, options.collections, options.collectionsEveryMs ?? 10_000, log);

  while (!options.signal.aborted) {
    await followCollections?.();
    const event = simulator.next();
    const delivery = await deliver(event, options, log, waiting);
    if (delivery.kind === "aborted") break;
    if (delivery.kind === "stop") {
      log(`simulator: stopped — ${delivery.reason}`);
      return;
    }
    tally.events++;
    tally[event.type]++;
    if (delivery.kind === "refused") {
      tally.refused++;
      log(`simulator: the server refused a ${event.type} event of ${event.devEui}: ${delivery.reason}`);
    } else if (delivery.status === "stored" || delivery.status === "duplicate" || delivery.status === "unclaimed") {
      tally[delivery.status]++;
    }
    if (Date.now() - since >= summaryEveryMs) {
      const minutes = (Date.now() - since) / 60_000;
      log(
        `simulator: ${tally.events} event${tally.events === 1 ? "" : "s"} in the last ${minutes >= 0.95 && minutes < 1.05 ? "minute" : `${minutes.toFixed(1)} min`} ` +
          `(${tally.up} up, ${tally.status} status, ${tally.join} join): ${tally.stored} stored, ${tally.unclaimed} unclaimed, ${tally.duplicate} duplicate, ${tally.refused} refused`,
      );
      tally = emptyTally();
      since = Date.now();
    }
    if (!(await pause(options.intervalMs * (2 / 3 + Math.random() * (2 / 3)), options.signal))) break;
  }
}

/** Reads the marked collections when they are due again; a failed read is said once and tried next time. */
function collectionsFollower(simulator: TrafficSimulator, read: () => Promise<ReadonlyMap<string, Date>>, everyMs: number, log: (line: string) => void) {
  let due = 0;
  let failing = false;
  return async () => {
    if (Date.now() < due) return;
    due = Date.now() + everyMs;
    try {
      simulator.honourCollections(await read());
      failing = false;
    } catch (error) {
      if (!failing) log(`simulator: could not read the bins marked collected (${(error as Error).message}); trying again`);
      failing = true;
    }
  };
}

async function deliver(event: SimulatedEvent, options: RunSimulatorOptions, log: (line: string) => void, waiting: { logged: boolean }): Promise<Delivery> {
  const url = `${options.appUrl.replace(/\/$/, "")}/api/ingest/chirpstack?event=${event.type}`;
  const maxDelay = options.maxRetryDelayMs ?? 10_000;
  for (let delay = 500; ; delay = Math.min(maxDelay, delay * 2)) {
    if (options.signal.aborted) return { kind: "aborted" };
    let retryAfterMs = delay;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.secret}` },
        body: JSON.stringify(event.body),
        signal: options.signal,
      });
      const answer = (await response.json().catch(() => ({}))) as { status?: string; error?: string };
      if (response.ok) {
        if (waiting.logged) log(`simulator: ${options.appUrl} is answering; sending events`);
        waiting.logged = false;
        return { kind: "accepted", status: answer.status ?? "" };
      }
      if (response.status === 401 || response.status === 403) {
        return { kind: "stop", reason: `${options.appUrl} refused the connection secret (${response.status}: ${answer.error ?? "no reason given"}). Seed the demo (npm run db:seed) or set SIMULATOR_SECRET to a ChirpStack connection's secret.` };
      }
      if (response.status !== 429 && response.status < 500) return { kind: "refused", reason: `${response.status} ${answer.error ?? ""}`.trim() };
      const retryAfter = Number(response.headers.get("retry-after"));
      if (retryAfter > 0) retryAfterMs = retryAfter * 1000;
      if (!waiting.logged) log(`simulator: ${options.appUrl} answered ${response.status}; retrying`);
    } catch (error) {
      if (options.signal.aborted) return { kind: "aborted" };
      if (!waiting.logged) log(`simulator: waiting for ${options.appUrl} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message})`);
    }
    waiting.logged = true;
    if (!(await pause(retryAfterMs, options.signal))) return { kind: "aborted" };
  }
}

/** Sleeps; false when aborted meanwhile. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
