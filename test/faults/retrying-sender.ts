import { Agent, request } from "node:http";
import { chirpstackBody } from "../../scripts/lib/bench-chirpstack-body.mjs";

export interface SendReport {
  /** Events answered 201 (stored) and 200 (a copy of one stored earlier: a retry of an event whose answer was lost). */
  stored: number;
  duplicates: number;
  /** Attempts that got no answer or a retry-later answer (refused connection, cut connection, 503), each retried. */
  retried: number;
  statuses: Record<string, number>;
}

/**
 * Sends `count` ChirpStack `up` events to an ingestion endpoint as a network server does: each event
 * is POSTed until it is acknowledged with a 2xx, `concurrency` at a time over keep-alive connections;
 * a refused or cut connection, a 503 or a 429 means "try again shortly". `progress` is told how many
 * events have been acknowledged so far, so a test can strike at a chosen moment.
 */
export async function sendUntilAcknowledged(options: {
  port: () => number;
  secret: string;
  devEuis: string[];
  prefix: string;
  count: number;
  concurrency: number;
  progress?: (acknowledged: number) => void;
  /** Gives up (throws) if an event is still not acknowledged after this long. */
  timeoutMs?: number;
}): Promise<SendReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const report: SendReport = { stored: 0, duplicates: 0, retried: 0, statuses: {} };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let next = 0;
  const lane = async () => {
    while (next < options.count) {
      const body = chirpstackBody(next++, options.devEuis, options.prefix);
      for (;;) {
        const status = await post(agent, options.port(), options.secret, body);
        report.statuses[status] = (report.statuses[status] ?? 0) + 1;
        if (status === 201 || status === 200) {
          report[status === 201 ? "stored" : "duplicates"]++;
          options.progress?.(report.stored + report.duplicates);
          break;
        }
        if (status !== 0 && status !== 503 && status !== 429 && status !== 500) throw new Error(`ingestion refused an event for good: HTTP ${status}`);
        if (Date.now() > deadline) throw new Error(`an event was still not acknowledged after ${options.timeoutMs ?? 120_000} ms (last answer ${status})`);
        report.retried++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  } finally {
    agent.destroy();
  }
  return report;
}

/** The answer's status, or 0 when there was none (connection refused, reset or closed). */
function post(agent: Agent, port: number, secret: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/api/ingest/chirpstack?event=up", method: "POST", agent, headers: { "Content-Type": "application/json", Authorization: `Bearer ${secret}`, "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("error", () => resolve(0));
    req.setTimeout(30_000, () => req.destroy());
    req.end(body);
  });
}
