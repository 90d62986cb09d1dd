import type { Database } from "@/server/db";
import { startRoundScheduler } from "@/server/jobs/round-scheduler";
import { CLAIM_LIMIT, runProvisioningOnce, type ProvisioningRun } from "./run-provisioning";

/**
 * Runs provisioning rounds in this process (the web server, from instrumentation.ts, or `npm run
 * provisioner`): every `intervalMs`, and at once again after a full claim, so a backlog (a 500-device
 * import, a tenant's suspension) drains at full speed; but not while the server is unreachable, where
 * draining at full speed would only knock on its door round after round. Any number of processes can do
 * this at the same time; claims keep them apart.
 */
export function startProvisioningScheduler(options: { database: () => Promise<Database>; intervalMs: number; onRun?: (run: ProvisioningRun) => void }) {
  return startRoundScheduler({
    name: "provisioning",
    intervalMs: options.intervalMs,
    round: async () => runProvisioningOnce({ db: await options.database() }),
    backlog: (run) => run.claimed === CLAIM_LIMIT && !run.unreachable,
    onRound: options.onRun,
  });
}
