import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { DomainError } from "@/domain/errors";
import { hasTenantRole, type TenantRole } from "@/domain/tenancy/roles";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { OutageLog } from "@/server/db/database-unavailable";
import { findActiveUser } from "@/server/auth/active-user";
import { listMyTenants } from "@/server/tenancy/my-tenants";
import type { Context } from "./context";

/** Which audience a procedure serves; the isolation suite enumerates procedures by it. */
export interface Meta { audience: "public" | "user" | "tenant" | "operator" | "billing" }

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    // Stack traces go to the log, never into answers; only `next dev` shows them to the developer.
    isDev: process.env.NODE_ENV === "development",
    errorFormatter({ shape, error }) {
      // Forms show each field's problem beside the field.
      const fieldErrors = error.cause instanceof ZodError ? error.cause.flatten().fieldErrors : undefined;
      return { ...shape, data: { ...shape.data, fieldErrors } };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** One log line when the web process finds the database unavailable, and one when it is back. */
const databaseOutage = new OutageLog("web", "answering 503 until it is back");

/**
 * Domain errors carry the status they deserve, and input errors read as sentences
 * ("email: Enter a valid email address") instead of a JSON dump of issues. The database being away
 * (restarting, failing over) is a 503 that says so. Anything else stays a 500.
 */
const readableErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) {
    databaseOutage.succeeded();
    return result;
  }
  const cause = result.error.cause;
  if (databaseOutage.failed(cause)) {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is not reachable right now. Nothing was changed; please try again in a minute.", cause });
  }
  if (cause instanceof DomainError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  if (cause instanceof ZodError) {
    const message = cause.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
    throw new TRPCError({ code: "BAD_REQUEST", message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(readableErrors).meta({ audience: "public" });

/** A signed-in, enabled user (see findActiveUser). */
export const signedInProcedure = publicProcedure.meta({ audience: "user" }).use(async ({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  const user = await findActiveUser(ctx.db, ctx.userId);
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account is not active. Please sign in again." });
  return next({ ctx: { user, actor: { userId: user.id, email: user.email } } });
});

/**
 * Tenant procedures: the caller must be a member of the tenant named by the request with at least
 * `minimum` role. Every query then runs through ctx.inTenant, i.e. under row-level security for that
 * tenant only. Not being a member and the tenant not existing give the same answer, so tenant names
 * cannot be probed.
 */
export function tenantProcedure(minimum: TenantRole) {
  return signedInProcedure.meta({ audience: "tenant" }).use(async ({ ctx, next }) => {
    const slug = ctx.tenantSlug;
    const noAccess = new TRPCError({ code: "FORBIDDEN", message: "You don't have access to that tenant." });
    if (!slug) throw new TRPCError({ code: "BAD_REQUEST", message: "Choose a tenant first." });
    const [membership] = await listMyTenants(ctx.db, ctx.user.id, slug);
    if (!membership) throw noAccess;
    if (!hasTenantRole(membership.role, minimum)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minimum} role or higher; you are ${membership.role}.` });
    }
    const tenant = membership;
    const inTenant = <T>(fn: (tx: Database) => Promise<T>) => withTenant(ctx.db, { tenantId: tenant.id, userId: ctx.user.id }, fn);
    return next({ ctx: { tenant, inTenant, actor: { ...ctx.actor, role: tenant.role } } });
  });
}

function platformProcedure(audience: "operator" | "billing", allowed: ReadonlyArray<"operator" | "billing">) {
  return signedInProcedure.meta({ audience }).use(async ({ ctx, next }) => {
    if (!ctx.user.platformRole || !allowed.includes(ctx.user.platformRole)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This is only for council ${audience} staff.` });
    }
    const platform = <T>(fn: (tx: Database) => Promise<T>) => withPlatform(ctx.db, fn);
    return next({ ctx: { platform } });
  });
}

/** Council admins: tenants, gateways, network health, audit. */
export const operatorProcedure = platformProcedure("operator", ["operator"]);
/** Billing staff (and operators, who oversee them): plans, invoices, income. */
export const billingProcedure = platformProcedure("billing", ["billing", "operator"]);
