CREATE TYPE "public"."device_location_source" AS ENUM('manual', 'network');--> statement-breakpoint
CREATE TABLE "bin_levels" (
	"tenant_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"fill_percent" real NOT NULL,
	"fill_at" timestamp with time zone NOT NULL,
	"cycle_started_at" timestamp with time zone NOT NULL,
	"start_fill_percent" real,
	"readings" integer NOT NULL,
	"sum_t" double precision NOT NULL,
	"sum_f" double precision NOT NULL,
	"sum_tt" double precision NOT NULL,
	"sum_tf" double precision NOT NULL,
	"over_since" timestamp with time zone,
	"collected_at" timestamp with time zone,
	CONSTRAINT "bin_levels_tenant_id_device_id_pk" PRIMARY KEY("tenant_id","device_id")
);
--> statement-breakpoint
ALTER TABLE "bin_levels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "device_latest_values" (
	"tenant_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"field" text NOT NULL,
	"value" double precision NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "device_latest_values_tenant_id_device_id_field_pk" PRIMARY KEY("tenant_id","device_id","field")
);
--> statement-breakpoint
ALTER TABLE "device_latest_values" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "device_locations" (
	"tenant_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"source" "device_location_source" NOT NULL,
	"located_at" timestamp with time zone NOT NULL,
	CONSTRAINT "device_locations_tenant_id_device_id_pk" PRIMARY KEY("tenant_id","device_id"),
	CONSTRAINT "device_locations_on_earth" CHECK (latitude between -90 and 90 and longitude between -180 and 180)
);
--> statement-breakpoint
ALTER TABLE "device_locations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "device_readings_hourly" (
	"tenant_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"field" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"readings" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	CONSTRAINT "device_readings_hourly_tenant_id_device_id_field_hour_pk" PRIMARY KEY("tenant_id","device_id","field","hour")
);
--> statement-breakpoint
ALTER TABLE "device_readings_hourly" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "gateway_devices" (
	"gateway_eui" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"last_heard_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gateway_devices_gateway_eui_tenant_id_device_id_pk" PRIMARY KEY("gateway_eui","tenant_id","device_id")
);
--> statement-breakpoint
ALTER TABLE "gateway_devices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "waste_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"threshold_percent" integer NOT NULL,
	"round_interval_hours" integer NOT NULL,
	"silent_after_hours" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waste_settings_ranges" CHECK (threshold_percent between 1 and 100 and round_interval_hours between 1 and 336 and silent_after_hours between 1 and 720)
);
--> statement-breakpoint
ALTER TABLE "waste_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "waste_settings" ADD CONSTRAINT "waste_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_devices_recent" ON "gateway_devices" USING btree ("gateway_eui","last_heard_at");--> statement-breakpoint
CREATE POLICY "bin_levels_tenant_isolation" ON "bin_levels" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "bin_levels_operator_access" ON "bin_levels" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "device_latest_values_tenant_isolation" ON "device_latest_values" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "device_latest_values_operator_access" ON "device_latest_values" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "device_locations_tenant_isolation" ON "device_locations" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "device_locations_operator_access" ON "device_locations" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "device_readings_hourly_tenant_isolation" ON "device_readings_hourly" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "device_readings_hourly_operator_access" ON "device_readings_hourly" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "gateway_devices_operator_access" ON "gateway_devices" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "waste_settings_tenant_isolation" ON "waste_settings" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "waste_settings_operator_access" ON "waste_settings" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);