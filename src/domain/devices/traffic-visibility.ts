import { forbidden } from "@/domain/errors";

export const SUSPENDED_TRAFFIC_MESSAGE = "This organisation is suspended; its traffic is kept but not shown until the account is settled.";

/**
 * A suspended tenant's devices are still heard, stored and metered (it is billable traffic), but the
 * tenant does not see it until the account is settled. Registering and managing devices still works.
 */
export function assertTrafficVisible(tenantStatus: string) {
  if (tenantStatus === "suspended") throw forbidden(SUSPENDED_TRAFFIC_MESSAGE);
}
