CREATE TYPE "public"."activation_mode" AS ENUM('otaa', 'abp');--> statement-breakpoint
CREATE TYPE "public"."network_connection_kind" AS ENUM('chirpstack', 'tts');--> statement-breakpoint
CREATE TYPE "public"."device_class" AS ENUM('A', 'B', 'C');--> statement-breakpoint
CREATE TYPE "public"."network_event_kind" AS ENUM('uplink', 'join', 'status', 'ack', 'txack', 'log', 'location', 'downlink');--> statement-breakpoint
CREATE TABLE "device_events" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"device_id" uuid NOT NULL,
	"dedup_key" text NOT NULL,
	"kind" "network_event_kind" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"f_cnt" bigint,
	"f_port" smallint,
	"payload" "bytea",
	"payload_bytes" integer DEFAULT 0 NOT NULL,
	"phy_bytes" integer DEFAULT 0 NOT NULL,
	"airtime_ms" real,
	"spreading_factor" smallint,
	"bandwidth_hz" integer,
	"frequency_hz" bigint,
	"gateway_count" smallint DEFAULT 0 NOT NULL,
	"rssi" real,
	"snr" real,
	"credits" integer DEFAULT 0 NOT NULL,
	"decoded" jsonb,
	"decode_error" text,
	"details" jsonb,
	CONSTRAINT "device_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "device_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "device_profiles" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"mac_version" text NOT NULL,
	"device_class" "device_class" DEFAULT 'A' NOT NULL,
	"codec_source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_profiles_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "device_profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "devices" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"dev_eui" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"profile_id" uuid,
	"activation" "activation_mode" NOT NULL,
	"join_eui" text,
	"app_key_enc" text,
	"dev_addr" text,
	"nwk_s_key_enc" text,
	"app_s_key_enc" text,
	"last_seen_at" timestamp with time zone,
	"last_f_cnt" bigint,
	"last_rssi" real,
	"last_snr" real,
	"battery_level" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "devices_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "devices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "gateway_hourly" (
	"gateway_eui" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"uplinks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "gateway_hourly_gateway_eui_hour_pk" PRIMARY KEY("gateway_eui","hour")
);
--> statement-breakpoint
ALTER TABLE "gateway_hourly" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "gateways" (
	"gateway_eui" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"owner_tenant_id" uuid,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gateways" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "network_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "network_connection_kind" NOT NULL,
	"secret_hash" text NOT NULL,
	"rate_per_second" integer DEFAULT 500 NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"last_event_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_connections_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
ALTER TABLE "network_connections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "unclaimed_events" (
	"dedup_key" text PRIMARY KEY NOT NULL,
	"dev_eui" text NOT NULL,
	"kind" "network_event_kind" NOT NULL,
	"source" "network_connection_kind" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"rssi" real,
	"snr" real,
	"gateway_eui" text,
	"payload_bytes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unclaimed_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"tenant_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"device_id" uuid NOT NULL,
	"uplinks" integer DEFAULT 0 NOT NULL,
	"downlinks" integer DEFAULT 0 NOT NULL,
	"joins" integer DEFAULT 0 NOT NULL,
	"payload_bytes" bigint DEFAULT 0 NOT NULL,
	"phy_bytes" bigint DEFAULT 0 NOT NULL,
	"credits" bigint DEFAULT 0 NOT NULL,
	"airtime_ms" double precision DEFAULT 0 NOT NULL,
	"gateway_receptions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_hourly_tenant_id_hour_device_id_pk" PRIMARY KEY("tenant_id","hour","device_id")
);
--> statement-breakpoint
ALTER TABLE "usage_hourly" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "device_profiles" ADD CONSTRAINT "device_profiles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_tenant_id_profile_id_device_profiles_tenant_id_id_fk" FOREIGN KEY ("tenant_id","profile_id") REFERENCES "public"."device_profiles"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateways" ADD CONSTRAINT "gateways_owner_tenant_id_tenants_id_fk" FOREIGN KEY ("owner_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "device_events_dedup" ON "device_events" USING btree ("tenant_id","dedup_key");--> statement-breakpoint
CREATE INDEX "device_events_device_time" ON "device_events" USING btree ("tenant_id","device_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_dev_eui_unique" ON "devices" USING btree ("dev_eui");--> statement-breakpoint
CREATE INDEX "unclaimed_events_dev_eui" ON "unclaimed_events" USING btree ("dev_eui","occurred_at");--> statement-breakpoint
CREATE POLICY "device_events_tenant_isolation" ON "device_events" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "device_events_operator_access" ON "device_events" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "device_profiles_tenant_isolation" ON "device_profiles" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "device_profiles_operator_access" ON "device_profiles" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "devices_tenant_isolation" ON "devices" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "devices_operator_access" ON "devices" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "gateway_hourly_operator_access" ON "gateway_hourly" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "gateways_operator_access" ON "gateways" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "network_connections_operator_access" ON "network_connections" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "unclaimed_events_operator_access" ON "unclaimed_events" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "usage_hourly_tenant_isolation" ON "usage_hourly" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "usage_hourly_operator_access" ON "usage_hourly" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);