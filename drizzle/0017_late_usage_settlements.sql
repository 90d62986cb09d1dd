CREATE TABLE "late_usage_settlements" (
	"tenant_id" uuid NOT NULL,
	"usage_period_start" timestamp with time zone NOT NULL,
	"settled_period_start" timestamp with time zone NOT NULL,
	"credits" bigint NOT NULL,
	"uplinks" integer NOT NULL,
	"amount_pence" integer NOT NULL,
	"description" text NOT NULL,
	"stripe_invoice_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "late_usage_settlements_tenant_id_usage_period_start_settled_period_start_pk" PRIMARY KEY("tenant_id","usage_period_start","settled_period_start")
);
--> statement-breakpoint
ALTER TABLE "late_usage_settlements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "late_usage_settlements" ADD CONSTRAINT "late_usage_settlements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "late_usage_settlements_tenant_isolation" ON "late_usage_settlements" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "late_usage_settlements_operator_access" ON "late_usage_settlements" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);