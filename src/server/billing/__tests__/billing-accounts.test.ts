import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/database";
import { callerFor, createTenant, createUser, unique } from "../../../../test/factories";
import { withPlatform } from "@/server/db";
import { tenants } from "@/server/db/schema";

const database = useTestDatabase();

describe("billing staff's accounts list", () => {
  it("is paged by name, searchable, and narrows to tenants without a plan", async () => {
    const billing = callerFor(database.db, (await createUser(database.db, { platformRole: "billing" })).id, null);
    const prefix = unique("Harbour");
    const created = await Promise.all(Array.from({ length: 6 }, () => createTenant(database.db)));
    // Names that sort in creation order: "<prefix> 1" … "<prefix> 6".
    await withPlatform(database.db, async (tx) => {
      for (const [i, tenant] of created.entries()) await tx.update(tenants).set({ name: `${prefix} ${i + 1}` }).where(eq(tenants.id, tenant.id));
    });

    const first = await billing.billingAccounts.list({ search: prefix, page: 1, pageSize: 5 });
    expect(first.total).toBe(6);
    expect(first.rows.map((r) => r.name)).toEqual([1, 2, 3, 4, 5].map((n) => `${prefix} ${n}`));
    const second = await billing.billingAccounts.list({ search: prefix, page: 2, pageSize: 5 });
    expect(second.rows.map((r) => r.name)).toEqual([`${prefix} 6`]);

    const plan = await billing.plans.create({ name: unique("Plan"), kind: "standard", prices: { deviceMonthlyFeePence: 100, allowanceCreditsPerDevice: 0, pricePer1000CreditsPence: 0 } as never });
    await billing.billingAccounts.assignPlan({ tenantId: created[0]!.id, planId: plan.id, paymentMethod: "invoice", paymentTermsDays: 14 });
    const withoutPlan = await billing.billingAccounts.list({ search: prefix, payments: "no_plan", page: 1, pageSize: 20 });
    expect(withoutPlan.total).toBe(5);
    expect(withoutPlan.rows.map((r) => r.tenantId)).not.toContain(created[0]!.id);
    // Nobody here owes anything yet.
    expect((await billing.billingAccounts.list({ search: prefix, payments: "behind", page: 1, pageSize: 20 })).total).toBe(0);
  });
});
