-- Before the clock policy (domain/lorawan/event-clock.ts), an event dated in the future moved "last
-- seen" there, and greatest() kept it there. Put such times back to the newest evidence at or before
-- now; events themselves are left as they were stored.
UPDATE "devices" d SET "last_seen_at" = (
  SELECT max(e."occurred_at") FROM "device_events" e
  WHERE e."tenant_id" = d."tenant_id" AND e."device_id" = d."id" AND e."occurred_at" <= now()
) WHERE d."last_seen_at" > now() + interval '5 minutes';--> statement-breakpoint
UPDATE "gateways" g SET "last_seen_at" = (
  SELECT max(h."hour") FROM "gateway_hourly" h WHERE h."gateway_eui" = g."gateway_eui" AND h."hour" <= now()
) WHERE g."last_seen_at" > now() + interval '5 minutes';--> statement-breakpoint
UPDATE "unclaimed_devices" u SET "last_seen_at" = coalesce((
  SELECT max(e."occurred_at") FROM "unclaimed_events" e WHERE e."dev_eui" = u."dev_eui" AND e."occurred_at" <= now()
), least(u."first_seen_at", now())) WHERE u."last_seen_at" > now() + interval '5 minutes';
