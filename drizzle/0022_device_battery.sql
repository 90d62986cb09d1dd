CREATE TYPE "public"."battery_source" AS ENUM('payload', 'network');--> statement-breakpoint
ALTER TABLE "device_profiles" ADD COLUMN "battery_min_mv" integer;--> statement-breakpoint
ALTER TABLE "device_profiles" ADD COLUMN "battery_max_mv" integer;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "battery_source" "battery_source";--> statement-breakpoint
ALTER TABLE "device_profiles" ADD CONSTRAINT "device_profiles_battery_range" CHECK ((battery_min_mv is null) = (battery_max_mv is null) and (battery_min_mv is null or (battery_min_mv > 0 and battery_min_mv < battery_max_mv)));