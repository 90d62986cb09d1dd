ALTER TABLE "gateway_hourly" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_hourly" DROP CONSTRAINT "gateway_hourly_gateway_eui_hour_pk";--> statement-breakpoint
ALTER TABLE "gateway_hourly" ADD CONSTRAINT "gateway_hourly_gateway_eui_hour_shard_pk" PRIMARY KEY("gateway_eui","hour","shard");
