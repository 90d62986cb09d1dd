-- Sums the unclaimed events stored before unclaimed_devices existed, so upgrading keeps the sales
-- pipeline; from here on ingestion keeps the table up to date (recordUnclaimed in store-events.ts).
-- Ties in time go to the greatest value, as there. DISTINCT ON rather than array_agg, which would
-- build an array of every event of a DevEUI.
WITH totals AS (
  SELECT dev_eui, min(occurred_at) AS first_seen_at, max(occurred_at) AS last_seen_at, count(*) AS events, max(rssi) AS best_rssi
  FROM unclaimed_events GROUP BY dev_eui
), newest AS (
  SELECT DISTINCT ON (dev_eui) dev_eui, source
  FROM unclaimed_events ORDER BY dev_eui, occurred_at DESC, source DESC
), newest_with_gateway AS (
  SELECT DISTINCT ON (dev_eui) dev_eui, gateway_eui, occurred_at
  FROM unclaimed_events WHERE gateway_eui IS NOT NULL ORDER BY dev_eui, occurred_at DESC, gateway_eui DESC
)
INSERT INTO unclaimed_devices (dev_eui, first_seen_at, last_seen_at, events, best_rssi, last_gateway_eui, last_gateway_at, last_source)
SELECT t.dev_eui, t.first_seen_at, t.last_seen_at, t.events, t.best_rssi, g.gateway_eui, g.occurred_at, n.source
FROM totals t
JOIN newest n USING (dev_eui)
LEFT JOIN newest_with_gateway g USING (dev_eui);
