import type { Database } from "@/server/db";
import { OutageLog } from "@/server/db/database-unavailable";
import { destinationPolicy } from "./destination-policy";
import { CLAIM_LIMIT, runForwardingOnce, type ForwardingRun } from "./run-forwarding";

/**
 * Runs forwarding rounds in this process (the web server, from instrumentation.ts, or `npm run
 * forwarder`): every `intervalMs`, and at once again after a full claim, so a backlog drains at full
 * speed. Any number of processes can do this at the same time; claims keep them apart. `stop()`
 * resolves once the round in progress has been recorded.
 */
export function startForwardingScheduler(options: { database: () => Promise<Database>; intervalMs: number; leaseMs?: number; onRun?: (run: ForwardingRun) => void }) {
  const outage = new OutageLog("forwarding", "deliveries wait; trying again every round");
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let round = Promise.resolve();

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => (round = runRound()), delayMs);
    timer.unref();
  };
  const runRound = async () => {
    let backlog = false;
    try {
      const run = await runForwardingOnce({ db: await options.database(), policy: destinationPolicy(), leaseMs: options.leaseMs, outage });
      outage.succeeded();
      options.onRun?.(run);
      backlog = run.claimed === CLAIM_LIMIT;
    } catch (error) {
      if (!outage.failed(error)) console.error("forwarding: a round failed; trying again next round", error);
    }
    if (!stopping) schedule(backlog ? 0 : options.intervalMs);
  };

  schedule(options.intervalMs);
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await round;
    },
  };
}
