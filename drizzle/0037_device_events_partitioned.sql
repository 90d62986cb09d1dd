-- Device events partitioned by month, so a month of raw events can be detached (archived, dropped)
-- without touching the others, and every index stays the size of a month, however long the history.
--
-- The partition key is reported_at, the time the network server put in the event: the same in every
-- retry of it. The dedup key must stay one unique index, and PostgreSQL requires a partitioned table's
-- unique indexes to contain the partition key; occurred_at would not do, as an event whose clock is
-- not trusted is stored at the time its copy reached us (domain/lorawan/event-clock.ts), which differs
-- between retries. For every trusted event reported_at = occurred_at, so months hold what they say.
--
-- A default partition takes what no month's partition covers (clocks years out; months not created
-- yet): nothing is ever refused. The periodic jobs create months ahead (server/jobs/event-partitions.ts)
-- through device_events_ensure_partition below, which also moves rows the default partition holds
-- for the month it creates.
--
-- forward_deliveries loses its foreign key to device_events (a foreign key cannot point at a
-- partitioned table's rows without its partition key, and would stop a month from being detached);
-- deliveries still find their event by (tenant_id, event_id).

ALTER TABLE "forward_deliveries" DROP CONSTRAINT "forward_deliveries_tenant_id_event_id_device_events_tenant_id_id_fk";--> statement-breakpoint
ALTER SEQUENCE "device_events_id_seq" OWNED BY NONE;--> statement-breakpoint
ALTER TABLE "device_events" RENAME TO "device_events_unpartitioned";--> statement-breakpoint
ALTER TABLE "device_events_unpartitioned" RENAME CONSTRAINT "device_events_tenant_id_id_pk" TO "device_events_unpartitioned_pk";--> statement-breakpoint
ALTER INDEX "device_events_dedup" RENAME TO "device_events_unpartitioned_dedup";--> statement-breakpoint
ALTER INDEX "device_events_device_time" RENAME TO "device_events_unpartitioned_device_time";--> statement-breakpoint
ALTER INDEX "device_events_clock_skew" RENAME TO "device_events_unpartitioned_clock_skew";--> statement-breakpoint
CREATE TABLE "device_events" (
	"tenant_id" uuid NOT NULL,
	"id" bigint DEFAULT nextval('device_events_id_seq') NOT NULL,
	"device_id" uuid NOT NULL,
	"dedup_key" text NOT NULL,
	"kind" "network_event_kind" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
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
	"clock_skew" boolean DEFAULT false NOT NULL,
	CONSTRAINT "device_events_tenant_id_id_reported_at_pk" PRIMARY KEY("tenant_id","id","reported_at")
) PARTITION BY RANGE ("reported_at");--> statement-breakpoint
ALTER SEQUENCE "device_events_id_seq" OWNED BY "device_events"."id";--> statement-breakpoint
CREATE UNIQUE INDEX "device_events_dedup" ON "device_events" USING btree ("tenant_id","dedup_key","reported_at");--> statement-breakpoint
CREATE INDEX "device_events_device_time" ON "device_events" USING btree ("tenant_id","device_id","occurred_at");--> statement-breakpoint
CREATE INDEX "device_events_clock_skew" ON "device_events" USING btree ("occurred_at") WHERE clock_skew;--> statement-breakpoint
CREATE TABLE "device_events_default" PARTITION OF "device_events" DEFAULT;--> statement-breakpoint
-- Creates the partition for the UTC month starting at `month_start` unless it exists; rows the default
-- partition holds for that month move into it first (a partition cannot be added while the default
-- holds rows of its range). Attaching takes only a SHARE UPDATE EXCLUSIVE lock on device_events, so
-- ingestion and readers carry on; the default partition is locked while it is checked, which is brief
-- as it holds next to nothing. Returns whether it created one.
CREATE FUNCTION device_events_ensure_partition(month_start timestamptz) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  month_from timestamptz := date_trunc('month', month_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  month_to timestamptz := month_from + interval '1 month';
  partition_name text := 'device_events_' || to_char(month_from AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE device_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name);
  EXECUTE format(
    'WITH moved AS (DELETE FROM device_events_default WHERE reported_at >= %L AND reported_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
    month_from, month_to, partition_name);
  EXECUTE format('ALTER TABLE device_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', partition_name, month_from, month_to);
  RETURN true;
END $$;--> statement-breakpoint
-- Months of the events kept so far, and this month and the next three.
SELECT device_events_ensure_partition(m)
FROM generate_series(
  date_trunc('month', least(
    (SELECT min(coalesce((details->>'reportedAt')::timestamptz, occurred_at)) FROM device_events_unpartitioned WHERE coalesce((details->>'reportedAt')::timestamptz, occurred_at) > now() - interval '3 years'),
    now()) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
  now() + interval '3 months',
  interval '1 month') AS m;--> statement-breakpoint
-- Events kept so far: their reported time is in details.reportedAt when their clock was not trusted.
INSERT INTO "device_events" ("tenant_id", "id", "device_id", "dedup_key", "kind", "occurred_at", "reported_at", "received_at", "f_cnt", "f_port", "payload",
  "payload_bytes", "phy_bytes", "airtime_ms", "spreading_factor", "bandwidth_hz", "frequency_hz", "gateway_count", "rssi", "snr", "credits", "decoded",
  "decode_error", "details", "clock_skew")
SELECT "tenant_id", "id", "device_id", "dedup_key", "kind", "occurred_at", coalesce(("details"->>'reportedAt')::timestamptz, "occurred_at"), "received_at",
  "f_cnt", "f_port", "payload", "payload_bytes", "phy_bytes", "airtime_ms", "spreading_factor", "bandwidth_hz", "frequency_hz", "gateway_count", "rssi", "snr",
  "credits", "decoded", "decode_error", "details", "clock_skew"
FROM "device_events_unpartitioned";--> statement-breakpoint
DROP TABLE "device_events_unpartitioned";--> statement-breakpoint
-- Row-level security last: forced, it would hold the copy above (run as the owner) to the policies too.
ALTER TABLE "device_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "device_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "device_events_tenant_isolation" ON "device_events" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "device_events_operator_access" ON "device_events" AS PERMISSIVE FOR ALL TO "app_operator" USING (true) WITH CHECK (true);--> statement-breakpoint
-- Only the partitioned table is granted: queries reach the partitions through it (its policies apply),
-- never directly.
GRANT SELECT, INSERT, UPDATE, DELETE ON "device_events" TO app_user, app_operator;
