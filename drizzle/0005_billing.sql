CREATE TYPE "public"."invoice_mode" AS ENUM('local', 'stripe');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('draft', 'open', 'paid', 'void', 'uncollectible');--> statement-breakpoint
CREATE TYPE "public"."meter_report_status" AS ENUM('pending', 'sent');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('stripe', 'invoice');--> statement-breakpoint
CREATE TYPE "public"."plan_kind" AS ENUM('standard', 'internal');--> statement-breakpoint
CREATE TABLE "budget_alerts" (
	"tenant_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"threshold_percent" integer NOT NULL,
	"spend_pence" integer NOT NULL,
	"alerted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_alerts_tenant_id_period_key_threshold_percent_pk" PRIMARY KEY("tenant_id","period_key","threshold_percent")
);
--> statement-breakpoint
ALTER TABLE "budget_alerts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoice_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoice_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoice_device_lines" (
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"dev_eui" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean NOT NULL,
	"uplinks" integer NOT NULL,
	"credits" bigint NOT NULL,
	"payload_bytes" bigint NOT NULL,
	"fee_pence" integer NOT NULL,
	CONSTRAINT "invoice_device_lines_tenant_id_invoice_id_device_id_pk" PRIMARY KEY("tenant_id","invoice_id","device_id")
);
--> statement-breakpoint
ALTER TABLE "invoice_device_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoices" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"status" "invoice_status" NOT NULL,
	"mode" "invoice_mode" NOT NULL,
	"plan_id" uuid NOT NULL,
	"plan_version" integer NOT NULL,
	"plan_name" text NOT NULL,
	"internal" boolean NOT NULL,
	"subtotal_pence" integer NOT NULL,
	"vat_pence" integer NOT NULL,
	"total_pence" integer NOT NULL,
	"notional_total_pence" integer NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"usage" jsonb NOT NULL,
	"po_number" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"stripe_invoice_id" text,
	"stripe_total_pence" integer,
	CONSTRAINT "invoices_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "invoices_number_unique" UNIQUE("number"),
	CONSTRAINT "invoices_stripe_invoice_id_unique" UNIQUE("stripe_invoice_id"),
	CONSTRAINT "invoices_one_per_period" UNIQUE("tenant_id","period_start")
);
--> statement-breakpoint
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "meter_reports" (
	"tenant_id" uuid NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"revision" integer NOT NULL,
	"quantity" bigint NOT NULL,
	"identifier" text NOT NULL,
	"status" "meter_report_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "meter_reports_tenant_id_period_start_revision_pk" PRIMARY KEY("tenant_id","period_start","revision"),
	CONSTRAINT "meter_reports_identifier_unique" UNIQUE("identifier")
);
--> statement-breakpoint
ALTER TABLE "meter_reports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"device_monthly_fee_pence" integer NOT NULL,
	"allowance_credits_per_device" integer NOT NULL,
	"price_per_1000_credits_pence" integer NOT NULL,
	"minimum_monthly_charge_pence" integer DEFAULT 0 NOT NULL,
	"payment_grace_days" integer DEFAULT 14 NOT NULL,
	"auto_suspend" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_versions_plan_id_version_pk" PRIMARY KEY("plan_id","version"),
	CONSTRAINT "plan_versions_effective_unique" UNIQUE("plan_id","effective_from")
);
--> statement-breakpoint
ALTER TABLE "plan_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "plan_kind" NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stripe_catalog" (
	"key" text PRIMARY KEY NOT NULL,
	"stripe_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stripe_catalog" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stripe_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenant_billing" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid,
	"payment_method" "payment_method" DEFAULT 'invoice' NOT NULL,
	"po_number" text,
	"payment_terms_days" integer DEFAULT 30 NOT NULL,
	"budget_cap_pence" integer,
	"dunning" jsonb DEFAULT '{"status":"current"}'::jsonb NOT NULL,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"stripe_device_item_id" text,
	"stripe_usage_item_id" text,
	"stripe_synced_plan" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_billing_stripe_customer_id_unique" UNIQUE("stripe_customer_id"),
	CONSTRAINT "tenant_billing_stripe_subscription_id_unique" UNIQUE("stripe_subscription_id")
);
--> statement-breakpoint
ALTER TABLE "tenant_billing" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD CONSTRAINT "budget_alerts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_device_lines" ADD CONSTRAINT "invoice_device_lines_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_reports" ADD CONSTRAINT "meter_reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_billing" ADD CONSTRAINT "tenant_billing_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_billing" ADD CONSTRAINT "tenant_billing_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "budget_alerts_tenant_isolation" ON "budget_alerts" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "budget_alerts_operator_access" ON "budget_alerts" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "invoice_counters_operator_access" ON "invoice_counters" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "invoice_device_lines_tenant_isolation" ON "invoice_device_lines" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "invoice_device_lines_operator_access" ON "invoice_device_lines" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "invoices_tenant_isolation" ON "invoices" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "invoices_operator_access" ON "invoices" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "meter_reports_tenant_isolation" ON "meter_reports" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "meter_reports_operator_access" ON "meter_reports" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "plan_versions_operator_access" ON "plan_versions" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "plan_versions_visible_to_subscribers" ON "plan_versions" AS PERMISSIVE FOR SELECT TO "app_user" USING (exists (select 1 from tenant_billing b where b.plan_id = plan_versions.plan_id and b.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "plans_operator_access" ON "plans" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "plans_visible_to_subscribers" ON "plans" AS PERMISSIVE FOR SELECT TO "app_user" USING (exists (select 1 from tenant_billing b where b.plan_id = plans.id and b.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "stripe_catalog_operator_access" ON "stripe_catalog" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "stripe_events_operator_access" ON "stripe_events" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_billing_tenant_isolation" ON "tenant_billing" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_billing_operator_access" ON "tenant_billing" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);