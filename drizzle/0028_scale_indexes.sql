CREATE INDEX "unclaimed_events_occurred_at" ON "unclaimed_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "usage_hourly_hour" ON "usage_hourly" USING btree ("hour");--> statement-breakpoint
CREATE INDEX "forward_deliveries_delivered" ON "forward_deliveries" USING btree ("delivered_at") WHERE status = 'delivered';