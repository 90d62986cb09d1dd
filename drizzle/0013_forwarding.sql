CREATE TYPE "public"."forward_delivery_status" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TABLE "forward_deliveries" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"forwarder_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"status" "forward_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "forward_deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "forward_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "forwarders" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret_enc" text NOT NULL,
	"event_kinds" "network_event_kind"[] DEFAULT '{uplink}' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_delivered_at" timestamp with time zone,
	"last_failed_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "forwarders_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "forwarders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "forward_deliveries" ADD CONSTRAINT "forward_deliveries_tenant_id_forwarder_id_forwarders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","forwarder_id") REFERENCES "public"."forwarders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forward_deliveries" ADD CONSTRAINT "forward_deliveries_tenant_id_event_id_device_events_tenant_id_id_fk" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."device_events"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forwarders" ADD CONSTRAINT "forwarders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "forward_deliveries_once" ON "forward_deliveries" USING btree ("tenant_id","forwarder_id","event_id");--> statement-breakpoint
CREATE INDEX "forward_deliveries_due" ON "forward_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "forward_deliveries_by_forwarder" ON "forward_deliveries" USING btree ("tenant_id","forwarder_id","id");--> statement-breakpoint
CREATE INDEX "forward_deliveries_by_status" ON "forward_deliveries" USING btree ("tenant_id","forwarder_id","status","id");--> statement-breakpoint
CREATE POLICY "forward_deliveries_tenant_isolation" ON "forward_deliveries" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "forward_deliveries_operator_access" ON "forward_deliveries" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "forwarders_tenant_isolation" ON "forwarders" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "forwarders_operator_access" ON "forwarders" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);