import { sql } from "drizzle-orm";
import { bigint, boolean, foreignKey, integer, jsonb, pgEnum, pgPolicy, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import type { RatedLine, UsageSummary } from "@/domain/billing";
import type { DunningState } from "@/domain/billing/dunning";
import { timestamptz } from "./columns";
import { appOperator, appUser, currentTenantId, tenantPolicies } from "./roles";
import { tenants } from "./tenancy";
import { users } from "./identity";

export const planKind = pgEnum("plan_kind", ["standard", "internal"]);
export const paymentMethod = pgEnum("payment_method", ["stripe", "invoice"]);
export const invoiceStatus = pgEnum("invoice_status", ["draft", "open", "paid", "void", "uncollectible"]);
export const invoiceMode = pgEnum("invoice_mode", ["local", "stripe"]);
export const meterReportStatus = pgEnum("meter_report_status", ["pending", "sent", "superseded"]);

const operatorAccess = (table: string) =>
  pgPolicy(`${table}_operator_access`, { as: "permissive", for: "all", to: appOperator, using: sql`true`, withCheck: sql`true` });

/** A price plan; its prices live in immutable versions. Tenants may read the plan they are on. */
export const plans = pgTable(
  "plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    kind: planKind("kind").notNull(),
    archived: boolean("archived").notNull().default(false),
    /** Most devices a tenant on this plan may register; null = no limit. Also set on its network-server tenant. */
    maxDevices: integer("max_devices"),
    /** Most gateways its network-server tenant may own (0 = none); null = no limit. */
    maxGateways: integer("max_gateways"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  () => [
    operatorAccess("plans"),
    pgPolicy("plans_visible_to_subscribers", {
      as: "permissive", for: "select", to: appUser,
      using: sql`exists (select 1 from tenant_billing b where b.plan_id = plans.id and b.tenant_id = ${currentTenantId})`,
    }),
  ],
).enableRLS();

/** Never edited: a price change is a new version effective from the start of a later billing period. */
export const planVersions = pgTable(
  "plan_versions",
  {
    planId: uuid("plan_id").notNull().references(() => plans.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    effectiveFrom: timestamptz("effective_from").notNull(),
    vatRateBasisPoints: integer("vat_rate_bp").notNull(),
    deviceMonthlyFeePence: integer("device_monthly_fee_pence").notNull(),
    allowanceCreditsPerDevice: integer("allowance_credits_per_device").notNull(),
    pricePer1000CreditsPence: integer("price_per_1000_credits_pence").notNull(),
    minimumMonthlyChargePence: integer("minimum_monthly_charge_pence").notNull().default(0),
    paymentGraceDays: integer("payment_grace_days").notNull().default(14),
    autoSuspend: boolean("auto_suspend").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.version] }),
    unique("plan_versions_effective_unique").on(t.planId, t.effectiveFrom),
    operatorAccess("plan_versions"),
    pgPolicy("plan_versions_visible_to_subscribers", {
      as: "permissive", for: "select", to: appUser,
      using: sql`exists (select 1 from tenant_billing b where b.plan_id = plan_versions.plan_id and b.tenant_id = ${currentTenantId})`,
    }),
  ],
).enableRLS();

