CREATE TABLE "gateway_tenant_monthly" (
	"tenant_id" uuid NOT NULL,
	"month" timestamp with time zone NOT NULL,
	"gateway_eui" text NOT NULL,
	"shard" smallint DEFAULT 0 NOT NULL,
	"uplinks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "gateway_tenant_monthly_tenant_id_month_gateway_eui_shard_pk" PRIMARY KEY("tenant_id","month","gateway_eui","shard")
);
--> statement-breakpoint
ALTER TABLE "gateway_tenant_monthly" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "gateway_tenant_monthly_operator_access" ON "gateway_tenant_monthly" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
-- FORCE row-level security and grants (see 0002), now leaving device_events' partitions alone: they
-- are reached only through device_events and its policies (0037), never granted directly.
CREATE OR REPLACE FUNCTION longreach_secure_tables() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t record;
BEGIN
  EXECUTE 'GRANT USAGE ON SCHEMA public TO app_user, app_operator';
  FOR t IN SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relispartition LOOP
    IF t.relrowsecurity THEN
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO app_user', t.relname);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO app_operator', t.relname);
  END LOOP;
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app_user, app_operator';
  EXECUTE 'REVOKE UPDATE, DELETE ON audit_log FROM app_user, app_operator';
END $$;
--> statement-breakpoint
SELECT longreach_secure_tables();--> statement-breakpoint
-- The months already stored: each uplink counts once for every gateway that heard it, as ingestion
-- counts it from now on (domain/metering countedGateways).
INSERT INTO "gateway_tenant_monthly" ("tenant_id", "month", "gateway_eui", "uplinks")
SELECT e.tenant_id, date_trunc('month', e.occurred_at, 'UTC'), g.eui, count(*)
FROM "device_events" e
CROSS JOIN LATERAL (SELECT DISTINCT r->>'eui' AS eui FROM jsonb_array_elements(coalesce(e.details->'gateways', '[]'::jsonb)) r) g
WHERE e.kind = 'uplink' AND g.eui IS NOT NULL
GROUP BY 1, 2, 3;
