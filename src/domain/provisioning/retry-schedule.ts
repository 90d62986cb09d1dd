/**
 * When a job that failed because the network server could not be reached (or was overloaded) is tried
 * again: quickly at first (a restart), backing off to hours (an outage), for about a day in all. After
 * the last, the job is failed with the server's last error and an admin can retry it.
 */
export const PROVISIONING_RETRY_DELAYS_SECONDS = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 28_800, 43_200] as const;

/** How soon a job waiting for another (its tenant's organisation, a profile) looks again. */
export const DEPENDENCY_WAIT_MS = 2_000;

/** The next attempt after `attempts` failed ones, or null when it is time to give up. */
export function nextProvisioningAttempt(attempts: number, now: Date): Date | null {
  const delay = PROVISIONING_RETRY_DELAYS_SECONDS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000);
}