/** How a tenant is billed: plan, payment route, budget, dunning state and its Stripe objects. */
export const tenantBilling = pgTable(
  "tenant_billing",
  {
    tenantId: uuid("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
    planId: uuid("plan_id").references(() => plans.id),
    paymentMethod: paymentMethod("payment_method").notNull().default("invoice"),
    poNumber: text("po_number"),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    budgetCapPence: integer("budget_cap_pence"),
    dunning: jsonb("dunning").$type<DunningState>().notNull().default({ status: "current" }),
    stripeCustomerId: text("stripe_customer_id").unique(),
    stripeSubscriptionId: text("stripe_subscription_id").unique(),
    stripeDeviceItemId: text("stripe_device_item_id"),
    stripeUsageItemId: text("stripe_usage_item_id"),
    stripeSyncedPlan: text("stripe_synced_plan"),
    /** Device quantity last set on the subscription's licensed item, so it is only updated on change. */
    stripeDeviceQuantity: integer("stripe_device_quantity"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  () => tenantPolicies("tenant_billing"),
).enableRLS();

/** Budget alerts already sent, so each threshold alerts once per period. */
export const budgetAlerts = pgTable(
  "budget_alerts",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    thresholdPercent: integer("threshold_percent").notNull(),
    spendPence: integer("spend_pence").notNull(),
    alertedAt: timestamptz("alerted_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.periodKey, t.thresholdPercent] }), ...tenantPolicies("budget_alerts")],
).enableRLS();

/**
 * One invoice (or, for internal plans, cross-charging statement) per tenant and period. The unique
 * (tenant_id, period_start) makes closing a period idempotent. Lines and usage are the rating
 * engine's output, frozen at issue time.
 */
export const invoices = pgTable(
  "invoices",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    number: text("number").notNull().unique(),
    periodStart: timestamptz("period_start").notNull(),
    periodEnd: timestamptz("period_end").notNull(),
    status: invoiceStatus("status").notNull(),
    mode: invoiceMode("mode").notNull(),
    planId: uuid("plan_id").notNull(),
    planVersion: integer("plan_version").notNull(),
    planName: text("plan_name").notNull(),
    internal: boolean("internal").notNull(),
    subtotalPence: integer("subtotal_pence").notNull(),
    vatPence: integer("vat_pence").notNull(),
    totalPence: integer("total_pence").notNull(),
    notionalTotalPence: integer("notional_total_pence").notNull(),
    vatRateBasisPoints: integer("vat_rate_bp").notNull(),
    lines: jsonb("lines").$type<RatedLine[]>().notNull(),
    usage: jsonb("usage").$type<UsageSummary>().notNull(),
    poNumber: text("po_number"),
    issuedAt: timestamptz("issued_at").notNull().defaultNow(),
    dueAt: timestamptz("due_at").notNull(),
    paidAt: timestamptz("paid_at"),
    stripeInvoiceId: text("stripe_invoice_id").unique(),
    stripeTotalPence: integer("stripe_total_pence"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("invoices_one_per_period").on(t.tenantId, t.periodStart),
    ...tenantPolicies("invoices"),
  ],
).enableRLS();

/** Per-device lines of an invoice: what makes every penny traceable to a device's messages. */
export const invoiceDeviceLines = pgTable(
  "invoice_device_lines",
  {
    tenantId: uuid("tenant_id").notNull(),
    invoiceId: uuid("invoice_id").notNull(),
    deviceId: uuid("device_id").notNull(),
    devEui: text("dev_eui").notNull(),
    name: text("name").notNull(),
    active: boolean("active").notNull(),
    uplinks: integer("uplinks").notNull(),
    credits: bigint("credits", { mode: "number" }).notNull(),
    payloadBytes: bigint("payload_bytes", { mode: "number" }).notNull(),
    feePence: integer("fee_pence").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.invoiceId, t.deviceId] }),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }).onDelete("cascade"),
    ...tenantPolicies("invoice_device_lines"),
  ],
).enableRLS();

/** Gap-free invoice numbers per year (LR-2026-000001…), taken inside the issuing transaction. */
export const invoiceCounters = pgTable(
  "invoice_counters",
  { year: integer("year").primaryKey(), last: integer("last").notNull() },
  () => [operatorAccess("invoice_counters")],
).enableRLS();

/** Stripe webhook events already acted on; inserted in the same transaction as their effects. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    processedAt: timestamptz("processed_at").notNull().defaultNow(),
  },
  () => [operatorAccess("stripe_events")],
).enableRLS();

/** Stripe objects the platform created once (meter, product, prices, tax rates), found by our own key. */
export const stripeCatalog = pgTable(
  "stripe_catalog",
  { key: text("key").primaryKey(), stripeId: text("stripe_id").notNull(), createdAt: timestamptz("created_at").notNull().defaultNow() },
  () => [operatorAccess("stripe_catalog")],
).enableRLS();

/**
 * Usage reports to Stripe's billing meter. The meter aggregates with `last`, so each report carries the
 * period's whole billable quantity so far; a revision is sent at most once under its identifier, and a
 * resend after a crash is answered "already exists", which counts as delivered. Never double-billed.
 */
export const meterReports = pgTable(
  "meter_reports",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    periodStart: timestamptz("period_start").notNull(),
    revision: integer("revision").notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
    identifier: text("identifier").notNull().unique(),
    status: meterReportStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.periodStart, t.revision] }), ...tenantPolicies("meter_reports")],
).enableRLS();

/**
 * Leases for periodic jobs (usage reporting, dunning, budgets), so with several web processes or
 * workers only one runs each job at a time; a crashed holder's lease simply expires.
 */
export const jobLeases = pgTable(
  "job_leases",
  { name: text("name").primaryKey(), holder: text("holder").notNull(), until: timestamptz("until").notNull() },
  () => [operatorAccess("job_leases")],
).enableRLS();

/**
 * Late usage carried to a later invoice: usage of `usagePeriodStart` that reached the rollups after that
 * month was invoiced, billed on the invoice of `settledPeriodStart` (the tenant's invoice with that
 * period_start, in local mode issued in the same transaction; in Stripe mode recorded when Stripe drafts
 * that invoice and added to the draft as an invoice item). One row per late month and carrying invoice,
 * so a retry, a second close or a replayed webhook finds the row and bills nothing twice; usage arriving
 * later still is the difference to every row so far, carried by the invoice after.
 */
export const lateUsageSettlements = pgTable(
  "late_usage_settlements",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    usagePeriodStart: timestamptz("usage_period_start").notNull(),
    settledPeriodStart: timestamptz("settled_period_start").notNull(),
    credits: bigint("credits", { mode: "number" }).notNull(),
    uplinks: integer("uplinks").notNull(),
    /** Net, at the late month's prices (notional for internal plans). */
    amountPence: integer("amount_pence").notNull(),
    description: text("description").notNull(),
    /** Stripe mode: the draft invoice the line was added to. */
    stripeInvoiceId: text("stripe_invoice_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.usagePeriodStart, t.settledPeriodStart] }), ...tenantPolicies("late_usage_settlements")],
).enableRLS();
