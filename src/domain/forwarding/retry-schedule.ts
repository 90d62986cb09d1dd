/**
 * When a failed delivery is tried again: quickly at first (a receiver restarting), then backing off to
 * hours (a receiver down for the night), for about a day in all. After the last one it is marked failed
 * and the tenant can send it again from the portal.
 */
export const RETRY_DELAYS_SECONDS = [30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 28_800, 43_200] as const;

/** The next attempt after `attempts` failed ones, or null when it is time to give up. */
export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000);
}
