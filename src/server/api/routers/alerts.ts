import { z } from "zod";
import { alertRuleSchema } from "@/domain/alerts/alert-rule";
import { listAlertEpisodes } from "@/server/alerts/alert-episodes";
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from "@/server/alerts/alert-rules";
import { id, page } from "../inputs";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const ruleId = z.object({ ruleId: id });

/** A tenant's alerts: the rules admins set, and the alerts they raised (every member sees them). */
export const alertsRouter = createTRPCRouter({
  rules: tenantProcedure("viewer").query(({ ctx }) => ctx.inTenant((tx) => listAlertRules(tx, ctx.tenant.id))),

  createRule: tenantProcedure("admin").input(alertRuleSchema).mutation(({ ctx, input }) => ctx.inTenant((tx) => createAlertRule(tx, ctx.actor, ctx.tenant.id, input))),

  updateRule: tenantProcedure("admin")
    .input(z.intersection(alertRuleSchema, z.object({ ruleId: id, enabled: z.boolean({ error: "Enabled must be true or false." }) })))
    .mutation(({ ctx, input: { ruleId: rule, ...changes } }) => ctx.inTenant((tx) => updateAlertRule(tx, ctx.actor, ctx.tenant.id, rule, changes))),

  deleteRule: tenantProcedure("admin").input(ruleId).mutation(({ ctx, input }) => ctx.inTenant((tx) => deleteAlertRule(tx, ctx.actor, ctx.tenant.id, input.ruleId))),

  episodes: tenantProcedure("viewer")
    .input(page.extend({ status: z.enum(["active", "all"], { error: "Choose active or all." }).default("active") }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => listAlertEpisodes(tx, ctx.tenant.id, input))),
});
