import { assertTrafficVisible } from "@/domain/devices";
import { tenantProcedure } from "./trpc";

/** Tenant procedures that show what devices sent: readable by every member, unless the tenant is suspended (kept, not shown). */
export const trafficProcedure = tenantProcedure("viewer").use(({ ctx, next }) => {
  assertTrafficVisible(ctx.tenant.status);
  return next();
});
