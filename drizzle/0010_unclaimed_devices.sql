CREATE TABLE "unclaimed_devices" (
	"dev_eui" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"events" integer NOT NULL,
	"best_rssi" real,
	"last_gateway_eui" text,
	"last_gateway_at" timestamp with time zone,
	"last_source" "network_connection_kind" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unclaimed_devices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "unclaimed_devices_last_seen" ON "unclaimed_devices" USING btree ("last_seen_at");--> statement-breakpoint
CREATE POLICY "unclaimed_devices_operator_access" ON "unclaimed_devices" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);