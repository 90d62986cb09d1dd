ALTER TYPE "public"."meter_report_status" ADD VALUE 'superseded';--> statement-breakpoint
CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_leases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenant_billing" ADD COLUMN "stripe_device_quantity" integer;--> statement-breakpoint
CREATE POLICY "job_leases_operator_access" ON "job_leases" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);