CREATE TYPE "public"."api_key_scope" AS ENUM('read', 'read-write');--> statement-breakpoint
CREATE TABLE "api_idempotency_keys" (
	"tenant_id" uuid NOT NULL,
	"api_key_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_fingerprint" text NOT NULL,
	"response_status" smallint,
	"response_body" json,
	"response_headers" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "api_idempotency_keys_tenant_id_api_key_id_idempotency_key_pk" PRIMARY KEY("tenant_id","api_key_id","idempotency_key"),
	CONSTRAINT "api_idempotency_keys_key_length" CHECK (length("api_idempotency_keys"."idempotency_key") between 1 and 255)
);
--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "api_key_rate_limits" (
	"tenant_id" uuid NOT NULL,
	"api_key_id" uuid NOT NULL,
	"theoretical_arrival" timestamp with time zone NOT NULL,
	CONSTRAINT "api_key_rate_limits_tenant_id_api_key_id_pk" PRIMARY KEY("tenant_id","api_key_id")
);
--> statement-breakpoint
ALTER TABLE "api_key_rate_limits" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_api_key_name" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scope" "api_key_scope" DEFAULT 'read' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" ADD CONSTRAINT "api_idempotency_keys_key_fk" FOREIGN KEY ("tenant_id","api_key_id") REFERENCES "public"."api_keys"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_key_rate_limits" ADD CONSTRAINT "api_key_rate_limits_key_fk" FOREIGN KEY ("tenant_id","api_key_id") REFERENCES "public"."api_keys"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_idempotency_keys_expires" ON "api_idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE POLICY "api_idempotency_keys_tenant_isolation" ON "api_idempotency_keys" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "api_idempotency_keys_operator_access" ON "api_idempotency_keys" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "api_key_rate_limits_tenant_isolation" ON "api_key_rate_limits" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "api_key_rate_limits_operator_access" ON "api_key_rate_limits" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);