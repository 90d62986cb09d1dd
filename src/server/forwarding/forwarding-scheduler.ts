import type { Database } from "@/server/db";
import { startRoundScheduler } from "@/server/jobs/round-scheduler";
import { destinationPolicy } from "./destination-policy";
import { CLAIM_LIMIT, runForwardingOnce, type ForwardingRun } from "./run-forwarding";

/**
 * Runs forwarding rounds in this process (the web server, from instrumentation.ts, or `npm run
 * forwarder`): every `intervalMs`, and at once again after a full claim, so a backlog drains at full
 * speed. Any number of processes can do this at the same time; claims keep them apart. `stop()`
 * resolves once the round in progress has been recorded.
 */
export function startForwardingScheduler(options: { database: () => Promise<Database>; intervalMs: number; leaseMs?: number; onRun?: (run: ForwardingRun) => void }) {
  return startRoundScheduler({
    name: "forwarding",
    meanwhile: "deliveries wait; trying again every round",
    intervalMs: options.intervalMs,
    round: async (outage) => runForwardingOnce({ db: await options.database(), policy: destinationPolicy(), leaseMs: options.leaseMs, outage }),
    backlog: (run) => run.claimed === CLAIM_LIMIT,
    onRound: options.onRun,
  });
}
