CREATE TYPE "public"."network_management_kind" AS ENUM('chirpstack', 'simulated');--> statement-breakpoint
CREATE TYPE "public"."provisioning_job_status" AS ENUM('pending', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."provisioning_subject" AS ENUM('tenant', 'profile', 'device', 'gateway');--> statement-breakpoint
CREATE TABLE "network_management" (
	"connection_id" uuid PRIMARY KEY NOT NULL,
	"kind" "network_management_kind" NOT NULL,
	"api_url" text,
	"api_token_enc" text,
	"council_remote_tenant_id" text,
	"council_tenant_created" boolean DEFAULT false NOT NULL,
	"last_checked_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "network_management" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "provisioning_jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid,
	"subject" "provisioning_subject" NOT NULL,
	"subject_id" text NOT NULL,
	"dev_eui" text,
	"reason" text NOT NULL,
	"status" "provisioning_job_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"outcome" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "provisioning_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "provisioning_organisations" (
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"remote_tenant_id" text NOT NULL,
	"remote_application_id" text NOT NULL,
	"created_remote_tenant" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provisioning_organisations_tenant_id_connection_id_pk" PRIMARY KEY("tenant_id","connection_id")
);
--> statement-breakpoint
ALTER TABLE "provisioning_organisations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "provisioning_profiles" (
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"profile_key" text NOT NULL,
	"activation" "activation_mode" NOT NULL,
	"remote_profile_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provisioning_profiles_tenant_id_connection_id_profile_key_activation_pk" PRIMARY KEY("tenant_id","connection_id","profile_key","activation")
);
--> statement-breakpoint
ALTER TABLE "provisioning_profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "simulated_network_objects" (
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"parent_id" text,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "simulated_network_objects_connection_id_kind_id_pk" PRIMARY KEY("connection_id","kind","id")
);
--> statement-breakpoint
ALTER TABLE "simulated_network_objects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "max_devices" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "max_gateways" integer;--> statement-breakpoint
ALTER TABLE "network_management" ADD CONSTRAINT "network_management_connection_id_network_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."network_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provisioning_organisations" ADD CONSTRAINT "provisioning_organisations_connection_id_network_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."network_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provisioning_profiles" ADD CONSTRAINT "provisioning_profiles_connection_id_network_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."network_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "simulated_network_objects" ADD CONSTRAINT "simulated_network_objects_connection_id_network_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."network_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "network_management_single" ON "network_management" USING btree ((true));--> statement-breakpoint
CREATE INDEX "provisioning_jobs_due" ON "provisioning_jobs" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "provisioning_jobs_pending_subject" ON "provisioning_jobs" USING btree ("subject","subject_id","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "provisioning_jobs_by_subject" ON "provisioning_jobs" USING btree ("tenant_id","subject","subject_id","id");--> statement-breakpoint
CREATE INDEX "provisioning_jobs_failed" ON "provisioning_jobs" USING btree ("finished_at") WHERE status = 'failed';--> statement-breakpoint
CREATE UNIQUE INDEX "provisioning_organisations_application" ON "provisioning_organisations" USING btree ("connection_id","remote_application_id");--> statement-breakpoint
CREATE INDEX "simulated_network_objects_parent" ON "simulated_network_objects" USING btree ("connection_id","kind","parent_id");--> statement-breakpoint
CREATE POLICY "network_management_operator_access" ON "network_management" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "provisioning_jobs_tenant_read" ON "provisioning_jobs" AS PERMISSIVE FOR SELECT TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "provisioning_jobs_tenant_queue" ON "provisioning_jobs" AS PERMISSIVE FOR INSERT TO "app_user" WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "provisioning_jobs_operator_access" ON "provisioning_jobs" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "provisioning_organisations_tenant_read" ON "provisioning_organisations" AS PERMISSIVE FOR SELECT TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "provisioning_organisations_operator_access" ON "provisioning_organisations" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "provisioning_profiles_tenant_read" ON "provisioning_profiles" AS PERMISSIVE FOR SELECT TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "provisioning_profiles_operator_access" ON "provisioning_profiles" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "simulated_network_objects_operator_access" ON "simulated_network_objects" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);