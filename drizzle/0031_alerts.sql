CREATE TYPE "public"."alert_state" AS ENUM('fired', 'cleared');--> statement-breakpoint
CREATE TYPE "public"."alert_comparison" AS ENUM('above', 'below');--> statement-breakpoint
CREATE TYPE "public"."alert_kind" AS ENUM('silent', 'battery', 'field');--> statement-breakpoint
ALTER TYPE "public"."network_event_kind" ADD VALUE 'alert';--> statement-breakpoint
CREATE TABLE "alert_episodes" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"rule_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"value" double precision,
	"message" text NOT NULL,
	"emailed_at" timestamp with time zone,
	CONSTRAINT "alert_episodes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "alert_episodes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "alert_kind" NOT NULL,
	"device_id" uuid,
	"silent_hours" integer,
	"battery_below_percent" integer,
	"field" text,
	"comparison" "alert_comparison",
	"threshold" double precision,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_rules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "alert_rules_shape" CHECK ((kind = 'silent' and silent_hours between 1 and 720 and battery_below_percent is null and field is null)
        or (kind = 'battery' and battery_below_percent between 1 and 100 and silent_hours is null and field is null)
        or (kind = 'field' and field is not null and comparison is not null and threshold is not null and silent_hours is null and battery_below_percent is null))
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "forward_deliveries" ALTER COLUMN "event_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "forward_deliveries" ADD COLUMN "alert_episode_id" bigint;--> statement-breakpoint
ALTER TABLE "forward_deliveries" ADD COLUMN "alert_state" "alert_state";--> statement-breakpoint
ALTER TABLE "alert_episodes" ADD CONSTRAINT "alert_episodes_tenant_id_rule_id_alert_rules_tenant_id_id_fk" FOREIGN KEY ("tenant_id","rule_id") REFERENCES "public"."alert_rules"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_episodes_one_open" ON "alert_episodes" USING btree ("tenant_id","rule_id","device_id") WHERE cleared_at is null;--> statement-breakpoint
CREATE INDEX "alert_episodes_recent" ON "alert_episodes" USING btree ("tenant_id","started_at");--> statement-breakpoint
ALTER TABLE "forward_deliveries" ADD CONSTRAINT "forward_deliveries_tenant_id_alert_episode_id_alert_episodes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","alert_episode_id") REFERENCES "public"."alert_episodes"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "forward_deliveries_alert_once" ON "forward_deliveries" USING btree ("tenant_id","forwarder_id","alert_episode_id","alert_state") WHERE alert_episode_id is not null;--> statement-breakpoint
ALTER TABLE "forward_deliveries" ADD CONSTRAINT "forward_deliveries_one_subject" CHECK ((event_id is null) <> (alert_episode_id is null) and (alert_episode_id is null) = (alert_state is null));--> statement-breakpoint
CREATE POLICY "alert_episodes_tenant_isolation" ON "alert_episodes" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "alert_episodes_operator_access" ON "alert_episodes" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "alert_rules_tenant_isolation" ON "alert_rules" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "alert_rules_operator_access" ON "alert_rules" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);